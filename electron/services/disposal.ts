import { join } from 'node:path';
import { z } from 'zod';
import { base64Schema, base64ToBytes, bytesToBase64 } from '../../shared/encoding';
import { LedgerFailure } from '../../shared/ipc/result';
import type { NewEvent } from '../../shared/journal/entry';
import { versionEventType } from '../../shared/records/record-version';
import { DISPOSED_TABLE, DISPOSITION_TABLE } from '../../shared/retention/disposition';
import { atomicWrite, isMissing, nodeFileSystem, readFailure, readIfPresent, syncFolder, type LedgerFileSystem } from './durable-files';
import type { JobProgress } from './jobs';
import { sha256Hex, type Journal } from './journal';
import type { VaultStore } from './vault-store';

/**
 * Executing a disposition batch in main: the stubs and the batch's executed
 * version go into the journal as one batch (the point of no return), then
 * every earlier payload of the disposed records is destroyed in the journal
 * and their files are deleted. Main never sees what it destroys: it matches
 * journal entries by record id and deletes files by id.
 *
 * Crash safety: before anything changes, an intent file in
 * <dataDir>/disposal/<batchId>.json says what is about to happen. Whatever
 * stops the work (a crash, a power cut, a full disk), the intent is found at
 * the next start and the work is finished from where it is: the events are
 * appended unless the journal already has them (never twice), and
 * destroying payloads and deleting files are safe to repeat. Only when all
 * is done is the destruction recorded (for the backup rotation, which must
 * not keep old backups holding the destroyed content for long) and the
 * intent removed. Cancelling is possible until the events are written; after
 * that the work runs to completion.
 */
export const DISPOSAL_FOLDER = 'disposal';
/** In the data folder: every executed disposition, for the backup rotation. */
export const DESTRUCTIONS_FILE = 'destructions.json';
export const INTENT_FORMAT = 1;
export const DESTRUCTIONS_FORMAT = 1;
const INTENT_FILE = /^([A-Za-z0-9_-]{1,64})\.json$/;
const LEFTOVER_TEMP = /^\..+\.tmp-[0-9a-f]+$/;
const FIND_BATCH_PAGE = 1_000;
const STUB_EVENT = versionEventType(DISPOSED_TABLE);
const BATCH_EVENT = versionEventType(DISPOSITION_TABLE);

export const DESTROYING_LABEL = 'Destroying the records’ content (this cannot be stopped halfway)';
export const DELETING_FILES_LABEL = 'Destroying the records’ files (this cannot be stopped halfway)';
export const RECORDING_LABEL = 'Recording the disposition in the journal';

const calendarDay = z.iso.date();

const intentSchema = z.object({
  format: z.literal(INTENT_FORMAT),
  batchId: z.string().min(1).max(64),
  actor: z.string().min(1).max(64),
  /** The events to append, payloads in base64 (ciphertext: main may hold it). */
  events: z.array(z.object({ type: z.string(), actor: z.string(), recordId: z.string().nullable(), payload: base64Schema.nullable() })).min(1),
  recordIds: z.array(z.string().min(1).max(64)).min(1),
  attachmentIds: z.array(z.string().min(1).max(64)),
  backupsHoldContentUntil: calendarDay.nullable(),
  /** The journal's head when the intent was written: the events, if appended, come after it. */
  headSeq: z.number().int().min(0),
  startedAt: z.iso.datetime(),
});
type Intent = z.infer<typeof intentSchema>;

const destructionSchema = z.object({
  batchId: z.string().min(1).max(64),
  /** When the destruction was finished: backups made before it may hold what was destroyed. */
  executedAt: z.iso.datetime(),
  /** From this city day on, such backups are removed by the rotation (null: at once). */
  backupsHoldContentUntil: calendarDay.nullable(),
});
export type RecordedDestruction = z.infer<typeof destructionSchema>;
const destructionsFileSchema = z.object({ format: z.literal(DESTRUCTIONS_FORMAT), destructions: z.array(destructionSchema) });

export interface DisposalRequest {
  batchId: string;
  events: NewEvent[];
  recordIds: string[];
  attachmentIds: string[];
  backupsHoldContentUntil: string | null;
}

export interface DisposalOutcome {
  batchId: string;
  firstSeq: number;
  lastSeq: number;
  /** Journal entries whose payloads this run destroyed (a resumed run counts only its own). */
  payloadsDestroyed: number;
  /** Files this run deleted. */
  filesDestroyed: number;
}

export interface DisposalRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Called once the events are in the journal: from then on the work is finished whatever happens. */
  cannotBeStoppedNow?: () => void;
}

export interface DisposalServiceOptions {
  vault: VaultStore;
  fs?: LedgerFileSystem;
  now?: () => Date;
}

/** A format this version does not know is refused by name, never guessed at. */
function formatOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
}

function unknownFormat(what: string, format: unknown): LedgerFailure {
  return new LedgerFailure(
    'unsupported_version',
    `${what} is in format ${JSON.stringify(format)}, which this version of Records Ledger does not know. It was left as it is; open the ledger with the newer version of Records Ledger that wrote it.`,
  );
}

/** One of main's small JSON files: refused by name when a newer app wrote it, otherwise checked against its schema (unreadable JSON fails the check). */
function parseFormatted<S extends z.ZodType>(bytes: Buffer, expectedFormat: number, schema: S, what: string) {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    value = null;
  }
  const format = formatOf(value);
  if (format !== undefined && format !== expectedFormat) throw unknownFormat(what, format);
  return schema.safeParse(value);
}

export async function readDestructions(fs: LedgerFileSystem, dataDir: string): Promise<RecordedDestruction[]> {
  const bytes = await readIfPresent(fs, join(dataDir, DESTRUCTIONS_FILE)).catch((error: unknown) => {
    throw readFailure(error, 'the record of destroyed content');
  });
  if (!bytes) return [];
  const parsed = parseFormatted(bytes, DESTRUCTIONS_FORMAT, destructionsFileSchema, `The record of destroyed content (${DESTRUCTIONS_FILE})`);
  if (!parsed.success) {
    throw new LedgerFailure('storage_failure', `The record of destroyed content (${DESTRUCTIONS_FILE} in the data folder) is damaged, so old backups cannot be checked against it. Ask for help; nothing was removed.`);
  }
  return parsed.data.destructions;
}

interface CommittedBatch {
  firstSeq: number;
  lastSeq: number;
}

/** What the journal holds for an event: compared field by field, the payload by its hash. */
function sameEvent(entry: { type: string; actor: string; recordId: string | null; payloadHash: string | null }, event: NewEvent, payloadHash: string | null): boolean {
  return entry.type === event.type && entry.actor === event.actor && entry.recordId === event.recordId && entry.payloadHash === payloadHash;
}

/** Where the journal holds this exact batch of events after `afterSeq`, or null when it was never appended. */
async function findCommitted(journal: Journal, afterSeq: number, events: NewEvent[]): Promise<CommittedBatch | null> {
  const hashes = events.map((event) => (event.payload === null ? null : sha256Hex(event.payload)));
  let candidate: { firstSeq: number; matched: number } | null = null;
  let seq = afterSeq;
  for (;;) {
    const page = await journal.read(seq, FIND_BATCH_PAGE);
    if (page.length === 0) return null;
    for (const entry of page) {
      seq = entry.seq;
      if (candidate && entry.seq === candidate.firstSeq + candidate.matched && sameEvent(entry, events[candidate.matched]!, hashes[candidate.matched]!)) {
        candidate.matched++;
      } else {
        candidate = entry.batch.index === 0 && entry.batch.size === events.length && sameEvent(entry, events[0]!, hashes[0]!) ? { firstSeq: entry.seq, matched: 1 } : null;
      }
      if (candidate?.matched === events.length) return { firstSeq: candidate.firstSeq, lastSeq: entry.seq };
    }
  }
}

export class DisposalService {
  private readonly vault: VaultStore;
  private readonly fs: LedgerFileSystem;
  private readonly now: () => Date;
  readonly folder: string;

  constructor(options: DisposalServiceOptions) {
    this.vault = options.vault;
    this.fs = options.fs ?? nodeFileSystem;
    this.now = options.now ?? (() => new Date());
    this.folder = join(options.vault.dataDir, DISPOSAL_FOLDER);
  }

  /**
   * Executes a batch: records the intent, appends the events, destroys the
   * payloads and files, records the destruction. An unfinished earlier run
   * of the same batch is finished instead of starting again.
   */
  async execute(actor: string, request: DisposalRequest, options: DisposalRunOptions = {}): Promise<DisposalOutcome> {
    checkRequest(request);
    const { journal } = await this.vault.open();
    const damage = journal.damage();
    if (damage) throw new LedgerFailure('storage_failure', `${damage.message} The disposition batch was not executed.`);
    if ((await this.destructions()).some((done) => done.batchId === request.batchId)) {
      throw new LedgerFailure('conflict', 'This disposition batch was already executed; its content is already destroyed. Nothing was changed.');
    }
    const unfinished = await this.readIntent(request.batchId);
    const intent =
      unfinished ??
      ({
        format: INTENT_FORMAT,
        batchId: request.batchId,
        actor,
        events: request.events.map((event) => ({ ...event, payload: event.payload === null ? null : bytesToBase64(event.payload) })),
        recordIds: request.recordIds,
        attachmentIds: request.attachmentIds,
        backupsHoldContentUntil: request.backupsHoldContentUntil,
        headSeq: journal.head().seq,
        startedAt: this.now().toISOString(),
      } satisfies Intent);
    options.signal?.throwIfAborted();
    options.onProgress?.({ done: 0, total: intent.events.length, unit: 'events', label: RECORDING_LABEL });
    if (!unfinished) await this.writeIntent(intent);
    return this.complete(intent, options);
  }

  /**
   * Finishes every disposition that a crash or a failure left unfinished.
   * Each is attempted; the first failure is thrown once all were tried, and
   * what failed stays recorded for the next attempt.
   */
  async resumeInterrupted(options: Omit<DisposalRunOptions, 'signal'> = {}): Promise<DisposalOutcome[]> {
    const outcomes: DisposalOutcome[] = [];
    let failure: unknown = null;
    for (const batchId of await this.unfinishedBatches()) {
      try {
        const outcome = await this.resume(batchId, options);
        if (outcome) outcomes.push(outcome);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return outcomes;
  }

  /** Finishes one batch left unfinished (see `unfinishedBatches`); null when there is nothing left of it to finish. */
  async resume(batchId: string, options: Omit<DisposalRunOptions, 'signal'> = {}): Promise<DisposalOutcome | null> {
    const intent = await this.readIntent(batchId);
    return intent ? this.complete(intent, options) : null;
  }

  /** The batches whose execution began and has not finished; removes what an interrupted intent write left. */
  async unfinishedBatches(): Promise<string[]> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.folder);
    } catch (error) {
      if (isMissing(error)) return [];
      throw readFailure(error, 'the folder of dispositions in progress');
    }
    for (const name of names.filter((n) => LEFTOVER_TEMP.test(n))) await this.fs.remove(join(this.folder, name)).catch(() => undefined);
    return names
      .map((name) => INTENT_FILE.exec(name)?.[1])
      .filter((id): id is string => id !== undefined)
      .sort();
  }

  destructions(): Promise<RecordedDestruction[]> {
    return readDestructions(this.fs, this.vault.dataDir);
  }

  private async complete(intent: Intent, options: DisposalRunOptions): Promise<DisposalOutcome> {
    const { journal, attachments } = await this.vault.open();
    const events: NewEvent[] = intent.events.map((event) => ({ ...event, payload: event.payload === null ? null : base64ToBytes(event.payload) }));
    let committed = await findCommitted(journal, intent.headSeq, events);
    if (!committed) {
      if (options.signal?.aborted) {
        await this.removeIntent(intent.batchId);
        options.signal.throwIfAborted();
      }
      options.cannotBeStoppedNow?.();
      try {
        const appended = await journal.append(events);
        committed = { firstSeq: appended.firstSeq, lastSeq: appended.lastSeq };
      } catch (error) {
        // A failed append is undone by the journal; only if the journal says otherwise does the work go on.
        committed = await findCommitted(journal, intent.headSeq, events).catch(() => null);
        if (!committed) {
          await this.removeIntent(intent.batchId).catch(() => undefined);
          throw error;
        }
      }
    }
    options.cannotBeStoppedNow?.();

    try {
      const { payloadsDestroyed } = await journal.destroyPayloads(new Set(intent.recordIds), committed.firstSeq, {
        onProgress: (done, total) => options.onProgress?.({ done, total, unit: 'entries', label: DESTROYING_LABEL }),
      });
      let filesDestroyed = 0;
      const files = intent.attachmentIds.length;
      options.onProgress?.({ done: 0, total: files, unit: 'files', label: DELETING_FILES_LABEL });
      for (const [index, id] of intent.attachmentIds.entries()) {
        if (await attachments.delete(id)) filesDestroyed++;
        options.onProgress?.({ done: index + 1, total: files, unit: 'files', label: DELETING_FILES_LABEL });
      }
      await attachments.syncRemovals();
      await this.recordDestruction({ batchId: intent.batchId, executedAt: this.now().toISOString(), backupsHoldContentUntil: intent.backupsHoldContentUntil });
      await this.removeIntent(intent.batchId);
      return { batchId: intent.batchId, ...committed, payloadsDestroyed, filesDestroyed };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new LedgerFailure(
        error instanceof LedgerFailure ? error.code : 'storage_failure',
        `The disposition batch is recorded in the journal, but destroying its content stopped part-way: ${detail} Records Ledger finishes it the next time it starts, or when the batch is executed again.`,
      );
    }
  }

  private intentPath(batchId: string): string {
    return join(this.folder, `${batchId}.json`);
  }

  private async readIntent(batchId: string): Promise<Intent | null> {
    const bytes = await readIfPresent(this.fs, this.intentPath(batchId)).catch((error: unknown) => {
      throw readFailure(error, 'the record of a disposition in progress');
    });
    if (!bytes) return null;
    const parsed = parseFormatted(bytes, INTENT_FORMAT, intentSchema, `The record of disposition batch ${batchId} in progress`);
    if (!parsed.success || parsed.data.batchId !== batchId) {
      throw new LedgerFailure(
        'storage_failure',
        `The record of disposition batch ${batchId} in progress (${DISPOSAL_FOLDER}/${batchId}.json in the data folder) is damaged, so it cannot be finished. Ask for help; nothing more was changed.`,
      );
    }
    return parsed.data;
  }

  private async writeIntent(intent: Intent): Promise<void> {
    await this.fs.mkdir(this.folder).catch(() => undefined);
    await atomicWrite(this.fs, this.intentPath(intent.batchId), Buffer.from(`${JSON.stringify(intent)}\n`, 'utf8'), 'the record of the disposition about to be executed');
  }

  private async removeIntent(batchId: string): Promise<void> {
    await this.fs.remove(this.intentPath(batchId));
    await syncFolder(this.fs, this.folder);
  }

  private async recordDestruction(destruction: RecordedDestruction): Promise<void> {
    const others = (await this.destructions()).filter((done) => done.batchId !== destruction.batchId);
    const file = { format: DESTRUCTIONS_FORMAT, destructions: [...others, destruction] };
    await atomicWrite(this.fs, join(this.vault.dataDir, DESTRUCTIONS_FILE), Buffer.from(`${JSON.stringify(file, null, 2)}\n`, 'utf8'), 'the record of destroyed content');
  }
}

/** Nothing is destroyed without a stub that says what it was: every record needs its stub, and the batch its executed version. */
function checkRequest(request: DisposalRequest): void {
  const stubs = new Set(request.events.filter((event) => event.type === STUB_EVENT).map((event) => event.recordId));
  const missing = request.recordIds.filter((id) => !stubs.has(id));
  if (missing.length > 0) {
    throw new LedgerFailure(
      'invalid_request',
      `The disposition was not executed: ${missing.length === 1 ? `record ${missing[0]} has` : `${missing.length} records (the first: ${missing[0]}) have`} no stub saying what was destroyed. Nothing was changed.`,
    );
  }
  if (!request.events.some((event) => event.type === BATCH_EVENT && event.recordId === request.batchId)) {
    throw new LedgerFailure('invalid_request', 'The disposition was not executed: the batch’s own record of its execution is missing. Nothing was changed.');
  }
}
