import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../../shared/ipc/wire';

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
