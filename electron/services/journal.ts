import { hash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JournalRecord } from '../../shared/ipc/channels';
import { LedgerFailure } from '../../shared/ipc/result';
import {
  entryHashText,
  GENESIS_HASH,
  JOURNAL_FORMAT_VERSION,
  journalEntrySchema,
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
  randomSuffix,
  readFailure,
  SerialQueue,
  storageFailure,
  syncFolder,
  writeAll,
  writeNewFile,
  type LedgerFileSystem,
} from './durable-files';

/**
 * The journal on disk: segment files of JSON lines, appended to and never
 * rewritten. An append is acknowledged only once its whole batch is on disk
 * (one write, one fsync). Opening the journal cuts off only what provably
 * never was acknowledged (a last line without its newline, or a last batch
 * missing its last members), and copies it to a quarantine file first. A
 * newline-terminated line at the end that cannot be read may have been
 * acknowledged, so it is never cut: the journal opens "damaged" instead,
 * readable and verifiable, refusing appends until someone repairs it.
 */
export const DEFAULT_ENTRIES_PER_SEGMENT = 10_000;
const SEGMENT_FILE = /^segment-(\d{6})\.jsonl$/;
/** A segment's new version being written beside it; a leftover one (a crash mid-rewrite) may still hold destroyed content. */
const REWRITE_FILE = /^\.segment-\d{6}\.jsonl\.rewrite-[0-9a-f]+$/;
const PAYLOAD_FIELD = ',"payload":';
const DESTROYED_PAYLOAD = ',"payload":null}';
/** How many lines are scanned between two progress reports while payloads are destroyed. */
const DESTROY_PROGRESS_LINES = 2_000;
const NEWLINE = 0x0a;
const VERIFY_CHUNK_BYTES = 8 * 1024 * 1024;
/** Enough of a segment's start to hold its first entry's fields up to the payload (under 1 KB), with room to spare. */
const FIRST_ENTRY_HEAD_BYTES = 4096;

export function segmentFileName(number: number): string {
  return `segment-${String(number).padStart(6, '0')}.jsonl`;
}

/** A string is hashed as its UTF-8 bytes. */
export function sha256Hex(bytes: Uint8Array | string): string {
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

/** Where the end of the journal is damaged, when it opened in the "damaged" state. */
export interface JournalDamage {
  segment: string;
  /** 1-based line number in the segment. */
  line: number;
  problem: string;
  /** What a clerk is told when they try to save anything. */
  message: string;
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

export interface DestroyOptions {
  signal?: AbortSignal;
  onProgress?: (entriesScanned: number, entriesToScan: number) => void;
}

/**
 * Reads run side by side, but never while a segment is being swapped for
 * its rewritten version: a read that took its byte offsets from the old file
 * would otherwise look for them in the new one.
 */
class ReadGate {
  private readers = 0;
  private closed: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async enter(): Promise<void> {
    while (this.closed) await this.closed;
    this.readers++;
  }

  leave(): void {
    this.readers--;
    if (this.readers === 0) this.drained?.();
  }

  /** Waits for the reads in progress, holds new ones back, and runs `task` alone. */
  async exclusive<T>(task: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    let open!: () => void;
    this.closed = new Promise((resolve) => (open = resolve));
    try {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      return await task();
    } finally {
      this.closed = null;
      open();
    }
  }
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

function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/**
 * The fields verification relies on, checked by hand: the full schema costs
 * more than all the hashing. Anything it lets through that the schema would
 * not is covered by the entry's hash anyway (a hash that is not 64 hex
 * digits matches no computed one). The payload's text is checked
 * where it is decoded (`ChainChecker.check`): a regex over it cost more than
 * hashing it.
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
    (line.payloadHash === null || typeof line.payloadHash === 'string') &&
    typeof line.prevHash === 'string' &&
    typeof line.hash === 'string' &&
    (line.payload === null || typeof line.payload === 'string')
  );
}

/** The version a line says it is written in, when that is not one this app reads; null otherwise. */
function unknownFormatVersion(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('v' in value)) return null;
  return value.v === JOURNAL_FORMAT_VERSION ? null : value.v;
}

/** Never guessed at: a newer app may mean something else by the same fields. */
function unknownVersionProblem(version: unknown): string {
  return `The line is written in journal format version ${JSON.stringify(version)}, which this version of Records Ledger cannot read (it reads version ${JOURNAL_FORMAT_VERSION}). Open the ledger with the newer version of the app that wrote it.`;
}

/** Why a line that did not parse cannot be read, naming an unknown format version when that is the reason. */
function unreadableBecause(text: string): string {
  try {
    const version = unknownFormatVersion(JSON.parse(text));
    if (version !== null) return ` ${unknownVersionProblem(version)}`;
  } catch {
    // Not JSON at all: "cannot be read" says it.
  }
  return '';
}

function lineProblem(text: string): { line: JournalLine } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'The line is not valid JSON.' };
  }
  if (looksLikeLine(value)) return { line: value };
  const unknown = unknownFormatVersion(value);
  if (unknown !== null) return { problem: unknownVersionProblem(unknown) };
  const parsed = journalLineSchema.safeParse(value);
  if (parsed.success) return { line: parsed.data };
  const issue = parsed.error.issues[0];
  return { problem: `The line is not a journal entry (${issue?.path.join('.') || 'shape'}: ${issue?.message ?? 'invalid'}).` };
}

function splitLines(data: Buffer): { lines: Line[]; tornBytes: number } {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const newline = data.indexOf(NEWLINE, start);
    if (newline === -1) break;
    lines.push({ start, end: newline + 1 });
    start = newline + 1;
  }
  return { lines, tornBytes: data.length - start };
}

/** The seq and record id of a line, from its text up to (not including) its payload field. */
function entryBeforePayload(head: string): { seq: number; recordId: string | null } | null {
  try {
    const value = JSON.parse(`${head}}`) as { seq?: unknown; recordId?: unknown };
    if (!Number.isSafeInteger(value.seq)) return null;
    return { seq: value.seq as number, recordId: typeof value.recordId === 'string' ? value.recordId : null };
  } catch {
    return null;
  }
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

interface Tail {
  segment: Segment;
  /** Null only for a damaged tail with nothing readable before the damage. */
  head: JournalHead | null;
  damage: JournalDamage | null;
}

type TailJudgement = { keep: number } | { damage: { index: number; problem: string } };

/**
 * Whether a line is exactly what was written: its hash and its payload's hash
 * check out. A torn write leaves only such lines; a line that fails this was
 * changed afterwards, so it may have been acknowledged: it must not be taken
 * for the remains of a torn write, nor give the journal its head.
 */
function isAsWritten(entry: JournalLine): boolean {
  const { payload, ...fields } = entry;
  if (sha256Hex(entryHashText(fields)) !== entry.hash) return false;
  return payload === null || sha256Hex(Buffer.from(payload, 'base64')) === entry.payloadHash;
}

/**
 * How many of the last segment's lines to keep, or where it is damaged.
 * `entryAt(i)` is line i parsed (null when it cannot be read);
 * `fragmentEntry()` the bytes after the last newline parsed as a line.
 */
function judgeTail(count: number, entryAt: (index: number) => JournalLine | null, fragmentEntry: (() => JournalLine | null) | null): TailJudgement {
  const complete = (entry: JournalLine) => entry.batch.index === entry.batch.size - 1;
  if (fragmentEntry) {
    const whole = fragmentEntry();
    if (whole && complete(whole)) {
      return { damage: { index: count, problem: 'The last entry is whole but has lost its line ending.' } };
    }
  }
  if (count === 0) return { keep: 0 };
  // The first line says where the segment starts: without it, nothing saved into this segment could be read back.
  // (One that reads but was changed still says where it starts; verification names the change.)
  if (entryAt(0) === null) return { damage: { index: 0, problem: 'The first line cannot be read.' } };
  if (entryAt(count - 1) === null) {
    let first = count - 1;
    while (first > 0 && entryAt(first - 1) === null) first--;
    return { damage: { index: first, problem: 'The line cannot be read.' } };
  }
  const last = entryAt(count - 1)!;
  // The last line gives the head: a changed seq or hash there would have the next save take a number already used.
  if (!isAsWritten(last)) return { damage: { index: count - 1, problem: 'The last line was changed after it was written.' } };
  if (complete(last)) return { keep: count };
  // The last batch lacks its last members: it was never acknowledged, if the lines it has all read and hang together.
  let index = count - 1;
  for (let member = last.batch.index; ; member--) {
    const entry = entryAt(index);
    if (entry === null) return { damage: { index, problem: 'A line of the last batch cannot be read.' } };
    // Named at the line after: the lines up to here may be whole batches of their own, and stay readable.
    if (entry.batch.id !== last.batch.id || entry.batch.index !== member) {
      return { damage: { index: index + 1, problem: 'The last batch does not hang together.' } };
    }
    if (!isAsWritten(entry)) {
      return { damage: { index, problem: 'A line of the last batch was changed after it was written.' } };
    }
    if (member === 0) break;
    if (index === 0) return { damage: { index, problem: 'The last batch begins before this file does.' } };
    index--;
  }
  if (index > 0) {
    const before = entryAt(index - 1);
    if (before === null || !complete(before)) return { damage: { index: index - 1, problem: 'The batch before the last one is not whole.' } };
    // Once the torn batch is cut, this line gives the head.
    if (!isAsWritten(before)) return { damage: { index: index - 1, problem: 'The last line was changed after it was written.' } };
  }
  return { keep: index };
}

/**
 * The chain checks, fed the bytes of each segment in order, in chunks of any
 * size: used on the live journal and on the journal inside a backup. It
 * never throws for what it finds; it reports it.
 */
export class ChainChecker {
  readonly report: VerificationReport = {
    entriesChecked: 0,
    head: { seq: 0, hash: GENESIS_HASH },
    firstBrokenLink: null,
    sequenceGaps: [],
    timeWentBackwards: [],
    unreadableLines: [],
    verdict: 'intact',
  };
  /** The seq of the first entry that is wrong or missing, or null while all is well. */
  firstBadSeq: number | null = null;
  private previousSeq = 0;
  private previousHash = GENESIS_HASH;
  private previousAt: string | null = null;
  private previousTime = -Infinity;
  private segment = '';
  private lineNumber = 0;
  /** The start of a line whose newline has not arrived yet (copies: chunks are not kept). */
  private carried: Buffer[] = [];

  beginSegment(name: string): void {
    this.segment = name;
    this.lineNumber = 0;
    this.carried = [];
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carried.length > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.carried.push(Buffer.from(chunk));
        return;
      }
      this.line(Buffer.concat([...this.carried, chunk.subarray(0, newline)]).toString('utf8'));
      this.carried = [];
      start = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.line(chunk.toString('utf8', start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) this.carried.push(Buffer.from(chunk.subarray(start)));
  }

  endSegment(): void {
    if (this.carried.length > 0) this.unreadable(this.lineNumber + 1, 'The last line is incomplete: its writing was cut short.');
    this.carried = [];
  }

  /**
   * The report, once every segment has been pushed. `knownHead` is the last
   * entry known to have been written (its hash must match when the journal
   * ends at its seq); `expectedLastSeq` the highest seq known to have existed.
   */
  finish(expected: { knownHead: JournalHead; expectedLastSeq: number }): VerificationReport {
    const report = this.report;
    report.head = { seq: this.previousSeq, hash: this.previousHash };
    if (this.previousSeq < expected.expectedLastSeq) {
      this.broken(
        this.previousSeq + 1,
        `Entries at the end of the journal are missing: it ends at entry ${this.previousSeq}, but entries up to ${expected.expectedLastSeq} existed.`,
        `entries up to ${expected.expectedLastSeq}`,
        `the journal ends at entry ${this.previousSeq}`,
      );
    } else if (this.previousSeq === expected.knownHead.seq && this.previousSeq > 0 && this.previousHash !== expected.knownHead.hash) {
      this.broken(this.previousSeq, 'The last entry is not the one this app wrote (hash mismatch).', expected.knownHead.hash, this.previousHash);
    }
    report.verdict = report.firstBrokenLink || report.sequenceGaps.length > 0 || report.unreadableLines.length > 0 ? 'broken' : 'intact';
    return report;
  }

  private line(text: string): void {
    this.lineNumber++;
    const result = lineProblem(text);
    if ('line' in result) this.check(result.line);
    else this.unreadable(this.lineNumber, result.problem);
  }

  private unreadable(line: number, problem: string): void {
    this.report.unreadableLines.push({ segment: this.segment, line, problem });
    this.firstBadSeq ??= this.previousSeq + 1;
  }

  private broken(seq: number, problem: string, expected: string, found: string): void {
    // What was found is whatever the file holds there; the report shows enough of it to compare with a hash.
    this.report.firstBrokenLink ??= { seq, problem, expected: shortened(expected), found: shortened(found) };
    this.firstBadSeq ??= seq;
  }

  private check(line: JournalLine): void {
    if (line.seq !== this.previousSeq + 1) {
      this.report.sequenceGaps.push({ after: this.previousSeq, next: line.seq });
      this.firstBadSeq ??= this.previousSeq + 1;
    }
    if (line.prevHash !== this.previousHash) {
      this.broken(line.seq, 'Its link to the entry before it does not match (prevHash mismatch): an entry before it was removed, reordered or changed.', this.previousHash, line.prevHash);
    }
    // A destroyed payload (null, hash kept) is allowed by the retention schedule; anything else must match.
    if (line.payload !== null) {
      const bytes = Buffer.from(line.payload, 'base64');
      // Node's decoder skips characters that are not base64, so the payload hash alone would not notice them. The app writes
      // canonical base64 only, so any other form of the same bytes (stray characters, other padding) is a change too.
      if (bytes.toString('base64') !== line.payload) this.unreadable(this.lineNumber, 'The line is not a journal entry (payload: not base64 as the app writes it).');
      const found = sha256Hex(bytes);
      if (found !== line.payloadHash) {
        this.broken(line.seq, 'Its encrypted content was changed after it was written (payload hash mismatch).', line.payloadHash ?? 'no content', found);
      }
    }
    const computed = sha256Hex(entryHashText(line));
    let hash = line.hash;
    if (computed !== line.hash) {
      this.broken(line.seq, 'The entry was changed after it was written (hash mismatch).', computed, line.hash);
      // The report's head is a hash: what is not one stands in as the hash the entry should have.
      if (!HEX_SHA256.test(line.hash)) hash = computed;
    }
    const time = Date.parse(line.at);
    if (this.previousAt !== null && time < this.previousTime) this.report.timeWentBackwards.push({ seq: line.seq, previousAt: this.previousAt, at: line.at });
    this.previousSeq = line.seq;
    this.previousHash = hash;
    this.previousAt = line.at;
    this.previousTime = time;
    this.report.entriesChecked++;
  }
}

export class Journal {
  private readonly fs: LedgerFileSystem;
  private readonly now: () => Date;
  private readonly entriesPerSegment: number;
  private readonly writes = new SerialQueue();
  private readonly reads = new ReadGate();
  private segments: Segment[] = [];
  private currentHead: JournalHead = { seq: 0, hash: GENESIS_HASH };
  /** The highest head this object has seen, so a tail cut off while the app runs is noticed by verify. */
  private highestHead: JournalHead = { seq: 0, hash: GENESIS_HASH };
  private loaded = false;
  private damaged: JournalDamage | null = null;

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
      if (this.damaged) throw new LedgerFailure('storage_failure', this.damaged.message);
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
        const hash = sha256Hex(entryHashText(entry));
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
    await this.reads.enter();
    try {
      return await this.readEntries(afterSeq, limit);
    } finally {
      this.reads.leave();
    }
  }

  private async readEntries(afterSeq: number, limit: number): Promise<JournalRecord[]> {
    const lastSeq = Math.min(this.currentHead.seq, afterSeq + limit);
    const records: JournalRecord[] = [];
    let seq = afterSeq + 1;
    while (seq <= lastSeq) {
      const segment = await this.segmentHolding(seq);
      const starts = await this.lineStartsOf(segment);
      const from = seq - segment.firstSeq;
      const to = Math.min(segment.entries, from + (lastSeq - seq + 1));
      const startByte = starts[from];
      if (startByte === undefined) throw journalDamaged(`entry ${seq} in ${segment.name} is missing.`);
      const endByte = starts[to] ?? segment.bytes;
      const data = await this.readRange(segment, startByte, endByte);
      const { lines } = splitLines(data);
      for (const line of lines) {
        const text = data.toString('utf8', line.start, line.end - 1);
        const parsed = parseLine(text);
        if (!parsed || parsed.seq !== seq) throw journalDamaged(`entry ${seq} in ${segment.name} cannot be read.${parsed ? '' : unreadableBecause(text)}`);
        records.push(toRecord(parsed));
        seq++;
      }
      if (lines.length !== to - from) throw journalDamaged(`entry ${seq} in ${segment.name} is missing.`);
    }
    return records;
  }

  /**
   * Destroys the content of every entry of `recordIds` before `beforeSeq`
   * (disposition under the retention schedule): its payload becomes null,
   * and everything else, its payload hash included, stays as it was, so the
   * chain still verifies and still proves what once existed. Each segment
   * that holds such content is rewritten beside itself, synced and renamed
   * over the old one, one segment at a time between appends; a segment with
   * nothing to destroy is left untouched, so running it again does nothing.
   */
  async destroyPayloads(recordIds: ReadonlySet<string>, beforeSeq: number, options: DestroyOptions = {}): Promise<{ payloadsDestroyed: number }> {
    await this.open();
    const toScan = Math.max(0, Math.min(beforeSeq - 1, this.currentHead.seq));
    let scanned = 0;
    let payloadsDestroyed = 0;
    let lastSegment = 0;
    const progress = (lines: number) => options.onProgress?.(Math.min(scanned + lines, toScan), toScan);
    progress(0);
    for (;;) {
      abortIfAsked(options.signal);
      const outcome = await this.writes.run(async () => {
        if (!this.loaded) await this.load();
        if (this.damaged) throw new LedgerFailure('storage_failure', this.damaged.message);
        const segment = this.segments.find((s) => s.number > lastSegment);
        // A segment whose start is unknown is scanned too: each line's own seq says where to stop.
        if (!segment || !(Number.isNaN(segment.firstSeq) || segment.firstSeq < beforeSeq)) return null;
        const result = await this.destroyInSegment(segment, recordIds, beforeSeq, progress);
        return { number: segment.number, ...result };
      });
      if (!outcome) break;
      lastSegment = outcome.number;
      scanned = Math.min(scanned + outcome.scanned, toScan);
      payloadsDestroyed += outcome.destroyed;
      progress(0);
    }
    return { payloadsDestroyed };
  }

  /** One segment: its lines with the content of the given records (before `beforeSeq`) set to null, written whole beside it and renamed over it. */
  private async destroyInSegment(
    segment: Segment,
    recordIds: ReadonlySet<string>,
    beforeSeq: number,
    progress: (lines: number) => void,
  ): Promise<{ scanned: number; destroyed: number }> {
    const path = join(this.folder, segment.name);
    const data = await this.readRange(segment, 0, segment.bytes);
    const { lines, tornBytes } = splitLines(data);
    if (tornBytes !== 0) throw journalDamaged(`the last line of ${segment.name} is incomplete.`);
    if (Number.isNaN(segment.entries)) segment.entries = lines.length;
    if (lines.length !== segment.entries) throw journalDamaged(`${segment.name} holds ${lines.length} entries where ${segment.entries} were expected.`);
    const parts: Buffer[] = [];
    let keptFrom = 0;
    let scanned = 0;
    let destroyed = 0;
    for (const [index, line] of lines.entries()) {
      if (index % DESTROY_PROGRESS_LINES === 0) progress(scanned);
      const text = data.toString('utf8', line.start, line.end - 1);
      // Everything before the payload, read on its own: the payload is most of the line and need not be parsed.
      const cut = text.lastIndexOf(PAYLOAD_FIELD);
      const entry = cut > 0 ? entryBeforePayload(text.slice(0, cut)) : null;
      if (!entry) throw journalDamaged(`line ${index + 1} of ${segment.name} cannot be read.`);
      if (entry.seq >= beforeSeq) break;
      scanned++;
      if (entry.recordId === null || !recordIds.has(entry.recordId)) continue;
      if (text.slice(cut) === DESTROYED_PAYLOAD) continue;
      parts.push(data.subarray(keptFrom, line.start), Buffer.from(`${text.slice(0, cut)}${DESTROYED_PAYLOAD}\n`, 'utf8'));
      keptFrom = line.end;
      destroyed++;
    }
    progress(scanned);
    if (destroyed === 0) return { scanned, destroyed };
    parts.push(data.subarray(keptFrom));
    const rewritten = Buffer.concat(parts);
    const temp = join(this.folder, `.${segment.name}.rewrite-${randomSuffix()}`);
    try {
      await writeNewFile(this.fs, temp, rewritten);
      await this.reads.exclusive(async () => {
        await this.fs.rename(temp, path);
        segment.bytes = rewritten.length;
        segment.lineStarts = splitLines(rewritten).lines.map((l) => l.start);
      });
      await syncFolder(this.fs, this.folder);
    } catch (error) {
      // The rewrite holds the very content being destroyed: it must not stay behind.
      await this.fs.remove(temp).catch(() => undefined);
      throw storageFailure(error, `the destruction of content in the journal file ${segment.name}`);
    }
    return { scanned, destroyed };
  }

  /**
   * Walks every segment on disk, re-computing every hash. It reads the files
   * afresh (not this object's memory), so any change made to them is seen;
   * but only up to their lengths when it began, taken between two appends, so
   * an append being written meanwhile is neither checked nor taken for damage.
   */
  async verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    const snapshot = await this.writes.run(async () => {
      if (!this.loaded) await this.load();
      const segments: Array<{ name: string; bytes: number }> = [];
      for (const name of await this.segmentNamesOnDisk()) {
        const facts = await this.fs.stat(join(this.folder, name)).catch((error: unknown) => {
          throw readFailure(error, `the journal file ${name}`);
        });
        segments.push({ name, bytes: facts.size });
      }
      return { segments, highest: { ...this.highestHead } };
    });
    const expectedLastSeq = Math.max(snapshot.highest.seq, options.expectedLastSeq ?? 0);
    const checker = new ChainChecker();
    const progress = () => options.onProgress?.(checker.report.entriesChecked, Math.max(expectedLastSeq, checker.report.entriesChecked));

    for (const { name, bytes } of snapshot.segments) {
      abortIfAsked(options.signal);
      const handle = await this.fs.open(join(this.folder, name), 'r').catch((error: unknown) => {
        throw readFailure(error, `the journal file ${name}`);
      });
      try {
        checker.beginSegment(name);
        const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(VERIFY_CHUNK_BYTES, bytes)));
        let position = 0;
        while (position < bytes) {
          const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position).catch((error: unknown) => {
            throw readFailure(error, `the journal file ${name}`);
          });
          // A file cut shorter since the snapshot: what is there is checked, and the missing end is reported below.
          if (bytesRead === 0) break;
          position += bytesRead;
          checker.push(buffer.subarray(0, bytesRead));
          progress();
          abortIfAsked(options.signal);
        }
        checker.endSegment();
      } finally {
        await handle.close().catch(() => undefined);
      }
    }

    const report = checker.finish({ knownHead: snapshot.highest, expectedLastSeq });
    progress();
    return report;
  }

  /** Why nothing can be appended, or null when the journal is whole. */
  damage(): JournalDamage | null {
    return this.damaged ? { ...this.damaged } : null;
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

  /** A rewrite cut short by a crash left its new version beside the segment: the segment itself is whole, the leftover goes. */
  private async removeUnfinishedRewrites(): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.folder);
    } catch {
      return;
    }
    const leftovers = names.filter((name) => REWRITE_FILE.test(name));
    for (const name of leftovers) await this.fs.remove(join(this.folder, name));
    if (leftovers.length > 0) await syncFolder(this.fs, this.folder);
  }

  /**
   * The last segment starting at or before `seq`. A segment whose first entry
   * cannot be read (or claims a seq out of order) is passed over, so it stops
   * only the reads that need it: the segments before and after it still read.
   */
  private async segmentHolding(seq: number): Promise<Segment> {
    let holder: Segment | null = null;
    let unreadable: Segment | null = null;
    for (const segment of this.segments) {
      if (Number.isNaN(segment.firstSeq) || (holder !== null && segment.firstSeq <= holder.firstSeq)) {
        unreadable ??= segment;
        continue;
      }
      if (segment.firstSeq > seq) break;
      holder = segment;
      unreadable = null;
    }
    if (holder) {
      if (Number.isNaN(holder.entries)) await this.lineStartsOf(holder);
      if (seq < holder.firstSeq + holder.entries) return holder;
    }
    if (unreadable) throw journalDamaged(`the first entry of ${unreadable.name} cannot be read.`);
    throw journalDamaged(`entry ${seq} is in no journal file.`);
  }

  /**
   * Where each whole line of a segment starts. A damaged segment keeps the
   * lines it has, so the entries before the damage still read; a read that
   * needs a line beyond them says which entry is missing.
   */
  private async lineStartsOf(segment: Segment): Promise<number[]> {
    if (segment.lineStarts) return segment.lineStarts;
    const data = await this.readRange(segment, 0, segment.bytes);
    const { lines } = splitLines(data);
    if (Number.isNaN(segment.entries)) segment.entries = lines.length;
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
      await this.removeUnfinishedRewrites();
      names = await this.segmentNamesOnDisk();
      const segments: Segment[] = [];
      for (const name of names.slice(0, -1)) {
        const stat = await this.fs.stat(join(this.folder, name));
        segments.push({ number: Number(SEGMENT_FILE.exec(name)![1]), name, firstSeq: await this.readFirstSeq(name), entries: 0, bytes: stat.size, lineStarts: null });
      }
      // A sealed segment whose first entry cannot be trusted starts where the one before it ends: counted from that one's lines,
      // so a damaged first line stops only the read of that line (which checks its own seq), never the whole segment or a disposition.
      for (let i = 0; i < segments.length; i++) {
        if (!Number.isNaN(segments[i]!.firstSeq)) continue;
        const before = segments[i - 1];
        segments[i]!.firstSeq = before === undefined ? 1 : before.firstSeq + (await this.wholeLinesIn(before.name));
      }
      let tail: Tail | null = null;
      let lastName = names.at(-1);
      while (lastName !== undefined) {
        tail = await this.loadTail(lastName);
        if (tail.segment.entries > 0 || tail.damage || segments.length === 0) break;
        // A segment whose only batch was torn held nothing acknowledged (its bytes are in quarantine): it goes, and the one before is the tail.
        await this.fs.remove(join(this.folder, lastName));
        await syncFolder(this.fs, this.folder);
        lastName = segments.pop()?.name;
        tail = null;
      }
      let head = tail?.head ?? null;
      if (tail && !head && segments.length > 0) {
        // A damaged tail with nothing readable before the damage: the journal goes as far as the segment before it.
        head = await this.lastHeadOf(segments.at(-1)!.name);
        tail.segment.firstSeq = head.seq + 1;
      }
      for (let i = 0; i < segments.length; i++) {
        const next = segments[i + 1]?.firstSeq ?? tail?.segment.firstSeq ?? NaN;
        // NaN when the next segment's first entry cannot be read (or claims a seq that cannot follow): its lines are counted when it is read.
        segments[i]!.entries = next > segments[i]!.firstSeq ? next - segments[i]!.firstSeq : NaN;
      }
      if (tail) segments.push(tail.segment);
      this.segments = segments;
      this.currentHead = head ?? { seq: 0, hash: GENESIS_HASH };
      this.damaged = tail?.damage ?? null;
      if (this.currentHead.seq >= this.highestHead.seq) this.highestHead = this.head();
      this.loaded = true;
    } catch (error) {
      if (error instanceof LedgerFailure) throw error;
      if (errorCode(error)) throw readFailure(error, 'the journal');
      throw error;
    }
  }

  /** How many whole lines a segment holds (only needed when the first entry of the segment after it cannot be trusted). */
  private async wholeLinesIn(name: string): Promise<number> {
    return splitLines(await this.fs.readFile(join(this.folder, name))).lines.length;
  }

  /** The last entry of a sealed segment, read whole (only needed when the segment after it is damaged). */
  private async lastHeadOf(name: string): Promise<JournalHead> {
    const data = await this.fs.readFile(join(this.folder, name));
    const { lines } = splitLines(data);
    const last = lines.at(-1);
    const entry = last ? parseLine(data.toString('utf8', last.start, last.end - 1)) : null;
    return entry ? { seq: entry.seq, hash: entry.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * The seq of a sealed segment's first entry, read from the entry's fields
   * before its payload and trusted only when its hash checks out: a seq
   * changed by one flipped bit would send reads of the segment before it here.
   */
  private async readFirstSeq(name: string): Promise<number> {
    const handle = await this.fs.open(join(this.folder, name), 'r');
    try {
      const start = Buffer.alloc(FIRST_ENTRY_HEAD_BYTES);
      const { bytesRead } = await handle.read(start, 0, start.length, 0);
      const text = start.toString('utf8', 0, bytesRead);
      const cut = text.indexOf(PAYLOAD_FIELD);
      if (cut <= 0) return NaN;
      let fields: unknown;
      try {
        fields = JSON.parse(`${text.slice(0, cut)}}`);
      } catch {
        return NaN;
      }
      const entry = journalEntrySchema.safeParse(fields);
      return entry.success && sha256Hex(entryHashText(entry.data)) === entry.data.hash ? entry.data.seq : NaN;
    } finally {
      await handle.close().catch(() => undefined);
    }
  }

  /**
   * Reads the last segment and decides what of its end was never
   * acknowledged: a last line without its newline, or a last batch whose
   * lines all read, exactly as written, but whose last members are missing.
   * Only that is cut, and only after it is copied to a quarantine file.
   * Anything else that is wrong at the end (a line with its newline that
   * cannot be read or was changed after it was written, a batch that does not
   * hang together) or at the start (the first line, which says where the
   * segment starts) may have been acknowledged: nothing is cut, and the
   * journal is marked damaged.
   */
  private async loadTail(name: string): Promise<Tail> {
    const path = join(this.folder, name);
    const data = await this.fs.readFile(path);
    const { lines, tornBytes } = splitLines(data);
    const parsed = new Map<number, JournalLine | null>();
    const entryAt = (index: number) => {
      if (!parsed.has(index)) parsed.set(index, parseLine(data.toString('utf8', lines[index]!.start, lines[index]!.end - 1)));
      return parsed.get(index)!;
    };
    // A fragment that is a whole entry, give or take its last byte, lost only its line ending: it may have been acknowledged.
    const fragmentEntry = () => {
      const start = data.length - tornBytes;
      return parseLine(data.toString('utf8', start)) ?? (tornBytes > 1 ? parseLine(data.toString('utf8', start, data.length - 1)) : null);
    };
    const judged = judgeTail(lines.length, entryAt, tornBytes > 0 ? fragmentEntry : null);

    const number = Number(SEGMENT_FILE.exec(name)![1]);
    if ('damage' in judged) {
      // Nothing is cut. What reads from the start of the segment up to the damage can still be read; appends are refused.
      let readable = 0;
      while (readable < judged.damage.index && entryAt(readable) !== null) readable++;
      const last = readable > 0 ? entryAt(readable - 1) : null;
      const line = judged.damage.index + 1;
      return {
        segment: {
          number,
          name,
          firstSeq: readable > 0 ? entryAt(0)!.seq : 1,
          entries: readable,
          bytes: readable > 0 ? lines[readable - 1]!.end : 0,
          lineStarts: lines.slice(0, readable).map((l) => l.start),
        },
        head: last ? { seq: last.seq, hash: last.hash } : null,
        damage: {
          segment: name,
          line,
          problem: judged.damage.problem,
          message: `The journal's last entries are damaged (${name} line ${line}). Nothing more can be saved until it is repaired: restore the latest backup, or ask for help. Nothing was deleted.`,
        },
      };
    }

    const keep = judged.keep;
    const keptBytes = keep > 0 ? lines[keep - 1]!.end : 0;
    if (keptBytes < data.length) {
      await this.quarantine(name, data.subarray(keptBytes));
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
    return {
      segment: {
        number,
        name,
        // An empty tail is only kept when it is the whole journal, so its first entry will be seq 1.
        firstSeq: keep === 0 ? 1 : (first?.seq ?? NaN),
        entries: keep,
        bytes: keptBytes,
        lineStarts: lines.slice(0, keep).map((line) => line.start),
      },
      head: last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH },
      damage: null,
    };
  }

  /**
   * Copies bytes about to be cut from a segment into segment-NNNNNN.torn-<UTC
   * time> beside it, synced, so nothing is ever silently destroyed.
   */
  private async quarantine(name: string, bytes: Uint8Array): Promise<void> {
    const stamp = this.now().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
    const base = `${name.replace(/\.jsonl$/, '')}.torn-${stamp}`;
    for (let n = 1; ; n++) {
      const path = join(this.folder, n === 1 ? base : `${base}-${n}`);
      try {
        await writeNewFile(this.fs, path, bytes);
        break;
      } catch (error) {
        if (errorCode(error) === 'EEXIST' && n < 1000) continue;
        await this.fs.remove(path).catch(() => undefined);
        throw error;
      }
    }
    await syncFolder(this.fs, this.folder);
  }
}
