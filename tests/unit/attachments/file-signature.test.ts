import { describe, expect, it } from 'vitest';
import { checkAttachmentSize, identifyFile, MAX_IMAGE_PIXELS } from '../../../shared/attachments/file-signature';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/removals/removal';
import { encodePng, gif1x1, jpeg2x1, minimalPdf, pngHeaderClaiming, text, webp2x1, webpLossless1x1, webpLossy1x1 } from './image-fixtures';

const MB = 1024 * 1024;

function refusal(bytes: Uint8Array, fileName: string): string {
  const identity = identifyFile(bytes, fileName);
  if (identity.ok) throw new Error(`${fileName} was accepted as ${identity.mediaType}`);
  return identity.message;
}

describe('identifying an attached file by its bytes', () => {
  it.each([
    ['screenshot.png', encodePng(40, 30), 'image/png'],
    ['photo.jpg', jpeg2x1, 'image/jpeg'],
    ['capture.webp', webp2x1, 'image/webp'],
    ['lossy.webp', webpLossy1x1, 'image/webp'],
    ['lossless.webp', webpLossless1x1, 'image/webp'],
    ['animation.gif', gif1x1, 'image/gif'],
    ['export.pdf', minimalPdf(), 'application/pdf'],
  ] as const)('accepts %s as %s', (fileName, bytes, mediaType) => {
    expect(identifyFile(bytes, fileName)).toEqual({ ok: true, mediaType });
  });

  it('goes by the contents, not by the name', () => {
    expect(identifyFile(encodePng(2, 2), 'looks-like-a.jpg')).toEqual({ ok: true, mediaType: 'image/png' });
    expect(identifyFile(jpeg2x1, 'no extension')).toEqual({ ok: true, mediaType: 'image/jpeg' });
  });

  it('accepts a JPEG padded with zeros after its end marker', () => {
    const padded = new Uint8Array([...jpeg2x1, 0, 0, 0, 0]);
    expect(identifyFile(padded, 'scan.jpg')).toEqual({ ok: true, mediaType: 'image/jpeg' });
  });
});

describe('refusing files that can carry scripts, by name', () => {
  it('refuses an SVG drawing renamed .png, and says why and what to do', () => {
    const svg = text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    const message = refusal(svg, 'screenshot.png');
    expect(message).toContain('"screenshot.png" is an SVG drawing, not a picture');
    expect(message).toContain('even though its name ends in .png');
    expect(message).toContain('SVG and web pages can carry scripts, so they are not kept. Take a PNG screenshot instead.');
  });

  it('recognises an SVG behind an XML prolog, a comment or a UTF-16 byte order mark', () => {
    const withProlog = text('\uFEFF<?xml version="1.0"?>\n<!-- Generator: Drawing app -->\n<!DOCTYPE svg>\n<svg viewBox="0 0 1 1"></svg>');
    expect(refusal(withProlog, 'logo.png')).toContain('is an SVG drawing');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>', 'utf16le')]);
    expect(refusal(utf16, 'logo.gif')).toContain('is an SVG drawing');
  });

  it('refuses a web page renamed .png', () => {
    const page = text('<!DOCTYPE html>\n<html><head><title>Post</title></head><body><img src=x onerror=alert(1)></body></html>');
    const message = refusal(page, 'post.png');
    expect(message).toContain('"post.png" is a web page, not a picture');
    expect(message).toContain('Take a PNG screenshot instead.');
  });

  it('refuses a bare script fragment as a web page, even with an inline SVG inside', () => {
    expect(refusal(text('  <script>fetch("https://example.test")</script>'), 'comment.jpg')).toContain('is a web page');
    expect(refusal(text('<html><body><svg></svg></body></html>'), 'comment.webp')).toContain('is a web page');
  });

  it('names other text for what it is', () => {
    expect(refusal(text('<?xml version="1.0"?><feed></feed>'), 'feed.png')).toContain('is an XML document');
    expect(refusal(text('#!/bin/sh\nrm -rf /'), 'run.png')).toContain('is a script');
    expect(refusal(text('Just a comment someone saved as text.'), 'comment.png')).toContain('is a text file, not a picture');
  });

  it('names common picture formats it does not keep', () => {
    expect(refusal(new Uint8Array([0x42, 0x4d, 0x3a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x36, 0x00]), 'old.png')).toContain('is a BMP picture');
    const heic = new Uint8Array([0, 0, 0, 0x18, ...Buffer.from('ftypheic', 'latin1'), 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(refusal(heic, 'IMG_0001.jpg')).toContain('is a HEIC photo');
    expect(refusal(new Uint8Array([0x00, 0x01, 0x02, 0x03, 0xfe, 0x00, 0x00, 0x07]), 'mystery.png')).toContain('is not a PNG, JPEG, WebP or GIF picture or a PDF document');
  });
});

describe('refusing incomplete files', () => {
  const png = encodePng(64, 48);

  it.each([
    ['cut in half', png.subarray(0, Math.floor(png.length / 2))],
    ['missing its last byte', png.subarray(0, png.length - 1)],
    ['missing the IEND chunk', png.subarray(0, png.length - 12)],
    ['only the signature', png.subarray(0, 8)],
  ])('refuses a PNG %s, naming the file and saying what to do', (_, bytes) => {
    const message = refusal(bytes, 'screenshot.png');
    expect(message).toContain('"screenshot.png" is an incomplete PNG image');
    expect(message).toContain('attach the new copy');
  });

  it('refuses a truncated JPEG, GIF, WebP and PDF', () => {
    expect(refusal(jpeg2x1.subarray(0, jpeg2x1.length - 10), 'a.jpg')).toContain('is an incomplete JPEG image');
    expect(refusal(gif1x1.subarray(0, gif1x1.length - 1), 'a.gif')).toContain('is an incomplete GIF image');
    expect(refusal(webp2x1.subarray(0, webp2x1.length - 4), 'a.webp')).toContain('is an incomplete WebP image');
    const pdf = minimalPdf();
    expect(refusal(pdf.subarray(0, pdf.length - 8), 'a.pdf')).toContain('is an incomplete PDF document');
  });

  it('refuses a WebP with bytes beyond what its header declares as damaged', () => {
    expect(refusal(new Uint8Array([...webpLossless1x1, 1, 2, 3, 4]), 'a.webp')).toContain('its contents are damaged');
  });

  it('refuses a picture claiming more pixels than can be opened safely, before decoding it', () => {
    const side = Math.ceil(Math.sqrt(MAX_IMAGE_PIXELS)) + 1;
    const message = refusal(pngHeaderClaiming(side, side), 'bomb.png');
    expect(message).toContain('"bomb.png" is a picture of');
    expect(message).toContain('Crop the screenshot');
    expect(identifyFile(encodePng(1, 1), 'ok.png').ok).toBe(true);
  });
});

describe('refusing by size', () => {
  it('refuses an empty file, naming it', () => {
    expect(refusal(new Uint8Array(0), 'blank.png')).toBe('"blank.png" is empty (0 bytes), so there is nothing to keep. Attach the file again from where it was saved.');
  });

  it('refuses a 60 MB image with both sizes in MB, from its size alone', () => {
    const check = checkAttachmentSize('huge.png', 60 * MB);
    expect(check).toEqual({
      ok: false,
      message: '"huge.png" is 60.0 MB; each file can be at most 25.0 MB. Attach a smaller screenshot, or split a PDF into parts.',
    });
  });

  it('keeps a file of exactly the limit and refuses one byte more', () => {
    expect(checkAttachmentSize('edge.pdf', MAX_ATTACHMENT_BYTES)).toEqual({ ok: true });
    expect(checkAttachmentSize('edge.pdf', MAX_ATTACHMENT_BYTES + 1).ok).toBe(false);
  });
});
