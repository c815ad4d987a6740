import { WIRE_VERSION } from '../../shared/ipc/wire';

/**
 * A preview wire frame written by hand, not by `encodeWire`: the magic, the
 * version, the JSON's length, the JSON as given, then the bytes. Tests build
 * frames the encoder would refuse to write, and read the encoder's own
 * frames against this layout.
 */
export function handWrittenFrame(json: string, bytes: number[] = [], version = WIRE_VERSION): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(9 + text.length + bytes.length);
  out.set([0x52, 0x4c, 0x57, 0x46, version], 0);
  new DataView(out.buffer).setUint32(5, text.length);
  out.set(text, 9);
  out.set(bytes, 9 + text.length);
  return out;
}
