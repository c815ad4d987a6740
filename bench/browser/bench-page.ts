import { decryptJson } from '../../shared/crypto/envelope';
import { recordVersionPayloadSchema } from '../../shared/records/record-version';
import type { VaultStatus } from '../../shared/ipc/channels';
import { createPreviewTransport, takeLaunchToken } from '../../renderer/src/ledger/preview-transport';
import { newId } from '../../renderer/src/ledger/random';
import { ReadModelDatabase, readModelName } from '../../renderer/src/read-model/database';
import { syncReadModel } from '../../renderer/src/read-model/sync';
import { createLedger, unlockWithPassphrase } from '../../renderer/src/vault/vault-operations';

export interface BrowserBenchResult {
  unlockMs: number;
  saveMs: number[];
  payloadBytes: number;
  bulkRecords: number;
  bulkMs: number;
  rebuildMs: number;
  rebuildEntries: number;
  longestProgressGapMs: number;
}

declare global {
  interface Window {
    benchResult?: BrowserBenchResult;
    benchError?: string;
  }
}

const PASSPHRASE = 'benchmark passphrase kettle orbit meadow';
const text = 'Removed comment text of a realistic length, repeated to about one kilobyte. '.repeat(14);

function removalLike(i: number) {
  return { kind: 'comment', content: `${i} ${text}`, poster: { displayName: `Poster ${i % 997}`, handle: `@poster${i % 997}` }, categories: ['off_topic'], notes: '' };
}

async function run(): Promise<BrowserBenchResult> {
  const params = new URLSearchParams(location.search);
  const saves = Number(params.get('saves') ?? '100');
  const bulkRecords = Number(params.get('records') ?? '10000');
  const ledger = createPreviewTransport(takeLaunchToken(location, history, sessionStorage));
  await createLedger(ledger, { cityName: 'Bench City', ledgerName: 'Bench ledger', fullName: 'Bench Administrator', passphrase: PASSPHRASE }, () => {});
  const status = (await ledger.vaultStatus({})) as { ok: true; value: Extract<VaultStatus, { state: 'ready' }> };
  const slot = status.value.slots.find((s) => s.kind === 'user')!;

  const unlockStart = performance.now();
  const session = await unlockWithPassphrase(ledger, status.value, slot.id, PASSPHRASE);
  const unlockMs = performance.now() - unlockStart;

  const saveMs: number[] = [];
  for (let i = 0; i < saves; i++) {
    const started = performance.now();
    await session.records.save({ table: 'removal', recordId: newId(), data: removalLike(i), clear: { status: 'logged' }, reason: 'Logged' });
    saveMs.push(performance.now() - started);
  }

  const bulkStart = performance.now();
  for (let done = 0; done < bulkRecords; done += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, bulkRecords - done) }, (_, j) => ({
      table: 'removal',
      recordId: newId(),
      data: removalLike(done + j),
      clear: { status: 'logged' },
      reason: 'Imported',
    }));
    await session.records.saveAll(batch);
  }
  const bulkMs = performance.now() - bulkStart;

  // Rebuild the read model from the whole journal, as after a wiped IndexedDB.
  session.db.close();
  await new ReadModelDatabase(readModelName(session.ledgerId)).delete();
  const db = new ReadModelDatabase(readModelName(session.ledgerId));
  let lastProgress = performance.now();
  let longestProgressGapMs = 0;
  const rebuildStart = performance.now();
  const outcome = await syncReadModel({
    ledger,
    db,
    ledgerId: session.ledgerId,
    instanceId: newId,
    marker: null,
    open: async (table, recordId, ciphertext) => recordVersionPayloadSchema.parse(await decryptJson(session.keys.records, ciphertext, { table, recordId })),
    onProgress: () => {
      const now = performance.now();
      longestProgressGapMs = Math.max(longestProgressGapMs, now - lastProgress);
      lastProgress = now;
    },
  });
  const rebuildMs = performance.now() - rebuildStart;
  db.close();
  return { unlockMs, saveMs, payloadBytes: JSON.stringify(removalLike(0)).length, bulkRecords, bulkMs, rebuildMs, rebuildEntries: outcome.applied, longestProgressGapMs };
}

run().then(
  (result) => {
    window.benchResult = result;
    document.getElementById('state')!.textContent = 'done';
  },
  (error: unknown) => {
    window.benchError = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    document.getElementById('state')!.textContent = 'failed';
  },
);
