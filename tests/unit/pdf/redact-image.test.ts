import { unzlibSync } from 'fflate';
import { crc32 } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { MAX_REDACTION_PIXELS, redactImage, type RedactionCanvas, type RedactionPicture, type RedactionTools } from '../../../renderer/src/pdf/redact-image';
import { encodePng, jpeg2x1 } from '../attachments/image-fixtures';

type Rgb = [number, number, number];

/** A picture as the fake decoder gives it: every pixel's colour from `colourAt`. */
interface FakePicture extends RedactionPicture {
  colourAt(x: number, y: number): Rgb;
  closed: boolean;
}

function picture(width: number, height: number, colourAt: (x: number, y: number) => Rgb = () => [200, 40, 30]): FakePicture {
  return {
    width,
    height,
    colourAt,
    closed: false,
    close() {
      this.closed = true;
    },
  };
}

/** A canvas with real pixels, so the test reads what was painted rather than which calls were made. */
function fakeCanvas(width: number, height: number, fills: Array<[number, number, number, number]>): RedactionCanvas {
  const pixels = new Uint8ClampedArray(width * height * 4);
  let fillStyle: unknown = '#000000';
  return {
    getContext: () => ({
      get fillStyle() {
        return fillStyle;
      },
      set fillStyle(value: unknown) {
        fillStyle = value;
      },
      fillRect(x, y, w, h) {
        if (fillStyle === '#000000') fills.push([x, y, w, h]);
        const hex = String(fillStyle);
        const colour = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
        for (let row = y; row < y + h; row++) for (let column = x; column < x + w; column++) pixels.set([...colour, 255], (row * width + column) * 4);
      },
      drawImage(drawn: never) {
        const source = drawn as FakePicture;
        for (let row = 0; row < source.height; row++) for (let column = 0; column < source.width; column++) pixels.set([...source.colourAt(column, row), 255], (row * width + column) * 4);
      },
      getImageData(x, y, w, h) {
        expect([x, w]).toEqual([0, width]);
        return { data: pixels.slice(y * width * 4, (y + h) * width * 4) };
      },
    }),
  };
}

function tools(given: FakePicture): RedactionTools & { fills: Array<[number, number, number, number]>; createCanvas: ReturnType<typeof vi.fn> } {
  const fills: Array<[number, number, number, number]> = [];
  return {
    fills,
    decode: vi.fn(async () => given),
    createCanvas: vi.fn((width: number, height: number) => fakeCanvas(width, height, fills)),
  };
}

/** Reads an 8-bit RGB or RGBA PNG back into pixels (all five row filters). */
function decodePng(png: Uint8Array): { width: number; height: number; colourType: number; pixel(x: number, y: number): Rgb; chunks: string[] } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: string[] = [];
  const data: Uint8Array[] = [];
  let width = 0;
  let height = 0;
  let colourType = 0;
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1');
    const body = png.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    chunks.push(type);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      colourType = png[at + 17]!;
    }
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  const channels = colourType === 6 ? 4 : 3;
  const raw = unzlibSync(Buffer.concat(data));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const value = raw[y * (stride + 1) + 1 + i]!;
      const left = i >= channels ? out[y * stride + i - channels]! : 0;
      const up = y > 0 ? out[(y - 1) * stride + i]! : 0;
      const upLeft = y > 0 && i >= channels ? out[(y - 1) * stride + i - channels]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return a <= b && a <= c ? left : b <= c ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter]!;
      out[y * stride + i] = (value + predictor) & 0xff;
    }
  }
  return { width, height, colourType, chunks, pixel: (x, y) => Array.from(out.subarray((y * width + x) * channels, (y * width + x) * channels + 3)) as Rgb };
}

/** A real PNG carrying metadata and trailing bytes, as phones and screenshot tools write them. */
function pngWithSecrets(): Uint8Array {
  const plain = Buffer.from(encodePng(40, 30));
  const text = Buffer.from('Author\0Sergeant Secret, 12 Hidden Lane', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length);
  const typed = Buffer.concat([Buffer.from('tEXt', 'latin1'), text]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  const iend = plain.length - 12;
  return new Uint8Array(Buffer.concat([plain.subarray(0, iend), length, typed, crc, plain.subarray(iend), Buffer.from('TRAILING-PAYLOAD-42', 'latin1')]));
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).indexOf(Buffer.from(needle)) !== -1;
}

describe('redacting a screenshot', () => {
  it('paints every withheld area black and leaves the rest of the picture as it was', async () => {
    const given = picture(40, 30, (x, y) => [x * 5, y * 7, 99]);
    const made = tools(given);
    const areas = [
      { x: 2, y: 3, width: 5, height: 4 },
      { x: 20, y: 10, width: 6, height: 12 },
    ];
    const redacted = await redactImage(pngWithSecrets(), 'image/png', areas, made);
    const png = decodePng(redacted.png);
    expect([png.width, png.height, redacted.width, redacted.height]).toEqual([40, 30, 40, 30]);
    const inArea = (x: number, y: number) => areas.some((area) => x >= area.x && x < area.x + area.width && y >= area.y && y < area.y + area.height);
    for (let y = 0; y < 30; y++) {
      for (let x = 0; x < 40; x++) expect(png.pixel(x, y), `pixel ${x},${y}`).toEqual(inArea(x, y) ? [0, 0, 0] : given.colourAt(x, y));
    }
    expect(given.closed).toBe(true);
  });

  it('clips an area that runs off the picture, and ignores one wholly outside it', async () => {
    const made = tools(picture(40, 30));
    const redacted = await redactImage(encodePng(40, 30), 'image/png', [
      { x: 35, y: 25, width: 100, height: 100 },
      { x: 50, y: 0, width: 10, height: 10 },
    ], made);
    expect(made.fills).toEqual([[35, 25, 5, 5]]);
    const png = decodePng(redacted.png);
    expect(png.pixel(39, 29)).toEqual([0, 0, 0]);
    expect(png.pixel(35, 25)).toEqual([0, 0, 0]);
    expect(png.pixel(34, 29)).toEqual([200, 40, 30]);
  });

  it('writes a new RGB PNG from the pixels alone: no byte, metadata or trailing data of the original survives', async () => {
    const original = pngWithSecrets();
    const redacted = await redactImage(original, 'image/png', [], tools(picture(40, 30)));
    const png = decodePng(redacted.png);
    expect(png.colourType).toBe(2);
    expect(png.chunks).toEqual(['IHDR', 'IDAT', 'IEND']);
    const text = Buffer.from(redacted.png).toString('latin1');
    for (const secret of ['Sergeant Secret', 'Hidden Lane', 'tEXt', 'TRAILING-PAYLOAD-42']) expect(text).not.toContain(secret);
    // The original's compressed pixels are not carried over either: the copy is compressed anew.
    const idat = Buffer.from(original).indexOf('IDAT', 0, 'latin1');
    const originalPixels = original.subarray(idat + 4, idat + 4 + new DataView(original.buffer).getUint32(idat - 4));
    expect(contains(redacted.png, originalPixels)).toBe(false);
    expect(Buffer.from(redacted.png).equals(Buffer.from(original))).toBe(false);
  });

  it('re-encodes JPEG screenshots as PNG too, so their EXIF data is gone', async () => {
    const redacted = await redactImage(jpeg2x1, 'image/jpeg', [], tools(picture(2, 1)));
    expect(Array.from(redacted.png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(contains(redacted.png, jpeg2x1.subarray(0, 64))).toBe(false);
  });

  it(`refuses a picture over ${MAX_REDACTION_PIXELS / 1_000_000} million pixels before drawing it, saying what to do`, async () => {
    const huge = picture(8_000, 6_000);
    const made = tools(huge);
    await expect(redactImage(encodePng(4, 4), 'image/png', [], made)).rejects.toThrow(
      'The picture is 8,000 × 6,000 pixels (48.0 million), and a disclosure can include pictures of up to 40 million pixels. Attach a cropped copy to the record, or list the screenshot as withheld, then make the disclosure again.',
    );
    expect(made.createCanvas).not.toHaveBeenCalled();
    expect(huge.closed).toBe(true);
  });

  it('refuses a damaged picture, and bytes that are not the type the record says', async () => {
    const broken: RedactionTools = { decode: () => Promise.reject(new Error('decode failed')), createCanvas: () => fakeCanvas(1, 1, []) };
    await expect(redactImage(encodePng(4, 4), 'image/png', [], broken)).rejects.toThrow(/^The picture could not be opened as a PNG image: its contents are damaged\. Attach a good copy/);
    const made = tools(picture(2, 1));
    await expect(redactImage(jpeg2x1, 'image/png', [], made)).rejects.toThrow(/could not be opened as a PNG image/);
    expect(made.decode).not.toHaveBeenCalled();
  });
});
