import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { SeedResult } from '../bench/seed/seed-page';
import { SEED_ADMINISTRATOR, SEED_PASSPHRASE } from '../bench/seed/seed-passphrase';
import { openBrowser, startPreview } from '../tests/support/preview';

/**
 * `npm run seed -- --records 100000 --screenshots 10000 [--seed 1] [--data-dir DIR]`:
 * a realistic ledger written through the app's own code and services, for
 * trying the app and benchmarking it at a city's scale. The same seed gives
 * the same records.
 */
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    screenshots: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
  },
});
const records = Number(values.records);
const screenshots = values.screenshots === undefined ? Math.floor(records / 10) : Number(values.screenshots);
const seed = Number(values.seed);
if (![records, screenshots, seed].every((n) => Number.isInteger(n) && n >= 0) || records < 1) {
  console.error('Give whole numbers: --records (at least 1), --screenshots and --seed.');
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'records-ledger-seed-')));

for (const step of [
  ['electron-vite', 'build'],
  ['vite', 'build', '--config', 'bench/seed.vite.config.ts'],
]) {
  const build = spawnSync('npx', step, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error(`The build (${step.join(' ')}) failed; nothing was seeded.`);
    process.exit(1);
  }
}

const preview = await startPreview(dataDir, ['--renderer-dir', 'out/seed-renderer']);
const browser = await openBrowser();
let failed = false;
try {
  const url = new URL(preview.url);
  await browser.page.goto(`${url.origin}/?records=${records}&screenshots=${screenshots}&seed=${seed}${url.hash}`);
  let last = '';
  for (;;) {
    const state = await browser.page.evaluate(() => ({ state: document.getElementById('state')?.textContent, progress: document.getElementById('progress')?.textContent ?? '' }));
    if (state.progress !== last) console.log(state.progress);
    last = state.progress;
    if (state.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  const outcome = await browser.page.evaluate(() => ({ result: window.seedResult as SeedResult | undefined, error: window.seedError }));
  if (!outcome.result) throw new Error(outcome.error ?? 'the seed page gave no result');
  const { result } = outcome;
  console.log(
    `Seeded ${result.records.toLocaleString('en-US')} removals (${result.screenshots.toLocaleString('en-US')} with screenshots, ${(result.screenshotBytes / 2 ** 20).toFixed(0)} MB) in ${(result.ms / 1000).toFixed(0)} s into ${dataDir}.`,
  );
  console.log(`Open it with: npm start -- --data-dir "${dataDir}"   (sign in as ${SEED_ADMINISTRATOR}, passphrase: ${SEED_PASSPHRASE})`);
} catch (error) {
  failed = true;
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser.close();
  await preview.stop();
}
process.exit(failed ? 1 : 0);
