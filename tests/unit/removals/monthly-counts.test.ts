import { describe, expect, it } from 'vitest';
import { monthsBetween, periodMonths, removalsPerMonth } from '../../../shared/removals/monthly-counts';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { aListing, LA } from './fixtures';

let nextId = 1;

function listing(overrides: Partial<RemovalListing> = {}): RemovalListing {
  return aListing({ id: `rem-${nextId++}`, ...overrides });
}

describe('removals per month', () => {
  it('counts a removal in the month it happened in the City, not in UTC', () => {
    // 03:00 UTC on April 1 is 8 PM on March 31 in Los Angeles.
    const evening = listing({ removedAt: '2026-04-01T03:00:00.000Z' });
    const counts = removalsPerMonth([evening], 'category', { timeZone: LA });
    expect(counts.months).toEqual(['2026-03']);
    expect(counts.totals).toEqual([1]);
    // The same instant is already April in London.
    expect(removalsPerMonth([evening], 'category', { timeZone: 'Europe/London' }).months).toEqual(['2026-04']);
  });

  it('lists every month of the period, with 0 for months without removals', () => {
    const counts = removalsPerMonth(
      [listing({ removedAt: '2026-01-15T18:00:00.000Z' }), listing({ removedAt: '2026-04-15T18:00:00.000Z' })],
      'site',
      { timeZone: LA, from: '2025-12', to: '2026-05' },
    );
    expect(counts.months).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05']);
    expect(counts.totals).toEqual([0, 1, 0, 0, 1, 0]);
    expect(counts.series).toEqual([{ key: 'site-facebook', counts: [0, 1, 0, 0, 1, 0] }]);
  });

  it('without a period, runs from the earliest to the latest removal, gaps included', () => {
    const counts = removalsPerMonth(
      [listing({ removedAt: '2026-02-15T18:00:00.000Z' }), listing({ removedAt: '2025-11-15T18:00:00.000Z' })],
      'site',
      { timeZone: LA },
    );
    expect(counts.months).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(counts.totals).toEqual([1, 0, 0, 1]);
  });

  it('counts a removal in two categories once in each, and once in the total', () => {
    const counts = removalsPerMonth(
      [listing({ categoryIds: ['profanity', 'threats'] }), listing({ categoryIds: ['threats'] })],
      'category',
      { timeZone: LA },
    );
    expect(counts.totals).toEqual([2]);
    expect(counts.series).toEqual([
      { key: 'threats', counts: [2] },
      { key: 'profanity', counts: [1] },
    ]);
  });

  it('splits by site, largest first', () => {
    const counts = removalsPerMonth(
      [listing({ siteId: 'site-x' }), listing({ siteId: 'site-instagram' }), listing({ siteId: 'site-instagram' })],
      'site',
      { timeZone: LA },
    );
    expect(counts.series.map((series) => series.key)).toEqual(['site-instagram', 'site-x']);
  });

  it('does not count content that was left up or is still awaiting a decision: it was not removed', () => {
    const leftUp = listing({ removedAt: null, decision: 'leave_up', seenAt: '2026-02-27T20:00:00.000Z' });
    const waiting = listing({ removedAt: null, status: 'in_review', decision: null, seenAt: '2026-03-02T20:00:00.000Z' });
    const removed = listing({ removedAt: '2026-03-05T20:00:00.000Z' });
    const counts = removalsPerMonth([leftUp, waiting, removed], 'site', { timeZone: LA });
    expect(counts.months).toEqual(['2026-03']);
    expect(counts.totals).toEqual([1]);
  });

  it('leaves out removals outside the period', () => {
    const counts = removalsPerMonth(
      [listing({ removedAt: '2025-06-15T18:00:00.000Z' }), listing({ removedAt: '2026-03-15T18:00:00.000Z' })],
      'category',
      { timeZone: LA, from: '2026-01', to: '2026-03' },
    );
    expect(counts.totals).toEqual([0, 0, 1]);
    expect(counts.series).toEqual([{ key: 'off_topic', counts: [0, 0, 1] }]);
  });

  it('has no months and no series when there is nothing to count', () => {
    expect(removalsPerMonth([], 'category', { timeZone: LA })).toEqual({ months: [], series: [], totals: [] });
    const period = removalsPerMonth([], 'site', { timeZone: LA, from: '2026-01', to: '2026-02' });
    expect(period).toEqual({ months: ['2026-01', '2026-02'], series: [], totals: [0, 0] });
  });

  it('refuses a time zone or month it cannot read, rather than counting in the wrong place', () => {
    expect(() => removalsPerMonth([], 'site', { timeZone: 'Mars/Olympus' })).toThrow(/not a time zone/);
    expect(() => removalsPerMonth([], 'site', { timeZone: LA, from: '2026-13' })).toThrow(/YYYY-MM/);
  });
});

describe('months of a period', () => {
  // 9 PM on December 31 in Los Angeles, already January 1 in UTC.
  const newYearsEve = new Date('2027-01-01T05:00:00.000Z');

  it('reads "this month" in the City’s zone', () => {
    expect(periodMonths('thisYear', newYearsEve, LA)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(periodMonths('last12Months', newYearsEve, LA)).toEqual({ from: '2026-01', to: '2026-12' });
    expect(periodMonths('last12Months', new Date('2026-03-15T18:00:00.000Z'), LA)).toEqual({ from: '2025-04', to: '2026-03' });
  });

  it('starts "all time" at the earliest removal', () => {
    expect(periodMonths('allTime', newYearsEve, LA)).toEqual({ to: '2026-12' });
  });

  it('runs across a year end without gaps', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02', '2026-01')).toEqual([]);
  });
});
