import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, startPreview } from '../../tests/support/preview';
import type { ImportBenchResult } from '../browser/import-at-scale';
import { pageOutcome } from '../page-outcome';
import type { BenchRow } from '../results';

/** The budget: 100,000 removals in 20 s, at most twice a plain Dexie app writing the same rows. */
const SECONDS_PER_100K = 20;
const PEER_RATIO = 2;

/**
 * Importing a city's backlog through the Import screen's own code in real
 * Chromium (bench/browser/import-at-scale.ts), against the real preview, with
 * its peer measured in the same page. The budget scales with the number of
 * removals, so the quick run's 10,000 are held to 2 s.
 */
export async function importAtScaleRows(options: { quick: boolean; removals?: number; rendererDir?: string }): Promise<BenchRow[]> {
  const removals = options.removals ?? (options.quick ? 10_000 : 100_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-bench-import-'));
  const preview = await startPreview(dataDir, ['--renderer-dir', options.rendererDir ?? 'out/bench-renderer']);
  const browser = await openBrowser();
  let result: ImportBenchResult;
  try {
    const url = new URL(preview.url);
    await browser.page.goto(`${url.origin}/import-at-scale.html?removals=${removals}${url.hash}`);
    result = await pageOutcome<ImportBenchResult>(browser.page, { result: 'importResult', error: 'importError' }, { label: 'import', timeoutMs: 60 * 60_000 });
  } finally {
    await browser.close();
    await preview.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = result.importMs / 1000;
  const peerSeconds = result.peerMs / 1000;
  const ratio = seconds / peerSeconds;
  const budget = (SECONDS_PER_100K * result.removals) / 100_000;
  const count = (n: number) => n.toLocaleString('en-US');
  return [
    {
      operation:
        `import ${count(result.removals)} removals: ${result.files} CSV file${result.files === 1 ? '' : 's'} of ${count(result.batchRows)} rows through the Import screen's code ` +
        `(read and check in its worker, save through RecordStore in one journal batch per file)`,
      measured: seconds,
      unit: 's',
      budget,
      withinBudget: seconds <= budget && ratio <= PEER_RATIO,
      peer: `plaintext Dexie bulkPut of the same read-model rows (records, listings, versions, as RecordStore writes them; no encryption, no journal), ${count(result.batchRows)}-row transactions: ${peerSeconds.toFixed(2)} s (ratio budget ≤ ${PEER_RATIO}×)`,
      ratio,
    },
  ];
}
