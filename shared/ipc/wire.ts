/**
 * The browser preview carries IPC over HTTP as JSON, which has no bytes type.
 * Electron's structured clone carries Uint8Array natively; this encoding lets
 * the same schemas (which say `Uint8Array`) work over both transports.
 */
const BYTES_TAG = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: toBase64(v) } : v,
  );
}

/** Throws SyntaxError on text that is not JSON; callers turn that into `invalid_request`. */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1 &&
      typeof (v as Record<string, unknown>)[BYTES_TAG] === 'string'
    ) {
      return fromBase64((v as Record<typeof BYTES_TAG, string>)[BYTES_TAG]);
    }
    return v;
  });
}
