import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { PayloadUnreadable } from '../../../shared/crypto/envelope';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { fail, ok } from '../../../shared/ipc/result';
import { attachmentSchema } from '../../../shared/removals/removal';
import { checkFileSize, prepareAttachment, readAttachment, readPickedFile } from '../../../renderer/src/attachments/attachment-files';
import type { DecodeAttachment } from '../../../renderer/src/attachments/decode-client';
import { encodePng, minimalPdf, text } from './image-fixtures';

type Storage = Pick<LedgerApi, 'attachmentPut' | 'attachmentGet'>;

/** Main's attachment store, as far as the renderer can tell: opaque bytes by id. */
function fakeLedger() {
  const files = new Map<string, Uint8Array>();
  const ledger: Storage = {
    attachmentPut: async ({ id, bytes }) => {
      files.set(id, new Uint8Array(bytes));
      return ok({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    },
    attachmentGet: async ({ id }) => {
      const bytes = files.get(id);
      return bytes ? ok({ bytes: new Uint8Array(bytes) }) : fail('not_found', 'This attachment is not in the ledger.');
    },
  };
  return { ledger, files };
}

async function recordsKey(): Promise<CryptoKey> {
  return (await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), 'ledger-attachments-test')).records;
}

const thumbnailBytes = encodePng(4, 3, [0, 0, 255, 255]);
/** Stands in for the browser's decoder, which Node does not have. */
const decodesAs = (width: number, height: number): DecodeAttachment =>
  vi.fn(async () => ({ ok: true as const, width, height, thumbnail: new Uint8Array(thumbnailBytes) }));

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle));
}

describe('attaching a screenshot', () => {
  it('keeps the SHA-256 of the original bytes and stores them encrypted, with a thumbnail', async () => {
    const { ledger, files } = fakeLedger();
    const key = await recordsKey();
    const original = encodePng(1280, 720);
    const prepared = await prepareAttachment({ name: 'post removed.png', bytes: original }, 'by-contents', { ledger, recordsKey: key, decode: decodesAs(1280, 720) });

    if (!prepared.ok) throw new Error(prepared.message);
    const { attachment } = prepared;
    expect(attachmentSchema.parse(attachment)).toEqual(attachment);
    expect(attachment).toMatchObject({
      fileName: 'post removed.png',
      mediaType: 'image/png',
      kind: 'screenshot',
      bytes: original.length,
      sha256: createHash('sha256').update(original).digest('hex'),
      width: 1280,
      height: 720,
    });
    expect(attachment.thumbnailId).toBeDefined();
    expect([...files.keys()].sort()).toEqual([attachment.attachmentId, attachment.thumbnailId].sort());

    const stored = files.get(attachment.attachmentId)!;
    expect(contains(stored, original.subarray(0, 64))).toBe(false);
    expect(await readAttachment(attachment.attachmentId, { ledger, recordsKey: key })).toEqual(original);
    expect(await readAttachment(attachment.thumbnailId!, { ledger, recordsKey: key })).toEqual(thumbnailBytes);
  });

  it('cannot be read with another key, or once moved under another id', async () => {
    const { ledger, files } = fakeLedger();
    const key = await recordsKey();
    const prepared = await prepareAttachment({ name: 'a.png', bytes: encodePng(8, 8) }, 'screenshot', { ledger, recordsKey: key, decode: decodesAs(8, 8) });
    if (!prepared.ok) throw new Error(prepared.message);
    const { attachmentId, thumbnailId } = prepared.attachment;

    await expect(readAttachment(attachmentId, { ledger, recordsKey: await recordsKey() })).rejects.toBeInstanceOf(PayloadUnreadable);
    files.set(thumbnailId!, files.get(attachmentId)!);
    await expect(readAttachment(thumbnailId!, { ledger, recordsKey: key })).rejects.toBeInstanceOf(PayloadUnreadable);
  });

  it('keeps a PDF as an original, with no thumbnail', async () => {
    const { ledger, files } = fakeLedger();
    const pdf = minimalPdf();
    const decode: DecodeAttachment = vi.fn(async () => ({ ok: true as const }));
    const prepared = await prepareAttachment({ name: 'export.pdf', bytes: pdf }, 'by-contents', { ledger, recordsKey: await recordsKey(), decode });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.attachment).toMatchObject({ mediaType: 'application/pdf', kind: 'original', bytes: pdf.length });
    expect(prepared.attachment.thumbnailId).toBeUndefined();
    expect(prepared.attachment.width).toBeUndefined();
    expect(files.size).toBe(1);
  });

  it('keeps a file name a record can hold, without control characters', async () => {
    const { ledger } = fakeLedger();
    const prepared = await prepareAttachment({ name: ' shot\n\u0007one.png ', bytes: encodePng(2, 2) }, 'screenshot', { ledger, recordsKey: await recordsKey(), decode: decodesAs(2, 2) });
    if (!prepared.ok) throw new Error(prepared.message);
    expect(prepared.attachment.fileName).toBe('shot one.png');
  });
});

describe('refusals store nothing', () => {
  it('refuses an SVG renamed .png before decoding it', async () => {
    const { ledger, files } = fakeLedger();
    const decode = decodesAs(1, 1);
    const prepared = await prepareAttachment({ name: 'screenshot.png', bytes: text('<svg xmlns="http://www.w3.org/2000/svg"/>') }, 'screenshot', {
      ledger,
      recordsKey: await recordsKey(),
      decode,
    });
    expect(prepared).toEqual({ ok: false, message: expect.stringContaining('"screenshot.png" is an SVG drawing') });
    expect(decode).not.toHaveBeenCalled();
    expect(files.size).toBe(0);
  });

  it('refuses a picture that does not decode, naming the file', async () => {
    const { ledger, files } = fakeLedger();
    const decode: DecodeAttachment = async () => ({ ok: false, message: 'The picture could not be opened: its contents are damaged.' });
    const prepared = await prepareAttachment({ name: 'broken.png', bytes: encodePng(3, 3) }, 'screenshot', { ledger, recordsKey: await recordsKey(), decode });
    expect(prepared).toEqual({ ok: false, message: '"broken.png" was not attached. The picture could not be opened: its contents are damaged.' });
    expect(files.size).toBe(0);
  });

  it('says which file could not be saved, and why, when main refuses it', async () => {
    const ledger: Storage = {
      attachmentPut: async () => fail('storage_failure', 'The disk is full, so the attachment could not be saved.'),
      attachmentGet: async () => fail('not_found', 'Not there.'),
    };
    const prepared = await prepareAttachment({ name: 'shot.png', bytes: encodePng(2, 2) }, 'screenshot', { ledger, recordsKey: await recordsKey(), decode: decodesAs(2, 2) });
    expect(prepared).toEqual({ ok: false, message: '"shot.png" could not be saved: The disk is full, so the attachment could not be saved.' });
  });

  it('stops when cancelled, storing nothing', async () => {
    const { ledger, files } = fakeLedger();
    const controller = new AbortController();
    const decode: DecodeAttachment = async () => {
      controller.abort();
      return { ok: true, width: 2, height: 2, thumbnail: new Uint8Array(thumbnailBytes) };
    };
    await expect(
      prepareAttachment({ name: 'shot.png', bytes: encodePng(2, 2) }, 'screenshot', { ledger, recordsKey: await recordsKey(), decode, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(files.size).toBe(0);
  });
});

describe('reading a picked file', () => {
  it('refuses a 60 MB file from its size, without reading it', async () => {
    expect(checkFileSize('scan.png', 60 * 1024 * 1024)).toEqual({
      ok: false,
      message: '"scan.png" is 60.0 MB; each file can be at most 25.0 MB. Attach a smaller screenshot, or split a PDF into parts.',
    });
    const arrayBuffer = vi.fn(async () => new ArrayBuffer(0));
    const huge = { name: 'scan.png', size: 60 * 1024 * 1024, arrayBuffer } as unknown as File;
    expect(await readPickedFile(huge)).toMatchObject({ ok: false, message: expect.stringContaining('60.0 MB') });
    expect(arrayBuffer).not.toHaveBeenCalled();
  });

  it('reads a file of acceptable size', async () => {
    const png = encodePng(2, 2);
    const picked = await readPickedFile(new File([png], 'shot.png', { type: 'image/png' }));
    expect(picked).toEqual({ ok: true, file: { name: 'shot.png', bytes: png } });
  });

  it('says plainly when a file cannot be read', async () => {
    const vanished = { name: 'moved.png', size: 10, arrayBuffer: async () => Promise.reject(new DOMException('gone', 'NotReadableError')) } as unknown as File;
    expect(await readPickedFile(vanished)).toEqual({ ok: false, message: expect.stringContaining('"moved.png" could not be read') });
  });
});
