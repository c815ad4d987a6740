import { z } from 'zod';

/** Binary fields in on-disk JSON formats (vault header, journal lines, backups) are base64. */
export const base64Schema = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');
/** Bytes across IPC and in schemas: any Uint8Array (Electron's structured clone, or the preview's wire decoding). */
export const bytesSchema = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');

export const hexSha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 hex digest');

/**
 * The engine's own base64 where it has one (Chromium 140+: Uint8Array.toBase64
 * and fromBase64). A screenshot crosses the preview's wire as base64, and the
 * native codec is many times faster than going through a binary string.
 */
const native = {
  toBase64: (Uint8Array.prototype as { toBase64?: () => string }).toBase64,
  fromBase64: (Uint8Array as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64,
};

export function bytesToBase64(bytes: Uint8Array): string {
  if (native.toBase64) return native.toBase64.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (native.fromBase64) return native.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}
