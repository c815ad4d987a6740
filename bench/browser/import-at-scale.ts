import { MAX_IMPORT_ROWS } from '../../shared/import/import-plan';
import { guessMapping } from '../../shared/import/removal-columns';
import type { VaultStatus } from '../../shared/ipc/channels';
import { RECORD_VERSION_FORMAT, type ClearFields, type RecordVersionPayload } from '../../shared/records/record-version';
import { CITY_TIME_ZONE } from '../../shared/removals/moments';
import { REMOVAL_TABLE, type Removal } from '../../shared/removals/removal';
import { SITE_TABLE, siteSchema } from '../../shared/sites/site';
import { openImportClient } from '../../renderer/src/import/import-client';
import { runImport } from '../../renderer/src/import/run-import';
import { createPreviewTransport, takeLaunchToken } from '../../renderer/src/ledger/preview-transport';
import { listingRowOf, ReadModelDatabase, type RecordRow } from '../../renderer/src/read-model/database';
import { loadPolicyRegister } from '../../renderer/src/removals/policy-register';
import type { Session } from '../../renderer/src/vault/session';
import { createLedger, unlockWithPassphrase } from '../../renderer/src/vault/vault-operations';
import { clerkLog, CLERK_LOG_SITE } from '../data/clerk-log';
import { publishOutcome } from './publish-outcome';

/**
 * Importing a city's backlog through the Import screen's own code, in real
 * Chromium against the real preview: each file of at most 10,000 rows (the
 * most one import takes) is read and checked in the import worker, then
 * saved by runImport through RecordStore in one journal batch.
 *
 * The peer writes the same read-model rows RecordStore writes (records,
 * listings, versions) as a plain Dexie app would: the version payload as plain JSON, no
 * encryption, no journal, one transaction per file's worth of rows, into a
 * database of its own in the same page.
 */
export interface ImportBenchResult {
  removals: number;
  files: number;
  batchRows: number;
  importMs: number;
  peerMs: number;
}

declare global {
  interface Window {
    importResult?: ImportBenchResult;
    importError?: string;
  }
}

const PASSPHRASE = 'benchmark passphrase kettle orbit meadow';
const PEER_DATABASE = 'records-ledger-bench-plaintext-peer';

function report(text: string): void {
  document.getElementById('progress')!.textContent = text;
}

/** Waits until the search worker has taken in every removal runImport handed it, so the peer runs with nothing in the background. */
async function searchSettled(session: Session): Promise<void> {
  await session.search?.search('settled', 1);
}

/** The clear fields the import wrote for these removals: the peer writes the very same ones. */
async function clearFieldsOf(session: Session, removals: readonly Removal[]): Promise<ClearFields[]> {
  const listings = await session.db.listings.bulkGet(removals.map((removal) => removal.id));
  return listings.map((listing, index) => {
    if (!listing) throw new Error(`The import did not list removal ${removals[index]!.id}.`);
    return listing.clear;
  });
}

/** A plain Dexie app saving the same rows: the version payload as JSON bytes where the ledger keeps ciphertext. */
async function savePlaintext(peer: ReadModelDatabase, removals: readonly Removal[], clears: readonly ClearFields[], context: { fileName: string; firstSeq: number; actor: string }): Promise<void> {
  const at = new Date().toISOString();
  const { actor } = context;
  const encoder = new TextEncoder();
  const records: RecordRow[] = removals.map((removal, index) => {
    const clear = clears[index]!;
    const payload: RecordVersionPayload = { format: RECORD_VERSION_FORMAT, table: REMOVAL_TABLE, recordId: removal.id, version: 1, reason: `Imported from ${context.fileName}`, clear, data: removal };
    return { id: removal.id, table: REMOVAL_TABLE, version: 1, createdAt: at, updatedAt: at, updatedBy: actor, seq: context.firstSeq + index, clear, ciphertext: encoder.encode(JSON.stringify(payload)) };
  });
  await peer.transaction('rw', [peer.records, peer.listings, peer.versions], async () => {
    await peer.records.bulkPut(records);
    await peer.listings.bulkPut(records.map(listingRowOf));
    await peer.versions.bulkPut(records.map((row) => ({ recordId: row.id, version: 1, seq: row.seq, at, actor })));
  });
}

async function run(): Promise<ImportBenchResult> {
  const removals = Number(new URLSearchParams(location.search).get('removals') ?? String(MAX_IMPORT_ROWS));
  const ledger = createPreviewTransport(takeLaunchToken(location, history, sessionStorage));
  await createLedger(ledger, { cityName: 'Bench City', ledgerName: 'Import bench ledger', fullName: 'Bench Administrator', passphrase: PASSPHRASE }, () => {});
  const status = (await ledger.vaultStatus({})) as { ok: true; value: Extract<VaultStatus, { state: 'ready' }> };
  const slot = status.value.slots.find((s) => s.kind === 'user')!;
  const session = await unlockWithPassphrase(ledger, status.value, slot.id, PASSPHRASE);
  const site = siteSchema.parse(CLERK_LOG_SITE);
  await session.records.save({ table: SITE_TABLE, recordId: site.id, data: site, clear: { platform: site.platform, status: site.status }, reason: 'Registered' });

  // What the Import screen loads when it opens, before the clerk chooses a file.
  const sites = await session.records.list(SITE_TABLE, siteSchema);
  const register = await loadPolicyRegister(session);

  const peer = new ReadModelDatabase(PEER_DATABASE);
  await peer.delete();
  await peer.open();
  let importMs = 0;
  let peerMs = 0;
  let files = 0;
  for (let first = 0; first < removals; first += MAX_IMPORT_ROWS) {
    const rows = Math.min(MAX_IMPORT_ROWS, removals - first);
    const fileName = `removal log part ${++files}.csv`;
    // The clerk already has the file: making it is not part of importing it.
    const bytes = clerkLog(rows, first);

    const started = performance.now();
    const client = openImportClient();
    const summary = await client.read({ name: fileName, bytes }, ',');
    const plan = await client.plan(guessMapping(summary.columns), { sites, policy: register.at(-1)!, register, timeZone: CITY_TIME_ZONE, now: new Date(), screenshotFiles: null });
    // A row that failed would be measured doing less work than a real import of good rows.
    if (plan.refusal || plan.valid.length !== rows) {
      throw new Error(`The import bench expected ${rows} valid rows; got ${plan.valid.length} (${plan.refusal ?? plan.failed[0]?.problems[0]?.message ?? 'no reason'}).`);
    }
    const { imported } = await runImport(plan.valid, { session, fileName });
    client.close();
    importMs += performance.now() - started;
    if (imported !== rows) throw new Error(`The import saved ${imported} of ${rows} removals.`);

    await searchSettled(session);
    const saved = plan.valid.map((planned) => planned.removal);
    const clears = await clearFieldsOf(session, saved);
    const peerStarted = performance.now();
    await savePlaintext(peer, saved, clears, { fileName, firstSeq: first + 1, actor: session.user.id });
    peerMs += performance.now() - peerStarted;
    report(`${(first + rows).toLocaleString('en-US')} of ${removals.toLocaleString('en-US')} removals imported`);
  }
  peer.close();
  await new ReadModelDatabase(PEER_DATABASE).delete();
  session.end();
  return { removals, files, batchRows: Math.min(removals, MAX_IMPORT_ROWS), importMs, peerMs };
}

publishOutcome(run(), { result: 'importResult', error: 'importError' });
