/**
 * The browser preview carries IPC over HTTP as JSON, which has no bytes type.
 * Electron's structured clone carries Uint8Array natively; this encoding lets
 * the same schemas (which say `Uint8Array`) work over both transports.
 */
import { base64ToBytes, bytesToBase64 } from '../encoding';

const BYTES_TAG = '$bytes';

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: bytesToBase64(v) } : v,
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
      return base64ToBytes((v as Record<typeof BYTES_TAG, string>)[BYTES_TAG]);
    }
    return v;
  });
}
