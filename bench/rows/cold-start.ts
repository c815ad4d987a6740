import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBrowser, startPreview } from '../../tests/support/preview';
import { median, p95, type BenchRow } from '../results';

/**
 * From launching the preview's server process to the first screen answering
 * a person: the call to action visible and enabled, the service reached.
 * The browser itself is already running, as a user's would be.
 */
export async function coldStart(runs: number): Promise<BenchRow> {
  const browser = await openBrowser();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-bench-'));
      const started = performance.now();
      const preview = await startPreview(dataDir);
      const page = await browser.context.newPage();
      await page.goto(preview.url);
      const callToAction = page.getByRole('button', { name: 'Create the ledger' });
      await callToAction.waitFor({ state: 'visible' });
      await callToAction.click({ trial: true });
      samples.push(performance.now() - started);
      await page.close();
      await preview.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  } finally {
    await browser.close();
  }
  const measured = median(samples);
  return {
    operation: 'cold start of the browser preview to an interactive first screen',
    measured,
    p95: p95(samples),
    unit: 'ms',
    budget: 1500,
    withinBudget: p95(samples) <= 1500,
  };
}
