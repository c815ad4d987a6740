/**
 * Small byte helpers for the crypto layer. WebCrypto's TypeScript types accept
 * only ArrayBuffer-backed views, while callers may hand us any Uint8Array.
 */

/**
 * An ArrayBuffer-backed view of the same bytes. Copies only when the bytes sit
 * in a SharedArrayBuffer, which WebCrypto refuses; the caller zeroes its own
 * original, and we zero any copy we made (see `withBufferSource`).
 */
export function asBufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof SharedArrayBuffer !== 'undefined' && bytes.buffer instanceof SharedArrayBuffer) return new Uint8Array(bytes);
  return bytes as Uint8Array<ArrayBuffer>;
}

/** Runs `use` on an ArrayBuffer-backed view and wipes the view afterwards if it was a private copy. */
export async function withBufferSource<T>(bytes: Uint8Array, use: (view: Uint8Array<ArrayBuffer>) => Promise<T>): Promise<T> {
  const view = asBufferSource(bytes);
  try {
    return await use(view);
  } finally {
    if (view !== bytes) view.fill(0);
  }
}

/**
 * Overwrites key material we are done with. JavaScript cannot promise that no
 * other copy exists (the engine may have moved the buffer), so this narrows
 * the window rather than closing it; CryptoKeys are the real protection.
 */
export function wipe(...buffers: Array<Uint8Array | null | undefined>): void {
  // A buffer transferred to a worker is detached (length 0) and cannot be filled; nothing is left to wipe.
  for (const b of buffers) if (b && b.byteLength > 0) b.fill(0);
}

/** WebCrypto signals a failed AES-GCM tag check (and only that, for valid inputs) as OperationError. */
export function isAuthenticationFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'OperationError';
}
