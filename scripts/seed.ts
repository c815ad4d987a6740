import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SEED_RENDERER_DIR, seedThroughThePage } from '../bench/seed-ledger';
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

const preview = await startPreview(dataDir, ['--renderer-dir', SEED_RENDERER_DIR]);
const browser = await openBrowser();
let failed = false;
try {
  const result = await seedThroughThePage(browser.page, preview.url, { records, screenshots, seed }, { label: 'seeded', printEveryMs: 2_000 });
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
