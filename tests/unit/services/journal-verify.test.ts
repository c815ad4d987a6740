import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, segmentFileName } from '../../../electron/services/journal';
import { verificationReportSchema } from '../../../shared/journal/entry';
import { withTempDir } from '../../support/temp-dir';
import { PausingFileSystem } from './faulty-file-system';
import { events } from './ledger-fixtures';

/** A journal of 10 entries in batches of 2, and a way to rewrite its first segment's lines. */
async function tenEntries(dir: string) {
  const folder = join(dir, 'journal');
  await mkdir(folder, { recursive: true });
  const journal = new Journal(folder, { entriesPerSegment: 6 });
  for (let i = 0; i < 5; i++) await journal.append(events(2, { first: i * 2 }));
  const path = join(folder, segmentFileName(1));
  const edit = async (change: (lines: string[]) => string[]) => {
    const lines = (await readFile(path, 'utf8')).split('\n').filter(Boolean);
    await writeFile(path, `${change(lines).join('\n')}\n`);
  };
  return { folder, journal, edit };
}

function rewrite(line: string, change: (entry: Record<string, unknown>) => void): string {
  const entry = JSON.parse(line) as Record<string, unknown>;
  change(entry);
  return JSON.stringify(entry);
}

describe('verifying the journal', () => {
  it('finds an untouched journal intact, across segments, and reports progress', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await tenEntries(dir);
      const progress: number[] = [];
      const report = await journal.verify({ onProgress: (done) => progress.push(done) });
      expect(report).toMatchObject({ entriesChecked: 10, head: journal.head(), firstBrokenLink: null, sequenceGaps: [], unreadableLines: [], verdict: 'intact' });
      expect(progress.at(-1)).toBe(10);
    });
  });

  it('names the entry whose contents were edited (hash mismatch)', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.map((line, i) => (i === 3 ? rewrite(line, (e) => (e.actor = 'mallory')) : line)));
      const report = await journal.verify();
      expect(report.verdict).toBe('broken');
      expect(report.firstBrokenLink).toMatchObject({ seq: 4, problem: expect.stringMatching(/changed after it was written \(hash mismatch\)/) });
      expect(report.firstBrokenLink!.found).not.toBe(report.firstBrokenLink!.expected);
    });
  });

  it('names the entry whose encrypted content was replaced (payload hash mismatch)', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.map((line, i) => (i === 2 ? rewrite(line, (e) => (e.payload = Buffer.from('other ciphertext').toString('base64'))) : line)));
      const report = await journal.verify();
      expect(report.firstBrokenLink).toMatchObject({ seq: 3, problem: expect.stringMatching(/payload hash mismatch/) });
    });
  });

  it('names the line whose encrypted content had characters slipped in that decoding would skip', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      // Node's base64 decoder skips '!' and '\n', so the bytes and their hash stay the same: only the text shows the change.
      await edit((lines) => lines.map((line, i) => (i === 2 ? rewrite(line, (e) => (e.payload = `!${String(e.payload)}`)) : line)));
      const report = await journal.verify();
      expect(report.verdict).toBe('broken');
      expect(report.unreadableLines).toEqual([{ segment: segmentFileName(1), line: 3, problem: expect.stringMatching(/payload: not base64/) }]);
    });
  });

  it('reports a last entry whose hash was replaced by something that is no hash, in a report that still reads', async () => {
    await withTempDir(async (dir) => {
      const { journal, folder } = await tenEntries(dir);
      const last = join(folder, segmentFileName(2));
      const lines = (await readFile(last, 'utf8')).split('\n').filter(Boolean);
      lines[lines.length - 1] = rewrite(lines.at(-1)!, (e) => (e.hash = 'not a hash'));
      await writeFile(last, `${lines.join('\n')}\n`);
      const report = await new Journal(journal.folder).verify();
      expect(report.verdict).toBe('broken');
      expect(report.firstBrokenLink).toMatchObject({ seq: 10, problem: expect.stringMatching(/hash mismatch/), found: 'not a hash' });
      expect(verificationReportSchema.safeParse(report).success).toBe(true);
    });
  });

  it('shows only the beginning of whatever long text was put where a hash belongs', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.map((line, i) => (i === 1 ? rewrite(line, (e) => (e.prevHash = 'x'.repeat(100_000))) : line)));
      const report = await journal.verify();
      expect(report.firstBrokenLink).toMatchObject({ seq: 2, problem: expect.stringMatching(/prevHash mismatch/), found: `${'x'.repeat(100)}…` });
    });
  });

  it('accepts a payload destroyed under the retention schedule: the hash stays, the chain verifies', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.map((line, i) => (i === 2 ? rewrite(line, (e) => (e.payload = null)) : line)));
      expect((await journal.verify()).verdict).toBe('intact');
    });
  });

  it('names the gap and the first broken link when an entry is deleted', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.filter((_, i) => i !== 4));
      const report = await journal.verify();
      expect(report.sequenceGaps).toEqual([{ after: 4, next: 6 }]);
      expect(report.firstBrokenLink).toMatchObject({ seq: 6, problem: expect.stringMatching(/prevHash mismatch/) });
      expect(report.verdict).toBe('broken');
    });
  });

  it('names the first out-of-place entry when two are swapped', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => [lines[0]!, lines[2]!, lines[1]!, ...lines.slice(3)]);
      const report = await journal.verify();
      expect(report.firstBrokenLink).toMatchObject({ seq: 3, problem: expect.stringMatching(/prevHash mismatch/) });
      expect(report.sequenceGaps).toContainEqual({ after: 1, next: 3 });
    });
  });

  it('notices a cut-off tail while the app runs', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal } = await tenEntries(dir);
      const last = join(folder, segmentFileName(2));
      const lines = (await readFile(last, 'utf8')).split('\n').filter(Boolean);
      await writeFile(last, `${lines.slice(0, 2).join('\n')}\n`);
      const report = await journal.verify();
      expect(report.head.seq).toBe(8);
      expect(report.firstBrokenLink).toMatchObject({ seq: 9, expected: 'entries up to 10', found: 'the journal ends at entry 8' });
      expect(report.verdict).toBe('broken');
    });
  });

  it('notices a cut-off tail after a restart, from the highest entry known to have existed', async () => {
    await withTempDir(async (dir) => {
      const { folder } = await tenEntries(dir);
      const last = join(folder, segmentFileName(2));
      const lines = (await readFile(last, 'utf8')).split('\n').filter(Boolean);
      await writeFile(last, `${lines.slice(0, 2).join('\n')}\n`);
      const reopened = new Journal(folder, { entriesPerSegment: 6 });
      await reopened.open();
      const report = await reopened.verify({ expectedLastSeq: 10 });
      expect(report.firstBrokenLink).toMatchObject({ seq: 9, problem: expect.stringMatching(/missing/) });
    });
  });

  it('lists an unreadable line by file and line number', async () => {
    await withTempDir(async (dir) => {
      const { journal, edit } = await tenEntries(dir);
      await edit((lines) => lines.map((line, i) => (i === 1 ? line.slice(0, 30) : line)));
      const report = await journal.verify();
      expect(report.unreadableLines).toEqual([{ segment: segmentFileName(1), line: 2, problem: expect.stringMatching(/not valid JSON/) }]);
      expect(report.firstBrokenLink).toMatchObject({ seq: 3 });
      expect(report.verdict).toBe('broken');
    });
  });

  it('refuses a line of an unknown journal format version by name, in verification and when reading, never guessing at it', async () => {
    await withTempDir(async (dir) => {
      const { folder, journal, edit } = await tenEntries(dir);
      // As a newer app would write it: everything else in place.
      await edit((lines) => lines.map((line, i) => (i === 2 ? rewrite(line, (e) => (e.v = 2)) : line)));
      const report = await journal.verify();
      expect(report.unreadableLines).toEqual([
        { segment: segmentFileName(1), line: 3, problem: expect.stringMatching(/journal format version 2, which this version of Records Ledger cannot read \(it reads version 1\)/) },
      ]);
      expect(report.verdict).toBe('broken');
      const reopened = new Journal(folder, { entriesPerSegment: 6 });
      await expect(reopened.read(0, 10)).rejects.toThrow(/entry 3 in segment-000001\.jsonl cannot be read\. The line is written in journal format version 2/);
    });
  });

  it('stops when cancelled', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await tenEntries(dir);
      const controller = new AbortController();
      controller.abort();
      await expect(journal.verify({ signal: controller.signal })).rejects.toThrow();
    });
  });

  it('does not report an append that is still being written as damage', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'journal');
      await mkdir(folder, { recursive: true });
      const fs = new PausingFileSystem();
      const journal = new Journal(folder, { fs });
      await journal.append(events(4));
      const paused = fs.pauseWrites('segment-', 150);
      const appending = journal.append(events(3, { first: 4 }));
      await paused.reached;
      // The file now ends in half a line, as it does for a moment during every append.
      const verifying = journal.verify();
      await Promise.race([verifying, new Promise((resolve) => setTimeout(resolve, 200))]);
      paused.release();
      await appending;
      const report = await verifying;
      expect(report.unreadableLines).toEqual([]);
      expect(report.verdict).toBe('intact');
      expect(report.head.seq).toBeGreaterThanOrEqual(4);
    });
  });

  it('checks only what existed when it began: entries appended during the check are left for the next one', async () => {
    await withTempDir(async (dir) => {
      const { journal } = await tenEntries(dir);
      let appended: Promise<unknown> | null = null;
      const report = await journal.verify({
        onProgress: () => {
          appended ??= journal.append(events(3, { first: 50 }));
        },
      });
      await appended;
      expect(report).toMatchObject({ entriesChecked: 10, head: { seq: 10 }, verdict: 'intact' });
      expect((await journal.verify()).entriesChecked).toBe(13);
    });
  });
});
