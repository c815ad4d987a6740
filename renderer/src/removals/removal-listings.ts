import Dexie from 'dexie';
import { REMOVAL_TABLE } from '../../../shared/removals/removal';
import { listingFromClear, type RemovalListing } from '../../../shared/removals/removal-listing';
import type { ListingRow, ReadModelDatabase } from '../read-model/database';

/**
 * Reading the removals' listings (their clear fields) from the read model.
 * At 100,000 records reading them all takes seconds, so a list first shows
 * its newest rows through an index and loads the rest in chunks, each small
 * enough not to freeze the window.
 */
const CHUNK = 5_000;

function toListings(rows: ListingRow[]): RemovalListing[] {
  const listings: RemovalListing[] = [];
  for (const row of rows) {
    if (row.table !== REMOVAL_TABLE) continue;
    const listing = listingFromClear(row.id, row.clear);
    if (listing) listings.push(listing);
  }
  return listings;
}

/** The newest removals, by the date they were removed: what the list shows first, in its default order. */
export async function newestListings(db: ReadModelDatabase, count: number): Promise<RemovalListing[]> {
  const rows = await db.listings
    .where('[table+listedAt]')
    .between([REMOVAL_TABLE, Dexie.minKey], [REMOVAL_TABLE, Dexie.maxKey])
    .reverse()
    .limit(count)
    .toArray();
  return toListings(rows);
}

/**
 * Every removal's listing. Reads the listings in primary-key order (the
 * store's own order is much faster to read than an index) in chunks, yielding
 * between them; other tables' few listings are passed over.
 */
export async function allListings(db: ReadModelDatabase, options: { onProgress?: (loaded: number) => void; signal?: AbortSignal; chunkSize?: number } = {}): Promise<RemovalListing[]> {
  const chunk = options.chunkSize ?? CHUNK;
  const listings: RemovalListing[] = [];
  let after: string | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows: ListingRow[] = await (after === null ? db.listings.limit(chunk) : db.listings.where('id').above(after).limit(chunk)).toArray();
    listings.push(...toListings(rows));
    options.onProgress?.(listings.length);
    if (rows.length < chunk) return listings;
    after = rows[rows.length - 1]!.id;
  }
}
