import { sum, type MonthlyCounts } from '../../../shared/removals/monthly-counts';
import { SERIES_COLORS } from './chart-palette';

/**
 * What a monthly chart shows, worked out apart from the drawing so that the
 * chart, its data table and the sentence a screen reader hears always say the
 * same thing.
 */

export interface ChartSeries {
  label: string;
  counts: number[];
}

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-03' → 'Mar 2026'. Anything else is shown as it is rather than guessed at. */
export function monthLabel(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  return match && name ? `${name} ${match[1]}` : month;
}

/**
 * The series with their names, largest first. More colours than the palette
 * holds cannot be told apart, so past that the smallest are added together as
 * one series named `othersLabel` (e.g. "All other sites (5)"), in the chart
 * and the table alike.
 */
export function namedSeries(counts: MonthlyCounts, nameOf: (key: string) => string, othersLabel: (howMany: number) => string): ChartSeries[] {
  const named = counts.series.map((series) => ({ label: nameOf(series.key), counts: series.counts }));
  if (named.length <= SERIES_COLORS.length) return named;
  const kept = named.slice(0, SERIES_COLORS.length - 1);
  const rest = named.slice(SERIES_COLORS.length - 1);
  const merged = counts.months.map((_, index) => sum(rest.map((series) => series.counts[index] ?? 0)));
  return [...kept, { label: othersLabel(rest.length), counts: merged }];
}

export function hasRemovals(series: readonly ChartSeries[]): boolean {
  return series.some((one) => one.counts.some((count) => count > 0));
}

function removals(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'removal' : 'removals'}`;
}

/**
 * One sentence that says what the bars show, for the chart's accessible name:
 * the span, how many in all, the busiest month and the largest series.
 * `totals`, when given, are the removals per month (fewer than the sum of the
 * series when one removal counts in two categories).
 */
export function chartSummary(months: readonly string[], series: readonly ChartSeries[], totals?: readonly number[]): string {
  const perMonth = totals ?? months.map((_, index) => sum(series.map((one) => one.counts[index] ?? 0)));
  const first = months[0];
  const last = months.at(-1);
  if (first === undefined || last === undefined || !hasRemovals(series)) return 'No removals in this period.';
  const span = first === last ? monthLabel(first) : `${monthLabel(first)} to ${monthLabel(last)}`;

  let busiest = 0;
  perMonth.forEach((count, index) => {
    if (count > (perMonth[busiest] ?? 0)) busiest = index;
  });
  const largest = [...series].map((one) => ({ label: one.label, total: sum(one.counts) })).sort((a, b) => b.total - a.total)[0];

  const parts = [`${span}: ${removals(sum(perMonth))} in all.`];
  if (months.length > 1) parts.push(`Most in ${monthLabel(months[busiest] ?? first)}: ${(perMonth[busiest] ?? 0).toLocaleString('en-US')}.`);
  if (largest && series.length > 1) parts.push(`Largest: ${largest.label}, ${largest.total.toLocaleString('en-US')}.`);
  parts.push('The table beside the chart gives every number.');
  return parts.join(' ');
}
