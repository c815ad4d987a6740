import { mediaTypeLabels } from '../../../shared/attachments/file-signature';
import { attachmentMediaTypes, type AttachmentMediaType } from '../../../shared/attachments/media-types';

/**
 * What the decode worker (decode.worker.ts) does, as a plain function over the
 * image APIs it needs, so Vitest can run the very code the worker runs with
 * stand-ins for createImageBitmap and OffscreenCanvas, which Node lacks.
 *
 * Decoding proves that bytes which look like a picture really are one; it runs
 * in a worker because a large or hostile image can take long enough to freeze
 * the window, and a worker that misbehaves can simply be terminated.
 */

/** The long side of a thumbnail, in pixels: enough to recognise a screenshot in a list. */
export const THUMBNAIL_LONG_SIDE = 320;

export interface DecodeRequest {
  id: string;
  bytes: Uint8Array;
  mediaType: AttachmentMediaType;
}

export type DecodeOutcome =
  | { ok: true; width?: number; height?: number; thumbnail?: Uint8Array<ArrayBuffer> }
  | { ok: false; message: string };

export interface DecodeReply {
  id: string;
  outcome: DecodeOutcome;
}

/** The slices of ImageBitmap and OffscreenCanvas the job uses. */
export interface DecodedPicture {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export interface ThumbnailCanvas {
  getContext(kind: '2d'): { imageSmoothingQuality: ImageSmoothingQuality; drawImage(picture: never, x: number, y: number, width: number, height: number): void } | null;
  convertToBlob(options: { type: string }): Promise<Blob>;
}

export interface ImageTools {
  decode(blob: Blob): Promise<DecodedPicture>;
  createCanvas(width: number, height: number): ThumbnailCanvas;
}

/** Scales a picture down to fit THUMBNAIL_LONG_SIDE, never up, keeping its proportions. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, THUMBNAIL_LONG_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export function undecodableMessage(mediaType: AttachmentMediaType): string {
  return `The picture could not be opened: its contents are damaged, even though the file begins like a ${mediaTypeLabels[mediaType]}. Save it again from where it came from and attach the new copy.`;
}

/**
 * One request in, one outcome out. Never rejects: an exception inside a worker
 * reaches the page only as an opaque error event, so every failure becomes a
 * message the clerk can act on.
 */
export async function runDecodeJob(data: unknown, tools: ImageTools): Promise<DecodeReply> {
  const request = data as Partial<DecodeRequest> | null;
  const id = typeof request?.id === 'string' ? request.id : '';
  const mediaType = request?.mediaType;
  if (!(request?.bytes instanceof Uint8Array) || !attachmentMediaTypes.includes(mediaType as AttachmentMediaType)) {
    return { id, outcome: { ok: false, message: 'The file could not be checked because the request was malformed. Attach it again.' } };
  }
  const type = mediaType as AttachmentMediaType;
  // A PDF is never rendered here: the signature check stands, and nothing in it gets a chance to run.
  if (type === 'application/pdf') return { id, outcome: { ok: true } };

  let picture: DecodedPicture | null = null;
  try {
    picture = await tools.decode(new Blob([request.bytes as Uint8Array<ArrayBuffer>], { type }));
  } catch {
    return { id, outcome: { ok: false, message: undecodableMessage(type) } };
  }
  try {
    const { width, height } = picture;
    if (!(width > 0 && height > 0)) return { id, outcome: { ok: false, message: undecodableMessage(type) } };
    const size = thumbnailSize(width, height);
    const canvas = tools.createCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.imageSmoothingQuality = 'high';
    context.drawImage(picture as never, 0, 0, size.width, size.height);
    const thumbnail = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
    return { id, outcome: { ok: true, width, height, thumbnail } };
  } catch {
    // The picture decoded, so it is genuine; only the preview failed. Keep the file without one.
    return { id, outcome: { ok: true, width: picture.width, height: picture.height } };
  } finally {
    picture.close();
  }
}
