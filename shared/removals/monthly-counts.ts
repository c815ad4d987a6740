import { DateTime, IANAZone } from 'luxon';
import { removalDate, type RemovalListing } from './removal-listing';

/**
 * Removals per month, for the overview charts and their data tables.
 *
 * A removal is counted in the month it was removed, in the City's time zone:
 * a removal at 2026-04-01T03:00Z happened on the evening of March 31 in Los
 * Angeles, and the City counts it in March. Records with no removal time (left
 * up, or still awaiting a decision) are counted in the month staff saw the
 * content, so that every logged item shows up somewhere rather than vanishing
 * from the overview.
 */

/** A calendar month as 'YYYY-MM'. */
export type Month = string;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface MonthlySeries {
  /** A category id or a site id, as the listings hold them. */
  key: string;
  /** One count per month, in the order of `months`. */
  counts: number[];
}

export interface MonthlyCounts {
  /** Every month of the period, oldest first, with no gaps. */
  months: Month[];
  /** Largest total first; only keys with at least one removal in the period. */
  series: MonthlySeries[];
  /**
   * Removals per month. For categories this can be less than the sum of the
   * series, because a removal in two categories counts once in each.
   */
  totals: number[];
}

export interface MonthlyCountOptions {
  /** The IANA zone months are read in: the City's. */
  timeZone: string;
  /** First month counted ('YYYY-MM'); without it, the month of the earliest removal. */
  from?: Month;
  /** Last month counted ('YYYY-MM'); without it, the month of the latest removal. */
  to?: Month;
}


/** The month an instant falls in, in the zone given; null when the instant cannot be read. */
export function monthOf(utc: string, timeZone: string): Month | null {
  const local = DateTime.fromISO(utc, { zone: 'utc' }).setZone(timeZone);
  return local.isValid ? local.toFormat('yyyy-MM') : null;
}

function checkZone(timeZone: string): void {
  if (!IANAZone.isValidZone(timeZone)) throw new RangeError(`"${timeZone}" is not a time zone the ledger knows.`);
}

function checkMonth(month: Month | undefined, name: string): void {
  if (month !== undefined && !MONTH.test(month)) throw new RangeError(`The ${name} month must be written YYYY-MM, not "${month}".`);
}

/** Every month from `from` to `to`, both included; none when `to` comes first. */
export function monthsBetween(from: Month, to: Month): Month[] {
  checkMonth(from, 'first');
  checkMonth(to, 'last');
  const months: Month[] = [];
  let cursor = DateTime.fromFormat(from, 'yyyy-MM', { zone: 'utc' });
  const last = DateTime.fromFormat(to, 'yyyy-MM', { zone: 'utc' });
  while (cursor <= last) {
    months.push(cursor.toFormat('yyyy-MM'));
    cursor = cursor.plus({ months: 1 });
  }
  return months;
}

export function removalsPerMonth(listings: readonly RemovalListing[], by: 'category' | 'site', options: MonthlyCountOptions): MonthlyCounts {
  checkZone(options.timeZone);
  checkMonth(options.from, 'first');
  checkMonth(options.to, 'last');

  const dated: Array<{ listing: RemovalListing; month: Month }> = [];
  for (const listing of listings) {
    // Content left up, or still awaiting a decision, was not removed: the charts count removals.
    if (listing.removedAt === null || listing.decision === 'leave_up') continue;
    const month = monthOf(removalDate(listing), options.timeZone);
    if (month === null) continue;
    if (options.from !== undefined && month < options.from) continue;
    if (options.to !== undefined && month > options.to) continue;
    dated.push({ listing, month });
  }

  const from = options.from ?? minMonth(dated.map((item) => item.month));
  const to = options.to ?? maxMonth(dated.map((item) => item.month));
  const months = from !== null && to !== null ? monthsBetween(from, to) : [];
  const index = new Map(months.map((month, position) => [month, position]));

  const totals = months.map(() => 0);
  const byKey = new Map<string, number[]>();
  for (const { listing, month } of dated) {
    const position = index.get(month);
    if (position === undefined) continue;
    totals[position] = (totals[position] ?? 0) + 1;
    // A listing naming the same category twice is still one removal in it.
    const keys = by === 'site' ? [listing.siteId] : [...new Set(listing.categoryIds)];
    for (const key of keys) {
      let counts = byKey.get(key);
      if (!counts) {
        counts = months.map(() => 0);
        byKey.set(key, counts);
      }
      counts[position] = (counts[position] ?? 0) + 1;
    }
  }

  const series = [...byKey].map(([key, counts]) => ({ key, counts, total: sum(counts) }));
  series.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { months, series: series.map(({ key, counts }) => ({ key, counts })), totals };
}

export const countPeriods = ['last12Months', 'thisYear', 'allTime'] as const;
export type CountPeriod = (typeof countPeriods)[number];

export const countPeriodLabels: Record<CountPeriod, string> = {
  last12Months: 'Last 12 months',
  thisYear: 'This year',
  allTime: 'All time',
};

/**
 * The months a period covers, as of `now`, in the City's zone. "All time"
 * starts at the earliest removal (so it has no `from`) and ends this month.
 */
export function periodMonths(period: CountPeriod, now: Date, timeZone: string): { from?: Month; to: Month } {
  checkZone(timeZone);
  const today = DateTime.fromJSDate(now).setZone(timeZone);
  const to = today.toFormat('yyyy-MM');
  switch (period) {
    case 'last12Months':
      return { from: today.startOf('month').minus({ months: 11 }).toFormat('yyyy-MM'), to };
    case 'thisYear':
      return { from: today.startOf('year').toFormat('yyyy-MM'), to };
    case 'allTime':
      return { to };
  }
}

export function sum(counts: readonly number[]): number {
  return counts.reduce((total, count) => total + count, 0);
}

function minMonth(months: Month[]): Month | null {
  return months.reduce<Month | null>((least, month) => (least === null || month < least ? month : least), null);
}

function maxMonth(months: Month[]): Month | null {
  return months.reduce<Month | null>((most, month) => (most === null || month > most ? month : most), null);
}
