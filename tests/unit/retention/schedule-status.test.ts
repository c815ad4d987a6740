import { describe, expect, it } from 'vitest';
import { holdSchema } from '../../../shared/holds/hold';
import { assessRetention, nextBatchNumber, scheduleSeries, seriesCounts, seriesOf } from '../../../shared/retention/schedule-status';
import { DEFAULT_SERIES_ID, defaultRemovalSeries, recordSeriesSchema } from '../../../shared/retention/series';
import { aListing } from '../removals/fixtures';

const LA = 'America/Los_Angeles';
const tenYears = recordSeriesSchema.parse({ ...defaultRemovalSeries, id: 'series-ten', code: 'SM-10', period: { kind: 'for', years: 10, months: 0, days: 0 } });
const series = scheduleSeries([tenYears]);

const removed = (id: string, utc: string, seriesId = DEFAULT_SERIES_ID) => aListing({ id, removedAt: utc, seenAt: utc, seriesId });

describe('the schedule applied to every record', () => {
  it('keeps the built-in series until records staff save their own, and files an unknown series under the default', () => {
    expect(series.map((s) => s.code)).toEqual(['SM-REM', 'SM-10']);
    expect(seriesOf('no-such-series', series).code).toBe('SM-REM');
  });

  it('counts each record under its own series, so a record moved to a ten-year series is not eligible at two years', () => {
    const listings = [removed('a', '2024-03-05T20:00:00Z'), removed('b', '2024-03-05T20:00:00Z', 'series-ten'), removed('c', '2026-01-10T20:00:00Z')];
    const assessed = assessRetention(listings, series, { today: '2026-03-10', timeZone: LA, holds: [] });
    expect(assessed.map((a) => [a.listing.id, a.eligibility.status])).toEqual([
      ['a', 'eligible'],
      ['b', 'retained'],
      ['c', 'retained'],
    ]);
  });

  it('holds a record that a legal hold or an open request covers, and names them', () => {
    const hold = holdSchema.parse({
      id: 'h1',
      matter: { name: 'Doe v. City of Norwalk', number: '24-CV-1' },
      placedBy: { name: 'Carl Counsel', title: 'Deputy City Attorney' },
      placedAt: '2026-01-01T00:00:00Z',
      reason: 'Litigation is reasonably anticipated.',
      scope: { kind: 'search', query: 'watches', recordIds: ['a'] },
      released: null,
    });
    const assessed = assessRetention([removed('a', '2024-03-05T20:00:00Z'), removed('b', '2024-03-05T20:00:00Z')], series, {
      today: '2026-03-10',
      timeZone: LA,
      holds: [hold],
      openRequestsFor: (id) => (id === 'b' ? ['PRA-2026-4'] : []),
    });
    expect(assessed[0]!.heldBy).toEqual(['Doe v. City of Norwalk (24-CV-1)']);
    expect(assessed[1]!.heldBy).toEqual(['the open public records request PRA-2026-4']);
    expect(assessed.every((a) => a.eligibility.status === 'held')).toBe(true);
  });

  it('counts per series what the council’s retention report shows', () => {
    const listings = [removed('a', '2024-03-05T20:00:00Z'), removed('b', '2024-05-01T20:00:00Z'), removed('c', '2025-06-01T20:00:00Z', 'series-ten')];
    const assessed = assessRetention(listings, series, { today: '2026-03-10', timeZone: LA, holds: [] });
    expect(seriesCounts(assessed, [DEFAULT_SERIES_ID, DEFAULT_SERIES_ID, 'series-ten'], series, '2026-03-10')).toEqual([
      { seriesId: DEFAULT_SERIES_ID, records: 2, eligibleNow: 1, eligibleIn90Days: 1, onHold: 0, disposedToDate: 2 },
      { seriesId: 'series-ten', records: 1, eligibleNow: 0, eligibleIn90Days: 0, onHold: 0, disposedToDate: 1 },
    ]);
  });
});

describe('batch numbers', () => {
  it('number each year’s batches from 001, after the highest used', () => {
    expect(nextBatchNumber([], '2026-04-01')).toBe('DB-2026-001');
    expect(nextBatchNumber(['DB-2026-001', 'DB-2026-007', 'DB-2025-012'], '2026-04-01')).toBe('DB-2026-008');
    expect(nextBatchNumber(['DB-2026-001'], '2027-01-02')).toBe('DB-2027-001');
  });
});
