import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire, WireFrameError } from '../../../shared/ipc/wire';
import { handWrittenFrame as frame } from '../../support/wire-frame';

describe('the preview wire frame', () => {
  it('carries bytes unchanged, each in a buffer of its own, beside the rest of the message', () => {
    const screenshot = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const payload = new Uint8Array([1, 2, 3]);
    const decoded = decodeWire(encodeWire({ name: 'shot.png', bytes: screenshot, events: [{ payload }, { payload: null }], empty: new Uint8Array(0) })) as {
      name: string;
      bytes: Uint8Array;
      events: Array<{ payload: Uint8Array | null }>;
      empty: Uint8Array;
    };
    expect(decoded.name).toBe('shot.png');
    expect(decoded.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.bytes)).toEqual(Array.from(screenshot));
    // Not a view into the frame: stored in IndexedDB, a view would carry the whole frame with it.
    expect(decoded.bytes.buffer.byteLength).toBe(screenshot.length);
    expect(Array.from(decoded.events[0]!.payload!)).toEqual([1, 2, 3]);
    expect(decoded.events[1]!.payload).toBeNull();
    expect(decoded.empty).toEqual(new Uint8Array(0));
  });

  it('carries a Node Buffer as bytes, not as its JSON form', () => {
    const decoded = decodeWire(encodeWire({ bytes: Buffer.from('abc') })) as { bytes: Uint8Array };
    expect(Array.from(decoded.bytes)).toEqual([97, 98, 99]);
  });

  it('sends the bytes as they are, not as text: a 5 MB screenshot is a frame of about 5 MB', () => {
    const encoded = encodeWire({ bytes: new Uint8Array(5_000_000) });
    expect(encoded.length).toBeLessThan(5_000_100);
  });

  it('leaves ordinary objects that merely look similar alone', () => {
    expect(decodeWire(encodeWire({ $bytes: 5 }))).toEqual({ $bytes: 5 });
    expect(decodeWire(encodeWire({ $bytes: [0, 1], other: 1 }))).toEqual({ $bytes: [0, 1], other: 1 });
    expect(decodeWire(encodeWire({ $bytes: 'AA==' }))).toEqual({ $bytes: 'AA==' });
  });

  it('refuses to send an object that would be read back as bytes, rather than change it on the way', () => {
    expect(() => encodeWire({ note: { $bytes: [0, 0] } })).toThrow(WireFrameError);
  });

  it.each([
    ['an empty body', new Uint8Array(0), /not a Records Ledger frame/],
    ['JSON sent as it was before frames', new TextEncoder().encode('{"ok":true}'), /not a Records Ledger frame/],
    ['a frame of another version, by its number', frame('{}', [], 1), /wire format version 1; this app reads version 2/],
    ['a frame cut off inside its JSON', frame('{"name":"shot.png"}').subarray(0, 15), /ends before its JSON/],
    ['JSON that is not JSON', frame('{oops'), /not valid JSON/],
    ['text that is not UTF-8', frame('"\udc00"').map((b, i, all) => (i === all.length - 2 ? 0xff : b)), /not valid UTF-8/],
    ['a reference past the bytes it carries', frame('{"bytes":{"$bytes":[0,5]}}', [1, 2, 3]), /refers to bytes it does not carry/],
    // A 40 MB body naming its 20 MB of bytes again and again would ask for terabytes of copies.
    ['the same bytes twice', frame('{"a":{"$bytes":[0,3]},"b":{"$bytes":[0,3]}}', [1, 2, 3]), /the same bytes twice/],
    ['bytes overlapping the ones before', frame('{"a":{"$bytes":[0,2]},"b":{"$bytes":[1,2]}}', [1, 2, 3]), /the same bytes twice/],
    ['bytes no reference takes', frame('{"a":{"$bytes":[0,2]}}', [1, 2, 3]), /carries bytes it does not refer to/],
  ])('refuses %s by name, instead of reading other bytes', (_case, bytes, message) => {
    expect(() => decodeWire(bytes)).toThrow(WireFrameError);
    expect(() => decodeWire(bytes)).toThrow(message);
  });

  it('reads references that take the bytes in order, up to the very last', () => {
    expect(decodeWire(frame('{"a":{"$bytes":[0,1]},"b":{"$bytes":[1,2]}}', [7, 8, 9]))).toEqual({ a: new Uint8Array([7]), b: new Uint8Array([8, 9]) });
  });
});
