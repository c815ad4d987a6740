import type { Page } from 'playwright-core';
import { pageOutcome } from './page-outcome';
import type { SeedResult } from './seed/seed-page';

/** The seed page's build: `npx vite build --config bench/seed.vite.config.ts`. */
export const SEED_RENDERER_DIR = 'out/seed-renderer';

export interface SeedOptions {
  /** Removals to add. */
  records: number;
  /** How many of them carry a screenshot. */
  screenshots: number;
  seed: number;
  /** The number of the first removal; above 0 it adds to the seeded ledger already in the data folder. */
  from?: number;
}

/**
 * Seeds a ledger through the seed page, served by a preview started with
 * `--renderer-dir out/seed-renderer` on the data folder to fill. The read
 * model it writes stays in this browser profile, under the preview's origin.
 */
export async function seedThroughThePage(page: Page, previewUrl: string, options: SeedOptions, progress: { label: string; printEveryMs?: number }): Promise<SeedResult> {
  const url = new URL(previewUrl);
  const query = new URLSearchParams({ records: String(options.records), screenshots: String(options.screenshots), seed: String(options.seed), from: String(options.from ?? 0) });
  await page.goto(`${url.origin}/?${query.toString()}${url.hash}`);
  return pageOutcome<SeedResult>(page, { result: 'seedResult', error: 'seedError' }, { ...progress, timeoutMs: 4 * 60 * 60_000 });
}
