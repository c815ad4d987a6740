import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileSystem, type LedgerFileSystem } from '../../../electron/services/durable-files';
import { ChainChecker, Journal } from '../../../electron/services/journal';
import type { JournalRecord } from '../../../shared/ipc/channels';
import { LedgerFailure } from '../../../shared/ipc/result';
import { events, manualClock } from '../services/ledger-fixtures';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-runs';

/**
 * Journal segment files damaged at random, the way a failing disk, a bad copy
 * or a hand edit damages them. Whatever the damage, opening and verifying the
 * journal answer (never a crash, never a hang); nothing is deleted (what
 * opening cuts is kept in a quarantine file); only what provably was never
 * acknowledged is cut; damage is reported naming its file, line or entry; and
 * every entry stored before the damaged point still reads back as written.
 */

/** Three segments of six or seven entries, in batches of one to four, as saves leave them. */
const BATCHES = [1, 2, 3, 1, 2, 4, 2, 1, 3];
const ENTRIES_PER_SEGMENT = 6;
const SEGMENT_NAME = /^segment-\d{6}\.jsonl$/;

interface WrittenLine {
  /** The line with its newline, exactly as the journal wrote it. */
  text: string;
  end: number;
  /** Where the last line of this line's batch ends: the batch was acknowledged once that was on disk. */
  batchEnd: number;
}

interface WrittenSegment {
  name: string;
  bytes: Buffer;
  lines: WrittenLine[];
}

/** The real disk without fsync: no power is cut in these tests, and syncing would only make each case slower. */
const unsynced: LedgerFileSystem = {
  ...nodeFileSystem,
  open: async (path, flags) => {
    const handle = await nodeFileSystem.open(path, flags);
    return {
      write: (buffer, offset, length, position) => handle.write(buffer, offset, length, position),
      read: (buffer, offset, length, position) => handle.read(buffer, offset, length, position),
      sync: async () => undefined,
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

function linesOf(bytes: Buffer): WrittenLine[] {
  const texts = bytes.toString('utf8').split(/(?<=\n)/).filter(Boolean);
  let end = 0;
  const lines = texts.map((text) => {
    end += Buffer.byteLength(text);
    const entry = JSON.parse(text) as { batch: { index: number; size: number } };
    return { text, end, batchEnd: 0, batch: entry.batch };
  });
  return lines.map(({ text, end: lineEnd, batch }, i) => ({ text, end: lineEnd, batchEnd: lines[i + batch.size - 1 - batch.index]!.end }));
}

/** Every path to a leaf of a JSON value: what a field mutation may replace. */
function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function replaced(value: unknown, path: ReadonlyArray<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = { ...(value as object) } as Record<string | number, unknown>;
  const [head, ...rest] = path;
  copy[head!] = replaced(copy[head!], rest, by);
  return copy;
}

/** One way a segment goes wrong. Offsets and line numbers wrap around the segment's size. */
const damageKind = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.constantFrom('\n', '\r\n', '{', '}', '"', ',', '0', '9', '\\', '\u0000', '{"v":1,"seq":3,', '"payload":null}\n').map((text) => new Uint8Array(Buffer.from(text))),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('zeros' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap' as const), line: fc.nat(), other: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      line: fc.nat(),
      path: fc.nat(),
      value: fc.oneof(fc.integer({ min: -1, max: 25 }), fc.string({ maxLength: 12 }), fc.constant(null), fc.boolean(), fc.double()),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 2048 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('huge' as const),
      line: fc.nat(),
      length: fc.integer({ min: 1_000, max: 300_000 }),
      looksLikeEntry: fc.boolean(),
      newline: fc.boolean(),
    }),
  },
);
type Damage = typeof damageKind extends fc.Arbitrary<infer T> ? T : never;

function applyDamage(bytes: Buffer, damage: Damage): Buffer {
  const lines = bytes.toString('utf8').split(/(?<=\n)/).filter(Boolean);
  const lineAt = (n: number) => (lines.length === 0 ? 0 : n % lines.length);
  const joined = (parts: string[]) => Buffer.from(parts.join(''), 'utf8');
  switch (damage.kind) {
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      const at = damage.at % copy.length;
      copy[at] = copy[at]! ^ damage.xor;
      return copy;
    }
    case 'cut':
      return bytes.subarray(0, damage.at % (bytes.length + 1));
    case 'insert': {
      const at = damage.at % (bytes.length + 1);
      return Buffer.concat([bytes.subarray(0, at), damage.bytes, bytes.subarray(at)]);
    }
    case 'zeros': {
      const copy = Buffer.from(bytes);
      const at = damage.at % (copy.length + 1);
      copy.fill(0, at, Math.min(copy.length, at + damage.length));
      return copy;
    }
    case 'duplicate': {
      if (lines.length === 0) return bytes;
      const i = lineAt(damage.line);
      return joined([...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)]);
    }
    case 'delete':
      return lines.length === 0 ? bytes : joined(lines.filter((_, i) => i !== lineAt(damage.line)));
    case 'swap': {
      const [i, j] = [lineAt(damage.line), lineAt(damage.other)];
      const copy = [...lines];
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      return joined(copy);
    }
    case 'field': {
      const i = lineAt(damage.line);
      let entry: unknown;
      try {
        entry = JSON.parse(lines[i] ?? '');
      } catch {
        return bytes;
      }
      const paths = leafPaths(entry);
      const copy = [...lines];
      copy[i] = `${JSON.stringify(replaced(entry, paths[damage.path % paths.length]!, damage.value))}\n`;
      return joined(copy);
    }
    case 'random':
      return Buffer.from(damage.bytes);
    case 'huge': {
      const i = lines.length === 0 ? 0 : damage.line % (lines.length + 1);
      const body = damage.looksLikeEntry ? `{"v":1,"seq":${i + 1},"payload":"${'A'.repeat(damage.length)}"}` : 'x'.repeat(damage.length);
      return joined([...lines.slice(0, i), `${body}${damage.newline ? '\n' : ''}`, ...lines.slice(i)]);
    }
  }
}

function withPayloadDestroyed(line: string): string {
  return `${line.slice(0, line.lastIndexOf(',"payload":'))},"payload":null}\n`;
}

function firstDifference(before: Buffer, after: Buffer): number {
  const shorter = Math.min(before.length, after.length);
  for (let i = 0; i < shorter; i++) if (before[i] !== after[i]) return i;
  return before.length === after.length ? -1 : shorter;
}

function expectPlainFailure(error: unknown): void {
  expect(error, String(error)).toBeInstanceOf(LedgerFailure);
  const { message } = error as LedgerFailure;
  expect(message).toMatch(/^[A-Z].+\.$/s);
  expect(message).not.toMatch(/\n\s+at |undefined|NaN/);
}

/** The outcome of a promise, so a test can look at a rejection instead of failing on it. */
async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

const sameEntry = (record: JournalRecord) => ({ ...record, payload: record.payload === null ? null : Buffer.from(record.payload).toString('base64') });

/** The entry as written, or with its content destroyed under the retention schedule (payload gone, its hash kept): both verify. */
function asWritten(written: JournalRecord, found: JournalRecord | undefined) {
  const destroyed = found?.payload === null && written.payload !== null;
  return sameEntry(destroyed ? { ...written, payload: null } : written);
}

describe('journal segments damaged at random', () => {
  let root: string;
  let written: WrittenSegment[];
  let entries: JournalRecord[];
  let n = 0;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'records-ledger-fuzz-journal-'));
    const folder = join(root, 'written');
    mkdirSync(folder);
    const clock = manualClock('2025-03-04T05:06:07.000Z');
    const journal = new Journal(folder, { now: clock.now, entriesPerSegment: ENTRIES_PER_SEGMENT });
    let first = 0;
    for (const size of BATCHES) {
      await journal.append(events(size, { first, payloadBytes: 40 }));
      first += size;
      clock.advance(60_000);
    }
    entries = await journal.read(0, first);
    written = readdirSync(folder)
      .sort()
      .map((name) => {
        const bytes = readFileSync(join(folder, name));
        return { name, bytes, lines: linesOf(bytes) };
      });
    expect(written.map((segment) => segment.name)).toEqual(['segment-000001.jsonl', 'segment-000002.jsonl', 'segment-000003.jsonl']);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** The journal as written, with one segment's bytes replaced, in a folder of its own. */
  function folderWith(damagedIndex: number, damaged: Buffer): string {
    const folder = join(root, `case-${++n}`);
    mkdirSync(folder);
    written.forEach((segment, index) => writeFileSync(join(folder, segment.name), index === damagedIndex ? damaged : segment.bytes));
    return folder;
  }

  /** Entries whose whole batch lies before `offset` in segment `index`: acknowledged, and untouched by the damage. */
  function acknowledgedBefore(index: number, offset: number): number {
    let count = 0;
    for (let s = 0; s < index; s++) count += written[s]!.lines.length;
    for (const line of written[index]!.lines) {
      if (line.batchEnd > offset) break;
      count++;
    }
    return count;
  }

  /**
   * Whether the segments on disk are the journal as written, or a start of it
   * ending at a line's end; a line may have had its content destroyed under
   * the retention schedule (payload null, its hash kept), which verifies too.
   */
  function isWrittenPrefix(folder: string): boolean {
    const onDisk = readdirSync(folder).filter((name) => SEGMENT_NAME.test(name)).sort();
    return onDisk.every((name, i) => {
      const original = written[i];
      if (!original || original.name !== name) return false;
      const text = readFileSync(join(folder, name), 'utf8');
      if (text !== '' && !text.endsWith('\n')) return false;
      const lines = text.split(/(?<=\n)/).filter(Boolean);
      if (i < onDisk.length - 1 ? lines.length !== original.lines.length : lines.length > original.lines.length) return false;
      return lines.every((line, l) => line === original.lines[l]!.text || line === withPayloadDestroyed(original.lines[l]!.text));
    });
  }

  const segmentAndDamage = fc.record({ segment: fc.nat({ max: 2 }), damages: fc.array(damageKind, { minLength: 1, maxLength: 2 }) });

  it('opens, verifies and reads back whatever the damage: nothing deleted, nothing acknowledged cut, every damage named', async () => {
    await fc.assert(
      fc.asyncProperty(segmentAndDamage, async ({ segment: damagedIndex, damages }) => {
        const original = written[damagedIndex]!;
        const damaged = damages.reduce(applyDamage, original.bytes);
        const folder = folderWith(damagedIndex, damaged);
        try {
          const changedAt = firstDifference(original.bytes, damaged);
          const untouched = changedAt === -1 ? entries.length : acknowledgedBefore(damagedIndex, changedAt);
          const journal = new Journal(folder, { fs: unsynced, now: manualClock('2025-06-01T00:00:00.000Z').now, entriesPerSegment: ENTRIES_PER_SEGMENT });
          const opened = await settle(journal.open());
          if (!opened.ok) expectPlainFailure(opened.error);

          // Nothing is deleted: what opening cut from a segment is in its quarantine file, byte for byte.
          const names = readdirSync(folder);
          for (const name of names) expect(name).toMatch(/^segment-\d{6}\.(jsonl|torn-\d{8}T\d{6}Z)$/);
          for (const segment of written) {
            const base = segment.name.replace(/\.jsonl$/, '');
            const kept = existsSync(join(folder, segment.name)) ? readFileSync(join(folder, segment.name)) : Buffer.alloc(0);
            const torn = names.filter((name) => name.startsWith(`${base}.torn-`));
            expect(torn.length).toBeLessThanOrEqual(1);
            const cut = torn.length ? readFileSync(join(folder, torn[0]!)) : Buffer.alloc(0);
            const before = segment === original ? damaged : segment.bytes;
            expect(Buffer.concat([kept, cut]).equals(before), `${segment.name} lost bytes on opening`).toBe(true);
            // Only a torn write is cut: whole lines as written (a batch missing its last members; a destroyed payload verifies too), then at most a fragment.
            const cutLines = cut.toString('utf8').split(/(?<=\n)/);
            const wholeLines = cutLines.filter((line) => line.endsWith('\n'));
            const asWrittenLines = original.lines.flatMap((l) => [l.text, withPayloadDestroyed(l.text)]);
            for (const line of wholeLines) expect(asWrittenLines, 'an altered line was cut as if torn').toContain(line);
          }
          if (!opened.ok) return;

          const damage = journal.damage();
          if (damage) {
            expect(damage.segment).toMatch(SEGMENT_NAME);
            expect(existsSync(join(folder, damage.segment))).toBe(true);
            expect(damage.line).toBeGreaterThanOrEqual(1);
            expect(damage.message).toContain(`${damage.segment} line ${damage.line}`);
            const onDisk = readFileSync(join(folder, damage.segment));
            const refused = await settle(journal.append(events(1, { first: 500 })));
            expect(refused.ok, 'a damaged journal accepted an append').toBe(false);
            if (!refused.ok) {
              expectPlainFailure(refused.error);
              expect((refused.error as LedgerFailure).code).toBe('storage_failure');
            }
            expect(readFileSync(join(folder, damage.segment)).equals(onDisk)).toBe(true);
          }

          // Every entry acknowledged before the damaged point still reads back exactly as written.
          expect(opened.value.seq).toBeGreaterThanOrEqual(untouched);
          if (untouched > 0) {
            const prefix = await settle(journal.read(0, untouched));
            if (!prefix.ok) expectPlainFailure(prefix.error);
            expect(prefix.ok && prefix.value.map(sameEntry), `entries 1 to ${untouched} were written before the damage`).toEqual(entries.slice(0, untouched).map(sameEntry));
          }
          const everything = await settle(journal.read(0, 1_000));
          if (!everything.ok) {
            expectPlainFailure(everything.error);
            expect((everything.error as LedgerFailure).message).toMatch(/segment-\d{6}\.jsonl|entry \d+/);
          }

          // Verification answers, and finds every change: intact means every entry is as written.
          const report = await journal.verify();
          if (report.verdict === 'intact') {
            const all = await settle(journal.read(0, report.entriesChecked));
            if (!all.ok) throw new Error(`verified intact, yet reading fails: ${String(all.error)}`);
            expect(all.value.map(sameEntry)).toEqual(entries.slice(0, report.entriesChecked).map((entry, i) => asWritten(entry, all.value[i])));
          }
          if (!isWrittenPrefix(folder)) {
            expect(report.verdict, 'a changed journal verified as intact').toBe('broken');
            const named =
              report.unreadableLines.some((line) => SEGMENT_NAME.test(line.segment) && line.line >= 1 && line.problem.length > 0) ||
              (report.firstBrokenLink !== null && report.firstBrokenLink.seq >= 1 && report.firstBrokenLink.problem.length > 0) ||
              report.sequenceGaps.length > 0;
            expect(named, 'the report does not say where the journal is broken').toBe(true);
          }
          if (!damage) {
            const appended = await settle(journal.append(events(1, { first: 600 })));
            if (!appended.ok) expectPlainFailure(appended.error);
            else expect(appended.value.firstSeq).toBe(opened.value.seq + 1);
          }
          const destroyed = await settle(journal.destroyPayloads(new Set(['rec-1', 'rec-15']), 1_000));
          if (!destroyed.ok) expectPlainFailure(destroyed.error);
        } finally {
          rmSync(folder, { recursive: true, force: true });
        }
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  /** Cases the property above found, kept as plain examples (each failed before journal.ts was fixed). */
  describe('cases found by fuzzing', () => {
    const lineOf = (segment: number, line: number) => written[segment]!.lines[line]!.text;
    const rest = (segment: number, from: number) => written[segment]!.lines.slice(from).map((line) => line.text);
    const open = async (folder: string) => {
      const journal = new Journal(folder, { fs: unsynced, now: manualClock('2025-06-01T00:00:00.000Z').now, entriesPerSegment: ENTRIES_PER_SEGMENT });
      return { journal, head: await journal.open() };
    };

    it('does not call a journal intact when a payload holds a character that is not base64, which no read accepts', async () => {
      const line = lineOf(0, 1);
      const at = line.indexOf('"payload":"') + 14;
      const damaged = Buffer.from([lineOf(0, 0), `${line.slice(0, at)}{${line.slice(at)}`, ...rest(0, 2)].join(''));
      const { journal } = await open(folderWith(0, damaged));
      await expect(journal.read(0, 2)).rejects.toThrow(/entry 2 in segment-000001\.jsonl cannot be read/);
      const report = await journal.verify();
      expect(report.verdict).toBe('broken');
      expect(report.unreadableLines).toEqual([{ segment: 'segment-000001.jsonl', line: 2, problem: expect.stringMatching(/payload/) }]);
    });

    it('does not cut an acknowledged last batch as torn when one of its lines was changed: it opens damaged, keeping every byte', async () => {
      const last = written[2]!.lines.length - 1;
      const edited = lineOf(2, last).replace('"size":3', '"size":4');
      const damaged = Buffer.from([...rest(2, 0).slice(0, last), edited].join(''));
      const folder = folderWith(2, damaged);
      const { journal, head } = await open(folder);
      expect(head.seq).toBe(entries.length - 1);
      expect(journal.damage()).toMatchObject({ segment: 'segment-000003.jsonl', line: last + 1, problem: expect.stringMatching(/changed after it was written/) });
      expect(readFileSync(join(folder, 'segment-000003.jsonl')).equals(damaged)).toBe(true);
      expect(readdirSync(folder).filter((name) => name.includes('.torn-'))).toEqual([]);
      await expect(journal.append(events(1, { first: 500 }))).rejects.toMatchObject({ code: 'storage_failure' });
    });

    it('does not take its head from a last line whose seq was changed (the next save would reuse a number): it opens damaged', async () => {
      const last = written[2]!.lines.length - 1;
      const edited = lineOf(2, last).replace(`"seq":${entries.length},`, '"seq":1,');
      const damaged = Buffer.from([...rest(2, 0).slice(0, last), edited].join(''));
      const { journal, head } = await open(folderWith(2, damaged));
      expect(journal.damage()).toMatchObject({ segment: 'segment-000003.jsonl', line: last + 1, problem: expect.stringMatching(/changed after it was written/) });
      expect(head.seq).not.toBe(1);
      await expect(journal.append(events(1, { first: 500 }))).rejects.toMatchObject({ code: 'storage_failure' });
    });

    it('opens damaged when the first line of the live segment cannot be read (nothing saved after it could be read back), and still reads every earlier entry', async () => {
      const damaged = Buffer.from(written[2]!.bytes);
      damaged[0] = damaged[0]! ^ 1;
      const folder = folderWith(2, damaged);
      const { journal, head } = await open(folder);
      expect(journal.damage()).toMatchObject({ segment: 'segment-000003.jsonl', line: 1 });
      await expect(journal.append(events(1, { first: 500 }))).rejects.toMatchObject({ code: 'storage_failure' });
      expect(readFileSync(join(folder, 'segment-000003.jsonl')).equals(damaged)).toBe(true);
      expect(head.seq).toBe(13);
      expect((await journal.read(0, 100)).map(sameEntry)).toEqual(entries.slice(0, 13).map(sameEntry));
      expect((await journal.verify()).unreadableLines).toEqual([{ segment: 'segment-000003.jsonl', line: 1, problem: expect.stringMatching(/not valid JSON/) }]);
    });

    it('still reads the segments before a sealed segment whose first line is damaged, and names that segment', async () => {
      const damaged = Buffer.from(written[1]!.bytes);
      damaged[0] = damaged[0]! ^ 1;
      const { journal } = await open(folderWith(1, damaged));
      expect((await journal.read(0, 6)).map(sameEntry)).toEqual(entries.slice(0, 6).map(sameEntry));
      await expect(journal.read(0, 7)).rejects.toThrow(/segment-000002\.jsonl/);
      const { firstSeq } = await journal.append(events(1, { first: 500 }));
      expect((await journal.read(firstSeq - 1, 1)).map((entry) => entry.seq)).toEqual([firstSeq]);
    });

    it('still reads the segment before a sealed segment whose first seq was changed by one flipped bit ("seq":7 read as 3)', async () => {
      const damaged = Buffer.from(written[1]!.bytes.toString('utf8').replace('"seq":7,', '"seq":3,'));
      const { journal } = await open(folderWith(1, damaged));
      expect((await journal.read(0, 6)).map(sameEntry)).toEqual(entries.slice(0, 6).map(sameEntry));
      await expect(journal.read(0, 7)).rejects.toThrow(/segment-000002\.jsonl/);
    });

    it('reads the whole lines of a sealed segment cut short, and names the first entry missing', async () => {
      const cutAt = written[0]!.lines[3]!.end - 20;
      const { journal } = await open(folderWith(0, written[0]!.bytes.subarray(0, cutAt)));
      expect((await journal.read(0, 3)).map(sameEntry)).toEqual(entries.slice(0, 3).map(sameEntry));
      await expect(journal.read(0, 19)).rejects.toThrow(/entry 4 in segment-000001\.jsonl is missing/);
    });
  });

  it('gives the same verification report however the bytes arrive in chunks (as when read from a backup)', () => {
    const checkerOver = (segments: Array<{ name: string; bytes: Buffer }>, cuts: number[]) => {
      const checker = new ChainChecker();
      for (const { name, bytes } of segments) {
        checker.beginSegment(name);
        let start = 0;
        for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
          checker.push(bytes.subarray(start, Math.max(start, cut)));
          start = Math.max(start, cut);
        }
        checker.push(bytes.subarray(start));
        checker.endSegment();
      }
      return checker.finish({ knownHead: { seq: 0, hash: '0'.repeat(64) }, expectedLastSeq: 0 });
    };
    fc.assert(
      fc.property(segmentAndDamage, fc.array(fc.nat(), { maxLength: 12 }), ({ segment: damagedIndex, damages }, cuts) => {
        const segments = written.map((segment, index) => ({ name: segment.name, bytes: index === damagedIndex ? damages.reduce(applyDamage, segment.bytes) : segment.bytes }));
        expect(checkerOver(segments, cuts)).toEqual(checkerOver(segments, []));
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('opens a journal folder holding random bytes and stray files without crashing, and never calls it intact unless it is empty', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ number: fc.integer({ min: 1, max: 3 }), bytes: fc.uint8Array({ maxLength: 1024 }) }), { minLength: 1, maxLength: 3 }),
        async (files) => {
          const folder = join(root, `case-${++n}`);
          mkdirSync(folder);
          try {
            for (const file of files) writeFileSync(join(folder, `segment-${String(file.number).padStart(6, '0')}.jsonl`), file.bytes);
            const journal = new Journal(folder, { fs: unsynced, now: manualClock('2025-06-01T00:00:00.000Z').now });
            const opened = await settle(journal.open());
            if (!opened.ok) return expectPlainFailure(opened.error);
            const report = await journal.verify();
            if (report.verdict === 'intact') expect(report.entriesChecked).toBe(0);
            const read = await settle(journal.read(0, 100));
            if (!read.ok) expectPlainFailure(read.error);
          } finally {
            rmSync(folder, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});
