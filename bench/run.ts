import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { formatTable, writeResults, type BenchRow } from './results';
import { rendererBundleSize } from './rows/bundle-size';
import { coldStart } from './rows/cold-start';
import { destructionRow } from './rows/destruction';
import { disclosureRows } from './rows/disclosure';
import { importRows } from './rows/import';
import { importAtScaleRows } from './rows/import-at-scale';
import { ledgerAtScaleRows } from './rows/ledger-at-scale';
import { ocrRow } from './rows/ocr';
import { redactionFinderRows } from './rows/redaction-finders';
import { retentionRows } from './rows/retention';
import { searchRowsInOwnProcess } from './rows/search';
import { storageRows } from './rows/storage';
import { vaultRows } from './rows/vault';

/**
 * `npm run bench [-- --quick]`: measures the built app against its budgets
 * and prints one table. It exits 0 either way: a row over budget is a finding
 * to investigate, not a failed build.
 */
const quick = process.argv.includes('--quick');
// `--only vault,search`: just those groups, for working on a row; the saved results are left as they are.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').map((group) => group.trim().toLowerCase())) : null;

for (const step of [
  ['electron-vite', 'build'],
  ['vite', 'build', '--config', 'bench/bench-page.vite.config.ts'],
  ['vite', 'build', '--config', 'bench/seed.vite.config.ts'],
]) {
  const build = spawnSync('npx', step, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) {
    console.error(`The build (${step.join(' ')}) failed; nothing was measured.`);
    process.exit(1);
  }
}

const rows: BenchRow[] = [];
const began = Date.now();
/** Runs one group of rows, saying how long it took: a long run shows where its minutes went. */
async function measure(group: string, run: () => BenchRow | BenchRow[] | Promise<BenchRow | BenchRow[]>): Promise<void> {
  if (only && !only.has(group.toLowerCase())) return;
  const started = Date.now();
  const measured = await run();
  rows.push(...(Array.isArray(measured) ? measured : [measured]));
  console.error(`bench: ${group} took ${((Date.now() - started) / 1000).toFixed(1)} s (${((Date.now() - began) / 60_000).toFixed(1)} min so far)`);
}

await measure('cold start', () => coldStart(quick ? 3 : 10));
await measure('bundle size', () => rendererBundleSize('out/renderer'));
await measure('vault', () => vaultRows({ quick }));
await measure('storage', () => storageRows({ quick }));
await measure('search', () => searchRowsInOwnProcess({ quick }));
await measure('import', () => importRows({ quick }));
await measure('import at scale', () => importAtScaleRows({ quick }));
await measure('OCR', () => ocrRow({ quick }));
await measure('retention', () => retentionRows({ quick }));
await measure('destruction', () => destructionRow({ quick }));
await measure('redaction finders', () => redactionFinderRows({ quick }));
await measure('disclosure', () => disclosureRows({ quick }));
// Last: it seeds the largest ledger (500,000 records; quick 50,000), which takes the longest.
await measure('ledger at scale', () => ledgerAtScaleRows({ quick }));

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
if (only) console.error('bench: only some groups were measured, so bench/results.md and results.json were left as they were.');
else writeResults('bench', rows, { quick, when: new Date().toISOString(), machine });
console.log(formatTable(rows));
const over = rows.filter((r) => !r.withinBudget);
console.log(over.length ? `\n${over.length} row(s) over budget: ${over.map((r) => r.operation).join('; ')}` : '\nEvery row is within its budget.');
