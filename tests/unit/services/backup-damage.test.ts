import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BackupService } from '../../../electron/services/backup';
import { encodePrelude } from '../../../electron/services/backup-format';
import { VaultStore } from '../../../electron/services/vault-store';
import { events, header } from './ledger-fixtures';

/**
 * Every way a backup file can be wrong is refused, by name, before anything
 * is written: to a fresh data folder (restore) or to a live ledger (verify).
 */
let root: string;
let good: Buffer;
let live: VaultStore;
let liveBefore: Record<string, string>;

async function filesUnder(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(folder.length)] = (await readFile(join(entry.parentPath, entry.name))).toString('base64');
  }
  return files;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'records-ledger-damage-'));
  live = new VaultStore(join(root, 'live'), { entriesPerSegment: 15 });
  await live.create(header(), events(10, { payloadBytes: 200 }));
  await (await live.open()).journal.append(events(10, { first: 10, payloadBytes: 200 }));
  await (await live.open()).attachments.put('shot', new Uint8Array(2000).fill(3));
  await mkdir(join(root, 'usb'));
  const { backup } = await new BackupService({ vault: live }).create(join(root, 'usb'), 7);
  good = await readFile(backup.file);
  liveBefore = await filesUnder(live.vaultDir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
/** Tries to verify against the live ledger and to restore into a fresh folder; both must refuse, and change nothing. */
async function refusal(bytes: Uint8Array): Promise<{ code: string; message: string }> {
  const file = join(root, `candidate-${++counter}.rlbackup`);
  await writeFile(file, bytes);
  const verifyError = await new BackupService({ vault: live }).verify(file).then(
    () => null,
    (error: unknown) => error as { code: string; message: string },
  );
  const fresh = join(root, `fresh-${counter}`);
  const restoreError = await new BackupService({ vault: new VaultStore(fresh) }).restore(file).then(
    () => null,
    (error: unknown) => error as { code: string; message: string },
  );
  expect(verifyError, 'verify accepted a bad backup').not.toBeNull();
  expect(restoreError?.message).toBe(verifyError!.message);
  expect(await readdir(fresh).catch(() => [])).toEqual([]);
  expect(await filesUnder(live.vaultDir)).toEqual(liveBefore);
  return { code: verifyError!.code, message: verifyError!.message };
}

function layout() {
  const manifestLength = good.readUInt32BE(16);
  const bodiesStart = 20 + manifestLength;
  const manifest = JSON.parse(good.toString('utf8', 20, bodiesStart)) as { files: Array<{ path: string; bytes: number }> };
  const bodiesEnd = bodiesStart + manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  return { manifestLength, bodiesStart, bodiesEnd, files: manifest.files, trailerStart: good.length - 32 };
}

function flip(bytes: Buffer, position: number, bit = 0): Buffer {
  const copy = Buffer.from(bytes);
  copy[position]! ^= 1 << bit;
  return copy;
}

describe('a damaged or foreign backup file', () => {
  it('refuses an empty file', async () => {
    expect(await refusal(new Uint8Array(0))).toEqual({ code: 'storage_failure', message: expect.stringMatching(/^This file is empty \(0 bytes\)/) });
  });

  it.each([4, 16, 20])('refuses a file cut off after its first %i bytes (the header alone)', async (cut) => {
    expect((await refusal(good.subarray(0, cut))).message).toMatch(/^This backup is incomplete: it is only \d+ bytes long/);
  });

  it('refuses a file cut off at any of several points, saying it is incomplete', async () => {
    const { bodiesStart } = layout();
    const cuts = [bodiesStart - 3, bodiesStart, bodiesStart + 1, Math.floor(good.length / 2), good.length - 33, good.length - 1];
    let seed = 7;
    for (let i = 0; i < 4; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      cuts.push(21 + (seed % (good.length - 22)));
    }
    for (const cut of cuts) {
      expect((await refusal(good.subarray(0, cut))).message, `cut at ${cut}`).toMatch(/^This backup is incomplete: .*cut short while being written or copied\. Use another copy/);
    }
  });

  it('refuses a file with a bit flipped anywhere, naming what is damaged where it can', async () => {
    const { bodiesStart, bodiesEnd, files, trailerStart } = layout();
    const firstSegmentStart = bodiesStart + files[0]!.bytes;
    const cases: Array<[number, RegExp]> = [
      [2, /damaged: its opening signature has been altered/],
      [11, /damaged: its format version field has been altered/],
      [13, /damaged: its format version field has been altered/],
      [18, /This backup is (damaged|incomplete)/],
      [40, /damaged: its (table of contents|final checksum)/],
      [bodiesStart + 5, /damaged: the file header\.json inside it does not match its checksum/],
      [firstSegmentStart + 100, /damaged: the file journal\/segment-000001\.jsonl inside it does not match its checksum/],
      [bodiesEnd - 1, /damaged: the file attachments\/shot\.bin inside it does not match its checksum/],
      [bodiesEnd + 3, /damaged: the file header\.json inside it does not match its checksum/],
      [trailerStart + 31, /damaged: its final checksum does not match its contents/],
    ];
    for (const [position, message] of cases) {
      for (const bit of [0, 7]) {
        expect((await refusal(flip(good, position, bit))).message, `bit ${bit} of byte ${position}`).toMatch(message);
      }
    }
  });

  it('refuses a backup of a newer format by its version, saying which app to use', async () => {
    const newer = Buffer.concat([encodePrelude(2), Buffer.from('whatever version 2 holds')]);
    expect(await refusal(newer)).toEqual({
      code: 'unsupported_version',
      message: 'This backup was written in format version 2; this app reads version 1. Restore it with the newer version of Records Ledger that wrote it.',
    });
  });

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')],
    ['a text file', Buffer.from('These are my notes about the backups.\n')],
    ['a few stray bytes', Buffer.from([1, 2, 3])],
  ])('refuses %s as not a backup at all', async (_label, bytes) => {
    expect(await refusal(bytes)).toEqual({ code: 'invalid_request', message: expect.stringMatching(/^This file is not a Records Ledger backup/) });
  });

  it('refuses extra bytes added at the end', async () => {
    expect((await refusal(Buffer.concat([good, Buffer.from('x')]))).message).toMatch(/damaged: it has 1 unexpected byte at its end/);
  });

  it('still accepts the untouched file', async () => {
    const file = join(root, 'untouched.rlbackup');
    await writeFile(file, good);
    await expect(new BackupService({ vault: live }).verify(file)).resolves.toMatchObject({ journalEntries: 20, attachments: 1 });
  });
});
