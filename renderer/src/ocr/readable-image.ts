/**
 * The image formats the text reader (Leptonica inside tesseract.js) can open,
 * told apart by their first bytes. Checked before the engine starts, so a
 * clerk who picked a PDF or a video hears that at once, in words, rather than
 * a decoder error after seconds of waiting.
 */
export type ReadableImageKind = 'PNG' | 'JPEG' | 'WebP' | 'GIF' | 'BMP';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((byte, i) => bytes[at + i] === byte);

export function readableImageKind(bytes: Uint8Array): ReadableImageKind | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  // "RIFF" <size> "WEBP"
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'WebP';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'GIF';
  if (startsWith(bytes, [0x42, 0x4d])) return 'BMP';
  return null;
}

export const READABLE_IMAGE_NAMES = 'PNG, JPEG, WebP, GIF or BMP';
