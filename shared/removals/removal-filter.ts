import { DateTime } from 'luxon';
import { z } from 'zod';
import { removalStatusSchema } from './removal';
import { removalDate, type RemovalListing } from './removal-listing';

export { removalDate };

/**
 * The removals list's filters and sort, on clear listing fields only: the
 * same filter always selects the same records, whatever is on screen, so
 * the CSV and the PDF export exactly what the list shows.
 */
export const removalFilterSchema = z.object({
  siteId: z.string().optional(),
  categoryId: z.string().optional(),
  status: removalStatusSchema.optional(),
  /** Calendar days (YYYY-MM-DD) in the City's time zone, inclusive, on the removal date. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** The poster's blind-index token: computed from what the person typed, never stored from it. */
  posterToken: z.string().optional(),
  /** Ids that matched a full-text search; absent when no text was searched. */
  matchingIds: z.array(z.string()).optional(),
  /** Only records a legal hold in force covers, or only those none does. */
  hold: z.enum(['held', 'not_held']).optional(),
});
export type RemovalFilter = z.infer<typeof removalFilterSchema>;

export const sortKeys = ['removed', 'posted', 'site', 'status'] as const;
export type SortKey = (typeof sortKeys)[number];
export interface RemovalSort {
  key: SortKey;
  direction: 'ascending' | 'descending';
}


function dayStart(day: string, timeZone: string): number {
  return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toMillis();
}

export function filterListings(listings: readonly RemovalListing[], filter: RemovalFilter, timeZone: string, heldIds: ReadonlySet<string> = new Set()): RemovalListing[] {
  const from = filter.from ? dayStart(filter.from, timeZone) : null;
  // "To" is inclusive: up to the start of the next day there.
  const to = filter.to ? DateTime.fromISO(filter.to, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis() : null;
  const matching = filter.matchingIds ? new Set(filter.matchingIds) : null;
  return listings.filter((listing) => {
    if (filter.siteId && listing.siteId !== filter.siteId) return false;
    if (filter.categoryId && !listing.categoryIds.includes(filter.categoryId)) return false;
    if (filter.status && listing.status !== filter.status) return false;
    if (filter.posterToken && listing.posterToken !== filter.posterToken) return false;
    if (matching && !matching.has(listing.id)) return false;
    if (filter.hold === 'held' && !heldIds.has(listing.id)) return false;
    if (filter.hold === 'not_held' && heldIds.has(listing.id)) return false;
    if (from !== null || to !== null) {
      const at = Date.parse(removalDate(listing));
      if (from !== null && at < from) return false;
      if (to !== null && at >= to) return false;
    }
    return true;
  });
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortListings(listings: readonly RemovalListing[], sort: RemovalSort, siteNames: ReadonlyMap<string, string>): RemovalListing[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  // Sort keys worked out once per record, compared as plain strings: ISO dates
  // and ids sort correctly by code unit, and a 100,000-record list re-sorts on
  // every keystroke of a search, where locale-aware comparison costs seconds.
  const lowerNames = new Map([...siteNames].map(([id, name]) => [id, name.toLowerCase()]));
  const keyOf = (listing: RemovalListing): string => {
    switch (sort.key) {
      case 'removed':
        return removalDate(listing);
      case 'posted':
        return listing.postedAt;
      case 'site':
        return lowerNames.get(listing.siteId) ?? '';
      case 'status':
        return listing.status;
    }
  };
  const keyed = listings.map((listing) => ({ listing, key: keyOf(listing), date: removalDate(listing) }));
  // Ties fall back to the removal date, newest first, then the id: the order never shuffles between renders.
  keyed.sort((a, b) => sign * byText(a.key, b.key) || byText(b.date, a.date) || byText(a.listing.id, b.listing.id));
  return keyed.map((item) => item.listing);
}
