import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, segmentFileName } from '../../../electron/services/journal';
import { VaultStore } from '../../../electron/services/vault-store';
import { withTempDir } from '../../support/temp-dir';
import { events, header, manualClock, vaultPaths } from './ledger-fixtures';

/**
 * What opening the journal may cut from the end of its last segment: only
 * bytes that were provably never acknowledged, and never without a copy.
 */
async function journalWith(dir: string, batches: number[]) {
  const folder = join(dir, 'journal');
  await mkdir(folder, { recursive: true });
  const clock = manualClock('2025-03-04T05:06:07.000Z');
  const journal = new Journal(folder, { now: clock.now });
  let first = 0;
  for (const size of batches) {
    await journal.append(events(size, { first }));
    first += size;
  }
  const path = join(folder, segmentFileName(1));
  return { folder, path, clock, bytes: await readFile(path) };
}

/** Lines with their newlines, so they can be rejoined byte for byte. */
function splitKeepingNewlines(bytes: Buffer): string[] {
  return bytes.toString('utf8').split(/(?<=\n)/);
}

/** One byte of a line changed so that the line is no longer JSON (a `"` becomes `#`). */
function flipByteIn(line: string): string {
  const at = line.indexOf('"type"');
  return `${line.slice(0, at)}#${line.slice(at + 1)}`;
}

const TORN = /^segment-000001\.torn-20250304T050607Z/;

describe('opening a journal whose end is damaged or torn', () => {
  it('keeps an acknowledged 5-entry batch whose last line has one flipped byte: nothing cut, appends refused, verify names the line', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const lines = splitKeepingNewlines(bytes);
      lines[6] = flipByteIn(lines[6]!);
      const damaged = Buffer.from(lines.join(''));
      await writeFile(path, damaged);

      const reopened = new Journal(folder);
      const head = await reopened.open();
      expect(await readFile(path)).toEqual(damaged);
      expect(head.seq).toBe(6);
      expect((await reopened.read(0, 100)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      await expect(reopened.append(events(1, { first: 90 }))).rejects.toMatchObject({
        code: 'storage_failure',
        message:
          "The journal's last entries are damaged (segment-000001.jsonl line 7). Nothing more can be saved until it is repaired: restore the latest backup, or ask for help. Nothing was deleted.",
      });
      expect(await readFile(path)).toEqual(damaged);
      const report = await reopened.verify();
      expect(report.unreadableLines).toEqual([{ segment: segmentFileName(1), line: 7, problem: expect.stringMatching(/not valid JSON/) }]);
      expect(report.verdict).toBe('broken');
    });
  });

  it('never falls back to the genesis head when the last two lines are unreadable: the next append would reuse seq 1', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const lines = splitKeepingNewlines(bytes);
      lines[5] = flipByteIn(lines[5]!);
      lines[6] = flipByteIn(lines[6]!);
      const damaged = Buffer.from(lines.join(''));
      await writeFile(path, damaged);

      const reopened = new Journal(folder);
      const head = await reopened.open();
      expect(head.seq).toBe(5);
      expect(reopened.damage()).toMatchObject({ segment: segmentFileName(1), line: 6 });
      await expect(reopened.append(events(1))).rejects.toThrow(/segment-000001\.jsonl line 6.*Nothing was deleted/);
      expect(await readFile(path)).toEqual(damaged);
      expect((await reopened.verify()).unreadableLines.map((l) => l.line)).toEqual([6, 7]);
    });
  });

  it('does not cut an incomplete last batch when one of its lines is unreadable', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const lines = splitKeepingNewlines(bytes);
      lines[3] = flipByteIn(lines[3]!);
      const damaged = Buffer.from(lines.slice(0, 6).join(''));
      await writeFile(path, damaged);

      const reopened = new Journal(folder);
      await reopened.open();
      expect(reopened.damage()).toMatchObject({ line: 4 });
      expect(await readFile(path)).toEqual(damaged);
      await expect(reopened.append(events(1))).rejects.toMatchObject({ code: 'storage_failure' });
    });
  });

  it('does not cut a complete last entry that only lost its line ending', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const damaged = bytes.subarray(0, bytes.length - 1);
      await writeFile(path, damaged);

      const reopened = new Journal(folder);
      await reopened.open();
      expect(reopened.damage()).toMatchObject({ line: 7 });
      expect(await readFile(path)).toEqual(damaged);
      await expect(reopened.append(events(1))).rejects.toThrow(/line 7/);
    });
  });

  it('cuts a torn fragment, but copies it first into a synced quarantine file beside the segment', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const fragment = Buffer.from('{"v":1,"seq":8,"at":"2025-03-04T05:0');
      await writeFile(path, Buffer.concat([bytes, fragment]));

      const reopened = new Journal(folder, { now: manualClock('2025-03-04T05:06:07.000Z').now });
      expect((await reopened.open()).seq).toBe(7);
      expect(reopened.damage()).toBeNull();
      expect(await readFile(path)).toEqual(bytes);
      const quarantined = (await readdir(folder)).filter((name) => name !== segmentFileName(1));
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0]).toMatch(TORN);
      expect(await readFile(join(folder, quarantined[0]!))).toEqual(fragment);
      expect((await reopened.append(events(1))).firstSeq).toBe(8);
      expect((await reopened.verify()).verdict).toBe('intact');
    });
  });

  it('cuts an incomplete last batch whose lines all read (its last member missing), keeping a copy', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 5]);
      const lines = splitKeepingNewlines(bytes);
      const kept = Buffer.from(lines.slice(0, 2).join(''));
      const cut = Buffer.from(lines.slice(2, 6).join(''));
      await writeFile(path, Buffer.concat([kept, cut]));

      const reopened = new Journal(folder, { now: manualClock('2025-03-04T05:06:07.000Z').now });
      expect((await reopened.open()).seq).toBe(2);
      expect(await readFile(path)).toEqual(kept);
      const [quarantined] = (await readdir(folder)).filter((name) => TORN.test(name));
      expect(await readFile(join(folder, quarantined!))).toEqual(cut);
    });
  });

  it('gives a second quarantine of the same second its own name', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2]);
      for (const tail of ['{"v":1,"se', '{"v":1']) {
        await writeFile(path, Buffer.concat([bytes, Buffer.from(tail)]));
        await new Journal(folder, { now: manualClock('2025-03-04T05:06:07.000Z').now }).open();
      }
      const quarantined = (await readdir(folder)).filter((name) => TORN.test(name)).sort();
      expect(quarantined).toHaveLength(2);
      expect((await Promise.all(quarantined.map((name) => readFile(join(folder, name), 'utf8')))).sort()).toEqual(['{"v":1', '{"v":1,"se']);
    });
  });

  it('refuses to carry on when the read model had read further than the journal now goes (it was cut behind the app’s back)', async () => {
    await withTempDir(async (dir) => {
      const store = new VaultStore(dir);
      await store.create(header(), events(2));
      await (await store.open()).journal.append(events(3, { first: 2 }));
      await store.setReadModelMarker({ instanceId: 'idb-1', lastSeq: 5 });
      const segment = vaultPaths(dir).segment(1);
      const lines = splitKeepingNewlines(await readFile(segment));
      await writeFile(segment, lines.slice(0, 2).join(''));

      const reopened = new VaultStore(dir);
      const status = await reopened.status();
      expect(status).toEqual({ state: 'unreadable', message: expect.stringMatching(/ends at entry 2.*entry 5/) });
      await expect(reopened.open()).rejects.toMatchObject({ code: 'storage_failure' });
      expect(splitKeepingNewlines(await readFile(segment))).toHaveLength(2);
    });
  });
});

describe('a newline-terminated line of zeros after the last whole batch', () => {
  it('is not assumed unwritten: the journal opens damaged and nothing is cut', async () => {
    await withTempDir(async (dir) => {
      const { folder, path, bytes } = await journalWith(dir, [2, 3]);
      const damaged = Buffer.concat([bytes, Buffer.from('\u0000\u0000\u0000\n')]);
      await writeFile(path, damaged);
      const reopened = new Journal(folder);
      expect((await reopened.open()).seq).toBe(5);
      expect(reopened.damage()).toMatchObject({ line: 6 });
      expect(await readFile(path)).toEqual(damaged);
    });
  });
});

describe('a damaged line that is the only line of the last segment', () => {
  it('keeps the head of the segment before it, so reads still work and nothing is renumbered', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'journal');
      await mkdir(folder, { recursive: true });
      const journal = new Journal(folder, { entriesPerSegment: 2 });
      const kept = await journal.append(events(2));
      await journal.append(events(1, { first: 2 }));
      const path = join(folder, segmentFileName(2));
      const damaged = Buffer.from(flipByteIn(await readFile(path, 'utf8')));
      await writeFile(path, damaged);

      const reopened = new Journal(folder, { entriesPerSegment: 2 });
      expect(await reopened.open()).toEqual(kept.head);
      expect(reopened.damage()).toMatchObject({ segment: segmentFileName(2), line: 1 });
      expect((await reopened.read(0, 10)).map((e) => e.seq)).toEqual([1, 2]);
      await expect(reopened.append(events(1))).rejects.toThrow(/segment-000002\.jsonl line 1/);
      expect(await readdir(folder)).toEqual([segmentFileName(1), segmentFileName(2)]);
      expect(await readFile(path)).toEqual(damaged);
    });
  });
});
