import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { prepareAttachment } from '../../../renderer/src/attachments/attachment-files';
import { createDecoder, type DecodeWorkerLike } from '../../../renderer/src/attachments/decode-client';
import { runDecodeJob, type DecodeReply, type DecodedPicture, type ImageTools } from '../../../renderer/src/attachments/decode-job';
import { identifyFile, MAX_IMAGE_PIXELS } from '../../../shared/attachments/file-signature';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { fail, ok } from '../../../shared/ipc/result';
import { encodePng, gif1x1, jpeg2x1, minimalPdf } from '../attachments/image-fixtures';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-runs';

/**
 * The gate every screenshot passes: identified by its bytes
 * (shared/attachments/file-signature.ts), then decoded off the page's thread
 * (renderer/src/attachments/decode-*.ts) before it is kept. Fed random bytes
 * and real PNG and JPEG files damaged at random (chunk lengths that lie, cut
 * picture data, enormous declared sizes, web pages and scripts appended), it
 * refuses with a message naming the file or accepts a real picture, never
 * throws, and never lets a picture larger than MAX_IMAGE_PIXELS reach the
 * decoder, where a few bytes claiming billions of pixels would exhaust the
 * window's memory.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16 = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
const u32 = (bytes: Uint8Array, at: number) => Buffer.from(bytes.subarray(at, at + 4)).readUInt32BE(0);

/** The size a PNG decoder reads: IHDR, which must be the first chunk. */
function pngSizeAsDecoderReads(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return null;
  if (Buffer.from(bytes.subarray(12, 16)).toString('latin1') !== 'IHDR') return null;
  return { width: u32(bytes, 16), height: u32(bytes, 20) };
}

/**
 * The frame size libjpeg (Chromium's JPEG decoder) finds: markers read one
 * after another from the start-of-image, where bytes that are not a marker
 * are skipped with a warning, not refused, until a start-of-frame gives the size.
 */
function jpegSizeAsDecoderReads(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  for (;;) {
    while (at < bytes.length && bytes[at] !== 0xff) at++;
    while (at < bytes.length && bytes[at] === 0xff) at++;
    if (at >= bytes.length) return null;
    const marker = bytes[at++]!;
    if (marker === 0x00 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue;
    if (marker === 0xd9 || marker === 0xda) return null;
    if (at + 2 > bytes.length) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return at + 7 <= bytes.length ? { height: u16(bytes, at + 3), width: u16(bytes, at + 5) } : null;
    at += u16(bytes, at);
  }
}

/** A GIF's logical screen, little-endian after its six-byte signature. */
function gifSizeAsDecoderReads(bytes: Uint8Array): { width: number; height: number } | null {
  return bytes.length < 10 ? null : { width: bytes[6]! | (bytes[7]! << 8), height: bytes[8]! | (bytes[9]! << 8) };
}

/** Whether every chunk up to IEND is whole and its checksum right, as a PNG decoder insists. */
function pngChunksSound(bytes: Uint8Array): boolean {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = u32(bytes, at);
    if (at + 12 + length > bytes.length) return false;
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== u32(bytes, at + 8 + length)) return false;
    if (Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1') === 'IEND') return true;
    at += 12 + length;
  }
  return false;
}

/**
 * Stands in for createImageBitmap, which Node lacks: it "decodes" a picture
 * of the size a real decoder would read, and refuses what a real decoder
 * would. Every size it was asked to decode is recorded.
 */
function referenceDecoder(asked: Array<{ width: number; height: number }>): ImageTools {
  return {
    async decode(blob): Promise<DecodedPicture> {
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const size = blob.type === 'image/png' ? pngSizeAsDecoderReads(bytes) : blob.type === 'image/jpeg' ? jpegSizeAsDecoderReads(bytes) : blob.type === 'image/gif' ? gifSizeAsDecoderReads(bytes) : null;
      if (size) asked.push(size);
      if (!size || size.width === 0 || size.height === 0 || (blob.type === 'image/png' && !pngChunksSound(bytes))) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      return { ...size, close: () => undefined };
    },
    createCanvas: () => ({
      getContext: () => ({ imageSmoothingQuality: 'low' as ImageSmoothingQuality, drawImage: () => undefined }),
      convertToBlob: async () => new Blob([encodePng(1, 1)], { type: 'image/png' }),
    }),
  };
}

/** The decode worker, run in this process: the client, the job and the stand-in decoder are the app's own code paths. */
function inProcessWorker(tools: ImageTools): DecodeWorkerLike {
  const worker: DecodeWorkerLike = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: (request) => void runDecodeJob(request, tools).then((reply) => worker.onmessage?.({ data: reply } as MessageEvent<DecodeReply>)),
    terminate: () => undefined,
  };
  return worker;
}

function fakeLedger(): Pick<LedgerApi, 'attachmentPut' | 'attachmentGet'> {
  return {
    attachmentPut: async ({ bytes }) => ok({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }),
    attachmentGet: async () => fail('not_found', 'This attachment is not in the ledger.'),
  };
}

function chunkStarts(png: Uint8Array): number[] {
  const starts: number[] = [];
  for (let at = 8; at + 12 <= png.length; at += 12 + u32(png, at)) starts.push(at);
  return starts;
}

function withU32(bytes: Uint8Array, at: number, value: number): Uint8Array {
  const copy = Buffer.from(bytes);
  if (at + 4 <= copy.length) copy.writeUInt32BE(value >>> 0, at);
  return new Uint8Array(copy);
}

/** IHDR rewritten to claim another size, with its checksum made right again so only the size is wrong. */
function pngClaiming(png: Uint8Array, width: number, height: number): Uint8Array {
  const copy = Buffer.from(withU32(withU32(png, 16, width), 20, height));
  copy.writeUInt32BE(crc32(copy.subarray(12, 29)), 29);
  return new Uint8Array(copy);
}

const TRAILERS = [
  '<html><body><script>parent.document.title="pwned"</script></body></html>',
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
  ';alert(document.domain)//',
  '%PDF-1.7\n/JS (app.alert(1))\n%%EOF',
].map((text) => new Uint8Array(Buffer.from(text)));

/** What a hostile or damaged file does to a real picture. */
const pictureDamage = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('trailer' as const), trailer: fc.constantFrom(...TRAILERS) }),
  fc.record({ kind: fc.constant('chunk length lie' as const), chunk: fc.nat(), length: fc.oneof(fc.nat({ max: 64 }), fc.constant(0xffffffff), fc.nat()) }),
  fc.record({ kind: fc.constant('claims size' as const), width: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.nat()), height: fc.oneof(fc.integer({ min: 0, max: 70_000 }), fc.nat()) }),
  fc.record({ kind: fc.constant('stray byte before a marker' as const), marker: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 3 }).map((bytes) => bytes.map((b) => (b === 0xff ? 0 : b))) }),
);
type PictureDamage = typeof pictureDamage extends fc.Arbitrary<infer T> ? T : never;

/** Offsets of a JPEG's markers (each 0xFF that starts one), found by walking its segments. */
function jpegMarkers(jpeg: Uint8Array): number[] {
  const markers: number[] = [];
  for (let at = 2; at + 4 <= jpeg.length && jpeg[at] === 0xff; at += 2 + u16(jpeg, at + 2)) {
    markers.push(at);
    if (jpeg[at + 1] === 0xda) break;
  }
  return markers;
}

function jpegFrame(jpeg: Uint8Array): number {
  return jpegMarkers(jpeg).find((at) => jpeg[at + 1] === 0xc0 || jpeg[at + 1] === 0xc2) ?? -1;
}

function applyPictureDamage(picture: Uint8Array, kind: 'png' | 'jpeg', damage: PictureDamage): Uint8Array {
  const insert = (at: number, bytes: Uint8Array) => Uint8Array.from([...picture.subarray(0, at), ...bytes, ...picture.subarray(at)]);
  // An earlier damage may have left too little to aim at: then this one changes nothing.
  const pngChunks = kind === 'png' ? chunkStarts(picture) : [];
  const markers = kind === 'jpeg' ? jpegMarkers(picture) : pngChunks;
  const aimed = damage.kind === 'chunk length lie' || damage.kind === 'claims size' || damage.kind === 'stray byte before a marker';
  if (picture.length === 0 || (aimed && (picture.length < 33 || markers.length === 0))) return picture;
  switch (damage.kind) {
    case 'flip': {
      const copy = Uint8Array.from(picture);
      const at = damage.at % copy.length;
      copy[at] = copy[at]! ^ damage.xor;
      return copy;
    }
    case 'cut':
      return picture.subarray(0, damage.at % picture.length);
    case 'insert':
      return insert(damage.at % (picture.length + 1), damage.bytes);
    case 'trailer':
      return Uint8Array.from([...picture, ...damage.trailer]);
    case 'chunk length lie': {
      if (kind === 'png') return withU32(picture, pngChunks[damage.chunk % pngChunks.length]!, damage.length);
      const at = markers[damage.chunk % markers.length]! + 2;
      const copy = Uint8Array.from(picture);
      copy[at] = (damage.length >>> 8) & 0xff;
      copy[at + 1] = damage.length & 0xff;
      return copy;
    }
    case 'claims size': {
      if (kind === 'png') return pngClaiming(picture, damage.width, damage.height);
      const frame = jpegFrame(picture);
      if (frame < 0) return picture;
      const copy = Uint8Array.from(picture);
      copy.set([(damage.height >>> 8) & 0xff, damage.height & 0xff, (damage.width >>> 8) & 0xff, damage.width & 0xff], frame + 5);
      return copy;
    }
    case 'stray byte before a marker':
      return insert(markers[damage.marker % markers.length]!, damage.bytes);
  }
}

/** A message that names the file it is about and ends as a sentence. */
function expectPlainRefusal(message: string, name: string): void {
  expect(message.startsWith(`"${name}"`) || message.startsWith('The file'), message).toBe(true);
  expect(message).toMatch(/\.$/);
  expect(message).not.toMatch(/undefined|NaN|\[object|\n\s+at /);
}

const names = fc.constantFrom('screenshot.png', 'post.jpg', 'photo.jpeg', 'image.gif', 'capture.webp', 'page.pdf', 'removed post');

describe('the image gate, given random bytes', () => {
  it('identifies or refuses any bytes under any name, never throwing, and says which file it refused', () => {
    const signatures = fc.constantFrom(
      [],
      PNG_SIGNATURE,
      [0xff, 0xd8, 0xff],
      [...Buffer.from('GIF89a')],
      [...Buffer.from('RIFF')],
      [...Buffer.from('%PDF-')],
      [...Buffer.from('<svg ')],
      [0xef, 0xbb, 0xbf, ...Buffer.from('<!doctype html>')],
      [0xff, 0xfe],
    );
    fc.assert(
      fc.property(signatures, fc.uint8Array({ maxLength: 4096 }), names, (start, rest, name) => {
        const bytes = Uint8Array.from([...start, ...rest]);
        const identity = identifyFile(bytes, name);
        if (!identity.ok) return expectPlainRefusal(identity.message, name);
        const png = identity.mediaType === 'image/png' ? pngSizeAsDecoderReads(bytes) : null;
        const jpeg = identity.mediaType === 'image/jpeg' ? jpegSizeAsDecoderReads(bytes) : null;
        for (const size of [png, jpeg]) if (size) expect(size.width * size.height).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
      }),
      { numRuns: FUZZ_RUNS * 4 },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('the image gate, given real pictures damaged at random', () => {
  let recordsKey: CryptoKey;
  beforeAll(async () => {
    recordsKey = (await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), 'ledger-image-gate-fuzz')).records;
  });

  const pictures = fc.oneof(
    fc.record({ kind: fc.constant('png' as const), width: fc.integer({ min: 1, max: 12 }), height: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('jpeg' as const) }),
  );

  it('refuses with a message naming the file, or keeps a real picture within the size limit; nothing oversized ever reaches the decoder', async () => {
    await fc.assert(
      fc.asyncProperty(pictures, fc.array(pictureDamage, { minLength: 1, maxLength: 2 }), names, async (picture, damages, name) => {
        const original = picture.kind === 'png' ? encodePng(picture.width, picture.height) : jpeg2x1;
        const bytes = damages.reduce((current, damage) => applyPictureDamage(current, picture.kind, damage), original as Uint8Array);
        const asked: Array<{ width: number; height: number }> = [];
        const decode = createDecoder(() => inProcessWorker(referenceDecoder(asked)));
        const prepared = await prepareAttachment({ name, bytes }, 'by-contents', { ledger: fakeLedger(), recordsKey, decode });
        for (const size of asked) expect(size.width * size.height, `the decoder was handed a ${size.width} × ${size.height} picture`).toBeLessThanOrEqual(MAX_IMAGE_PIXELS);
        if (!prepared.ok) return expectPlainRefusal(prepared.message, name);
        const { attachment } = prepared;
        expect(attachment.bytes).toBe(bytes.length);
        expect(attachment.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
        if (attachment.mediaType === 'application/pdf') return;
        expect(asked.length, 'a picture was kept without being decoded').toBe(1);
        expect({ width: attachment.width, height: attachment.height }).toEqual(asked[0]);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('keeps the undamaged pictures, so the refusals above are the damage and not the gate', async () => {
    for (const bytes of [encodePng(3, 2), jpeg2x1, gif1x1, minimalPdf()]) {
      const asked: Array<{ width: number; height: number }> = [];
      const decode = createDecoder(() => inProcessWorker(referenceDecoder(asked)));
      const prepared = await prepareAttachment({ name: 'clean', bytes }, 'by-contents', { ledger: fakeLedger(), recordsKey, decode });
      expect(prepared.ok, prepared.ok ? '' : prepared.message).toBe(true);
    }
  });

  /** Cases the property above found, kept as plain examples (each failed before file-signature.ts was fixed). */
  describe('cases found by fuzzing', () => {
    it('refuses a JPEG claiming 65,535 × 65,535 pixels behind a stray byte before its frame header, which libjpeg skips and the size check did not', () => {
      const frame = jpegFrame(jpeg2x1);
      const bomb = applyPictureDamage(applyPictureDamage(jpeg2x1, 'jpeg', { kind: 'claims size', width: 65_535, height: 65_535 }), 'jpeg', {
        kind: 'stray byte before a marker',
        marker: jpegMarkers(jpeg2x1).indexOf(frame),
        bytes: Uint8Array.of(0),
      });
      expect(jpegSizeAsDecoderReads(bomb)).toEqual({ width: 65_535, height: 65_535 });
      const identity = identifyFile(bomb, 'bomb.jpg');
      expect(identity).toEqual({ ok: false, message: expect.stringMatching(/^"bomb\.jpg" is a picture of 65,535 × 65,535 pixels, too large to open safely/) });
    });
  });
});
