import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from '../results';

/**
 * What the first screen must load: the scripts, stylesheets and module
 * preloads index.html names. Chunks loaded later on demand (PDF, OCR) are not
 * counted, as the budget says.
 */
export function rendererBundleSize(rendererDir: string): BenchRow {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const references = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\.?\/?([^"]+)"/g)].map((m) => m[1]!);
  const bytes = references.reduce((total, file) => total + statSync(join(rendererDir, file)).size, statSync(join(rendererDir, 'index.html')).size);
  const megabytes = bytes / 1_000_000;
  return {
    operation: 'renderer bundle loaded by the first screen, minified',
    measured: megabytes,
    unit: 'MB',
    budget: 1.5,
    withinBudget: megabytes <= 1.5,
  };
}
