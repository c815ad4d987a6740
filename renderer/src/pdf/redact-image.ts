import { Zlib } from 'fflate';
import { identifyFile, mediaTypeLabels } from '../../../shared/attachments/file-signature';
import { clipRegion, type RegionRedaction } from '../../../shared/cpra/redaction';

/**
 * Pixel redaction for a disclosure: the screenshot is decoded, drawn on a
 * fresh canvas, each withheld area painted solid black, and a new PNG is
 * written from the canvas's pixels. Only pixels cross from the original to
 * the copy, so nothing of the original file survives: not its bytes, not its
 * metadata (EXIF, GPS, text chunks, colour-profile comments), not data
 * hidden after its end, and not the pixels under the black areas. Every
 * screenshot in a disclosure goes through here, with or without areas to
 * withhold.
 *
 * The PNG is written here rather than by the canvas (convertToBlob) because
 * a canvas always writes an alpha channel, even when opaque, and the PDF
 * library then separates every pixel's alpha in slow JavaScript while it
 * finishes the file: seconds per dozen screenshots with no progress to show.
 * An RGB PNG goes into the PDF as it is.
 *
 * The image APIs are passed in (createImageBitmap and OffscreenCanvas in the
 * PDF worker) so that Node tests can run this very code with stand-ins.
 */

/** A canvas this size takes about 160 MB, on top of the decoded picture; beyond it a disclosure could exhaust the worker's memory. */
export const MAX_REDACTION_PIXELS = 40_000_000;

/** Rows read back from the canvas at a time: bounds the memory the copy needs beyond the canvas itself. */
const ROWS_PER_BAND = 256;

export type RedactableMediaType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** The slice of ImageBitmap used. */
export interface RedactionPicture {
  readonly width: number;
  readonly height: number;
  close(): void;
}

/** The slice of OffscreenCanvasRenderingContext2D used. */
export interface RedactionContext {
  fillStyle: unknown;
  fillRect(x: number, y: number, width: number, height: number): void;
  drawImage(picture: never, x: number, y: number): void;
  getImageData(x: number, y: number, width: number, height: number): { readonly data: Uint8ClampedArray };
}

/** The slice of OffscreenCanvas used. */
export interface RedactionCanvas {
  getContext(kind: '2d', options: { alpha: boolean; willReadFrequently: boolean }): RedactionContext | null;
}

export interface RedactionTools {
  decode(blob: Blob): Promise<RedactionPicture>;
  createCanvas(width: number, height: number): RedactionCanvas;
}

export type PixelArea = Pick<RegionRedaction, 'x' | 'y' | 'width' | 'height'>;

export interface RedactedImage {
  /** An RGB PNG written from the redacted pixels alone. */
  png: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
}

export function tooLargeToRedactMessage(width: number, height: number): string {
  const megapixels = (width * height) / 1_000_000;
  return (
    `The picture is ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels (${megapixels.toFixed(1)} million), ` +
    `and a disclosure can include pictures of up to ${MAX_REDACTION_PIXELS / 1_000_000} million pixels. ` +
    'Attach a cropped copy to the record, or list the screenshot as withheld, then make the disclosure again.'
  );
}

export function unreadablePictureMessage(mediaType: RedactableMediaType): string {
  return (
    `The picture could not be opened as a ${mediaTypeLabels[mediaType]}: its contents are damaged. ` +
    'Attach a good copy to the record, or list the screenshot as withheld, then make the disclosure again.'
  );
}

/**
 * The picture with every area painted black, as a new PNG. Areas are in the
 * picture's own pixels; parts outside the picture are ignored. Rejects with a
 * message a person can act on when the picture is damaged or too large.
 */
export async function redactImage(bytes: Uint8Array, mediaType: RedactableMediaType, areas: readonly PixelArea[], tools: RedactionTools): Promise<RedactedImage> {
  // The record's word for the type is checked against the bytes, so nothing else is ever handed to the decoder as a picture.
  const identity = identifyFile(bytes, 'screenshot');
  if (!identity.ok || identity.mediaType !== mediaType) throw new Error(unreadablePictureMessage(mediaType));

  let picture: RedactionPicture;
  try {
    picture = await tools.decode(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mediaType }));
  } catch {
    throw new Error(unreadablePictureMessage(mediaType));
  }
  try {
    const { width, height } = picture;
    if (!(width > 0 && height > 0)) throw new Error(unreadablePictureMessage(mediaType));
    if (width * height > MAX_REDACTION_PIXELS) throw new Error(tooLargeToRedactMessage(width, height));

    const context = tools.createCanvas(width, height).getContext('2d', { alpha: false, willReadFrequently: true });
    if (!context) throw new Error('The screenshot could not be redacted: this computer gave no drawing surface. Close other windows and try again.');
    // Transparent parts become white, as on paper, so the copy needs no alpha channel.
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    context.drawImage(picture as never, 0, 0);
    context.fillStyle = '#000000';
    for (const area of areas) {
      const clipped = clipRegion(area, { width, height });
      if (clipped) context.fillRect(clipped.x, clipped.y, clipped.width, clipped.height);
    }
    return { png: encodeRgbPng(context, width, height), width, height };
  } finally {
    picture.close();
  }
}

/**
 * An 8-bit RGB PNG of the canvas: each row filtered "Up" (the difference from
 * the row above, which makes the repeated rows of a screenshot compress to
 * almost nothing), all rows in one zlib stream.
 */
function encodeRgbPng(context: RedactionContext, width: number, height: number): Uint8Array<ArrayBuffer> {
  const compressed: Uint8Array[] = [];
  const deflate = new Zlib({ level: 6 }, (chunk) => compressed.push(chunk));
  const rowBytes = 1 + width * 3;
  let above = new Uint8Array(width * 3);
  let current = new Uint8Array(width * 3);
  for (let top = 0; top < height; top += ROWS_PER_BAND) {
    const rows = Math.min(ROWS_PER_BAND, height - top);
    const rgba = context.getImageData(0, top, width, rows).data;
    const band = new Uint8Array(rows * rowBytes);
    for (let row = 0; row < rows; row++) {
      for (let x = 0, from = row * width * 4; x < current.length; x += 3, from += 4) {
        current[x] = rgba[from]!;
        current[x + 1] = rgba[from + 1]!;
        current[x + 2] = rgba[from + 2]!;
      }
      const at = row * rowBytes;
      band[at] = 2; // the "Up" filter
      for (let x = 0; x < current.length; x++) band[at + 1 + x] = (current[x]! - above[x]!) & 0xff;
      [above, current] = [current, above];
    }
    deflate.push(band, top + rows >= height);
  }

  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, RGB, deflate, adaptive filtering, not interlaced
  const parts = [PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', concat(compressed)), chunk('IEND', new Uint8Array(0))];
  return concat(parts);
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
