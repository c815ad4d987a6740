import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { rememberingZone } from '../../../shared/removals/zone-offsets';

/** Every quarter hour of the days around each clock change of a year, and a few hours of every other day. */
function instantsOf(zone: string, year: number): number[] {
  const start = DateTime.fromObject({ year }, { zone: 'utc' }).toMillis();
  const instants: number[] = [];
  for (let ts = start; ts < start + 366 * 86_400_000; ts += 5 * 3_600_000 + 7 * 60_000) instants.push(ts);
  const plain = IANAZone.create(zone);
  for (let ts = start; ts < start + 366 * 86_400_000; ts += 3_600_000) {
    if (plain.offset(ts) !== plain.offset(ts + 3_600_000)) for (let near = ts - 86_400_000; near < ts + 86_400_000; near += 15 * 60_000) instants.push(near, near + 1, near - 1);
  }
  return instants;
}

describe('a zone that remembers its offsets a day at a time', () => {
  it.each([
    ['America/Los_Angeles', 2026],
    ['Europe/London', 2026],
    // A half-hour clock change.
    ['Australia/Lord_Howe', 2026],
    // Clocks that changed at unusual times and by unusual amounts.
    ['America/Los_Angeles', 1883],
    ['Asia/Kolkata', 1942],
    ['Pacific/Apia', 2011],
  ])('gives exactly the offsets, and their names, Luxon gives in %s in %i, clock changes included', (zone, year) => {
    const plain = IANAZone.create(zone);
    const remembering = rememberingZone(zone);
    const instants = instantsOf(zone, year);
    expect(instants.length).toBeGreaterThan(1_500);
    // Twice: once as it learns each day, once from what it remembered.
    for (let pass = 0; pass < 2; pass++) {
      expect(instants.filter((ts) => remembering.offset(ts) !== plain.offset(ts))).toEqual([]);
      for (const format of ['short', 'long'] as const) {
        expect(instants.filter((ts) => remembering.offsetName(ts, { format, locale: 'en-US' }) !== plain.offsetName(ts, { format, locale: 'en-US' }))).toEqual([]);
      }
    }
  });

  it('turns typed times into the same instants as a plain zone, on the nights the clocks change', () => {
    for (const local of ['2026-03-08T01:59:59.999', '2026-03-08T03:00:00', '2026-11-01T00:59:00', '2026-11-01T01:30:00', '2026-11-01T02:00:00']) {
      const plain = DateTime.fromISO(local, { zone: 'America/Los_Angeles' });
      const remembering = DateTime.fromISO(local, { zone: rememberingZone('America/Los_Angeles') });
      expect(remembering.toUTC().toISO()).toBe(plain.toUTC().toISO());
      expect(remembering.offsetNameShort).toBe(plain.offsetNameShort);
    }
  });

  it('is the same zone to Luxon as the plain one, by name', () => {
    expect(rememberingZone('America/Los_Angeles').equals(IANAZone.create('America/Los_Angeles'))).toBe(true);
    expect(rememberingZone('America/Los_Angeles')).toBe(rememberingZone('America/Los_Angeles'));
  });
});
