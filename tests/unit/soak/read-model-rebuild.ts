import { decryptJson } from '../../../shared/crypto/envelope';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { newId } from '../../../renderer/src/ledger/random';
import { ReadModelDatabase } from '../../../renderer/src/read-model/database';
import { syncReadModel } from '../../../renderer/src/read-model/sync';
import type { Session } from '../../../renderer/src/vault/session';

let rebuilds = 0;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** The read model reduced to what a person can see through it, in a stable order. */
async function contentsOf(db: ReadModelDatabase) {
  const [records, versions, audit, unreadable, listings] = await Promise.all([
    db.records.toArray(),
    db.versions.toArray(),
    db.audit.toArray(),
    db.unreadable.toArray(),
    db.listings.toArray(),
  ]);
  return {
    records: records
      .map((r) => ({ id: r.id, table: r.table, version: r.version, seq: r.seq, createdAt: r.createdAt, updatedAt: r.updatedAt, updatedBy: r.updatedBy, clear: r.clear, ciphertext: hex(r.ciphertext) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    listings: listings.sort((a, b) => a.id.localeCompare(b.id)),
    versions: versions
      .map((v) => ({
        recordId: v.recordId,
        seq: v.seq,
        at: v.at,
        actor: v.actor,
        payloadHash: v.payloadHash ?? null,
        destroyed: v.destroyed === true,
        // What a destroyed version was numbered is gone with its payload; views number versions by their order.
        version: v.destroyed ? 'destroyed' : v.version,
      }))
      .sort((a, b) => a.seq - b.seq),
    audit: audit.sort((a, b) => a.seq - b.seq),
    unreadable,
  };
}

/**
 * The read model as it stands after the operations, against one rebuilt from
 * nothing but the journal: they must hold the same records, versions, audit
 * trail and listings. Returns the differences, by table, in words; empty when
 * they agree.
 */
export async function differencesFromRebuild(ledger: LedgerApi, session: Session): Promise<string[]> {
  rebuilds += 1;
  const rebuilt = new ReadModelDatabase(`soak-rebuild-${rebuilds}-${newId()}`);
  try {
    await syncReadModel({
      ledger,
      db: rebuilt,
      ledgerId: session.ledgerId,
      instanceId: newId,
      marker: null,
      open: async (table, recordId, ciphertext) => recordVersionPayloadSchema.parse(await decryptJson(session.keys.records, ciphertext, { table, recordId })),
    });
    const live = await contentsOf(session.db);
    const fromJournal = await contentsOf(rebuilt);
    const differences: string[] = [];
    for (const table of Object.keys(live) as Array<keyof typeof live>) {
      const a = live[table] as unknown[];
      const b = fromJournal[table] as unknown[];
      if (a.length !== b.length) differences.push(`${table}: ${a.length} rows in the read model, ${b.length} in the rebuild`);
      const shown = new Set<string>();
      for (let i = 0; i < Math.max(a.length, b.length) && shown.size < 3; i++) {
        const left = JSON.stringify(a[i]);
        const right = JSON.stringify(b[i]);
        if (left !== right) shown.add(`${table}[${i}]: read model ${left?.slice(0, 400)} / rebuild ${right?.slice(0, 400)}`);
      }
      differences.push(...shown);
    }
    return differences;
  } finally {
    rebuilt.close();
    await rebuilt.delete();
  }
}
