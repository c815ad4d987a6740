import { decryptJson } from '../../shared/crypto/envelope';
import { recordVersionPayloadSchema } from '../../shared/records/record-version';
import type { VaultStatus } from '../../shared/ipc/channels';
import { createPreviewTransport, takeLaunchToken } from '../../renderer/src/ledger/preview-transport';
import { newId } from '../../renderer/src/ledger/random';
import { ReadModelDatabase, readModelName } from '../../renderer/src/read-model/database';
import { syncReadModel } from '../../renderer/src/read-model/sync';
import { createLedger, unlockWithPassphrase } from '../../renderer/src/vault/vault-operations';
import { prepareAttachment } from '../../renderer/src/attachments/attachment-files';
import { removalChange, saveRemoval } from '../../renderer/src/removals/save-removal';
import { createSearchClient } from '../../renderer/src/search/search-client';
import { syntheticRemoval } from '../data/synthetic-removals';
import { TYPED_QUERIES } from '../data/typed-queries';
import { measureListScroll } from './list-scroll';
import { decodeAttachment } from '../../renderer/src/attachments/decode-client';
import { publishOutcome } from './publish-outcome';

export interface BrowserBenchResult {
  unlockMs: number;
  saveMs: number[];
  payloadBytes: number;
  bulkRecords: number;
  bulkMs: number;
  rebuildMs: number;
  rebuildEntries: number;
  longestProgressGapMs: number;
  screenshotBytes: number;
  screenshotSaveMs: number[];
  listFirstRowsMs: number;
  listLoadMs: number;
  listFrameMs: number[];
  /** Main-thread tasks over 50 ms while scrolling, as Chromium reports them. */
  listLongTaskMs: number[];
  searchReadyMs: number;
  searchMs: number[];
  heapMegabytes: number | null;
}

declare global {
  interface Window {
    benchResult?: BrowserBenchResult;
    benchError?: string;
  }
}

const PASSPHRASE = 'benchmark passphrase kettle orbit meadow';
const SITES = ['bench-facebook', 'bench-instagram', 'bench-youtube'];

/** A screenshot that does not compress: random pixels, about 5.6 MB as a PNG. */
async function noisyScreenshot(): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(1400, 1000);
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(1400, 1000);
  for (let offset = 0; offset < image.data.length; offset += 65_536) crypto.getRandomValues(image.data.subarray(offset, offset + 65_536));
  context.putImageData(image, 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
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
  let payloadBytes = 0;
  for (let i = 0; i < saves; i++) {
    const removal = syntheticRemoval(i, { siteIds: SITES, id: newId() });
    payloadBytes = Math.max(payloadBytes, JSON.stringify(removal).length);
    const started = performance.now();
    await saveRemoval(session, removal, 'Logged');
    saveMs.push(performance.now() - started);
  }

  // Logging a removal with a 5 MB screenshot: check and decode it, fingerprint, encrypt, store, save the record.
  const screenshot = await noisyScreenshot();
  const screenshotSaveMs: number[] = [];
  // As the form's picture picker does when it opens: the checker's worker is started before a picture arrives.
  decodeAttachment.warmUp();
  for (let i = 0; i < 5; i++) {
    // A clerk pastes one screenshot, fills in the form and saves: seconds apart, not back to back.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = performance.now();
    const prepared = await prepareAttachment({ name: `screenshot ${i}.png`, bytes: screenshot }, 'screenshot', { ledger, recordsKey: session.keys.records });
    if (!prepared.ok) throw new Error(prepared.message);
    await saveRemoval(session, { ...syntheticRemoval(saves + i, { siteIds: SITES, id: newId() }), attachments: [prepared.attachment] }, 'Logged');
    screenshotSaveMs.push(performance.now() - started);
  }

  const bulkStart = performance.now();
  for (let done = 0; done < bulkRecords; done += 1_000) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(1_000, bulkRecords - done) }, (_, j) => removalChange(session, syntheticRemoval(saves + 5 + done + j, { siteIds: SITES, id: newId() }), 'Imported')),
    );
    await session.records.saveAll(batch);
  }
  const bulkMs = performance.now() - bulkStart;
  const total = saves + 5 + bulkRecords;

  const list = await measureListScroll(ledger, session, total);

  // Full-text search as the app starts it at unlock: a worker decrypting the read model itself.
  session.search?.close();
  const searchStart = performance.now();
  const search = createSearchClient({ dbName: session.db.name, recordsKey: session.keys.records });
  await search.ready;
  const searchReadyMs = performance.now() - searchStart;
  const searchMs: number[] = [];
  for (const query of TYPED_QUERIES) {
    const started = performance.now();
    // As the removals list asks as you type: every match, for the list to sort by date.
    await search.everyMatch(query);
    searchMs.push(performance.now() - started);
  }
  const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
  const heapMegabytes = memory ? memory.usedJSHeapSize / 2 ** 20 : null;
  search.close();

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
  return {
    unlockMs,
    saveMs,
    payloadBytes,
    bulkRecords,
    bulkMs,
    rebuildMs,
    rebuildEntries: outcome.applied,
    longestProgressGapMs,
    screenshotBytes: screenshot.length,
    screenshotSaveMs,
    listFirstRowsMs: list.firstRowsMs,
    listLoadMs: list.loadMs,
    listFrameMs: list.frameMs,
    listLongTaskMs: list.longTaskMs,
    searchReadyMs,
    searchMs,
    heapMegabytes,
  };
}

publishOutcome(run(), { result: 'benchResult', error: 'benchError' });
