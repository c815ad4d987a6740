import type { z } from 'zod';
import type { JournalRecord } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { NewEvent } from '../../../shared/journal/entry';
import {
  changedFields,
  RECORD_VERSION_FORMAT,
  recordVersionPayloadSchema,
  versionEventType,
  type ClearFields,
  type RecordVersionPayload,
} from '../../../shared/records/record-version';
import { decryptJson, encryptJson } from '../../../shared/crypto/envelope';
import { bytesToHex } from '../../../shared/encoding';
import { listingRowOf, versionsOf, type ReadModelDatabase, type RecordRow, type VersionRow } from '../read-model/database';
import { randomBytes } from './random';

export class SaveFailed extends Error {}

export interface VersionView<T> {
  /** 1 for the first version, in journal order. */
  version: number;
  seq: number;
  at: string;
  actor: string;
  reason: string;
  data: T;
  changed: string[];
}

export interface Change {
  table: string;
  recordId: string;
  data: unknown;
  clear: ClearFields;
  reason: string;
  /**
   * The change makes a record that has never been saved, under an id drawn
   * for it alone (128 random bits, as the import's check gives each row), so
   * there is no earlier version to look up: looking up 10,000 ids that cannot
   * exist took 0.4 s of each import file. Never set it on a change that edits
   * a record, or on one copied from a change already saved: its version would
   * be numbered 1 again.
   */
  isNew?: true;
}

/**
 * Saving and reading versioned records. A save is durable when main's journal
 * has it (fsync'd); the read model is updated afterwards. If that update
 * fails (a full disk, a quota), the next save first catches the read model up
 * from the journal, so version numbers never repeat.
 */
export class RecordStore {
  private queue: Promise<unknown> = Promise.resolve();
  private behind = false;

  constructor(
    private readonly ledger: LedgerApi,
    private readonly db: ReadModelDatabase,
    private readonly recordsKey: CryptoKey,
    private readonly actor: string,
    /** Replays the journal into the read model; used when a read-model write failed. */
    private readonly catchUp: () => Promise<void> = async () => {},
  ) {}

  private async open(table: string, recordId: string, ciphertext: Uint8Array): Promise<RecordVersionPayload> {
    return recordVersionPayloadSchema.parse(await decryptJson(this.recordsKey, ciphertext, { table, recordId }));
  }

  /** Saves new versions of several records as one journal batch: all of them, or none. */
  saveAll(changes: Change[]): Promise<Array<{ recordId: string; version: number; seq: number }>> {
    // One save at a time: a double-clicked Save cannot give two versions the same number.
    const run = this.queue.then(() => this.saveNow(changes));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async saveNow(changes: Change[]): Promise<Array<{ recordId: string; version: number; seq: number }>> {
    if (this.behind) {
      await this.catchUp();
      this.behind = false;
    }
    const { previous, sealed, events } = await this.seal(changes);
    const appended = await this.ledger.journalAppend({ events });
    if (!appended.ok) throw new SaveFailed(appended.error.message);
    const { firstSeq, at } = appended.value;
    const saved = sealed.map((item, index) => ({ ...item, seq: firstSeq + index }));

    const rows = new Map<string, RecordRow>();
    const versions: VersionRow[] = [];
    for (const item of saved) {
      const before = rows.get(item.change.recordId) ?? previous.get(item.change.recordId);
      rows.set(item.change.recordId, {
        id: item.change.recordId,
        table: item.change.table,
        version: item.version,
        createdAt: before?.createdAt ?? at,
        updatedAt: at,
        updatedBy: this.actor,
        seq: item.seq,
        clear: item.change.clear,
        ciphertext: item.ciphertext,
      });
      versions.push({ recordId: item.change.recordId, version: item.version, seq: item.seq, at, actor: this.actor, payloadHash: item.payloadHash });
    }
    try {
      await this.db.transaction('rw', [this.db.records, this.db.listings, this.db.versions, this.db.meta], async () => {
        await this.db.records.bulkPut([...rows.values()]);
        await this.db.listings.bulkPut([...rows.values()].map(listingRowOf));
        await this.db.versions.bulkPut(versions);
        const meta = await this.db.meta.get('state');
        // Only move the marker when nothing was skipped; otherwise the next sync replays the gap.
        if (meta && meta.lastSeq === firstSeq - 1) await this.db.meta.put({ ...meta, lastSeq: firstSeq + saved.length - 1 });
        else this.behind = true;
      });
    } catch {
      // The journal has it; the read model catches up before the next save and at the next unlock.
      this.behind = true;
    }
    return saved.map((item) => ({ recordId: item.change.recordId, version: item.version, seq: item.seq }));
  }

  /**
   * Numbers and encrypts new versions without appending them: for work main
   * appends itself as one job (a disposition batch). Call refresh() once it has.
   */
  async seal(changes: Change[]) {
    const ids = [...new Set(changes.filter((c) => !c.isNew).map((c) => c.recordId))];
    const previous = new Map<string, RecordRow>();
    if (ids.length > 0) (await this.db.records.bulkGet(ids)).forEach((row) => row && previous.set(row.id, row));
    const counters = new Map<string, number>();
    const numbered = changes.map((change) => {
      const version = (counters.get(change.recordId) ?? previous.get(change.recordId)?.version ?? 0) + 1;
      counters.set(change.recordId, version);
      return { change, version };
    });
    // WebCrypto works off the main thread: seal the whole batch at once.
    const sealed = await Promise.all(
      numbered.map(async ({ change, version }) => {
        const payload: RecordVersionPayload = {
          format: RECORD_VERSION_FORMAT,
          table: change.table,
          recordId: change.recordId,
          version,
          reason: change.reason,
          clear: change.clear,
          data: change.data,
        };
        const ciphertext = await encryptJson(this.recordsKey, payload, { table: change.table, recordId: change.recordId }, randomBytes(12));
        // The journal's payloadHash, kept beside the version so a disposition can name what it destroyed without rereading the journal.
        const payloadHash = bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', ciphertext)));
        return { change, version, ciphertext, payloadHash };
      }),
    );
    const events: NewEvent[] = sealed.map(({ change, ciphertext }) => ({ type: versionEventType(change.table), actor: this.actor, recordId: change.recordId, payload: ciphertext }));
    return { previous, sealed, events };
  }

  /** Brings the read model up to the journal after main appended versions sealed here. */
  refresh(): Promise<void> {
    const run = this.queue.then(() => this.catchUp());
    this.queue = run.catch(() => undefined);
    return run;
  }

  async save(change: Change): Promise<{ recordId: string; version: number; seq: number }> {
    const [saved] = await this.saveAll([change]);
    return saved!;
  }

  async get<S extends z.ZodType>(table: string, recordId: string, schema: S): Promise<z.infer<S> | null> {
    return this.read(table, await this.db.records.get(recordId), schema);
  }

  /** A row already fetched (several at once, for a list), decrypted and checked; null when it is not of this table. */
  async read<S extends z.ZodType>(table: string, row: RecordRow | undefined, schema: S): Promise<z.infer<S> | null> {
    if (!row || row.table !== table) return null;
    return schema.parse((await this.open(table, row.id, row.ciphertext)).data);
  }

  async list<S extends z.ZodType>(table: string, schema: S): Promise<Array<z.infer<S>>> {
    const rows = await this.db.records.where('table').equals(table).toArray();
    return Promise.all(rows.map(async (row) => schema.parse((await this.open(table, row.id, row.ciphertext)).data)));
  }

  /** The bytes of one version: the current one from the read model, older ones from the journal. */
  private async versionBytes(row: VersionRow, current: RecordRow | undefined): Promise<Uint8Array> {
    if (current && current.seq === row.seq) return current.ciphertext;
    const entry = await this.journalEntry(row.seq);
    if (!entry?.payload) throw new Error(`Version ${row.version} of this record is no longer in the journal.`);
    return entry.payload;
  }

  /** One journal entry by its sequence number, or null when the journal cannot give it. */
  async journalEntry(seq: number): Promise<JournalRecord | null> {
    const read = await this.ledger.journalRead({ afterSeq: seq - 1, limit: 1 });
    const entry = read.ok ? read.value.entries[0] : undefined;
    return entry && entry.seq === seq ? entry : null;
  }

  /** Every version of a record, oldest first, with the fields each one changed. */
  async versions<S extends z.ZodType>(table: string, recordId: string, schema: S): Promise<Array<VersionView<z.infer<S>>>> {
    const rows = await versionsOf(this.db, recordId).toArray();
    const current = await this.db.records.get(recordId);
    const views: Array<VersionView<z.infer<S>>> = [];
    let previous: unknown = undefined;
    for (const [index, row] of rows.entries()) {
      const payload = await this.open(table, recordId, await this.versionBytes(row, current));
      const data = schema.parse(payload.data);
      views.push({ version: index + 1, seq: row.seq, at: row.at, actor: row.actor, reason: payload.reason, data, changed: changedFields(previous, data) });
      previous = data;
    }
    return views;
  }
}
