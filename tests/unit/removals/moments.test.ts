import { describe, expect, it } from 'vitest';
import {
  CITY_TIME_ZONE,
  compareMoments,
  formatMoment,
  momentEntrySchema,
  momentMillis,
  momentSchema,
  momentSchemaFor,
  momentToEntry,
  parseLocalMoment,
  parseLocalMomentThroughLuxon,
  readMomentEntry,
  type MomentReading,
} from '../../../shared/removals/moments';

const LA = 'America/Los_Angeles';

function utcOf(reading: MomentReading): string {
  if (reading.status !== 'ok') throw new Error(`expected a moment, got ${reading.status}: ${'message' in reading ? reading.message : ''}`);
  return reading.moment.utc;
}

describe('the City time zone', () => {
  it('is Pacific time', () => {
    expect(CITY_TIME_ZONE).toBe('America/Los_Angeles');
  });
});

describe('reading a date and time a clerk typed', () => {
  it.each([
    ['2026-04-10T08:00', '2026-04-10T15:00:00.000Z'],
    ['2026-04-10 08:00', '2026-04-10T15:00:00.000Z'],
    ['2026-04-10T08:00:30', '2026-04-10T15:00:30.000Z'],
    ['2026-04-10T08:00:30.250', '2026-04-10T15:00:30.250Z'],
    ['2026-04-10 14:30', '2026-04-10T21:30:00.000Z'],
    ['4/10/2026 2:30 PM', '2026-04-10T21:30:00.000Z'],
    ['4/10/2026 2:30pm', '2026-04-10T21:30:00.000Z'],
    ['4/10/2026, 2:30 p.m.', '2026-04-10T21:30:00.000Z'],
    ['04/10/2026 14:30', '2026-04-10T21:30:00.000Z'],
    ['4/10/26 2:30 PM', '2026-04-10T21:30:00.000Z'],
    ['April 10, 2026 at 2:30 PM', '2026-04-10T21:30:00.000Z'],
    ['Apr 10 2026 2:30 PM', '2026-04-10T21:30:00.000Z'],
    ['10 April 2026 14:30', '2026-04-10T21:30:00.000Z'],
    ['  2026-04-10   08:00  ', '2026-04-10T15:00:00.000Z'],
    ['4/10/2026 12:00 AM', '2026-04-10T07:00:00.000Z'],
    ['4/10/2026 2 PM', '2026-04-10T21:00:00.000Z'],
    ['4/10/2026 2:30:15 PM', '2026-04-10T21:30:15.000Z'],
  ])('reads %j in Pacific time as %s', (typed, utc) => {
    expect(utcOf(parseLocalMoment(typed, LA))).toBe(utc);
  });

  it('keeps the zone it was read in', () => {
    const reading = parseLocalMoment('2026-01-15T09:00', 'Europe/Paris');
    expect(reading).toEqual({ status: 'ok', moment: { utc: '2026-01-15T08:00:00.000Z', zone: 'Europe/Paris' } });
  });

  it('gives moments that pass the moment schema', () => {
    const reading = parseLocalMoment('2026-04-10T08:00', LA);
    expect(reading.status === 'ok' && momentSchema.safeParse(reading.moment).success).toBe(true);
  });

  it('reads an entry kept in a draft the same way', () => {
    expect(readMomentEntry({ local: '2026-04-10T08:00', zone: LA })).toEqual(parseLocalMoment('2026-04-10T08:00', LA));
  });
});

describe('reading a spreadsheet of times quickly', () => {
  // Zones that change by an hour at night, by half an hour, by an hour at midnight, never, and far from UTC.
  const zones = [LA, 'Europe/Paris', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Chatham', 'UTC'];
  const pad = (n: number) => String(n).padStart(2, '0');
  const days = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)));

  it.each(zones)('reads every day of a year in %s exactly as the full reading does, clock changes included', (zone) => {
    for (const day of days) {
      const [y, m, d] = [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
      for (const typed of [
        `${y}-${pad(m)}-${pad(d)} 00:00`,
        `${y}-${m}-${d} 1:30`,
        `${y}-${pad(m)}-${pad(d)}T02:30:15`,
        `${y}-${pad(m)}-${pad(d)} 23:59:59`,
        `${m}/${d}/${y} 12:00 AM`,
        `${m}/${d}/${y} 1:30am`,
        `${pad(m)}/${pad(d)}/${y} 2:30:45 p.m.`,
        `${m}/${d}/${y} 12 PM`,
      ]) {
        expect(parseLocalMoment(typed, zone), `${typed} in ${zone}`).toEqual(parseLocalMomentThroughLuxon(typed, zone));
        for (const choice of ['earlier', 'later'] as const) {
          expect(parseLocalMoment(typed, zone, choice), `${typed} in ${zone}, the ${choice} one`).toEqual(parseLocalMomentThroughLuxon(typed, zone, choice));
        }
      }
    }
  });

  it.each([
    '2026-02-30 10:00', '2026-13-01 10:00', '2026-04-10 24:00', '2026-04-10 10:60', '2026-04-10 10:00:60', '0999-04-10 10:00',
    '2/30/2026 10:00 AM', '4/10/2026 13:00 PM', '4/10/2026 0:30 AM', '4/10/2026 00:30 am', '4/10/2026 14:30', '4/10/2026 2:30',
    '2026-4-10 8:05', '2026-04-10T08:00:30.250', '4/10/26 2:30 PM', '2026-04-10 8:5',
    // Local mean time, before the zone kept standard time: an offset of minutes and seconds.
    '1850-06-01 12:00', '6/1/1850 12:00 PM', '1883-11-18 11:59',
  ])('reads %j, an edge of its forms, as the full reading does', (typed) => {
    expect(parseLocalMoment(typed, LA)).toEqual(parseLocalMomentThroughLuxon(typed, LA));
  });
});

describe('a time the clocks skipped (spring forward)', () => {
  it('refuses 2:30 AM on 2026-03-08 in Los Angeles, saying why and what it may have been', () => {
    const reading = parseLocalMoment('2026-03-08 02:30', LA);
    expect(reading.status).toBe('refused');
    if (reading.status !== 'refused') return;
    expect(reading.reason).toBe('skipped_by_clock_change');
    expect(reading.message).toContain('2:30 AM on March 8, 2026 did not happen in America/Los_Angeles');
    expect(reading.message).toContain('clocks went forward');
    expect(reading.message).toContain('3:30 AM');
    expect(reading.suggestion).toEqual({ utc: '2026-03-08T10:30:00.000Z', zone: LA });
  });

  it.each(['3/8/2026 2:00 AM', '3/8/2026 2:59 AM', '2026-03-08T02:15:45'])('refuses %j too', (typed) => {
    const reading = parseLocalMoment(typed, LA);
    expect(reading.status === 'refused' && reading.reason).toBe('skipped_by_clock_change');
  });

  it('accepts the minutes either side of the gap', () => {
    expect(utcOf(parseLocalMoment('2026-03-08 01:59', LA))).toBe('2026-03-08T09:59:00.000Z');
    expect(utcOf(parseLocalMoment('2026-03-08 03:00', LA))).toBe('2026-03-08T10:00:00.000Z');
  });

  it('applies the rules of the zone chosen, not of Los Angeles', () => {
    expect(utcOf(parseLocalMoment('2026-03-08 02:30', 'America/Phoenix'))).toBe('2026-03-08T09:30:00.000Z');
    const paris = parseLocalMoment('2026-03-29 02:30', 'Europe/Paris');
    expect(paris.status === 'refused' && paris.reason).toBe('skipped_by_clock_change');
  });
});

describe('a time that happened twice (fall back)', () => {
  it('asks which 1:30 AM on 2026-11-01 in Los Angeles was meant, offering both', () => {
    const reading = parseLocalMoment('2026-11-01 01:30', LA);
    expect(reading.status).toBe('ambiguous');
    if (reading.status !== 'ambiguous') return;
    expect(reading.message).toContain('1:30 AM on November 1, 2026 happened twice in America/Los_Angeles');
    expect(reading.message).toContain('Choose which one');
    expect(reading.message).toContain('PDT');
    expect(reading.message).toContain('PST');
    expect(reading.earlier).toEqual({ utc: '2026-11-01T08:30:00.000Z', zone: LA });
    expect(reading.later).toEqual({ utc: '2026-11-01T09:30:00.000Z', zone: LA });
  });

  it('takes the first or the second when the clerk has said which', () => {
    expect(utcOf(parseLocalMoment('2026-11-01 01:30', LA, 'earlier'))).toBe('2026-11-01T08:30:00.000Z');
    expect(utcOf(parseLocalMoment('2026-11-01 01:30', LA, 'later'))).toBe('2026-11-01T09:30:00.000Z');
  });

  it('does not ask about ordinary times, even when a choice was left over', () => {
    expect(utcOf(parseLocalMoment('2026-11-01 02:30', LA))).toBe('2026-11-01T10:30:00.000Z');
    expect(utcOf(parseLocalMoment('2026-11-01 00:30', LA, 'later'))).toBe('2026-11-01T07:30:00.000Z');
  });
});

describe('what it refuses to read', () => {
  it.each<[string, string, string]>([
    ['', 'empty', 'Enter the date and time'],
    ['   ', 'empty', 'Enter the date and time'],
    ['yesterday', 'unreadable', 'is not a date and time this app can read'],
    ['2026-02-30 10:00', 'unreadable', 'is not a date and time this app can read'],
    ['2026-04-10 25:00', 'unreadable', 'is not a date and time this app can read'],
    ['2026-04-10', 'no_time', 'Add the time of day'],
    ['4/10/2026', 'no_time', 'Add the time of day'],
    ['4/10/2026 2:30', 'needs_am_pm', 'Add AM or PM'],
    ['April 10, 2026 12:30', 'needs_am_pm', 'Add AM or PM'],
    ['2026-04-10T08:00Z', 'has_zone', 'without a time zone'],
    ['2026-04-10T08:00-07:00', 'has_zone', 'without a time zone'],
    ['4/10/2026 2:30 PM PST', 'has_zone', 'without a time zone'],
  ])('refuses %j (%s) with a message saying what to do', (typed, reason, message) => {
    const reading = parseLocalMoment(typed, LA);
    expect(reading.status).toBe('refused');
    if (reading.status !== 'refused') return;
    expect(reading.reason).toBe(reason);
    expect(reading.message).toContain(message);
  });

  it('reads a bare hour after an American date as 24-hour time when it cannot be AM or PM', () => {
    expect(utcOf(parseLocalMoment('4/10/2026 14:30', LA))).toBe('2026-04-10T21:30:00.000Z');
    expect(utcOf(parseLocalMoment('4/10/2026 0:15', LA))).toBe('2026-04-10T07:15:00.000Z');
  });

  it('refuses a time zone it does not know, naming it', () => {
    const reading = parseLocalMoment('2026-04-10T08:00', 'Pacific');
    expect(reading.status === 'refused' && reading.reason).toBe('unknown_zone');
    expect(reading.status === 'refused' && reading.message).toContain('"Pacific" is not a time zone');
  });
});

describe('showing a moment', () => {
  it('shows it in its own zone with the abbreviation', () => {
    expect(formatMoment({ utc: '2026-04-10T15:00:00.000Z', zone: LA })).toBe('Apr 10, 2026, 8:00 AM PDT');
    expect(formatMoment({ utc: '2026-01-10T16:00:00.000Z', zone: LA })).toBe('Jan 10, 2026, 8:00 AM PST');
  });

  it('tells the two 1:30 AMs of a fall-back night apart', () => {
    expect(formatMoment({ utc: '2026-11-01T08:30:00.000Z', zone: LA })).toBe('Nov 1, 2026, 1:30 AM PDT');
    expect(formatMoment({ utc: '2026-11-01T09:30:00.000Z', zone: LA })).toBe('Nov 1, 2026, 1:30 AM PST');
  });

  it('names any other zone, since its abbreviation may not', () => {
    expect(formatMoment({ utc: '2026-01-15T08:00:00.000Z', zone: 'Europe/Paris' })).toBe('Jan 15, 2026, 9:00 AM GMT+1 (Europe/Paris)');
  });

  it('shows seconds only when there are some', () => {
    expect(formatMoment({ utc: '2026-04-10T15:00:30.000Z', zone: LA })).toBe('Apr 10, 2026, 8:00:30 AM PDT');
  });
});

describe('back to the form for editing', () => {
  it('gives the wall-clock time in its zone', () => {
    expect(momentToEntry({ utc: '2026-04-10T15:00:00.000Z', zone: LA })).toEqual({ local: '2026-04-10T08:00', zone: LA });
    expect(momentToEntry({ utc: '2026-04-10T15:00:30.000Z', zone: LA })).toEqual({ local: '2026-04-10T08:00:30', zone: LA });
  });

  it('remembers which 1:30 AM it was', () => {
    expect(momentToEntry({ utc: '2026-11-01T08:30:00.000Z', zone: LA })).toEqual({ local: '2026-11-01T01:30', zone: LA, choice: 'earlier' });
    expect(momentToEntry({ utc: '2026-11-01T09:30:00.000Z', zone: LA })).toEqual({ local: '2026-11-01T01:30', zone: LA, choice: 'later' });
  });

  it.each([
    '2026-04-10T15:00:00.000Z',
    '2026-11-01T08:30:00.000Z',
    '2026-11-01T09:30:00.000Z',
    '2026-03-08T09:59:00.000Z',
    '2026-03-08T10:00:00.000Z',
    '2026-04-10T15:00:30.250Z',
  ])('round-trips %s through the form unchanged', (utc) => {
    const entry = momentToEntry({ utc, zone: LA });
    expect(momentEntrySchema.parse(entry)).toEqual(entry);
    expect(readMomentEntry(entry)).toEqual({ status: 'ok', moment: { utc, zone: LA } });
  });
});

describe('comparing moments', () => {
  it('compares instants, whatever zone each was typed in', () => {
    const paris = { utc: '2026-01-15T08:00:00.000Z', zone: 'Europe/Paris' };
    const la = { utc: '2026-01-15T08:00:00.000Z', zone: LA };
    expect(compareMoments(paris, la)).toBe(0);
    expect(compareMoments({ utc: '2026-01-15T07:59:00.000Z', zone: LA }, paris)).toBeLessThan(0);
  });

  it('reads every form of instant to the millisecond, and a day that does not exist as no instant at all', () => {
    expect(momentMillis({ utc: '2026-03-08T14:30Z', zone: LA })).toBe(Date.UTC(2026, 2, 8, 14, 30));
    expect(momentMillis({ utc: '2026-03-08T14:30:05.25Z', zone: LA })).toBe(Date.UTC(2026, 2, 8, 14, 30, 5, 250));
    expect(momentMillis({ utc: '2026-03-08T14:30:05.1239Z', zone: LA })).toBe(Date.UTC(2026, 2, 8, 14, 30, 5, 123));
    // The engine's own reader would roll these over into March; a record must never move a day.
    expect(momentMillis({ utc: '2026-02-30T10:00:00.000Z', zone: LA })).toBeNaN();
    expect(momentMillis({ utc: '2026-02-29T10:00:00.000Z', zone: LA })).toBeNaN();
    expect(momentMillis({ utc: '2028-02-29T10:00:00.000Z', zone: LA })).toBe(Date.UTC(2028, 1, 29, 10));
  });
});

describe('the moment schema', () => {
  it('accepts a UTC instant and a known zone', () => {
    expect(momentSchema.safeParse({ utc: '2026-04-10T15:00:00Z', zone: LA }).success).toBe(true);
  });

  it('refuses a local time with an offset, a made-up zone, or nothing, naming the field', () => {
    const posted = momentSchemaFor('when it was posted');
    expect(posted.safeParse({ utc: '2026-04-10T08:00:00-07:00', zone: LA }).error?.issues[0]?.message).toBe(
      'Enter when it was posted as a complete date and time.',
    );
    expect(posted.safeParse({ utc: '2026-04-10T15:00:00Z', zone: 'Mars/Olympus' }).error?.issues[0]?.message).toContain(
      'Choose the time zone for when it was posted',
    );
    expect(posted.safeParse(undefined).error?.issues[0]?.message).toBe('Enter when it was posted.');
  });
});
