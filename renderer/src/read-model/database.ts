import Dexie, { type Collection, type Table } from 'dexie';
import { tableOfVersionEvent, type ClearFields } from '../../../shared/records/record-version';

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
  /** SHA-256 of the version's encrypted payload, as the journal's chain holds it. Absent on rows written before it was kept. */
  payloadHash?: string | null;
  /** The payload was destroyed by a disposition batch; the hash above is what remains of it. */
  destroyed?: boolean;
}

/**
 * A journal entry that is not a record's version: an unlock, an export, the
 * recovery key issued or confirmed. A version's entry is its `VersionRow`,
 * which says the same; keeping it twice made every save write one row more.
 */
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

/**
 * A record's clear fields without its ciphertext: what lists, filters and
 * charts read, so showing 100,000 removals never loads 100,000 ciphertexts.
 * It mirrors `records` and is written in the same transactions.
 */
export interface ListingRow {
  id: string;
  table: string;
  updatedAt: string;
  /**
   * The date lists show the record under, newest first: for a removal, when
   * it was removed (or seen, when that is unknown); for anything else, when
   * it was last saved. Indexed with the table, so a list can show its newest
   * rows at once while the rest load.
   */
  listedAt: string;
  clear: ClearFields;
}

export function listedAtOf(clear: ClearFields, updatedAt: string): string {
  const when = clear.removedAt ?? clear.seenAt;
  return typeof when === 'string' ? when : updatedAt;
}

export function listingRowOf(row: Pick<RecordRow, 'id' | 'table' | 'updatedAt' | 'clear'>): ListingRow {
  return { id: row.id, table: row.table, updatedAt: row.updatedAt, listedAt: listedAtOf(row.clear, row.updatedAt), clear: row.clear };
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
  listings!: Table<ListingRow, string>;

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
    this.version(2)
      .stores({ listings: 'id, table' })
      .upgrade(async (tx) => {
        // Read models made before listings existed: fill them from the records they mirror.
        await tx
          .table<RecordRow, string>('records')
          .toCollection()
          .each((row) => void tx.table<ListingRow, string>('listings').put(listingRowOf(row)));
      });
    // Finding a poster's removals, and look-alike usernames, without reading every listing.
    this.version(3).stores({ listings: 'id, table, clear.posterToken, clear.lookalikeToken' });
    // A list's newest rows by index, shown before the whole list has loaded. The records'
    // [table+updatedAt] index was never queried, and every index slows every save; so
    // did an audit row per version beside the version row that says the same.
    this.version(4)
      .stores({ records: 'id, table', listings: 'id, table, clear.posterToken, clear.lookalikeToken, [table+listedAt]' })
      .upgrade(async (tx) => {
        await tx
          .table<ListingRow, string>('listings')
          .toCollection()
          .modify((row) => {
            row.listedAt = listedAtOf(row.clear, row.updatedAt);
          });
        await tx
          .table<AuditRow, number>('audit')
          .filter((row) => tableOfVersionEvent(row.type) !== null)
          .delete();
      });
    // Every index is written on every save and every rebuilt entry. The versions' primary
    // key already finds a record's versions in order, and [table+listedAt] a table's
    // listings, so the separate indexes that did the same were only cost.
    this.version(5).stores({ versions: '[recordId+seq]', listings: 'id, clear.posterToken, clear.lookalikeToken, [table+listedAt]' });
  }
}

/** The versions of one record, or of several, oldest first for each, found by the primary key. */
export function versionsOf(db: ReadModelDatabase, recordIds: string | readonly string[]): Collection<VersionRow, [string, number]> {
  const ids = typeof recordIds === 'string' ? [recordIds] : [...new Set(recordIds)].sort();
  return db.versions.where('[recordId+seq]').inAnyRange(ids.map((id) => [[id, -Infinity], [id, Infinity]]));
}

/** Every listing of one table (removals, holds, sites…). */
export function listingsIn(db: ReadModelDatabase, table: string): Collection<ListingRow, string> {
  return db.listings.where('[table+listedAt]').between([table, Dexie.minKey], [table, Dexie.maxKey], true, true);
}

const COUNT_CHUNK = 20_000;

/**
 * How many records the read model holds, counted on the listings (one per
 * record, written with it) by their keys, a chunk at a time. Chromium counts
 * a store by walking every row in one step that no other read of the ledger
 * can pass: at 500,000 records, counting `records` (each with its ciphertext)
 * held the removals list's first rows back by more than two seconds.
 */
export async function countRecords(db: ReadModelDatabase, options: { signal?: AbortSignal; chunkSize?: number } = {}): Promise<number> {
  const { signal, chunkSize = COUNT_CHUNK } = options;
  let counted = 0;
  let after: string | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const keys: string[] = await (after === null ? db.listings.limit(chunkSize) : db.listings.where(':id').above(after).limit(chunkSize)).primaryKeys();
    counted += keys.length;
    if (keys.length < chunkSize) return counted;
    after = keys[keys.length - 1]!;
  }
}

export function readModelName(ledgerId: string): string {
  return `records-ledger-${ledgerId}`;
}
