import { MAX_ATTACHMENT_BYTES, type AttachmentMediaType } from './media-types';

/**
 * What a file really is, judged from its bytes alone. A file's name and the
 * type the browser reports are both chosen by whoever made the file, and an
 * SVG drawing or a web page renamed "screenshot.png" can carry script; so the
 * name is used only to say which file a message is about.
 *
 * The structural checks are the cheap ones that catch a file cut short while
 * copying or downloading. Whether the picture actually decodes is proved
 * separately, off the page's thread (renderer/src/attachments/decode.worker.ts).
 */
export type { AttachmentMediaType };

export type FileIdentity = { ok: true; mediaType: AttachmentMediaType } | { ok: false; message: string };

export type SizeCheck = { ok: true } | { ok: false; message: string };

/**
 * Decoding takes about 4 bytes per pixel, so a small file that claims to be an
 * enormous picture (a "decompression bomb") could exhaust the window's memory.
 * 100 megapixels is far past any screen capture, even a long scrolling one.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

export const mediaTypeLabels: Record<AttachmentMediaType, string> = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/webp': 'WebP image',
  'image/gif': 'GIF image',
  'application/pdf': 'PDF document',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** How far into a text file we look for tags: enough for an XML prolog, a licence comment and the root element. */
const TEXT_SNIFF_BYTES = 4096;
const PDF_END_WINDOW = 1024;

const MEGABYTE = 1024 * 1024;

export function formatMegabytes(bytes: number): string {
  return `${(bytes / MEGABYTE).toFixed(1)} MB`;
}

/** A size as people read it, with the exact byte count a record's evidence can be checked against. */
export function formatFileSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const readable = bytes < MEGABYTE ? `${(bytes / 1024).toFixed(1)} KB` : formatMegabytes(bytes);
  return `${readable} (${exact})`;
}

/** The file's name as messages quote it; an absurdly long name would bury the message. */
export function quotedFileName(fileName: string): string {
  const name = fileName.trim();
  if (!name) return 'The file';
  return `"${name.length > 120 ? `${name.slice(0, 117)}...` : name}"`;
}

/** Size alone decides these, so a 60 MB file can be refused before it is read into memory. */
export function checkAttachmentSize(fileName: string, size: number): SizeCheck {
  const name = quotedFileName(fileName);
  if (size <= 0) {
    return { ok: false, message: `${name} is empty (0 bytes), so there is nothing to keep. Attach the file again from where it was saved.` };
  }
  if (size > MAX_ATTACHMENT_BYTES) {
    return {
      ok: false,
      message: `${name} is ${formatMegabytes(size)}; each file can be at most ${formatMegabytes(MAX_ATTACHMENT_BYTES)}. Attach a smaller screenshot, or split a PDF into parts.`,
    };
  }
  return { ok: true };
}

export function identifyFile(bytes: Uint8Array, fileName: string): FileIdentity {
  const size = checkAttachmentSize(fileName, bytes.length);
  if (!size.ok) return size;
  const name = quotedFileName(fileName);

  if (startsWith(bytes, PNG_SIGNATURE)) return checkPng(bytes, name);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return checkJpeg(bytes, name);
  if (startsWithText(bytes, 'GIF87a') || startsWithText(bytes, 'GIF89a')) return checkGif(bytes, name);
  if (startsWithText(bytes, 'RIFF') && textAt(bytes, 8, 'WEBP')) return checkWebp(bytes, name);
  if (startsWithText(bytes, '%PDF-')) return checkPdf(bytes, name);
  return { ok: false, message: refusalForUnknown(bytes, fileName, name) };
}

function checkPng(bytes: Uint8Array, name: string): FileIdentity {
  // Walking the chunk lengths to IEND proves the file is whole without
  // inflating anything. Bytes after IEND are tolerated: they do not make the
  // picture incomplete, and the original is evidence, kept exactly as found.
  let offset = PNG_SIGNATURE.length;
  let first = true;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const type = asciiAt(bytes, offset + 4, 4);
    if (first) {
      if (type !== 'IHDR' || length !== 13) return damaged(name, 'PNG image');
      const tooBig = oversizeRefusal(name, readUint32BE(bytes, offset + 8), readUint32BE(bytes, offset + 12));
      if (tooBig) return tooBig;
      first = false;
    }
    const next = offset + 12 + length;
    if (next > bytes.length) break;
    if (type === 'IEND') return { ok: true, mediaType: 'image/png' };
    offset = next;
  }
  return incomplete(name, 'PNG image');
}

function checkJpeg(bytes: Uint8Array, name: string): FileIdentity {
  let end = bytes.length;
  // Some cameras and scanners pad the file with zeros after the end marker.
  while (end > 0 && bytes[end - 1] === 0x00) end--;
  if (end < 4 || bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) return incomplete(name, 'JPEG image');
  // No frame size means nothing a decoder could draw; refusing it also means no size the check below could miss.
  const size = jpegPixelSize(bytes);
  if (!size) return damaged(name, 'JPEG image');
  return oversizeRefusal(name, size.width, size.height) ?? { ok: true, mediaType: 'image/jpeg' };
}

function checkGif(bytes: Uint8Array, name: string): FileIdentity {
  if (bytes.length < 14 || bytes[bytes.length - 1] !== 0x3b) return incomplete(name, 'GIF image');
  const tooBig = oversizeRefusal(name, readUint16LE(bytes, 6), readUint16LE(bytes, 8));
  return tooBig || { ok: true, mediaType: 'image/gif' };
}

function checkWebp(bytes: Uint8Array, name: string): FileIdentity {
  const declared = readUint32LE(bytes, 4) + 8;
  if (bytes.length < declared || bytes.length < 16) return incomplete(name, 'WebP image');
  if (bytes.length > declared) return damaged(name, 'WebP image');
  const size = webpPixelSize(bytes);
  const tooBig = size && oversizeRefusal(name, size.width, size.height);
  return tooBig || { ok: true, mediaType: 'image/webp' };
}

function checkPdf(bytes: Uint8Array, name: string): FileIdentity {
  const tail = asciiAt(bytes, Math.max(0, bytes.length - PDF_END_WINDOW), Math.min(bytes.length, PDF_END_WINDOW));
  if (!tail.includes('%%EOF')) return incomplete(name, 'PDF document');
  return { ok: true, mediaType: 'application/pdf' };
}

function incomplete(name: string, kind: string): FileIdentity {
  return {
    ok: false,
    message: `${name} is an incomplete ${kind}: the file ends before the ${kind.endsWith('document') ? 'document' : 'picture'} does, so it was probably cut short while being copied or downloaded. Save it again from where it came from and attach the new copy.`,
  };
}

function damaged(name: string, kind: string): FileIdentity {
  return {
    ok: false,
    message: `${name} starts like a ${kind} but its contents are damaged, so it cannot be kept as one. Save it again from where it came from and attach the new copy.`,
  };
}

function oversizeRefusal(name: string, width: number, height: number): FileIdentity | null {
  if (width * height <= MAX_IMAGE_PIXELS) return null;
  return {
    ok: false,
    message: `${name} is a picture of ${width.toLocaleString('en-US')} × ${height.toLocaleString('en-US')} pixels, too large to open safely (the limit is ${MAX_IMAGE_PIXELS / 1_000_000} million pixels). Crop the screenshot to the removed content and attach it again.`,
  };
}

/**
 * The frame size from the first start-of-frame marker, found by walking the
 * marker segments (never the compressed data) the way libjpeg, Chromium's
 * decoder, walks them: bytes that are not a marker are skipped, not taken as
 * the end. A walk that stopped at a stray byte would miss a frame header the
 * decoder still finds behind it, with whatever size it claims.
 */
function jpegPixelSize(bytes: Uint8Array): { width: number; height: number } | null {
  let offset = 2;
  for (;;) {
    while (offset < bytes.length && bytes[offset] !== 0xff) offset++;
    // Fill bytes: any number of 0xFF before the marker's own byte.
    while (offset < bytes.length && bytes[offset] === 0xff) offset++;
    if (offset >= bytes.length) return null;
    const marker = bytes[offset] as number;
    offset++;
    // Not markers (a stuffed 0xFF 0x00), or markers without a length: TEM, restart markers, a repeated start of image.
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    // Start of scan or end of image before any frame header: nothing to read.
    if (marker === 0xda || marker === 0xd9) return null;
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    // After the marker: the segment's length (2 bytes, counting itself), then for a frame the sample precision (1) and the height and width.
    if (isStartOfFrame) return offset + 7 <= bytes.length ? { height: readUint16BE(bytes, offset + 3), width: readUint16BE(bytes, offset + 5) } : null;
    offset += Math.max(2, readUint16BE(bytes, offset));
  }
}

function webpPixelSize(bytes: Uint8Array): { width: number; height: number } | null {
  const chunk = asciiAt(bytes, 12, 4);
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { width: readUint24LE(bytes, 24) + 1, height: readUint24LE(bytes, 27) + 1 };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { width: readUint16LE(bytes, 26) & 0x3fff, height: readUint16LE(bytes, 28) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = readUint32LE(bytes, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** Names what a refused file really is, so the clerk learns why and what to attach instead. */
function refusalForUnknown(bytes: Uint8Array, fileName: string, name: string): string {
  const claims = claimedKind(fileName);
  const despite = claims ? `, even though its name ends in ${claims}` : '';
  const scriptRisk = 'SVG and web pages can carry scripts, so they are not kept. Take a PNG screenshot instead.';

  const text = sniffText(bytes);
  if (text !== null) {
    const lower = text.toLowerCase();
    const isWebPage = /<!doctype\s+html|<html[\s>]/.test(lower);
    if (!isWebPage && /<svg[\s>/]/.test(lower)) return `${name} is an SVG drawing, not a picture${despite}. ${scriptRisk}`;
    if (isWebPage || /<(script|body|head|iframe|object|embed)[\s>/]/.test(lower)) return `${name} is a web page, not a picture${despite}. ${scriptRisk}`;
    if (lower.startsWith('<?xml') || lower.startsWith('<')) {
      return `${name} is an XML document, not a picture${despite}. XML files can carry scripts, so they are not kept. Take a PNG screenshot instead.`;
    }
    if (looksLikeScript(lower)) return `${name} is a script, not a picture${despite}. Scripts are never kept. Take a PNG screenshot instead.`;
    return `${name} is a text file, not a picture${despite}. Paste the text into the content field instead, or attach a screenshot or PDF of it.`;
  }

  const other = otherKnownFormat(bytes);
  if (other) return `${name} is ${other}${despite}. ${other.includes('photo') ? 'Save it as a JPEG or PNG' : 'Save it as PNG or PDF'} and attach that copy.`;
  return `${name} is not a PNG, JPEG, WebP or GIF picture or a PDF document${despite}; only those can be attached. Save it in one of those formats and attach that copy.`;
}

function claimedKind(fileName: string): string | null {
  const match = /\.([a-z0-9]{2,5})$/i.exec(fileName.trim());
  const extension = match?.[1]?.toLowerCase();
  return extension && ['png', 'jpg', 'jpeg', 'webp', 'gif', 'pdf'].includes(extension) ? `.${extension}` : null;
}

function looksLikeScript(text: string): boolean {
  return text.startsWith('#!') || /^(\s*)("use strict"|'use strict'|function\s|var\s|let\s|const\s|import\s|\(function|window\.|document\.)/.test(text);
}

function otherKnownFormat(bytes: Uint8Array): string | null {
  if (startsWithText(bytes, 'BM')) return 'a BMP picture, a format that is not kept';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF picture, a format that is not kept';
  if (textAt(bytes, 4, 'ftyp')) {
    const brand = asciiAt(bytes, 8, 4);
    if (brand.startsWith('avi')) return 'an AVIF picture, a format that is not kept';
    if (brand.startsWith('hei') || brand.startsWith('mif') || brand.startsWith('hev')) return 'a HEIC photo, a format that is not kept';
    return 'a video, which cannot be attached';
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return 'a compressed (gzip) file, which could hide anything, including an SVG drawing';
  if (startsWithText(bytes, 'PK')) return 'a ZIP archive or office document, which cannot be attached';
  return null;
}

/**
 * The start of the file as text, or null when it is binary. Handles the byte
 * order marks a drawing program may write (an SVG can be saved as UTF-16).
 */
function sniffText(bytes: Uint8Array): string | null {
  const head = bytes.subarray(0, TEXT_SNIFF_BYTES);
  let text: string;
  if (startsWith(head, [0xff, 0xfe])) text = new TextDecoder('utf-16le').decode(head.subarray(2));
  else if (startsWith(head, [0xfe, 0xff])) text = new TextDecoder('utf-16be').decode(head.subarray(2));
  else {
    // A cut-off multi-byte character at the end of the window is not a sign of binary.
    text = new TextDecoder('utf-8').decode(startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head);
  }
  let control = 0;
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code === 0 || code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c)) control++;
  }
  if (control > Math.max(2, text.length / 100)) return null;
  return text.trimStart();
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function startsWithText(bytes: Uint8Array, text: string): boolean {
  return textAt(bytes, 0, text);
}

function textAt(bytes: Uint8Array, offset: number, text: string): boolean {
  return asciiAt(bytes, offset, text.length) === text;
}

function asciiAt(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  for (let i = offset; i < offset + length && i < bytes.length; i++) out += String.fromCharCode(bytes[i] as number);
  return out;
}

function byteAt(bytes: Uint8Array, offset: number): number {
  return bytes[offset] ?? 0;
}

function readUint16BE(bytes: Uint8Array, offset: number): number {
  return (byteAt(bytes, offset) << 8) | byteAt(bytes, offset + 1);
}

function readUint16LE(bytes: Uint8Array, offset: number): number {
  return byteAt(bytes, offset) | (byteAt(bytes, offset + 1) << 8);
}

function readUint24LE(bytes: Uint8Array, offset: number): number {
  return byteAt(bytes, offset) | (byteAt(bytes, offset + 1) << 8) | (byteAt(bytes, offset + 2) << 16);
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return ((byteAt(bytes, offset) << 24) >>> 0) + ((byteAt(bytes, offset + 1) << 16) | (byteAt(bytes, offset + 2) << 8) | byteAt(bytes, offset + 3));
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return readUint16LE(bytes, offset) + readUint16LE(bytes, offset + 2) * 0x10000;
}
