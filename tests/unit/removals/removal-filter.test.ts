import { describe, expect, it } from 'vitest';
import { filterListings, sortListings } from '../../../shared/removals/removal-filter';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { aListing } from './fixtures';

const LA = 'America/Los_Angeles';

function listing(id: string, overrides: Partial<RemovalListing> = {}): RemovalListing {
  return aListing({
    id,
    siteId: 'facebook',
    categoryIds: ['profanity'],
    policyVersionId: 'v1',
    postedAt: '2026-03-01T17:00:00.000Z',
    seenAt: '2026-03-01T18:00:00.000Z',
    removedAt: '2026-03-01T19:00:00.000Z',
    ...overrides,
  });
}

describe('filtering the removals list', () => {
  it('selects by site, category (any of a record’s several), status and poster token together', () => {
    const rows = [
      listing('a', { categoryIds: ['threats', 'profanity'], posterToken: 't1' }),
      listing('b', { siteId: 'youtube', categoryIds: ['threats'], posterToken: 't1' }),
      listing('c', { categoryIds: ['threats'], status: 'in_review', removedAt: null, posterToken: 't1' }),
      listing('d', { categoryIds: ['threats'], posterToken: 't2' }),
    ];
    expect(filterListings(rows, { siteId: 'facebook', categoryId: 'threats', status: 'logged', posterToken: 't1' }, LA).map((r) => r.id)).toEqual(['a']);
  });

  it('reads the date range as whole days in the City’s time zone, both ends included', () => {
    const rows = [
      // 11:30 PM on March 31 in Los Angeles is already April 1 in UTC.
      listing('march-31-late', { removedAt: '2026-04-01T06:30:00.000Z' }),
      listing('april-1-early', { removedAt: '2026-04-01T07:30:00.000Z' }),
      listing('april-30-late', { removedAt: '2026-05-01T06:59:00.000Z' }),
    ];
    expect(filterListings(rows, { from: '2026-04-01', to: '2026-04-30' }, LA).map((r) => r.id)).toEqual(['april-1-early', 'april-30-late']);
    expect(filterListings(rows, { to: '2026-03-31' }, LA).map((r) => r.id)).toEqual(['march-31-late']);
  });

  it('files a removal still awaiting a decision under the day staff saw it', () => {
    const rows = [listing('waiting', { status: 'in_review', removedAt: null, seenAt: '2026-02-10T20:00:00.000Z' })];
    expect(filterListings(rows, { from: '2026-02-10', to: '2026-02-10' }, LA)).toHaveLength(1);
    expect(filterListings(rows, { from: '2026-02-11' }, LA)).toHaveLength(0);
  });

  it('keeps only the ids a text search matched, and nothing when it matched nothing', () => {
    const rows = [listing('a'), listing('b')];
    expect(filterListings(rows, { matchingIds: ['b'] }, LA).map((r) => r.id)).toEqual(['b']);
    expect(filterListings(rows, { matchingIds: [] }, LA)).toEqual([]);
  });
});

describe('the hold filter', () => {
  it('keeps only the records a hold in force covers, or only the others', () => {
    const rows = [listing('held'), listing('free')];
    expect(filterListings(rows, { hold: 'held' }, LA, new Set(['held'])).map((r) => r.id)).toEqual(['held']);
    expect(filterListings(rows, { hold: 'not_held' }, LA, new Set(['held'])).map((r) => r.id)).toEqual(['free']);
    expect(filterListings(rows, {}, LA, new Set(['held']))).toHaveLength(2);
  });
});

describe('sorting the removals list', () => {
  const rows = [
    listing('old', { removedAt: '2026-01-01T00:00:00.000Z', siteId: 's2', postedAt: '2026-01-01T00:00:00.000Z' }),
    listing('new', { removedAt: '2026-06-01T00:00:00.000Z', siteId: 's1', postedAt: '2025-12-01T00:00:00.000Z' }),
  ];
  const names = new Map([
    ['s1', 'Zeta page'],
    ['s2', 'alpha page'],
  ]);

  it('sorts by removal date either way, by posting date, and by site name ignoring case', () => {
    expect(sortListings(rows, { key: 'removed', direction: 'descending' }, names).map((r) => r.id)).toEqual(['new', 'old']);
    expect(sortListings(rows, { key: 'removed', direction: 'ascending' }, names).map((r) => r.id)).toEqual(['old', 'new']);
    expect(sortListings(rows, { key: 'posted', direction: 'ascending' }, names).map((r) => r.id)).toEqual(['new', 'old']);
    expect(sortListings(rows, { key: 'site', direction: 'ascending' }, names).map((r) => r.id)).toEqual(['old', 'new']);
  });
});
