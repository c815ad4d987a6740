import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../shared/ipc/wire';
import { nodeBase64 } from '../../../electron/preview/server';

describe('the preview wire encoding', () => {
  it('carries bytes through JSON unchanged', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const decoded = decodeWire(encodeWire({ name: 'shot.png', bytes })) as { name: string; bytes: Uint8Array };
    expect(decoded.name).toBe('shot.png');
    expect(decoded.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(decoded.bytes)).toEqual(Array.from(bytes));
  });

  it('leaves ordinary objects that merely look similar alone', () => {
    expect(decodeWire(encodeWire({ $bytes: 5 }))).toEqual({ $bytes: 5 });
    expect(decodeWire(encodeWire({ $bytes: 'AA==', other: 1 }))).toEqual({ $bytes: 'AA==', other: 1 });
  });

  it('throws on text that is not JSON', () => {
    expect(() => decodeWire('{not json')).toThrow(SyntaxError);
  });
});

describe("the preview server's base64 codec", () => {
  it('carries bytes unchanged, in a buffer of their own', () => {
    const bytes = new Uint8Array(5_000).map((_, i) => (i * 131) % 256);
    const decoded = decodeWire(encodeWire({ bytes }, nodeBase64), nodeBase64) as { bytes: Uint8Array };
    expect(Array.from(decoded.bytes)).toEqual(Array.from(bytes));
    expect(decoded.bytes.buffer.byteLength).toBe(bytes.length);
    // The same text decodes to the same bytes through the portable codec the renderer uses.
    const portable = decodeWire(encodeWire({ bytes }, nodeBase64)) as { bytes: Uint8Array };
    expect(Array.from(portable.bytes)).toEqual(Array.from(bytes));
  });

  it.each([
    ['a character outside base64', 'AAA*'],
    ['a length that is not a multiple of four', 'AAAAA'],
    ['padding in the middle', 'AA==AAAA'],
    ['a line break inside', 'AAAA\nAAAA'],
    ['the URL-safe alphabet', 'AA-_'],
    ['missing padding', 'AAA'],
    ['stray bits after the last byte', 'AB=='],
  ])('refuses %s instead of decoding other bytes', (_case, text) => {
    expect(() => decodeWire(JSON.stringify({ bytes: { $bytes: text } }), nodeBase64)).toThrow(SyntaxError);
  });
});
