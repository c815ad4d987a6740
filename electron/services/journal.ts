import { hash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JournalRecord } from '../../shared/ipc/channels';
import { LedgerFailure } from '../../shared/ipc/result';
import {
  entryHashInput,
  GENESIS_HASH,
  JOURNAL_FORMAT_VERSION,
  journalLineSchema,
  type JournalEntry,
  type JournalHead,
  type JournalLine,
  type NewEvent,
  type VerificationReport,
} from '../../shared/journal/entry';
import {
  asBuffer,
  errorCode,
  nodeFileSystem,
  ownBytes,
  readFailure,
  SerialQueue,
  storageFailure,
  syncFolder,
  writeAll,
  type LedgerFileSystem,
} from './durable-files';

/**
 * The journal on disk: segment files of JSON lines, appended to and never
 * rewritten. An append is acknowledged only once its whole batch is on disk
 * (one write, one fsync); anything after the last complete batch was never
 * acknowledged, so opening the journal cuts it off.
 */
export const DEFAULT_ENTRIES_PER_SEGMENT = 10_000;
const SEGMENT_FILE = /^segment-(\d{6})\.jsonl$/;
const NEWLINE = 0x0a;
const VERIFY_CHUNK_BYTES = 8 * 1024 * 1024;

export function segmentFileName(number: number): string {
  return `segment-${String(number).padStart(6, '0')}.jsonl`;
}

export function sha256Hex(bytes: Uint8Array): string {
  return hash('sha256', bytes, 'hex');
}

export interface JournalOptions {
  fs?: LedgerFileSystem;
  now?: () => Date;
  /** A new segment is started once the current one holds this many entries (batches never straddle two). */
  entriesPerSegment?: number;
}

export interface AppendResult {
  firstSeq: number;
  lastSeq: number;
  at: string;
  head: JournalHead;
}

/** What a backup copies: each segment up to the length it had when the snapshot was taken. */
export interface JournalSnapshot {
  head: JournalHead;
  segments: Array<{ name: string; bytes: number }>;
}

export interface VerifyOptions {
  onProgress?: (entriesChecked: number, entriesExpected: number) => void;
  signal?: AbortSignal;
  /** The highest seq known to have existed (e.g. from the read model's marker); a shorter journal lost its tail. */
  expectedLastSeq?: number;
}

interface Segment {
  number: number;
  name: string;
  /** NaN when the first line cannot be read; reads that need it then fail clearly. */
  firstSeq: number;
  entries: number;
  bytes: number;
  /** Byte offset of each line, built on first read for sealed segments. */
  lineStarts: number[] | null;
}

interface Line {
  start: number;
  end: number;
}

function parseLine(text: string): JournalLine | null {
  try {
    const parsed = journalLineSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * The fields verification relies on, checked by hand: the full schema costs
 * more than all the hashing. Anything it lets through that the schema would
 * not is covered by the entry's hash anyway.
 */
function looksLikeLine(value: unknown): value is JournalLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  const batch = line.batch as Record<string, unknown> | null | undefined;
  return (
    line.v === JOURNAL_FORMAT_VERSION &&
    Number.isSafeInteger(line.seq) &&
    (line.seq as number) >= 1 &&
    typeof line.at === 'string' &&
    !Number.isNaN(Date.parse(line.at)) &&
    typeof line.actor === 'string' &&
    typeof line.type === 'string' &&
    (line.recordId === null || typeof line.recordId === 'string') &&
    typeof batch === 'object' &&
    batch !== null &&
    typeof batch.id === 'string' &&
    Number.isSafeInteger(batch.index) &&
    Number.isSafeInteger(batch.size) &&
    (line.payloadHash === null || (typeof line.payloadHash === 'string' && HEX_SHA256.test(line.payloadHash))) &&
    typeof line.prevHash === 'string' &&
    HEX_SHA256.test(line.prevHash) &&
    typeof line.hash === 'string' &&
    HEX_SHA256.test(line.hash) &&
    (line.payload === null || typeof line.payload === 'string')
  );
}

function lineProblem(text: string): { line: JournalLine } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'The line is not valid JSON.' };
  }
  if (looksLikeLine(value)) return { line: value };
  const parsed = journalLineSchema.safeParse(value);
  if (parsed.success) return { line: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: `The line is not a journal entry (${issue?.path.join('.') || 'shape'}: ${issue?.message ?? 'invalid'}).` };
}

function splitLines(data: Buffer, limit = data.length): { lines: Line[]; tornBytes: number } {
  const view = limit === data.length ? data : data.subarray(0, limit);
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = view.indexOf(NEWLINE, start);
    if (newline === -1) break;
    lines.push({ start, end: newline + 1 });
    start = newline + 1;
  }
  return { lines, tornBytes: limit - start };
}

function toRecord(line: JournalLine): JournalRecord {
  const { payload, ...entry } = line;
  return { ...entry, payload: payload === null ? null : ownBytes(Buffer.from(payload, 'base64')) };
}

function journalDamaged(detail: string): LedgerFailure {
  return new LedgerFailure(
    'storage_failure',
    `The journal is damaged: ${detail} Run "Verify the journal" to see exactly what is wrong, and restore from a backup if needed.`,
  );
}

function abortIfAsked(signal: AbortSignal | undefined): void {
  signal?.throwIfAborted();
}

export class Journal {
  private readonly fs: LedgerFileSystem;
  private readonly now: () => Date;
  private readonly entriesPerSegment: number;
  private readonly writes = new SerialQueue();
  private segments: Segment[] = [];
  private currentHead: JournalHead = { seq: 0, hash: GENESIS_HASH };
  /** The highest head this object has seen, so a tail cut off while the app runs is noticed by verify. */
  private highestHead: JournalHead = { seq: 0, hash: GENESIS_HASH };
  private loaded = false;

  constructor(
    readonly folder: string,
    options: JournalOptions = {},
  ) {
    this.fs = options.fs ?? nodeFileSystem;
    this.now = options.now ?? (() => new Date());
    this.entriesPerSegment = options.entriesPerSegment ?? DEFAULT_ENTRIES_PER_SEGMENT;
  }

  /** Finds the head, cutting off an unacknowledged torn tail. Safe to call again. */
  open(): Promise<JournalHead> {
    return this.writes.run(async () => {
      if (!this.loaded) await this.load();
      return this.head();
    });
  }

  head(): JournalHead {
    return { ...this.currentHead };
  }

  /** Segment lengths at this instant: only whole, synced batches are ever counted in them. */
  snapshot(): JournalSnapshot {
    return { head: this.head(), segments: this.segments.map((segment) => ({ name: segment.name, bytes: segment.bytes })) };
  }

  append(events: NewEvent[]): Promise<AppendResult> {
    return this.writes.run(async () => {
      if (!this.loaded) await this.load();
      if (events.length === 0) throw new LedgerFailure('invalid_request', 'There was nothing to add to the journal.');
      const at = this.now().toISOString();
      const batchId = randomBytes(12).toString('base64url');
      const firstSeq = this.currentHead.seq + 1;
      let previousHash = this.currentHead.hash;
      const texts: string[] = [];
      events.forEach((event, index) => {
        const entry: Omit<JournalEntry, 'hash'> = {
          v: JOURNAL_FORMAT_VERSION,
          seq: firstSeq + index,
          at,
          actor: event.actor,
          type: event.type,
          recordId: event.recordId,
          batch: { id: batchId, index, size: events.length },
          payloadHash: event.payload === null ? null : sha256Hex(event.payload),
          prevHash: previousHash,
        };
        const hash = sha256Hex(entryHashInput(entry));
        const payload = event.payload === null ? null : asBuffer(event.payload).toString('base64');
        // Key order is fixed: `v` and `seq` first lets a segment's first seq be read from its first bytes.
        texts.push(`${JSON.stringify({ ...entry, hash, payload })}\n`);
        previousHash = hash;
      });
      const bytes = Buffer.from(texts.join(''), 'utf8');

      const last = this.segments.at(-1);
      const startsNewSegment = !last || last.entries >= this.entriesPerSegment;
      const segment: Segment = startsNewSegment
        ? { number: (last?.number ?? 0) + 1, name: segmentFileName((last?.number ?? 0) + 1), firstSeq, entries: 0, bytes: 0, lineStarts: [] }
        : last;
      const path = join(this.folder, segment.name);
      try {
        const handle = await this.fs.open(path, 'a');
        try {
          await writeAll(handle, bytes, null);
          await handle.sync();
        } finally {
          await handle.close().catch(() => undefined);
        }
        if (startsNewSegment) await syncFolder(this.fs, this.folder);
      } catch (error) {
        await this.undoAppend(segment, startsNewSegment);
        throw storageFailure(error, events.length === 1 ? 'the new journal entry' : `the ${events.length} new journal entries`);
      }

      if (startsNewSegment) this.segments.push(segment);
      const starts = segment.lineStarts ?? [];
      let offset = segment.bytes;
      for (const text of texts) {
        starts.push(offset);
        offset += Buffer.byteLength(text, 'utf8');
      }
      segment.lineStarts = starts;
      segment.entries += events.length;
      segment.bytes += bytes.length;
      this.currentHead = { seq: firstSeq + events.length - 1, hash: previousHash };
      this.highestHead = this.head();
      return { firstSeq, lastSeq: this.currentHead.seq, at, head: this.head() };
    });
  }

  /** Entries after `afterSeq`, at most `limit`, payloads as bytes. */
  async read(afterSeq: number, limit: number): Promise<JournalRecord[]> {
    if (!this.loaded) await this.open();
    const lastSeq = Math.min(this.currentHead.seq, afterSeq + limit);
    const records: JournalRecord[] = [];
    let seq = afterSeq + 1;
    while (seq <= lastSeq) {
      const segment = this.segmentHolding(seq);
      const starts = await this.lineStartsOf(segment);
      const from = seq - segment.firstSeq;
      const to = Math.min(segment.entries, from + (lastSeq - seq + 1));
      const startByte = starts[from]!;
      const endByte = to < segment.entries ? starts[to]! : segment.bytes;
      const data = await this.readRange(segment, startByte, endByte);
      const { lines } = splitLines(data);
      for (const line of lines) {
        const parsed = parseLine(data.toString('utf8', line.start, line.end - 1));
        if (!parsed || parsed.seq !== seq) throw journalDamaged(`entry ${seq} in ${segment.name} cannot be read.`);
        records.push(toRecord(parsed));
        seq++;
      }
      if (lines.length !== to - from) throw journalDamaged(`entry ${seq} in ${segment.name} is missing.`);
    }
    return records;
  }

  /**
   * Walks every segment on disk, re-computing every hash. It reads the files
   * afresh (not this object's memory), so any change made to them is seen.
   */
  async verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    if (!this.loaded) await this.open();
    const expectedLastSeq = Math.max(this.highestHead.seq, options.expectedLastSeq ?? 0);
    const report: VerificationReport = {
      entriesChecked: 0,
      head: { seq: 0, hash: GENESIS_HASH },
      firstBrokenLink: null,
      sequenceGaps: [],
      timeWentBackwards: [],
      unreadableLines: [],
      verdict: 'intact',
    };
    const broken = (seq: number, problem: string, expected: string, found: string) => {
      report.firstBrokenLink ??= { seq, problem, expected, found };
    };
    let previousSeq = 0;
    let previousHash = GENESIS_HASH;
    let previousAt: string | null = null;
    let previousTime = -Infinity;

    const check = (line: JournalLine) => {
      if (line.seq !== previousSeq + 1) report.sequenceGaps.push({ after: previousSeq, next: line.seq });
      if (line.prevHash !== previousHash) {
        broken(line.seq, 'Its link to the entry before it does not match (prevHash mismatch): an entry before it was removed, reordered or changed.', previousHash, line.prevHash);
      }
      if (line.payload !== null || line.payloadHash !== null) {
        // A destroyed payload (null, hash kept) is allowed by the retention schedule; anything else must match.
        if (line.payload !== null) {
          const found = sha256Hex(Buffer.from(line.payload, 'base64'));
          if (found !== line.payloadHash) {
            broken(line.seq, 'Its encrypted content was changed after it was written (payload hash mismatch).', line.payloadHash ?? 'no content', found);
          }
        }
      }
      const computed = sha256Hex(entryHashInput(line));
      if (computed !== line.hash) broken(line.seq, 'The entry was changed after it was written (hash mismatch).', computed, line.hash);
      const time = Date.parse(line.at);
      if (previousAt !== null && time < previousTime) report.timeWentBackwards.push({ seq: line.seq, previousAt, at: line.at });
      previousSeq = line.seq;
      previousHash = line.hash;
      previousAt = line.at;
      previousTime = time;
      report.entriesChecked++;
    };

    for (const name of await this.segmentNamesOnDisk()) {
      abortIfAsked(options.signal);
      const handle = await this.fs.open(join(this.folder, name), 'r').catch((error: unknown) => {
        throw readFailure(error, `the journal file ${name}`);
      });
      try {
        let position = 0;
        let lineNumber = 0;
        let buffer = Buffer.allocUnsafe(VERIFY_CHUNK_BYTES);
        let carried = 0;
        for (;;) {
          if (carried === buffer.length) {
            // One line longer than the buffer: grow it rather than split the line.
            const larger = Buffer.allocUnsafe(buffer.length * 2);
            buffer.copy(larger, 0, 0, carried);
            buffer = larger;
          }
          const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, position);
          if (bytesRead === 0) break;
          position += bytesRead;
          const filled = carried + bytesRead;
          const { lines, tornBytes } = splitLines(buffer, filled);
          for (const { start, end } of lines) {
            lineNumber++;
            const result = lineProblem(buffer.toString('utf8', start, end - 1));
            if ('line' in result) check(result.line);
            else report.unreadableLines.push({ segment: name, line: lineNumber, problem: result.problem });
          }
          buffer.copy(buffer, 0, filled - tornBytes, filled);
          carried = tornBytes;
          options.onProgress?.(report.entriesChecked, Math.max(expectedLastSeq, report.entriesChecked));
          abortIfAsked(options.signal);
        }
        if (carried > 0) {
          report.unreadableLines.push({ segment: name, line: lineNumber + 1, problem: 'The last line is incomplete: its writing was cut short.' });
        }
      } finally {
        await handle.close().catch(() => undefined);
      }
    }

    report.head = { seq: previousSeq, hash: previousHash };
    if (previousSeq < expectedLastSeq) {
      broken(
        previousSeq + 1,
        `Entries at the end of the journal are missing: it ends at entry ${previousSeq}, but entries up to ${expectedLastSeq} existed.`,
        `entries up to ${expectedLastSeq}`,
        `the journal ends at entry ${previousSeq}`,
      );
    } else if (previousSeq === this.highestHead.seq && previousSeq > 0 && previousHash !== this.highestHead.hash) {
      broken(previousSeq, 'The last entry is not the one this app wrote (hash mismatch).', this.highestHead.hash, previousHash);
    }
    options.onProgress?.(report.entriesChecked, Math.max(expectedLastSeq, report.entriesChecked));
    report.verdict = report.firstBrokenLink || report.sequenceGaps.length > 0 || report.unreadableLines.length > 0 ? 'broken' : 'intact';
    return report;
  }

  private async segmentNamesOnDisk(): Promise<string[]> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.folder);
    } catch (error) {
      throw readFailure(error, 'the journal folder');
    }
    return names.filter((name) => SEGMENT_FILE.test(name)).sort();
  }

  private segmentHolding(seq: number): Segment {
    for (let i = this.segments.length - 1; i >= 0; i--) {
      const segment = this.segments[i]!;
      if (Number.isNaN(segment.firstSeq)) throw journalDamaged(`the first entry of ${segment.name} cannot be read.`);
      if (segment.firstSeq <= seq) return segment;
    }
    throw journalDamaged(`entry ${seq} is in no journal file.`);
  }

  private async lineStartsOf(segment: Segment): Promise<number[]> {
    if (segment.lineStarts) return segment.lineStarts;
    const data = await this.readRange(segment, 0, segment.bytes);
    const { lines, tornBytes } = splitLines(data);
    if (lines.length !== segment.entries || tornBytes !== 0) {
      throw journalDamaged(`${segment.name} holds ${lines.length} entries where ${segment.entries} were expected.`);
    }
    segment.lineStarts = lines.map((line) => line.start);
    return segment.lineStarts;
  }

  private async readRange(segment: Segment, start: number, end: number): Promise<Buffer> {
    const path = join(this.folder, segment.name);
    try {
      const handle = await this.fs.open(path, 'r');
      try {
        const data = Buffer.allocUnsafe(end - start);
        let offset = 0;
        while (offset < data.length) {
          const { bytesRead } = await handle.read(data, offset, data.length - offset, start + offset);
          if (bytesRead === 0) throw journalDamaged(`${segment.name} is shorter than expected.`);
          offset += bytesRead;
        }
        return data;
      } finally {
        await handle.close().catch(() => undefined);
      }
    } catch (error) {
      throw readFailure(error, `the journal file ${segment.name}`);
    }
  }

  /** Puts a segment back as it was before a failed append; if even that fails, the next call re-reads the disk. */
  private async undoAppend(segment: Segment, created: boolean): Promise<void> {
    const path = join(this.folder, segment.name);
    try {
      if (created) {
        await this.fs.remove(path);
      } else {
        const handle = await this.fs.open(path, 'r+');
        try {
          await handle.truncate(segment.bytes);
          await handle.sync();
        } finally {
          await handle.close().catch(() => undefined);
        }
      }
    } catch {
      this.loaded = false;
    }
  }

  private async load(): Promise<void> {
    let names: string[];
    try {
      names = await this.segmentNamesOnDisk();
      const segments: Segment[] = [];
      for (const name of names.slice(0, -1)) {
        const stat = await this.fs.stat(join(this.folder, name));
        segments.push({ number: Number(SEGMENT_FILE.exec(name)![1]), name, firstSeq: await this.readFirstSeq(name), entries: 0, bytes: stat.size, lineStarts: null });
      }
      let tail: { segment: Segment; head: JournalHead } | null = null;
      let lastName = names.at(-1);
      while (lastName !== undefined) {
        tail = await this.loadTail(lastName);
        if (tail.segment.entries > 0 || segments.length === 0) break;
        // A segment whose only batch was torn holds nothing acknowledged: it goes, and the one before is the tail.
        await this.fs.remove(join(this.folder, lastName));
        await syncFolder(this.fs, this.folder);
        lastName = segments.pop()?.name;
        tail = null;
      }
      for (let i = 0; i < segments.length; i++) {
        const next = segments[i + 1]?.firstSeq ?? tail?.segment.firstSeq ?? NaN;
        segments[i]!.entries = next - segments[i]!.firstSeq;
      }
      if (tail) segments.push(tail.segment);
      this.segments = segments;
      this.currentHead = tail?.head ?? { seq: 0, hash: GENESIS_HASH };
      if (this.currentHead.seq >= this.highestHead.seq) this.highestHead = this.head();
      this.loaded = true;
    } catch (error) {
      if (error instanceof LedgerFailure) throw error;
      if (errorCode(error)) throw readFailure(error, 'the journal');
      throw error;
    }
  }

  private async readFirstSeq(name: string): Promise<number> {
    const handle = await this.fs.open(join(this.folder, name), 'r');
    try {
      const start = Buffer.alloc(64);
      const { bytesRead } = await handle.read(start, 0, start.length, 0);
      const match = /^\{"v":1,"seq":(\d+),/.exec(start.toString('utf8', 0, bytesRead));
      return match ? Number(match[1]) : NaN;
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Reads the last segment, and cuts it back to the end of its last complete
   * batch: a line without its newline, an unreadable last line, or a batch
   * with members missing was never acknowledged to anyone.
   */
  private async loadTail(name: string): Promise<{ segment: Segment; head: JournalHead }> {
    const path = join(this.folder, name);
    const data = await this.fs.readFile(path);
    const { lines } = splitLines(data);
    const parsed = new Map<number, JournalLine | null>();
    const entryAt = (index: number) => {
      if (!parsed.has(index)) parsed.set(index, parseLine(data.toString('utf8', lines[index]!.start, lines[index]!.end - 1)));
      return parsed.get(index)!;
    };
    let keep = lines.length;
    if (keep > 0 && entryAt(keep - 1) === null) keep--;
    while (keep > 0) {
      const last = entryAt(keep - 1);
      if (!last || last.batch.index === last.batch.size - 1) break;
      const batchId = last.batch.id;
      while (keep > 0 && entryAt(keep - 1)?.batch.id === batchId) keep--;
    }
    const keptBytes = keep > 0 ? lines[keep - 1]!.end : 0;
    if (keptBytes < data.length) {
      const handle = await this.fs.open(path, 'r+');
      try {
        await handle.truncate(keptBytes);
        await handle.sync();
      } finally {
        await handle.close().catch(() => undefined);
      }
    }
    const first = keep > 0 ? entryAt(0) : null;
    const last = keep > 0 ? entryAt(keep - 1) : null;
    const segment: Segment = {
      number: Number(SEGMENT_FILE.exec(name)![1]),
      name,
      // An empty tail is only kept when it is the whole journal, so its first entry will be seq 1.
      firstSeq: keep === 0 ? 1 : (first?.seq ?? NaN),
      entries: keep,
      bytes: keptBytes,
      lineStarts: lines.slice(0, keep).map((line) => line.start),
    };
    const head = last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return { segment, head };
  }
}
