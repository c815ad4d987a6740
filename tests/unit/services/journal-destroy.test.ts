import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../../electron/services/journal';
import { VaultStore } from '../../../electron/services/vault-store';
import type { NewEvent } from '../../../shared/journal/entry';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem } from './faulty-file-system';
import { filesHolding, header, manualClock, randomBytesFrom, seededRandom, traces, vaultPaths } from './ledger-fixtures';

/**
 * Destroying record content in the journal under the retention schedule:
 * the content must be gone from the disk, the chain must still verify, and
 * every other record must read as before.
 */
const random = seededRandom(6);

function version(recordId: string, bytes = 300): NewEvent {
  return { type: 'removal.version', actor: 'alice', recordId, payload: randomBytesFrom(random, bytes) };
}

/** A ledger whose records each have versions spread over several segments (4 entries each). */
async function ledgerWithVersions(dataDir: string, options: { fs?: FaultyFileSystem } = {}) {
  const vault = new VaultStore(dataDir, { now: manualClock().now, entriesPerSegment: 4, fs: options.fs });
  await vault.create(header(), [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }]);
  const { journal } = await vault.open();
  const written: Array<NewEvent & { seq: number }> = [];
  for (let round = 0; round < 4; round++) {
    for (const recordId of ['rec-old', 'rec-kept', 'rec-other']) {
      const event = version(recordId);
      const { firstSeq } = await journal.append([event, { type: 'audit.view', actor: 'alice', recordId: null, payload: null }]);
      written.push({ ...event, seq: firstSeq });
    }
  }
  return { vault, journal, written };
}

describe('destroying record content in the journal', () => {
  it('leaves no trace of the destroyed content in any file of the data folder, and every other record reads as before', async () => {
    await withTempDir(async (dir) => {
      const { vault, journal, written } = await ledgerWithVersions(dir);
      const destroyed = written.filter((e) => e.recordId === 'rec-old');
      const kept = written.filter((e) => e.recordId !== 'rec-old');
      const segments = new Set(destroyed.map((e) => Math.ceil(e.seq / 4)));
      expect(segments.size).toBeGreaterThan(2);
      const before = await journal.read(0, 1000);
      const needles = destroyed.flatMap((e) => traces(e.payload!));
      expect(await filesHolding(dir, needles)).not.toEqual([]);

      const result = await journal.destroyPayloads(new Set(['rec-old']), journal.head().seq + 1);

      expect(result).toEqual({ payloadsDestroyed: destroyed.length });
      expect(await filesHolding(dir, needles)).toEqual([]);
      const after = await journal.read(0, 1000);
      for (const entry of after) {
        const was = before.find((e) => e.seq === entry.seq)!;
        if (entry.recordId === 'rec-old') {
          // What existed is still proven by its hash; only the content is gone.
          expect(entry).toEqual({ ...was, payload: null });
        } else {
          expect(entry).toEqual(was);
        }
      }
      for (const event of kept) expect(after.find((e) => e.seq === event.seq)!.payload).toEqual(event.payload);
      expect(await journal.verify()).toMatchObject({ verdict: 'intact', entriesChecked: before.length });

      const reopened = new VaultStore(dir);
      expect(await (await reopened.open()).journal.read(0, 1000)).toEqual(after);
      expect(await (await reopened.open()).journal.verify()).toMatchObject({ verdict: 'intact' });
      void vault;
    });
  });

  it('keeps the content written at or after the point it is given (the stubs of the disposition itself)', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await ledgerWithVersions(dir);
      const stub = version('rec-old', 80);
      const { firstSeq } = await journal.append([stub]);
      await journal.destroyPayloads(new Set(['rec-old']), firstSeq);
      const entries = await journal.read(0, 1000);
      expect(entries.filter((e) => e.recordId === 'rec-old' && e.payload !== null).map((e) => e.seq)).toEqual([firstSeq]);
      expect(entries.at(-1)!.payload).toEqual(stub.payload);
    });
  });

  it('continues the chain afterwards: new entries are appended, verified and read after reopening', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await ledgerWithVersions(dir);
      const head = journal.head();
      await journal.destroyPayloads(new Set(['rec-old', 'rec-other']), head.seq + 1);
      const next = version('rec-new');
      const appended = await journal.append([next, version('rec-new')]);
      expect(appended.firstSeq).toBe(head.seq + 1);
      const [first] = await journal.read(head.seq, 1);
      expect(first!.prevHash).toBe(head.hash);
      expect(first!.payload).toEqual(next.payload);
      expect(await journal.verify()).toMatchObject({ verdict: 'intact', entriesChecked: head.seq + 2 });
      const reopened = new Journal(vaultPaths(dir).journal);
      expect(await reopened.open()).toEqual(appended.head);
      expect(await reopened.read(0, 1000)).toEqual(await journal.read(0, 1000));
    });
  });

  it('does nothing the second time: no file is rewritten and the count is zero', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await ledgerWithVersions(dir);
      const end = journal.head().seq + 1;
      await journal.destroyPayloads(new Set(['rec-old']), end);
      const folder = vaultPaths(dir).journal;
      const files = async () =>
        Promise.all((await readdir(folder)).sort().map(async (name) => ({ name, inode: (await stat(join(folder, name))).ino, bytes: await readFile(join(folder, name)) })));
      const once = await files();
      expect(await journal.destroyPayloads(new Set(['rec-old']), end)).toEqual({ payloadsDestroyed: 0 });
      expect(await files()).toEqual(once);
    });
  });

  it('rewrites only the segments that hold the content', async () => {
    await withTempDir(async (dir) => {
      const { journal, written } = await ledgerWithVersions(dir);
      const folder = vaultPaths(dir).journal;
      const inodes = async () => Object.fromEntries(await Promise.all((await readdir(folder)).map(async (name) => [name, (await stat(join(folder, name))).ino] as const)));
      const before = await inodes();
      const target = written.find((e) => e.recordId === 'rec-kept')!;
      const holding = `segment-${String(Math.ceil(target.seq / 4)).padStart(6, '0')}.jsonl`;
      // Only the first version of rec-kept is before this point.
      await journal.destroyPayloads(new Set(['rec-kept']), target.seq + 1);
      const after = await inodes();
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
      for (const name of Object.keys(before)) {
        if (name === holding) expect(after[name]).not.toBe(before[name]);
        else expect(after[name]).toBe(before[name]);
      }
    });
  });

  it('reports progress in entries scanned, ending at the total', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await ledgerWithVersions(dir);
      const total = journal.head().seq;
      const seen: Array<[number, number]> = [];
      await journal.destroyPayloads(new Set(['rec-old']), total + 1, { onProgress: (done, of) => seen.push([done, of]) });
      expect(seen.at(-1)).toEqual([total, total]);
      expect(seen.every(([, of]) => of === total)).toBe(true);
      expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
    });
  });

  it('lets reads run while it works: each read sees every entry, with its content or with it destroyed', async () => {
    await withTempDir(async (dir) => {
      const { journal, written } = await ledgerWithVersions(dir);
      const total = journal.head().seq;
      let finished = false;
      const destroying = journal.destroyPayloads(new Set(['rec-old']), total + 1).finally(() => (finished = true));
      const reads: Awaited<ReturnType<Journal['read']>>[] = [];
      const reader = async () => {
        while (!finished) reads.push(await journal.read(0, 1000));
      };
      await Promise.all([reader(), reader(), reader(), reader(), destroying]);
      expect(reads.length).toBeGreaterThan(4);
      for (const entries of reads) {
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        for (const event of written) {
          const entry = entries.find((e) => e.seq === event.seq)!;
          if (event.recordId === 'rec-old') expect([null, event.payload]).toContainEqual(entry.payload);
          else expect(entry.payload).toEqual(event.payload);
        }
      }
    });
  });

  it('when the disk fails mid-way, leaves the segment whole and no copy of the content beside it; trying again finishes', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const { journal, written } = await ledgerWithVersions(dir, { fs });
      const needles = written.filter((e) => e.recordId === 'rec-old').flatMap((e) => traces(e.payload!));
      const before = await journal.read(0, 1000);
      fs.inject({ operation: 'rename', code: 'EIO', pathIncludes: 'segment-' });
      await expect(journal.destroyPayloads(new Set(['rec-old']), journal.head().seq + 1)).rejects.toMatchObject({ code: 'storage_failure' });
      expect(fs.triggered).toBe(1);
      expect((await readdir(vaultPaths(dir).journal)).filter((name) => name.startsWith('.'))).toEqual([]);
      const partly = await journal.read(0, 1000);
      expect(partly.map((e) => e.hash)).toEqual(before.map((e) => e.hash));

      await journal.destroyPayloads(new Set(['rec-old']), journal.head().seq + 1);
      expect(await filesHolding(dir, needles)).toEqual([]);
      expect(await journal.verify()).toMatchObject({ verdict: 'intact' });
    });
  });

  it('removes, when the journal opens, the half-written copy a crash mid-rewrite left beside a segment, and never reads it as a segment', async () => {
    await withTempDir(async (dir) => {
      const { journal, written } = await ledgerWithVersions(dir);
      const folder = vaultPaths(dir).journal;
      const leftover = join(folder, '.segment-000001.jsonl.rewrite-0123456789abcdef');
      const secret = written.find((e) => e.recordId === 'rec-old')!;
      await writeFile(leftover, Buffer.concat([await readFile(join(folder, 'segment-000001.jsonl')), Buffer.from(secret.payload!)]));
      const expected = await journal.read(0, 1000);

      const reopened = new Journal(folder);
      await reopened.open();
      expect(await readdir(folder)).not.toContain('.segment-000001.jsonl.rewrite-0123456789abcdef');
      expect(await reopened.read(0, 1000)).toEqual(expected);
      expect(await reopened.verify()).toMatchObject({ verdict: 'intact', entriesChecked: expected.length });
    });
  });
});

describe('a journal whose sealed segment had its first line changed (one field, the seq intact)', () => {
  async function changedFirstLine(dir: string) {
    const made = await ledgerWithVersions(dir);
    const second = vaultPaths(dir).segment(2);
    const text = await readFile(second, 'utf8');
    // "alice" → "alicf" in the first line only: its hash no longer checks out.
    const firstEnd = text.indexOf('\n');
    await writeFile(second, text.slice(0, firstEnd).replace('"alice"', '"alicf"') + text.slice(firstEnd));
    return { ...made, reopened: new Journal(vaultPaths(dir).journal, { entriesPerSegment: 4 }) };
  }

  it('still reads every entry, those of that segment and after it included; verification names the change', async () => {
    await withTempDir(async (dir) => {
      const { reopened, journal } = await changedFirstLine(dir);
      const all = await reopened.read(0, 1_000);
      expect(all.map((entry) => entry.seq)).toEqual(Array.from({ length: journal.head().seq }, (_, i) => i + 1));
      expect((await reopened.verify()).verdict).not.toBe('intact');
    });
  });

  it('still destroys the content asked for in the segments after it, rather than reporting nothing to destroy', async () => {
    await withTempDir(async (dir) => {
      const { reopened, written } = await changedFirstLine(dir);
      const targets = written.filter((event) => event.recordId === 'rec-old');
      const { payloadsDestroyed } = await reopened.destroyPayloads(new Set(['rec-old']), 1_000);
      expect(payloadsDestroyed).toBe(targets.length);
      const after = await reopened.read(0, 1_000);
      for (const target of targets) expect(after.find((entry) => entry.seq === target.seq)?.payload).toBeNull();
    });
  });
});

describe('a journal whose live segment had its first line changed (one field, the seq intact)', () => {
  it('keeps every entry of the segment readable and its head where it was', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await ledgerWithVersions(dir);
      const head = journal.head();
      const names = (await readdir(vaultPaths(dir).journal)).filter((name) => name.endsWith('.jsonl')).sort();
      const live = join(vaultPaths(dir).journal, names.at(-1)!);
      const text = await readFile(live, 'utf8');
      const firstEnd = text.indexOf('\n');
      await writeFile(live, text.slice(0, firstEnd).replace('"alice"', '"alicf"') + text.slice(firstEnd));

      const reopened = new Journal(vaultPaths(dir).journal, { entriesPerSegment: 4 });
      expect((await reopened.read(0, 1_000)).length).toBe(head.seq);
      expect(reopened.head()).toEqual(head);
    });
  });
});
