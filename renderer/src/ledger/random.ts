/** The renderer's randomness: shared/ takes random bytes and ids as arguments, this is where they come from. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

/** A 128-bit random id, hex: unguessable, and valid wherever the contracts take an id. */
export function newId(): string {
  return Array.from(randomBytes(16), (b) => b.toString(16).padStart(2, '0')).join('');
}
