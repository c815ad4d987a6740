import type { JournalRecord } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { recordVersionPayloadSchema, tableOfVersionEvent, type RecordVersionPayload } from '../../../shared/records/record-version';
import { DISPOSED_TABLE } from '../../../shared/retention/disposition';
import { listingRowOf, versionsOf, type AuditRow, type MetaRow, type RecordRow, type ReadModelDatabase, type UnreadableRow, type VersionRow } from './database';

/** Opens one version payload; throws when it cannot be read (damaged, tampered, wrong key). */
export type OpenVersion = (table: string, recordId: string, ciphertext: Uint8Array) => Promise<unknown>;

export interface SyncProgress {
  applied: number;
  total: number;
}

export interface SyncOutcome {
  applied: number;
  lastSeq: number;
  /** Why the read model was rebuilt from scratch, if it was. */
  rebuiltBecause: string | null;
  unreadable: UnreadableRow[];
}

/** Small enough that progress is reported well within every second. */
const PAGE = 1_000;

interface Prepared {
  records: Map<string, RecordRow>;
  versions: VersionRow[];
  audit: AuditRow[];
  unreadable: UnreadableRow[];
  /** Records whose disposition stub arrived on this page, with the stub's seq: every earlier version of theirs was destroyed. */
  disposed: Map<string, number>;
}

/** What `prepare` reads from the read model as it stands. */
interface Lookups {
  rows: (ids: string[]) => Promise<Array<RecordRow | undefined>>;
  /** The time of each record's first version already in the read model (when it was first logged). */
  firstVersionAt: (ids: string[]) => Promise<Map<string, string>>;
}

/** Opens one entry's payload, or says why it cannot be opened; never throws. */
async function openEntry(entry: JournalRecord, table: string, open: OpenVersion): Promise<RecordVersionPayload | string> {
  if (!entry.payload || !entry.recordId) return 'The payload is no longer in the journal.';
  try {
    const parsed = recordVersionPayloadSchema.safeParse(await open(table, entry.recordId, entry.payload));
    if (!parsed.success || parsed.data.recordId !== entry.recordId || parsed.data.table !== table) return 'The payload does not belong to this record.';
    return parsed.data;
  } catch (error) {
    return error instanceof Error ? error.message : 'It could not be decrypted.';
  }
}

async function prepare(entries: JournalRecord[], open: OpenVersion, lookups: Lookups): Promise<Prepared> {
  const prepared: Prepared = { records: new Map(), versions: [], audit: [], unreadable: [], disposed: new Map() };
  // Decrypt the page concurrently (WebCrypto runs off the main thread), then apply in journal order.
  const opened = await Promise.all(entries.map((entry) => {
    const table = tableOfVersionEvent(entry.type);
    return table && entry.recordId && entry.payload ? openEntry(entry, table, open) : Promise.resolve(null);
  }));
  const ids = [...new Set(entries.map((e) => e.recordId).filter((id): id is string => id !== null))];
  const known = new Map<string, RecordRow>();
  (await lookups.rows(ids)).forEach((row) => row && known.set(row.id, row));
  // A stub whose record has no row (a rebuild: every version before it was destroyed) keeps the day the record was first logged.
  const stubIds = entries.filter((e) => e.recordId !== null && e.payload !== null && tableOfVersionEvent(e.type) === DISPOSED_TABLE && !known.has(e.recordId)).map((e) => e.recordId!);
  const firstAt = stubIds.length ? await lookups.firstVersionAt(stubIds) : new Map<string, string>();
  for (const [index, entry] of entries.entries()) {
    const table = tableOfVersionEvent(entry.type);
    if (!table) prepared.audit.push({ seq: entry.seq, at: entry.at, actor: entry.actor, type: entry.type, recordId: entry.recordId });
    if (table && entry.recordId && entry.payload === null && entry.payloadHash !== null) {
      // Destroyed under the retention schedule: the version existed (its hash stays in the chain) but has nothing left to read.
      prepared.versions.push({ recordId: entry.recordId, version: 0, seq: entry.seq, at: entry.at, actor: entry.actor, payloadHash: entry.payloadHash, destroyed: true });
      if (!firstAt.has(entry.recordId)) firstAt.set(entry.recordId, entry.at);
      continue;
    }
    const payload = opened[index];
    if (!table || !entry.recordId || payload === null || payload === undefined) continue;
    if (typeof payload === 'string') {
      prepared.unreadable.push({ seq: entry.seq, recordId: entry.recordId, type: entry.type, reason: payload });
      continue;
    }
    if (!entry.payload) continue;
    prepared.versions.push({ recordId: entry.recordId, version: payload.version, seq: entry.seq, at: entry.at, actor: entry.actor, payloadHash: entry.payloadHash });
    const previous = prepared.records.get(entry.recordId) ?? known.get(entry.recordId);
    if (table === DISPOSED_TABLE) prepared.disposed.set(entry.recordId, entry.seq);
    prepared.records.set(entry.recordId, {
      id: entry.recordId,
      table,
      version: payload.version,
      createdAt: previous?.createdAt ?? firstAt.get(entry.recordId) ?? entry.at,
      updatedAt: entry.at,
      updatedBy: entry.actor,
      seq: entry.seq,
      clear: payload.clear,
      ciphertext: entry.payload,
    });
  }
  return prepared;
}

/**
 * Brings the read model up to the journal's head: replays what is missing,
 * or, when the store is gone, damaged, belongs to another ledger, or is ahead
 * of the journal, rebuilds it from the first entry. Decryption happens before
 * each Dexie transaction opens, never inside one.
 */
export async function syncReadModel(options: {
  ledger: LedgerApi;
  db: ReadModelDatabase;
  ledgerId: string;
  instanceId: () => string;
  open: OpenVersion;
  onProgress?: (progress: SyncProgress) => void;
  /** What main last recorded about this read model: tells "wiped" apart from "new". */
  marker: { instanceId: string; lastSeq: number } | null;
}): Promise<SyncOutcome> {
  const { ledger, db } = options;
  const headResult = await ledger.journalHead({});
  if (!headResult.ok) throw new Error(headResult.error.message);
  const head = headResult.value;

  let meta: MetaRow | undefined;
  let rebuiltBecause: string | null = null;
  try {
    await db.open();
    meta = await db.meta.get('state');
  } catch {
    rebuiltBecause = 'The local read model was damaged.';
  }
  if (!rebuiltBecause) {
    if (!meta && options.marker && options.marker.lastSeq > 0) rebuiltBecause = 'The local read model was missing (it was wiped).';
    else if (meta && meta.ledgerId !== options.ledgerId) rebuiltBecause = 'The local read model belonged to another ledger.';
    else if (meta && meta.lastSeq > head.seq) rebuiltBecause = 'The local read model was ahead of the journal.';
    else if (meta && options.marker && meta.instanceId !== options.marker.instanceId && options.marker.lastSeq > 0) {
      rebuiltBecause = 'The local read model was replaced behind the app’s back.';
    }
  }
  if (rebuiltBecause || !meta) {
    db.close();
    await db.delete();
    await db.open();
    meta = { key: 'state', ledgerId: options.ledgerId, instanceId: options.instanceId(), lastSeq: 0 };
    await db.meta.put(meta);
  }

  const state = meta;
  const startSeq = state.lastSeq;
  const total = head.seq - startSeq;
  let after = startSeq;
  options.onProgress?.({ applied: 0, total });
  let nextPage = after < head.seq ? ledger.journalRead({ afterSeq: after, limit: PAGE }) : null;
  // The page before, while IndexedDB is still writing it: the next page is decrypted meanwhile,
  // and looks up this page's rows here first, since they are newer than what the store holds yet.
  let writing: { done: Promise<void>; records: Map<string, RecordRow>; versions: VersionRow[] } | null = null;
  try {
    while (nextPage) {
      const page = await nextPage;
      if (!page.ok) throw new Error(page.error.message);
      if (page.value.entries.length === 0) break;
      const last = page.value.entries[page.value.entries.length - 1]!.seq;
      // Fetch the next page while this one is decrypted and written.
      nextPage = last < head.seq ? ledger.journalRead({ afterSeq: last, limit: PAGE }) : null;
      const pending: typeof writing = writing;
      const prepared = await prepare(page.value.entries, options.open, {
        rows: async (ids) => (await db.records.bulkGet(ids)).map((row, i) => pending?.records.get(ids[i]!) ?? row),
        firstVersionAt: async (ids) => {
          const wanted = new Set(ids);
          const versions = [...(await versionsOf(db, ids).toArray()), ...(pending?.versions.filter((row) => wanted.has(row.recordId)) ?? [])];
          const first = new Map<string, string>();
          for (const row of versions.sort((a, b) => a.seq - b.seq)) if (!first.has(row.recordId)) first.set(row.recordId, row.at);
          return first;
        },
      });
      // One write at a time, in journal order: the last seq read moves forward only once each page is in.
      if (pending) await pending.done;
      const done = db
        .transaction('rw', [db.records, db.listings, db.versions, db.audit, db.unreadable, db.meta], async () => {
          await db.records.bulkPut([...prepared.records.values()]);
          await db.listings.bulkPut([...prepared.records.values()].map(listingRowOf));
          await db.versions.bulkPut(prepared.versions);
          if (prepared.disposed.size) {
            // Main may have destroyed them while no window watched (it finishes a batch at its next start after a crash): the versions the read model already had say so too.
            await versionsOf(db, [...prepared.disposed.keys()]).modify((row) => {
              if (row.seq < prepared.disposed.get(row.recordId)!) row.destroyed = true;
            });
          }
          await db.audit.bulkPut(prepared.audit);
          await db.unreadable.bulkPut(prepared.unreadable);
          await db.meta.put({ ...state, lastSeq: last });
        })
        .then(() => {
          after = last;
          options.onProgress?.({ applied: after - startSeq, total });
        });
      // Awaited before the next write or at the end; until then a failure must not go unheard as unhandled.
      done.catch(() => undefined);
      writing = { done, records: prepared.records, versions: prepared.versions };
    }
    if (writing) await writing.done;
  } catch (error) {
    // Nothing keeps writing after sync has given up.
    await writing?.done.catch(() => undefined);
    throw error;
  }
  const marked = await ledger.readModelMarkerSet({ instanceId: state.instanceId, lastSeq: after });
  if (!marked.ok) throw new Error(marked.error.message);
  return { applied: after - startSeq, lastSeq: after, rebuiltBecause, unreadable: await db.unreadable.toArray() };
}
