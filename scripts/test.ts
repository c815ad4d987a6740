import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOrInstallChromium } from '../tests/support/browser';

/**
 * `npm test`: every test, on a fresh clone. Finds (or installs) a browser,
 * builds the app the end-to-end tests drive, runs the unit project and then the
 * end-to-end project, and ends with one line: `N passed, N failed, N skipped`.
 */
interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  success: boolean;
}

const extraArgs = process.argv.slice(2);
let chromiumPath: string;
try {
  chromiumPath = findOrInstallChromium();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed, so the end-to-end tests cannot run.');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const reports = mkdtempSync(join(tmpdir(), 'records-ledger-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let allGreen = true;
for (const project of ['unit', 'e2e']) {
  const outputFile = join(reports, `${project}.json`);
  const run = spawnSync(
    'npx',
    ['vitest', 'run', '--project', project, '--reporter=verbose', '--reporter=json', `--outputFile.json=${outputFile}`, ...extraArgs],
    { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromiumPath } },
  );
  let report: VitestJson | null = null;
  try {
    report = JSON.parse(readFileSync(outputFile, 'utf8')) as VitestJson;
  } catch {
    // vitest died before writing its report; count the project as one failure.
  }
  if (report) {
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests + (report.numFailedTests === 0 && report.numFailedTestSuites > 0 ? report.numFailedTestSuites : 0);
    totals.skipped += report.numPendingTests + report.numTodoTests;
  } else {
    totals.failed += 1;
  }
  if (run.status !== 0) allGreen = false;
}
rmSync(reports, { recursive: true, force: true });

if (!allGreen && totals.failed === 0) totals.failed = 1;
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(allGreen ? 0 : 1);
