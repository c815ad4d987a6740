import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readableImageKind } from '../../../renderer/src/ocr/readable-image';

const bytes = (...values: number[]) => new Uint8Array(values);
const ascii = (text: string) => new TextEncoder().encode(text);

describe('which files the text reader can open', () => {
  it('knows a real PNG screenshot', () => {
    expect(readableImageKind(new Uint8Array(readFileSync('tests/fixtures/ocr/removed-under-policy.png')))).toBe('PNG');
  });

  it('knows JPEG, WebP, GIF and BMP by their first bytes', () => {
    expect(readableImageKind(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('JPEG');
    expect(readableImageKind(ascii('RIFF\x24\x00\x00\x00WEBPVP8 '))).toBe('WebP');
    expect(readableImageKind(ascii('GIF89a'))).toBe('GIF');
    expect(readableImageKind(ascii('BM6\x00\x00\x00'))).toBe('BMP');
  });

  it('refuses what is not an image it reads: a PDF, a RIFF video, an empty or truncated file', () => {
    expect(readableImageKind(ascii('%PDF-1.7\n'))).toBeNull();
    expect(readableImageKind(ascii('RIFF\x24\x00\x00\x00AVI LIST'))).toBeNull();
    expect(readableImageKind(new Uint8Array())).toBeNull();
    expect(readableImageKind(bytes(0x89, 0x50, 0x4e))).toBeNull();
  });
});
