import type { Page } from 'playwright-core';

/**
 * Waits for one of the benchmark's own pages (bench/browser, bench/seed) to
 * finish: each shows "running" in #state until it is done or failed, says how
 * far it has got in #progress, and leaves its result (or why it failed) on
 * `window`. The progress is printed so a person running a long measurement
 * sees it working.
 */
export async function pageOutcome<T>(
  page: Page,
  keys: { result: string; error: string },
  options: { label: string; printEveryMs?: number; timeoutMs?: number },
): Promise<T> {
  const printEveryMs = options.printEveryMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 60 * 60_000;
  const started = Date.now();
  let printedAt = 0;
  let printed = '';
  for (;;) {
    const now = await page.evaluate(() => ({ state: document.getElementById('state')?.textContent ?? '', progress: document.getElementById('progress')?.textContent ?? '' }));
    const finished = now.state !== 'running';
    if (now.progress && now.progress !== printed && (finished || Date.now() - printedAt >= printEveryMs)) {
      console.log(`  ${options.label}: ${now.progress}`);
      printed = now.progress;
      printedAt = Date.now();
    }
    if (finished) break;
    if (Date.now() - started > timeoutMs) throw new Error(`${options.label} did not finish within ${Math.round(timeoutMs / 60_000)} minutes.`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  const outcome = await page.evaluate((names) => {
    const shared = window as unknown as Record<string, unknown>;
    return { result: shared[names.result], error: shared[names.error] };
  }, keys);
  if (outcome.result === undefined) throw new Error(`${options.label} failed: ${typeof outcome.error === 'string' ? outcome.error : 'the page gave no result'}`);
  return outcome.result as T;
}
