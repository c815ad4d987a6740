import { DateTime } from 'luxon';
import { holdsOn, type Hold } from '../holds/hold';
import type { RemovalListing } from '../removals/removal-listing';
import { retentionEligibility, type Eligibility } from './eligibility';
import { DEFAULT_SERIES_ID, defaultRemovalSeries, type RecordSeries } from './series';
import { nextYearlyNumber } from '../records/yearly-number';

/**
 * The retention schedule applied to every record at once: which series each
 * is in, what its dates and holds say today, and the per-series counts the
 * Retention screen and the council's retention report show. Pure: the caller
 * gives today's date, the holds and the open requests.
 */
export interface AssessedRecord {
  listing: RemovalListing;
  series: RecordSeries;
  eligibility: Eligibility;
  /** The matters and requests holding it, as people name them. */
  heldBy: string[];
}

export interface ScheduleContext {
  today: string;
  timeZone: string;
  holds: readonly Hold[];
  /** The open public records requests each record answers (held until they close). */
  openRequestsFor?: (recordId: string) => readonly string[];
}

/** The series as records staff keep them, with the built-in default until they save their own version of it. */
export function scheduleSeries(stored: readonly RecordSeries[]): RecordSeries[] {
  return stored.some((s) => s.id === DEFAULT_SERIES_ID) ? [...stored] : [defaultRemovalSeries, ...stored];
}

/** A record's series; one whose series is unknown (a damaged row) is kept under the default, never treated as disposable sooner. */
export function seriesOf(seriesId: string, series: readonly RecordSeries[]): RecordSeries {
  return series.find((s) => s.id === seriesId) ?? series.find((s) => s.id === DEFAULT_SERIES_ID) ?? defaultRemovalSeries;
}

/** How a record held by an open public records request names what holds it. */
export function requestHoldName(requestNumber: string): string {
  return `the open public records request ${requestNumber}`;
}

export function matterName(hold: Hold): string {
  return `${hold.matter.name} (${hold.matter.number})`;
}

export function assessRetention(listings: readonly RemovalListing[], series: readonly RecordSeries[], context: ScheduleContext): AssessedRecord[] {
  const active = context.holds.filter((hold) => hold.released === null);
  return listings.map((listing) => {
    const recordSeries = seriesOf(listing.seriesId, series);
    const holds = active.length ? holdsOn(active, listing, context.timeZone).map(matterName) : [];
    const openRequests = context.openRequestsFor?.(listing.id) ?? [];
    const eligibility = retentionEligibility({ removedAt: listing.removedAt, seenAt: listing.seenAt }, recordSeries, {
      today: context.today,
      timeZone: context.timeZone,
      holds,
      openRequests,
    });
    return { listing, series: recordSeries, eligibility, heldBy: [...holds, ...openRequests.map(requestHoldName)] };
  });
}

export interface SeriesCounts {
  seriesId: string;
  records: number;
  eligibleNow: number;
  eligibleIn90Days: number;
  onHold: number;
  disposedToDate: number;
}

/** Per series, in the schedule's order: what the council's retention report counts. */
export function seriesCounts(assessed: readonly AssessedRecord[], disposedSeriesIds: readonly string[], series: readonly RecordSeries[], today: string): SeriesCounts[] {
  const in90Days = DateTime.fromISO(today, { zone: 'utc' }).plus({ days: 90 }).toISODate() ?? today;
  const rows = new Map<string, SeriesCounts>(series.map((s) => [s.id, { seriesId: s.id, records: 0, eligibleNow: 0, eligibleIn90Days: 0, onHold: 0, disposedToDate: 0 }]));
  const row = (id: string) => rows.get(id) ?? rows.get(seriesOf(id, series).id)!;
  for (const { series: s, eligibility } of assessed) {
    const counts = row(s.id);
    counts.records += 1;
    if (eligibility.status === 'eligible') counts.eligibleNow += 1;
    else if (eligibility.status === 'retained' && eligibility.eligibleOn <= in90Days) counts.eligibleIn90Days += 1;
    else if (eligibility.status === 'held') counts.onHold += 1;
  }
  for (const id of disposedSeriesIds) row(id).disposedToDate += 1;
  return [...rows.values()];
}

/** "DB-2026-003": the year's next batch number, as records staff and the council refer to it. */
export function nextBatchNumber(existing: readonly string[], today: string): string {
  return nextYearlyNumber('DB', existing, today);
}
