import { mkdir, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, segmentFileName } from '../../../electron/services/journal';
import { GENESIS_HASH } from '../../../shared/journal/entry';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem, type Fault } from './faulty-file-system';
import { events, manualClock } from './ledger-fixtures';

async function journalIn(dir: string, options: ConstructorParameters<typeof Journal>[1] = {}) {
  const folder = join(dir, 'journal');
  await mkdir(folder, { recursive: true });
  const journal = new Journal(folder, options);
  await journal.open();
  return { folder, journal };
}

async function lines(path: string): Promise<string[]> {
  return (await readFile(path, 'utf8')).split('\n').filter(Boolean);
}

describe('the journal', () => {
  it('starts empty at the genesis hash', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await journalIn(dir);
      expect(journal.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
      expect(await journal.read(0, 10)).toEqual([]);
    });
  });

  it('gives back what was appended, payload bytes and all, after reopening', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const { folder, journal } = await journalIn(dir, { now: clock.now });
      const first = await journal.append(events(3));
      clock.advance(60_000);
      const second = await journal.append(events(2, { first: 3 }));
      expect(first).toMatchObject({ firstSeq: 1, lastSeq: 3, at: '2025-03-01T09:00:00.000Z' });
      expect(second).toMatchObject({ firstSeq: 4, lastSeq: 5, at: '2025-03-01T09:01:00.000Z', head: { seq: 5 } });

      const reopened = new Journal(folder);
      expect(await reopened.open()).toEqual(second.head);
      const entries = await reopened.read(0, 100);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(entries.map((e) => e.recordId)).toEqual(['rec-0', 'rec-1', 'rec-2', 'rec-3', 'rec-4']);
      expect(entries[3]!.payload).toEqual(events(1, { first: 3 })[0]!.payload);
      expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
      expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
      expect(entries[0]!.batch).toMatchObject({ index: 0, size: 3 });
      expect(entries[3]!.batch.id).not.toBe(entries[0]!.batch.id);
      expect(await reopened.read(3, 1)).toEqual([entries[3]]);
      expect(await reopened.read(5, 10)).toEqual([]);
    });
  });

  it('keeps an event without a payload as null', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await journalIn(dir);
      await journal.append([{ type: 'audit.unlock', actor: 'alice', recordId: null, payload: null }]);
      const [entry] = await journal.read(0, 1);
      expect(entry).toMatchObject({ payload: null, payloadHash: null, recordId: null, type: 'audit.unlock' });
    });
  });

  it('rolls to a new segment between batches and reads across segments in pages', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await journalIn(dir, { entriesPerSegment: 4 });
      for (let i = 0; i < 5; i++) await journal.append(events(3, { first: i * 3 }));
      // 3 + 3 entries, 3 + 3, then 3: a segment that has reached 4 takes no further batch.
      expect((await readdir(folder)).sort()).toEqual([1, 2, 3].map(segmentFileName));

      const reopened = new Journal(folder, { entriesPerSegment: 4 });
      await reopened.open();
      const seen: number[] = [];
      for (let after = 0; after < 15; after += 4) seen.push(...(await reopened.read(after, 4)).map((e) => e.seq));
      expect(seen).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
      await reopened.append(events(1, { first: 15 }));
      expect((await reopened.read(14, 5)).map((e) => e.seq)).toEqual([15, 16]);
    });
  });

  it.each([
    ['a last line cut mid-way', (text: string, lastLine: string) => text.slice(0, text.length - Math.floor(lastLine.length / 2))],
    ['a batch with its last entries missing', (text: string, lastLine: string) => text.slice(0, text.length - lastLine.length - 1)],
    ['garbage after the last batch', (text: string) => `${text}{"v":1,"seq":9`],
  ])('treats %s as never written: reopening cuts back to the last whole batch', async (_label, damage) => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await journalIn(dir);
      const kept = await journal.append(events(2));
      await journal.append(events(3, { first: 2 }));
      const path = join(folder, segmentFileName(1));
      const text = await readFile(path, 'utf8');
      const lastLine = text.trimEnd().split('\n').at(-1)!;
      const damaged = damage(text, lastLine);
      await writeFile(path, damaged);

      const reopened = new Journal(folder);
      const head = await reopened.open();
      const expectedHead = damaged.startsWith(text) ? 5 : kept.head.seq;
      expect(head.seq).toBe(expectedHead);
      expect((await reopened.read(0, 10)).map((e) => e.seq)).toEqual(Array.from({ length: expectedHead }, (_, i) => i + 1));
      expect((await readFile(path, 'utf8')).endsWith('\n')).toBe(true);
      const next = await reopened.append(events(1, { first: 50 }));
      expect(next.firstSeq).toBe(expectedHead + 1);
      expect((await reopened.verify()).verdict).toBe('intact');
    });
  });

  it('drops a new segment whose only batch was torn, and continues the one before', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await journalIn(dir, { entriesPerSegment: 2 });
      await journal.append(events(2));
      await journal.append(events(3, { first: 2 }));
      const second = join(folder, segmentFileName(2));
      const size = (await stat(second)).size;
      await truncate(second, Math.floor(size / 2));

      const reopened = new Journal(folder, { entriesPerSegment: 2 });
      expect((await reopened.open()).seq).toBe(2);
      // Its bytes are kept in a quarantine file, which is not a segment.
      const left = await readdir(folder);
      expect(left.filter((name) => name.endsWith('.jsonl'))).toEqual([segmentFileName(1)]);
      expect(left.filter((name) => name.startsWith('segment-000002.torn-'))).toHaveLength(1);
      await reopened.append(events(1, { first: 9 }));
      expect((await reopened.verify()).verdict).toBe('intact');
    });
  });

  it('writes a batch in one go: all of it or none of it is in the journal after a torn write', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await journalIn(dir);
      await journal.append(events(4));
      const path = join(folder, segmentFileName(1));
      const before = await readFile(path);
      await journal.append(events(6, { first: 4 }));
      const after = await readFile(path);
      for (const cut of [before.length + 1, before.length + Math.floor((after.length - before.length) / 2), after.length - 2]) {
        await writeFile(path, after.subarray(0, cut));
        const reopened = new Journal(folder);
        expect((await reopened.open()).seq).toBe(4);
        expect(await readFile(path)).toEqual(before);
      }
      // Cut one byte short, the batch is whole but for its last newline: that may be a flipped byte of an
      // acknowledged batch, so it is not cut; the journal opens damaged instead.
      await writeFile(path, after.subarray(0, after.length - 1));
      const reopened = new Journal(folder);
      expect((await reopened.open()).seq).toBe(9);
      expect(reopened.damage()).toMatchObject({ line: 10 });
      expect(await readFile(path)).toEqual(after.subarray(0, after.length - 1));
    });
  });

  it.each<[string, Fault, RegExp]>([
    ['the disk is full', { operation: 'write', code: 'ENOSPC' }, /The disk is full, so the 3 new journal entries could not be saved; nothing was changed/],
    ['the write fails after some bytes', { operation: 'write', code: 'EIO', afterBytes: 700 }, /hardware error/],
    ['permission is refused', { operation: 'open', code: 'EACCES' }, /refused permission/],
    ['the fsync fails', { operation: 'sync', code: 'EIO' }, /hardware error.*nothing was changed/],
  ])('when %s during an append: a clear error, the journal as it was, and later appends work', async (_label, fault, message) => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const { folder, journal } = await journalIn(dir, { fs });
      await journal.append(events(2));
      const path = join(folder, segmentFileName(1));
      const before = await readFile(path);

      fs.inject({ ...fault, pathIncludes: 'segment-' });
      await expect(journal.append(events(3, { first: 2 }))).rejects.toThrow(message);
      expect(fs.triggered).toBe(1);
      expect(await readFile(path)).toEqual(before);
      expect(journal.head().seq).toBe(2);

      const next = await journal.append(events(1, { first: 5 }));
      expect(next).toMatchObject({ firstSeq: 3, lastSeq: 3 });
      const reopened = new Journal(folder);
      expect(await reopened.open()).toEqual(next.head);
      expect((await reopened.verify()).verdict).toBe('intact');
    });
  });

  it('removes the new segment file when the first append into it fails', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const { folder, journal } = await journalIn(dir, { fs, entriesPerSegment: 2 });
      await journal.append(events(2));
      fs.inject({ operation: 'write', code: 'ENOSPC', afterBytes: 100 });
      await expect(journal.append(events(2, { first: 2 }))).rejects.toThrow(/disk is full/);
      expect(await readdir(folder)).toEqual([segmentFileName(1)]);
      await journal.append(events(2, { first: 2 }));
      expect((await readdir(folder)).sort()).toEqual([segmentFileName(1), segmentFileName(2)]);
    });
  });

  it('serialises appends made at the same time: none interleave, the chain holds', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await journalIn(dir);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => journal.append(events(5, { first: i * 5 }))));
      const ranges = results.map((r) => [r.firstSeq, r.lastSeq]).sort((a, b) => a[0]! - b[0]!);
      expect(ranges).toEqual(Array.from({ length: 8 }, (_, i) => [i * 5 + 1, i * 5 + 5]));
      const entries = await journal.read(0, 100);
      for (const entry of entries) expect(entry.batch.index).toBe((entry.seq - 1) % 5);
      expect((await journal.verify()).verdict).toBe('intact');
    });
  });

  it('keeps seq order when the clock is set back a day, and verification lists the time jump', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock('2025-03-02T10:00:00.000Z');
      const { journal } = await journalIn(dir, { now: clock.now });
      await journal.append(events(2));
      clock.set('2025-03-01T10:00:00.000Z');
      await journal.append(events(2, { first: 2 }));
      const entries = await journal.read(0, 10);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      const report = await journal.verify();
      expect(report.timeWentBackwards).toEqual([{ seq: 3, previousAt: '2025-03-02T10:00:00.000Z', at: '2025-03-01T10:00:00.000Z' }]);
      expect(report.verdict).toBe('intact');
    });
  });

  it('refuses an empty batch', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await journalIn(dir);
      await expect(journal.append([])).rejects.toThrow(/nothing to add/);
    });
  });

  it('names the damaged entry when a read reaches a line that was tampered with', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await journalIn(dir, { entriesPerSegment: 3 });
      await journal.append(events(3));
      await journal.append(events(3, { first: 3 }));
      const path = join(folder, segmentFileName(1));
      const text = await lines(path);
      await writeFile(path, `${[text[0], text[2]].join('\n')}\n`);
      const reopened = new Journal(folder, { entriesPerSegment: 3 });
      await reopened.open();
      await expect(reopened.read(0, 10)).rejects.toThrow(/journal is damaged.*Verify the journal/);
    });
  });
});
