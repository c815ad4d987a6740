import Dexie, { type Table } from 'dexie';
import type { ClearFields } from '../../../shared/records/record-version';

/**
 * The read model: IndexedDB rows the screens query, rebuilt from the journal
 * whenever it is missing, damaged or behind. It holds ciphertext plus the few
 * clear fields queries need; it is never the only copy of anything.
 */
export interface RecordRow {
  id: string;
  table: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  seq: number;
  clear: ClearFields;
  /** The encrypted version payload, exactly as the journal holds it. */
  ciphertext: Uint8Array;
}

/**
 * One version of a record. Keyed by the journal sequence number, which is
 * unique by construction, so two versions can never overwrite each other.
 * It holds no ciphertext: the journal keeps every version's bytes, and the
 * read model keeps only the current one (writing each twice halved rebuilds).
 */
export interface VersionRow {
  recordId: string;
  /** The number the version carried when it was saved; views number versions by `seq` order. */
  version: number;
  seq: number;
  at: string;
  actor: string;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  type: string;
  recordId: string | null;
}

export interface UnreadableRow {
  seq: number;
  recordId: string | null;
  type: string;
  reason: string;
}

export interface MetaRow {
  key: 'state';
  ledgerId: string;
  instanceId: string;
  lastSeq: number;
}

export class ReadModelDatabase extends Dexie {
  meta!: Table<MetaRow, string>;
  records!: Table<RecordRow, string>;
  versions!: Table<VersionRow, [string, number]>; // [recordId, seq]
  audit!: Table<AuditRow, number>;
  unreadable!: Table<UnreadableRow, number>;

  constructor(name: string) {
    // Relaxed: a commit need not reach the disk before it resolves. The journal is
    // what is durable; the read model is rebuilt from it if a crash loses a commit.
    super(name, { chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      meta: 'key',
      records: 'id, table, [table+updatedAt]',
      versions: '[recordId+seq], recordId, seq',
      audit: 'seq, recordId, type, actor',
      unreadable: 'seq',
    });
  }
}

export function readModelName(ledgerId: string): string {
  return `records-ledger-${ledgerId}`;
}
