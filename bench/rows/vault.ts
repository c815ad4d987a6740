import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerThroughUi, unlockThroughUi, ADMIN } from '../../tests/support/ledger-flows';
import { openBrowser, startPreview } from '../../tests/support/preview';
import type { BrowserBenchResult } from '../browser/bench-page';
import { median, p95, type BenchRow } from '../results';

/** The peer for a durable save: appending the same bytes to a file and fsyncing, nothing else. */
function rawAppendFsyncP95(lineBytes: number, count: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'records-ledger-bench-raw-'));
  const fd = openSync(join(dir, 'raw.jsonl'), 'a');
  const line = Buffer.alloc(lineBytes, 0x61);
  line[lineBytes - 1] = 0x0a;
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      writeSync(fd, line);
      fsyncSync(fd);
      samples.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return p95(samples);
}

/** Unlock as a person does it: type the passphrase, press Unlock, until the workspace answers. */
async function unlockThroughTheApp(runs: number): Promise<number[]> {
  const preview = await startPreview();
  const browser = await openBrowser();
  const samples: number[] = [];
  try {
    await browser.page.goto(preview.url);
    await createLedgerThroughUi(browser.page, ADMIN);
    for (let i = 0; i < runs; i++) {
      await browser.page.getByRole('radio', { name: ADMIN.name }).check();
      await browser.page.getByLabel('Passphrase', { exact: true }).fill(ADMIN.passphrase);
      const started = performance.now();
      await unlockThroughUi(browser.page, ADMIN.name, ADMIN.passphrase);
      samples.push(performance.now() - started);
      await browser.page.getByRole('button', { name: 'Lock', exact: true }).click();
      await browser.page.getByRole('button', { name: /^Unlock/ }).waitFor();
    }
  } finally {
    await browser.close();
    await preview.stop();
  }
  return samples;
}

/** Saving, bulk writing and rebuilding in the real page, against the real preview server. */
async function inThePage(records: number, saves: number): Promise<BrowserBenchResult> {
  const preview = await startPreview(undefined, ['--renderer-dir', 'out/bench-renderer']);
  const browser = await openBrowser();
  try {
    const url = new URL(preview.url);
    await browser.page.goto(`${url.origin}/?records=${records}&saves=${saves}${url.hash}`);
    await browser.page.waitForFunction(() => document.getElementById('state')?.textContent !== 'running', undefined, { timeout: 30 * 60_000, polling: 1_000 });
    const outcome = await browser.page.evaluate(() => ({ result: window.benchResult, error: window.benchError }));
    if (!outcome.result) throw new Error(`The benchmark page failed: ${outcome.error ?? 'no result'}`);
    return outcome.result;
  } finally {
    await browser.close();
    await preview.stop();
  }
}

export async function vaultRows(options: { quick: boolean }): Promise<BenchRow[]> {
  const unlocks = await unlockThroughTheApp(options.quick ? 2 : 5);
  const records = options.quick ? 10_000 : 100_000;
  const page = await inThePage(records, options.quick ? 60 : 200);
  const saveP95 = p95(page.saveMs);
  // A journal line carries the payload as base64 plus about 400 bytes of entry fields.
  const rawP95 = rawAppendFsyncP95(Math.ceil(page.payloadBytes * 1.4) + 400, page.saveMs.length);
  const saveRatio = saveP95 / rawP95;
  return [
    {
      operation: 'unlock: KDF + first screen (through the app)',
      measured: median(unlocks),
      p95: p95(unlocks),
      unit: 'ms',
      budget: 1500,
      withinBudget: p95(unlocks) <= 1500,
    },
    {
      operation: 'save one record (encrypt, journal fsync, read model) p95',
      measured: median(page.saveMs),
      p95: saveP95,
      unit: 'ms',
      budget: 50,
      withinBudget: saveP95 <= 50 && saveRatio <= 1.5,
      peer: 'raw append+fsync of the same bytes, p95 (ratio budget ≤ 1.5×)',
      ratio: saveRatio,
    },
    {
      operation: `bulk save of ${records.toLocaleString('en-US')} records in 1,000-record journal batches`,
      measured: page.bulkMs / 1000,
      unit: 's',
      budget: options.quick ? 2 : 20,
      withinBudget: page.bulkMs / 1000 <= (options.quick ? 2 : 20),
    },
    {
      operation: `rebuild the read model from a ${page.rebuildEntries.toLocaleString('en-US')}-entry journal (progress at least every second)`,
      measured: page.rebuildMs / 1000,
      unit: 's',
      budget: options.quick ? 2 : 20,
      withinBudget: page.rebuildMs / 1000 <= (options.quick ? 2 : 20) && page.longestProgressGapMs <= 1000,
    },
  ];
}
