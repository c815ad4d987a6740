/**
 * How the browser preview carries IPC over HTTP. Electron's structured clone
 * carries Uint8Array natively; HTTP carries bytes, so a request or answer is
 * one binary frame: its JSON, where each Uint8Array stands as a reference,
 * then the bytes themselves. The same schemas (which say `Uint8Array`) work
 * over both transports.
 *
 * Version 1 carried bytes as base64 inside JSON: a 5 MB screenshot went up as
 * 7 MB of text, encoded, parsed and decoded on the way. Raw bytes go as they are.
 *
 * A frame (version 2):
 *   4 bytes  "RLWF"
 *   1 byte   version
 *   4 bytes  length of the JSON, big-endian
 *   JSON     UTF-8; a Uint8Array is {"$bytes":[start, length]} into the bytes after it
 *   bytes    every Uint8Array's bytes, one after another
 */

export const WIRE_CONTENT_TYPE = 'application/x-records-ledger-frame';
export const WIRE_VERSION = 2;

const MAGIC = [0x52, 0x4c, 0x57, 0x46]; // "RLWF"
const HEAD_BYTES = 9;
const BYTES_TAG = '$bytes';

/** A frame that cannot be read: the server answers it with invalid_request, the page with "an answer it does not understand". */
export class WireFrameError extends Error {}

export function encodeWire(value: unknown): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let bytesLength = 0;
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // The holder's own value: a Node Buffer has already been turned into {type, data} by its toJSON.
    const original = this[key];
    if (!(original instanceof Uint8Array)) {
      // An object of its own that looks like a reference would be read back as bytes: refused, never sent.
      if (isReference(original)) throw new WireFrameError('The message holds an object that would be read back as bytes.');
      return v;
    }
    parts.push(original);
    bytesLength += original.length;
    return { [BYTES_TAG]: [bytesLength - original.length, original.length] };
  });
  const text = new TextEncoder().encode(json ?? 'null');
  const frame = new Uint8Array(HEAD_BYTES + text.length + bytesLength);
  frame.set(MAGIC, 0);
  frame[4] = WIRE_VERSION;
  new DataView(frame.buffer).setUint32(5, text.length);
  frame.set(text, HEAD_BYTES);
  let at = HEAD_BYTES + text.length;
  for (const part of parts) {
    frame.set(part, at);
    at += part.length;
  }
  return frame;
}

function isReference(v: unknown): v is Record<typeof BYTES_TAG, [number, number]> {
  // Bytes themselves are never a reference; asked for its keys, a 5 MB screenshot would list five million of them.
  if (v === null || typeof v !== 'object' || Array.isArray(v) || ArrayBuffer.isView(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== BYTES_TAG) return false;
  const range = (v as Record<string, unknown>)[BYTES_TAG];
  return Array.isArray(range) && range.length === 2 && range.every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
}

/** Throws WireFrameError on anything that is not a whole, well-formed frame of this version. */
export function decodeWire(frame: Uint8Array): unknown {
  if (frame.length < HEAD_BYTES || MAGIC.some((byte, index) => frame[index] !== byte)) throw new WireFrameError('The message is not a Records Ledger frame.');
  if (frame[4] !== WIRE_VERSION) throw new WireFrameError(`The message is in wire format version ${frame[4]}; this app reads version ${WIRE_VERSION}.`);
  const jsonLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(5);
  const bytesStart = HEAD_BYTES + jsonLength;
  if (bytesStart > frame.length) throw new WireFrameError('The message ends before its JSON does.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(HEAD_BYTES, bytesStart));
  } catch {
    throw new WireFrameError('The message is not valid UTF-8.');
  }
  const bytesLength = frame.length - bytesStart;
  // References take the bytes in order, each once, as encodeWire writes them: a frame that named the same
  // bytes many times over would have a 40 MB body ask for terabytes of copies.
  let taken = 0;
  let value: unknown;
  try {
    value = JSON.parse(text, (_key, v: unknown) => {
      if (!isReference(v)) return v;
      const [start, length] = v[BYTES_TAG];
      if (start !== taken || start + length > bytesLength) throw new WireFrameError('The message refers to bytes it does not carry, or to the same bytes twice.');
      taken += length;
      // A copy, not a view: a view would carry the whole frame into whatever keeps it (IndexedDB stores a view's entire buffer).
      return new Uint8Array(frame.subarray(bytesStart + start, bytesStart + start + length));
    }) as unknown;
  } catch (error) {
    if (error instanceof WireFrameError) throw error;
    throw new WireFrameError('The message is not valid JSON.');
  }
  if (taken !== bytesLength) throw new WireFrameError('The message carries bytes it does not refer to.');
  return value;
}
