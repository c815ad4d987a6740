import 'fake-indexeddb/auto';
import { decryptJson } from '../../../shared/crypto/envelope';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { ok } from '../../../shared/ipc/result';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { RecordStore } from '../../../renderer/src/ledger/record-store';
import { newId } from '../../../renderer/src/ledger/random';
import { ReadModelDatabase } from '../../../renderer/src/read-model/database';
import { syncReadModel, type OpenVersion, type SyncOutcome } from '../../../renderer/src/read-model/sync';
import { DraftStore } from '../../../renderer/src/removals/draft-store';
import type { LedgerKeys, Session } from '../../../renderer/src/vault/session';

/**
 * The window's side of the ledger, in the test process: the read model on
 * fake-indexeddb (which, like the browser's IndexedDB, outlives the server
 * being killed) and a session opened the way the app opens one at unlock:
 * the read model is brought up to the journal first, with main's marker.
 */
export const LEDGER_ID = 'ledger-norwalk-1';
export const RECORDS_MANAGER = { id: 'rita', fullName: 'Rita Records', role: 'records_manager' as const, slotId: null, status: 'active' as const };

export function opener(keys: LedgerKeys): OpenVersion {
  return async (table, recordId, ciphertext) => recordVersionPayloadSchema.parse(await decryptJson(keys.records, ciphertext, { table, recordId }));
}

export async function openSession(ledger: LedgerApi, dbName: string, keys: LedgerKeys, marker: { instanceId: string; lastSeq: number } | null): Promise<{ session: Session; outcome: SyncOutcome }> {
  const db = new ReadModelDatabase(dbName);
  const sync = (from: typeof marker) => syncReadModel({ ledger, db, ledgerId: LEDGER_ID, instanceId: newId, marker: from, open: opener(keys) });
  const outcome = await sync(marker);
  const drafts = new DraftStore(LEDGER_ID, keys.records, RECORDS_MANAGER.id);
  const session: Session = {
    ledgerId: LEDGER_ID,
    cityName: 'City of Norwalk',
    ledgerName: 'Social Media Removals',
    user: RECORDS_MANAGER,
    keys,
    db,
    records: new RecordStore(ledger, db, keys.records, RECORDS_MANAGER.id, async () => void (await sync(null))),
    drafts,
    search: null,
    rebuiltBecause: outcome.rebuiltBecause,
    unreadable: outcome.unreadable,
    locked: new AbortController().signal,
    end: () => {
      db.close();
      drafts.close();
    },
  };
  return { session, outcome };
}

/**
 * A read model built from nothing but the journal, into a database of its
 * own. It only reads: main's marker stays the window's, as the app left it.
 */
export async function rebuildFromJournal(ledger: LedgerApi, dbName: string, keys: LedgerKeys): Promise<{ db: ReadModelDatabase; outcome: SyncOutcome }> {
  const db = new ReadModelDatabase(dbName);
  const observer: LedgerApi = { ...ledger, readModelMarkerSet: async () => ok({}) };
  const outcome = await syncReadModel({ ledger: observer, db, ledgerId: LEDGER_ID, instanceId: newId, marker: null, open: opener(keys) });
  return { db, outcome };
}
