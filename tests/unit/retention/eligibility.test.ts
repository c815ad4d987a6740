import { describe, expect, it } from 'vitest';
import { retentionEligibility, type RetentionFacts } from '../../../shared/retention/eligibility';
import { defaultRemovalSeries, recordSeriesSchema, type RecordSeries } from '../../../shared/retention/series';

const LA = 'America/Los_Angeles';
const context = (today: string, holds: string[] = [], openRequests: string[] = []) => ({ today, timeZone: LA, holds, openRequests });
const removedAt = (utc: string): RetentionFacts => ({ removedAt: utc, seenAt: utc });

function series(changes: Partial<RecordSeries>): RecordSeries {
  return recordSeriesSchema.parse({ ...defaultRemovalSeries, ...changes });
}

describe('when a removal becomes eligible for disposition', () => {
  it('is two years after the removal day in the City’s calendar, not in UTC', () => {
    // 5:30 PM on March 3 in Los Angeles is already March 4 in UTC.
    const facts = removedAt('2024-03-04T01:30:00.000Z');
    expect(retentionEligibility(facts, defaultRemovalSeries, context('2026-03-02'))).toMatchObject({ status: 'retained', eligibleOn: '2026-03-03' });
    expect(retentionEligibility(facts, defaultRemovalSeries, context('2026-03-03'))).toMatchObject({ status: 'eligible', eligibleOn: '2026-03-03' });
  });

  it('takes February 28 for a removal on February 29 when the year has none', () => {
    expect(retentionEligibility(removedAt('2024-02-29T20:00:00.000Z'), defaultRemovalSeries, context('2026-02-27'))).toMatchObject({ eligibleOn: '2026-02-28', status: 'retained' });
  });

  it('takes the last day of a shorter month at the end of a month', () => {
    const monthly = series({ period: { kind: 'for', years: 2, months: 1, days: 0 } });
    expect(retentionEligibility(removedAt('2024-01-31T20:00:00.000Z'), monthly, context('2026-01-01'))).toMatchObject({ eligibleOn: '2026-02-28' });
  });

  it('is not moved by a clock change: a removal at 1:30 AM on the night the clocks went back counts from that day', () => {
    // 1:30 AM PDT on November 1, 2026 (the first of the two 1:30s).
    expect(retentionEligibility(removedAt('2026-11-01T08:30:00.000Z'), defaultRemovalSeries, context('2026-11-24'))).toMatchObject({ eligibleOn: '2028-11-01' });
    // The day the clocks went forward.
    expect(retentionEligibility(removedAt('2026-03-08T10:30:00.000Z'), defaultRemovalSeries, context('2026-11-24'))).toMatchObject({ eligibleOn: '2028-03-08' });
  });

  it('counts from the first of January after the removal year for an end-of-year series', () => {
    const yearly = series({ trigger: 'end_of_calendar_year' });
    expect(retentionEligibility(removedAt('2024-03-04T20:00:00.000Z'), yearly, context('2026-12-31'))).toMatchObject({ status: 'retained', eligibleOn: '2027-01-01' });
  });

  it('waits for an event that has not happened, and counts from it once it has', () => {
    const afterBlock = series({ trigger: 'block_lifted' });
    const facts = removedAt('2024-03-04T20:00:00.000Z');
    expect(retentionEligibility(facts, afterBlock, context('2030-01-01'))).toMatchObject({ status: 'waiting_for_event', event: 'block_lifted' });
    expect(retentionEligibility({ ...facts, blockLiftedAt: '2025-06-01T18:00:00.000Z' }, afterBlock, context('2030-01-01'))).toMatchObject({ status: 'eligible', eligibleOn: '2027-06-01' });
  });

  it('never makes a permanent series eligible', () => {
    const permanent = series({ period: { kind: 'permanent' }, disposition: 'transfer' });
    expect(retentionEligibility(removedAt('1990-01-01T20:00:00.000Z'), permanent, context('2099-01-01'))).toMatchObject({ status: 'permanent' });
  });

  it('holds a record past its date for a legal hold or an open request, naming each', () => {
    const facts = removedAt('2020-01-01T20:00:00.000Z');
    const held = retentionEligibility(facts, defaultRemovalSeries, context('2026-11-24', ['Doe v. City (BC123)'], ['R-2026-014']));
    expect(held).toMatchObject({ status: 'held', eligibleOn: '2022-01-01' });
    expect(held.message).toContain('Doe v. City (BC123)');
    expect(held.message).toContain('R-2026-014');
  });
});

describe('the record series', () => {
  it('refuses a destroy period of 1 year 364 days, naming the statute', () => {
    const result = recordSeriesSchema.safeParse({ ...defaultRemovalSeries, period: { kind: 'for', years: 1, months: 0, days: 364 } });
    expect(result.success).toBe(false);
    expect(result.success ? '' : result.error.issues[0]?.message).toContain('Gov. Code 34090');
  });

  it('accepts exactly two years, and any period for a transfer to the archives', () => {
    expect(recordSeriesSchema.safeParse({ ...defaultRemovalSeries, period: { kind: 'for', years: 0, months: 24, days: 0 } }).success).toBe(true);
    expect(recordSeriesSchema.safeParse({ ...defaultRemovalSeries, period: { kind: 'for', years: 0, months: 6, days: 0 }, disposition: 'transfer' }).success).toBe(true);
  });

  it('refuses 730 days, which is less than two years across a leap day', () => {
    expect(recordSeriesSchema.safeParse({ ...defaultRemovalSeries, period: { kind: 'for', years: 0, months: 0, days: 730 } }).success).toBe(false);
  });
});
