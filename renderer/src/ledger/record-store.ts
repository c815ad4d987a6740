import type { z } from 'zod';
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
import type { ReadModelDatabase, RecordRow } from '../read-model/database';
import { randomBytes } from './random';

export class SaveFailed extends Error {}

export interface VersionView<T> {
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
}

/**
 * Saving and reading versioned records. A save is durable when main's journal
 * has it (fsync'd); the read model is updated afterwards and, if that fails,
 * catches up from the journal at the next unlock.
 */
export class RecordStore {
  constructor(
    private readonly ledger: LedgerApi,
    private readonly db: ReadModelDatabase,
    private readonly recordsKey: CryptoKey,
    private readonly actor: string,
  ) {}

  private async seal(payload: RecordVersionPayload): Promise<Uint8Array> {
    return encryptJson(this.recordsKey, payload, { table: payload.table, recordId: payload.recordId }, randomBytes(12));
  }

  private async open(table: string, recordId: string, ciphertext: Uint8Array): Promise<RecordVersionPayload> {
    return recordVersionPayloadSchema.parse(await decryptJson(this.recordsKey, ciphertext, { table, recordId }));
  }

  /** Saves new versions of several records as one journal batch: all of them, or none. */
  async saveAll(changes: Change[]): Promise<Array<{ recordId: string; version: number; seq: number }>> {
    const counters = new Map<string, number>();
    const sealed: Array<{ change: Change; version: number; ciphertext: Uint8Array }> = [];
    for (const change of changes) {
      const base = (counters.get(change.recordId) ?? (await this.db.records.get(change.recordId))?.version ?? 0) + 1;
      counters.set(change.recordId, base);
      const payload: RecordVersionPayload = {
        format: RECORD_VERSION_FORMAT,
        table: change.table,
        recordId: change.recordId,
        version: base,
        reason: change.reason,
        clear: change.clear,
        data: change.data,
      };
      sealed.push({ change, version: base, ciphertext: await this.seal(payload) });
    }
    const events: NewEvent[] = sealed.map(({ change, ciphertext }) => ({
      type: versionEventType(change.table),
      actor: this.actor,
      recordId: change.recordId,
      payload: ciphertext,
    }));
    const appended = await this.ledger.journalAppend({ events });
    if (!appended.ok) throw new SaveFailed(appended.error.message);
    const { firstSeq, at } = appended.value;
    const saved = sealed.map((item, index) => ({ ...item, seq: firstSeq + index }));
    try {
      await this.db.transaction('rw', [this.db.records, this.db.versions, this.db.audit, this.db.meta], async () => {
        for (const item of saved) {
          const previous = await this.db.records.get(item.change.recordId);
          const row: RecordRow = {
            id: item.change.recordId,
            table: item.change.table,
            version: item.version,
            createdAt: previous?.createdAt ?? at,
            updatedAt: at,
            updatedBy: this.actor,
            seq: item.seq,
            clear: item.change.clear,
            ciphertext: item.ciphertext,
          };
          await this.db.records.put(row);
          await this.db.versions.put({ recordId: row.id, version: item.version, seq: item.seq, at, actor: this.actor, ciphertext: item.ciphertext });
          await this.db.audit.put({ seq: item.seq, at, actor: this.actor, type: versionEventType(item.change.table), recordId: row.id });
        }
        const meta = await this.db.meta.get('state');
        // Only move the marker when nothing was skipped; otherwise the next sync replays the gap.
        if (meta && meta.lastSeq === firstSeq - 1) await this.db.meta.put({ ...meta, lastSeq: firstSeq + saved.length - 1 });
      });
    } catch {
      // The journal has it; the read model will replay it at the next unlock.
    }
    return saved.map((item) => ({ recordId: item.change.recordId, version: item.version, seq: item.seq }));
  }

  async save(change: Change): Promise<{ recordId: string; version: number; seq: number }> {
    const [saved] = await this.saveAll([change]);
    return saved!;
  }

  async get<S extends z.ZodType>(table: string, recordId: string, schema: S): Promise<z.infer<S> | null> {
    const row = await this.db.records.get(recordId);
    if (!row || row.table !== table) return null;
    return schema.parse((await this.open(table, recordId, row.ciphertext)).data);
  }

  async list<S extends z.ZodType>(table: string, schema: S): Promise<Array<z.infer<S>>> {
    const rows = await this.db.records.where('table').equals(table).toArray();
    const out: Array<z.infer<S>> = [];
    for (const row of rows) out.push(schema.parse((await this.open(table, row.id, row.ciphertext)).data));
    return out;
  }

  /** Every version of a record, oldest first, with the fields each one changed. */
  async versions<S extends z.ZodType>(table: string, recordId: string, schema: S): Promise<Array<VersionView<z.infer<S>>>> {
    const rows = await this.db.versions.where('recordId').equals(recordId).sortBy('version');
    const views: Array<VersionView<z.infer<S>>> = [];
    let previous: unknown = undefined;
    for (const row of rows) {
      const payload = await this.open(table, recordId, row.ciphertext);
      const data = schema.parse(payload.data);
      views.push({ version: row.version, seq: row.seq, at: row.at, actor: row.actor, reason: payload.reason, data, changed: changedFields(previous, data) });
      previous = data;
    }
    return views;
  }
}
