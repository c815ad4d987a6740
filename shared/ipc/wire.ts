/**
 * The browser preview carries IPC over HTTP as JSON, which has no bytes type.
 * Electron's structured clone carries Uint8Array natively; this encoding lets
 * the same schemas (which say `Uint8Array`) work over both transports.
 */
import { base64ToBytes, bytesToBase64 } from '../encoding';

const BYTES_TAG = '$bytes';

/** How bytes become base64 and back: main passes Node's Buffer codec, which is several times faster than atob/btoa. */
export interface Base64Codec {
  toBase64(bytes: Uint8Array): string;
  fromBase64(text: string): Uint8Array;
}

const portableCodec: Base64Codec = { toBase64: bytesToBase64, fromBase64: base64ToBytes };

export function encodeWire(value: unknown, codec: Base64Codec = portableCodec): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v instanceof Uint8Array ? { [BYTES_TAG]: codec.toBase64(v) } : v,
  );
}

/** Throws SyntaxError on text that is not JSON; callers turn that into `invalid_request`. */
export function decodeWire(text: string, codec: Base64Codec = portableCodec): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (
      v !== null &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1 &&
      typeof (v as Record<string, unknown>)[BYTES_TAG] === 'string'
    ) {
      return codec.fromBase64((v as Record<typeof BYTES_TAG, string>)[BYTES_TAG]);
    }
    return v;
  });
}
