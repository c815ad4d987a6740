import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Removal } from '../../../shared/removals/removal';
import { removalChange } from '../../../renderer/src/removals/save-removal';
import { allListings, newestListings } from '../../../renderer/src/removals/removal-listings';
import { countRecords } from '../../../renderer/src/read-model/database';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';
import { aRemoval, LA } from './fixtures';

let ledger: Awaited<ReturnType<typeof unitLedger>>;
let session: Session;

beforeEach(async () => {
  ledger = await unitLedger('records-ledger-listings-');
  session = await ledger.openSession('clerk');
});
afterEach(() => ledger.close());

function removed(id: string, removedAt: string | null, seenAt = '2026-01-01T12:00:00.000Z'): Removal {
  const base = aRemoval();
  return { ...base, id, moments: { ...base.moments, seen: { utc: seenAt, zone: LA }, removed: removedAt === null ? null : { utc: removedAt, zone: LA } } } as Removal;
}

async function save(removals: Removal[]) {
  await session.records.saveAll(await Promise.all(removals.map((removal) => removalChange(session, removal, 'Logged'))));
}

describe('the removals list’s first rows, shown before the whole list has loaded', () => {
  it('are the newest by the day they were removed (or seen, when the removal time is unknown), whatever order they were logged in', async () => {
    await save([
      removed('march', '2026-03-02T18:00:00.000Z'),
      removed('january', '2026-01-10T18:00:00.000Z'),
      removed('seen-in-april', null, '2026-04-01T09:00:00.000Z'),
      removed('february', '2026-02-20T18:00:00.000Z'),
    ]);
    await session.records.save({ table: 'site', recordId: 'site-x', data: { name: 'x' }, clear: { name: 'x' }, reason: 'created' });

    expect((await newestListings(session.db, 3)).map((listing) => listing.id)).toEqual(['seen-in-april', 'march', 'february']);
  });

  it('move when a removal is corrected to another day', async () => {
    await save([removed('a', '2026-03-02T18:00:00.000Z'), removed('b', '2026-02-02T18:00:00.000Z')]);
    await save([removed('b', '2026-05-02T18:00:00.000Z')]);
    expect((await newestListings(session.db, 1)).map((listing) => listing.id)).toEqual(['b']);
  });
});

describe('every removal’s listing, read in chunks', () => {
  it('gives every removal exactly once across chunk boundaries, and no other kind of record', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `rem-${String(i).padStart(3, '0')}`);
    await save(ids.map((id, i) => removed(id, `2026-02-${String(1 + (i % 27)).padStart(2, '0')}T18:00:00.000Z`)));
    await session.records.save({ table: 'site', recordId: 'rem-010x', data: { name: 'x' }, clear: { name: 'x' }, reason: 'created' });

    const progress: number[] = [];
    const listings = await allListings(session.db, { chunkSize: 5, onProgress: (loaded) => progress.push(loaded) });
    expect(listings.map((listing) => listing.id).sort()).toEqual(ids);
    expect(progress.length).toBeGreaterThan(4);
    expect(progress.at(-1)).toBe(23);
  });

  it('stops between chunks when the screen that asked is closed', async () => {
    await save(Array.from({ length: 12 }, (_, i) => removed(`rem-${i}`, '2026-03-02T18:00:00.000Z')));
    const closed = new AbortController();
    const progress: number[] = [];
    const reading = allListings(session.db, {
      chunkSize: 4,
      signal: closed.signal,
      onProgress: (loaded) => {
        progress.push(loaded);
        closed.abort();
      },
    });
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toEqual([4]);
  });
});

describe('the number of records the Overview shows, counted a chunk at a time', () => {
  it('counts every record of every kind once, across chunk boundaries, whatever its number of versions', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `rem-${String(i).padStart(3, '0')}`);
    await save(ids.map((id) => removed(id, '2026-02-01T18:00:00.000Z')));
    await save([removed('rem-004', '2026-03-01T18:00:00.000Z')]);
    await session.records.save({ table: 'site', recordId: 'site-x', data: { name: 'x' }, clear: { name: 'x' }, reason: 'created' });

    expect(await countRecords(session.db, { chunkSize: 5 })).toBe(24);
    // Twenty-four is a whole number of chunks of eight: the last, empty chunk ends the count.
    expect(await countRecords(session.db, { chunkSize: 8 })).toBe(24);
    expect(await countRecords(session.db)).toBe(await session.db.records.count());
  });

  it('stops when the page that asked is left', async () => {
    await save([removed('rem-1', '2026-02-01T18:00:00.000Z')]);
    const leaving = new AbortController();
    leaving.abort();
    await expect(countRecords(session.db, { signal: leaving.signal })).rejects.toThrow();
  });
});
