import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { unlockThroughUi } from '../../tests/support/ledger-flows';
import { openBrowser, startPreview, type Browser, type RunningPreview } from '../../tests/support/preview';
import type { SearchAtScaleResult } from '../browser/search-at-scale';
import { pageOutcome } from '../page-outcome';
import { median, p95, type BenchRow } from '../results';
import { SEED_RENDERER_DIR, seedThroughThePage } from '../seed-ledger';
import { SEED_ADMINISTRATOR, SEED_PASSPHRASE } from '../seed/seed-passphrase';
import { highestReading, rendererPidOf, type MemoryReading } from './app-memory';

/**
 * The rows that need a large ledger, measured on ONE seeded ledger that grows:
 * seed the first part (100,000 removals; quick 10,000) through the seed page,
 * measure the real app's memory locked and unlocked on it, add removals up to
 * ten years' worth (500,000; quick 50,000), then measure unlock-to-list in the
 * real app and search as you type through the app's search worker.
 *
 * One browser profile and one preview port serve every step, so the read
 * model the seed writes into IndexedDB is the one the app finds at unlock,
 * as on a clerk's computer (a new port would be a new origin, with an empty
 * IndexedDB and a rebuild from the journal).
 */

const count = (n: number) => n.toLocaleString('en-US');
const SEARCH_LABEL = 'Search the content, names, notes and screenshot text';

export interface LedgerAtScaleOptions {
  quick: boolean;
  /** Records for the memory rows; by default 100,000 (quick 10,000). */
  memoryRecords?: number;
  /** Records for the ten-year rows; by default 500,000 (quick 50,000). */
  tenYearRecords?: number;
  benchRendererDir?: string;
  seedRendererDir?: string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('No free port for the preview.');
  return address.port;
}

function log(text: string): void {
  console.log(`  ledger at scale: ${text}`);
}

/** The removals list, with its first rows readable and the count of every record. */
/** The Removals screen opened: waits for its first row to show a poster (the newest removals come first, before the rest have loaded). */
async function removalsListShown(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Ledger' }).getByRole('button', { name: 'Removals', exact: true }).click();
  await page.waitForFunction(
    () => {
      const poster = document.querySelector('[role="row"][aria-rowindex="2"]')?.querySelectorAll('[role="cell"]')[2]?.textContent ?? '';
      return poster !== '' && poster !== '…';
    },
    undefined,
    { timeout: 10 * 60_000, polling: 'raf' },
  );
}

/** Waits until the list has read every listing and counts them all. */
async function removalsAllCounted(page: Page, expected: number): Promise<void> {
  await page.waitForFunction(
    (all) => Array.from(document.querySelectorAll('[role="status"]')).some((element) => element.textContent?.includes(`of ${all} removals shown`)),
    count(expected),
    { timeout: 10 * 60_000, polling: 'raf' },
  );
}

/** Types a username into the list's search and waits for the answer: the worker's index is then built and held. */
async function searchedOnce(page: Page, all: number): Promise<void> {
  await page.getByLabel(SEARCH_LABEL).fill('poster12');
  await page.waitForFunction(
    (total) => Array.from(document.querySelectorAll('[role="status"]')).some((element) => {
      const text = element.textContent ?? '';
      return text.includes(`of ${total} removals shown`) && !text.startsWith(`${total} of`);
    }),
    count(all),
    { timeout: 10 * 60_000, polling: 500 },
  );
}

async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.getByRole('button', { name: /^Unlock/ }).waitFor({ timeout: 60_000 });
}

/**
 * A new tab with the others closed: a new renderer process, as when the app
 * starts, not the one the seed page filled (a renderer keeps memory it once
 * used, and a same-site page would inherit it).
 */
async function freshPage(browser: Browser): Promise<Page> {
  const page = await browser.context.newPage();
  for (const other of browser.context.pages()) if (other !== page) await other.close();
  return page;
}

async function memoryOfTheApp(browser: Browser, preview: RunningPreview, records: number): Promise<{ locked: MemoryReading; unlocked: MemoryReading }> {
  const page = await freshPage(browser);
  const { context } = browser;
  await page.goto(preview.url);
  await page.getByRole('button', { name: /^Unlock/ }).waitFor({ timeout: 60_000 });
  // Idle: let start-up work and the first garbage collections pass.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const locked = await highestReading(preview.pid, await rendererPidOf(context, page));
  log(`locked ${locked.totalMb.toFixed(0)} MB; unlocking`);
  await unlockThroughUi(page, SEED_ADMINISTRATOR, SEED_PASSPHRASE);
  await removalsListShown(page);
  await removalsAllCounted(page, records);
  log('list shown; waiting for the search index');
  await searchedOnce(page, records);
  const unlocked = await highestReading(preview.pid, await rendererPidOf(context, page));
  log(`unlocked ${unlocked.totalMb.toFixed(0)} MB`);
  await lock(page);
  return { locked, unlocked };
}

/** From pressing Unlock (passphrase typed) to the removals list showing its first rows; and on to every row counted. */
async function unlockToList(page: Page, records: number, runs: number): Promise<{ firstRows: number[]; allCounted: number[] }> {
  const samples: number[] = [];
  const allCounted: number[] = [];
  for (let run = 0; run < runs; run++) {
    await page.getByRole('radio', { name: SEED_ADMINISTRATOR }).check();
    await page.getByLabel('Passphrase', { exact: true }).fill(SEED_PASSPHRASE);
    const started = performance.now();
    await page.getByRole('button', { name: /^Unlock/ }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 10 * 60_000 });
    const unlocked = performance.now() - started;
    await removalsListShown(page);
    samples.push(performance.now() - started);
    await removalsAllCounted(page, records);
    allCounted.push(performance.now() - started);
    log(`unlock to list ${run + 1} of ${runs}: unlocked ${(unlocked / 1000).toFixed(2)} s, first rows ${(samples.at(-1)! / 1000).toFixed(2)} s, all counted ${(allCounted.at(-1)! / 1000).toFixed(2)} s`);
    await lock(page);
  }
  return { firstRows: samples, allCounted };
}

export async function ledgerAtScaleRows(options: LedgerAtScaleOptions): Promise<BenchRow[]> {
  const memoryRecords = options.memoryRecords ?? (options.quick ? 10_000 : 100_000);
  const tenYearRecords = options.tenYearRecords ?? (options.quick ? 50_000 : 500_000);
  const seedRenderer = options.seedRendererDir ?? SEED_RENDERER_DIR;
  const benchRenderer = options.benchRendererDir ?? 'out/bench-renderer';
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-bench-scale-'));
  const browser = await openBrowser();
  const preview = async <T>(rendererDir: string | null, run: (preview: RunningPreview) => Promise<T>): Promise<T> => {
    const started = await startPreview(dataDir, ['--port', String(port), ...(rendererDir ? ['--renderer-dir', rendererDir] : [])]);
    try {
      return await run(started);
    } finally {
      await started.stop();
    }
  };
  try {
    // Screenshots change neither memory with the list open nor unlock-to-list; seeding them would only add minutes.
    log(`seeding ${count(memoryRecords)} removals (no screenshots) through the seed page`);
    const first = await preview(seedRenderer, async (running) => seedThroughThePage(await freshPage(browser), running.url, { records: memoryRecords, screenshots: 0, seed: 1 }, { label: 'ledger at scale: seeded' }));
    log(`seeded ${count(first.records)} removals in ${(first.ms / 1000).toFixed(1)} s`);
    log('measuring the real app\'s memory');
    const memory = await preview(null, (running) => memoryOfTheApp(browser, running, memoryRecords));

    log(`adding removals up to ${count(tenYearRecords)}`);
    const added = await preview(seedRenderer, async (running) =>
      seedThroughThePage(await freshPage(browser), running.url, { records: tenYearRecords - memoryRecords, screenshots: 0, seed: 1, from: memoryRecords }, { label: 'ledger at scale: seeded' }),
    );
    log(`added ${count(added.records)} removals in ${(added.ms / 1000).toFixed(1)} s`);
    log('unlock to list in the real app');
    const unlocks = await preview(null, async (running) => {
      const page = await freshPage(browser);
      await page.goto(running.url);
      return unlockToList(page, tenYearRecords, options.quick ? 2 : 3);
    });
    log('search as you type through the search worker');
    const search = await preview(benchRenderer, async (running) => {
      const url = new URL(running.url);
      const page = await freshPage(browser);
      await page.goto(`${url.origin}/search-at-scale.html${url.hash}`);
      return pageOutcome<SearchAtScaleResult>(page, { result: 'searchResult', error: 'searchError' }, { label: 'ledger at scale: search' });
    });
    if (search.indexed !== tenYearRecords) throw new Error(`The search index holds ${count(search.indexed)} removals, not ${count(tenYearRecords)}.`);

    // The quick run measures a smaller ledger against the full run's budget, and says so.
    const ledgerOf = (records: number, full: number, fullName: string) =>
      records === full ? `ledger of ${fullName}` : `ledger of ${count(records)} records (${options.quick ? 'quick run' : 'smaller run'}; the budget is for ${count(full)})`;
    const memoryParts = (reading: MemoryReading) =>
      `renderer ${reading.rendererMb.toFixed(0)} MB + preview server ${reading.serverMb.toFixed(0)} MB; PSS, shared code shared out: ${reading.proportionalMb.toFixed(0)} MB`;
    const small = ledgerOf(memoryRecords, 100_000, '100,000 records');
    const large = ledgerOf(tenYearRecords, 500_000, '500,000 records (ten years)');
    const searchP95 = p95(search.searchMs);
    return [
      {
        operation: `memory while locked, ${small}: the app's unlock screen, idle (RSS of the app's renderer process + the preview server, highest of 5 readings: ${memoryParts(memory.locked)})`,
        measured: memory.locked.totalMb,
        unit: 'MB',
        budget: 300,
        withinBudget: memory.locked.totalMb <= 300,
      },
      {
        operation: `memory unlocked, ${small}: removals list open and searched once (RSS of the renderer with its workers + the preview server, highest of 5 readings: ${memoryParts(memory.unlocked)})`,
        measured: memory.unlocked.totalMb,
        unit: 'MB',
        budget: 1024,
        withinBudget: memory.unlocked.totalMb <= 1024,
      },
      {
        operation: `unlock to list, ${large}: from pressing Unlock in the app to the removals list's first rows (every row loaded and counted after ${(median(unlocks.allCounted) / 1000).toFixed(1)} s)`,
        measured: median(unlocks.firstRows),
        p95: p95(unlocks.firstRows),
        unit: 'ms',
        budget: 5000,
        withinBudget: p95(unlocks.firstRows) <= 5000,
      },
      {
        operation: `search as you type, ${large}: ${search.searchMs.length} keystroke queries through the app's search worker, ${search.withMatches} with matches (index ready ${(search.indexReadyMs / 1000).toFixed(1)} s after unlock), p95`,
        measured: median(search.searchMs),
        p95: searchP95,
        unit: 'ms',
        budget: 100,
        withinBudget: searchP95 <= 100,
      },
    ];
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
