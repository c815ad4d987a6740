import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptJson } from '../../shared/crypto/envelope';
import { deriveLedgerKeys } from '../../shared/crypto/ledger-keys';
import type { LedgerApi } from '../../shared/ipc/ledger-api';
import { recordVersionPayloadSchema } from '../../shared/records/record-version';
import type { Role } from '../../shared/users/user';
import { RecordStore } from '../../renderer/src/ledger/record-store';
import { newId } from '../../renderer/src/ledger/random';
import { ReadModelDatabase } from '../../renderer/src/read-model/database';
import { syncReadModel } from '../../renderer/src/read-model/sync';
import { DraftStore } from '../../renderer/src/removals/draft-store';
import { discardDraftsOfDisposed } from '../../renderer/src/removals/disposed-drafts';
import type { Session } from '../../renderer/src/vault/session';
import { header } from '../unit/services/ledger-fixtures';
import { inProcessLedger } from './in-process-ledger';

const ledgerId = 'ledger-norwalk-1';
const names: Record<Role, string> = { clerk: 'Carla Clerk', counsel: 'Connie Counsel', records_manager: 'Rita Records', administrator: 'Ada Admin' };

/**
 * An unlocked ledger for renderer code under unit test: main's real services
 * on a temp folder, the read model on fake-indexeddb, real keys. `close()`
 * removes both.
 */
export async function unitLedger(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const ledger: LedgerApi = inProcessLedger(dataDir).api;
  const created = await ledger.vaultCreate({ header: header(), events: [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }] });
  if (!created.ok) throw new Error(created.error.message);
  const db = new ReadModelDatabase(`test-${newId()}`);
  const keys = await deriveLedgerKeys(new Uint8Array(32).fill(7), ledgerId);
  const open = async (table: string, recordId: string, ciphertext: Uint8Array) => recordVersionPayloadSchema.parse(await decryptJson(keys.records, ciphertext, { table, recordId }));
  const sync = () => syncReadModel({ ledger, db, ledgerId, instanceId: newId, marker: null, open });

  async function openSession(role: Role): Promise<Session> {
    await sync();
    // As the app's unlock does (renderer/src/vault/vault-operations.ts).
    const drafts = new DraftStore(ledgerId, keys.records, `user-${role}`);
    await discardDraftsOfDisposed({ db, drafts });
    return {
      ledgerId,
      cityName: 'City of Norwalk',
      ledgerName: 'Removals',
      user: { id: `user-${role}`, fullName: names[role], role, slotId: null, status: 'active' },
      keys,
      db,
      records: new RecordStore(ledger, db, keys.records, `user-${role}`, async () => void (await sync())),
      drafts,
      search: null,
      rebuiltBecause: null,
      unreadable: [],
      locked: new AbortController().signal,
      end: () => {},
    };
  }

  return {
    dataDir,
    ledger,
    db,
    openSession,
    async close() {
      db.close();
      await db.delete();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
