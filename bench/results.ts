import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of the benchmark table, as bench/results.json stores it. */
export interface BenchRow {
  operation: string;
  measured: number;
  p95?: number;
  unit: string;
  budget: number;
  withinBudget: boolean;
  peer?: string;
  ratio?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank p95: with few samples it is the slowest, which is the honest answer. */
export function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function formatTable(rows: BenchRow[]): string {
  const header = ['operation', 'measured', 'p95', 'unit', 'budget', 'within budget', 'peer', 'ratio'];
  const lines = rows.map((r) => [
    r.operation,
    String(round(r.measured)),
    r.p95 === undefined ? '' : String(round(r.p95)),
    r.unit,
    `≤ ${r.budget}`,
    r.withinBudget ? 'yes' : '**NO**',
    r.peer ?? '',
    r.ratio === undefined ? '' : `${round(r.ratio)}×`,
  ]);
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}

export function writeResults(dir: string, rows: BenchRow[], context: { quick: boolean; when: string; machine: string }): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const markdown = [
    '# Benchmark results',
    '',
    `Run ${context.when}${context.quick ? ' (quick variant)' : ''} on ${context.machine}. Produced by \`npm run bench\`; budgets are from the issues.`,
    '',
    formatTable(rows),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'results.md'), markdown);
}
