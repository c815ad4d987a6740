import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { rememberingZone } from './zone-offsets';

/**
 * A moment is an instant kept as UTC plus the time zone it was read in. The
 * zone is kept because the record must show the time as the clerk (and the
 * platform) saw it, and because "1:30 AM" alone is not an instant on the night
 * the clocks go back.
 */
export const CITY_TIME_ZONE = 'America/Los_Angeles';

// Checking a zone builds an Intl formatter; a record has six moments and a log
// thousands of records, so the zones already found valid are remembered.
const validZones = new Set<string>();
export function isKnownTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

export const timeZoneSchema = z
  .string({ error: 'Choose a time zone, for example America/Los_Angeles.' })
  .refine((zone) => isKnownTimeZone(zone), { error: 'Choose a time zone from the list, for example America/Los_Angeles.' });

/** A moment whose messages name what it is, for example `momentSchemaFor('when it was posted')`. */
export function momentSchemaFor(label: string) {
  return z.object(
    {
      utc: z.iso.datetime({ offset: false, error: `Enter ${label} as a complete date and time.` }),
      zone: z
        .string({ error: `Choose the time zone for ${label}.` })
        .refine((zone) => isKnownTimeZone(zone), { error: `Choose the time zone for ${label} from the list, for example ${CITY_TIME_ZONE}.` }),
    },
    { error: `Enter ${label}.` },
  );
}

export const momentSchema = momentSchemaFor('the date and time');
export type Moment = z.infer<typeof momentSchema>;

/**
 * What a clerk typed for a moment, kept as typed so a draft never loses it,
 * even when it cannot yet become an instant. `choice` answers the fall-back
 * question: which of the two 1:30 AMs.
 */
export const momentChoices = ['earlier', 'later'] as const;
export const momentEntrySchema = z.object({
  local: z.string(),
  zone: z.string(),
  choice: z.enum(momentChoices).optional(),
});
export type MomentEntry = z.infer<typeof momentEntrySchema>;

export type MomentRefusal =
  | 'empty'
  | 'unreadable'
  | 'no_time'
  | 'needs_am_pm'
  | 'has_zone'
  | 'unknown_zone'
  | 'skipped_by_clock_change';

export type MomentReading =
  | { status: 'ok'; moment: Moment }
  /** The fall-back hour: the same wall-clock time happened twice; the clerk must say which. */
  | { status: 'ambiguous'; message: string; earlier: Moment; later: Moment }
  /** `suggestion` is the time an hour on, for a time the clocks skipped. */
  | { status: 'refused'; reason: MomentRefusal; message: string; suggestion?: Moment };

const LOCALE = 'en-US';

const isoDateFormats = ['yyyy-M-d'];
// Dates written the American way come with a 12-hour clock habit, so a bare
// "2:30" after them is a guess between AM and PM that the app will not make.
const usDateFormats = ['M/d/yyyy', 'M/d/yy', 'MMMM d yyyy', 'MMM d yyyy', 'd MMMM yyyy', 'd MMM yyyy'];
const twentyFourHourFormats = ['H:mm', 'H:mm:ss', 'H:mm:ss.S'];
const twelveHourFormats = ['h:mm a', 'h:mma', 'h:mm:ss a', 'h:mm:ssa', 'h a', 'ha'];

const EXAMPLES = 'for example 2026-03-08 14:30 or 3/8/2026 2:30 PM';

function normalizeTyped(typed: string): string {
  return typed
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^(\d{4}-\d{1,2}-\d{1,2})T/i, '$1 ')
    .replace(/,/g, ' ')
    .replace(/ at /i, ' ')
    .replace(/([\d\s])([ap])\.?m\.?$/i, '$1$2m')
    .replace(/\s+/g, ' ')
    .trim();
}

// Luxon builds a parser for a format each time it reads one; the app reads a few formats, thousands of times.
const formatParsers = new Map<string, ReturnType<typeof DateTime.buildFormatParser>>();
function formatParser(format: string): ReturnType<typeof DateTime.buildFormatParser> {
  let parser = formatParsers.get(format);
  if (!parser) {
    parser = DateTime.buildFormatParser(format, { locale: LOCALE });
    formatParsers.set(format, parser);
  }
  return parser;
}

/** Reads the wall-clock fields in UTC, where no hour is skipped or repeated, so the zone's rules can be applied afterwards. */
function readWallClock(text: string): { wall: DateTime; twelveHour: boolean; usDate: boolean } | null {
  // Only the formats that could match are tried: Luxon builds a parser for every attempt, and a
  // spreadsheet of 10,000 times spent most of its import here. An ISO date starts with its year
  // and a dash, which no American form does; only a 12-hour form ends in AM or PM.
  const iso = /^\d{4}-/.test(text);
  const meridiem = /[ap]m$/i.test(text);
  for (const [dates, usDate] of [
    [iso ? isoDateFormats : [], false],
    [iso ? [] : usDateFormats, true],
  ] as const) {
    for (const date of dates) {
      for (const [times, twelveHour] of [
        [meridiem ? [] : twentyFourHourFormats, false],
        [meridiem ? twelveHourFormats : [], true],
      ] as const) {
        for (const time of times) {
          const wall = DateTime.fromFormatParser(text, formatParser(`${date} ${time}`), { zone: 'utc', locale: LOCALE });
          if (wall.isValid) return { wall, twelveHour, usDate };
        }
      }
    }
  }
  return null;
}

function isDateOnly(text: string): boolean {
  return [...isoDateFormats, ...usDateFormats].some((format) => DateTime.fromFormatParser(text, formatParser(format), { zone: 'utc', locale: LOCALE }).isValid);
}

function describeWallClock(wall: DateTime): string {
  return wall.toFormat(wall.second ? "h:mm:ss a 'on' MMMM d, yyyy" : "h:mm a 'on' MMMM d, yyyy", { locale: LOCALE });
}

function toMoment(dateTime: DateTime, zone: string): Moment {
  return { utc: dateTime.toUTC().toISO() ?? '', zone };
}

function offsetLabel(dateTime: DateTime): string {
  return `${dateTime.toFormat('ZZZZ', { locale: LOCALE })}, UTC${dateTime.toFormat('ZZ')}`;
}

/**
 * Turns the date and time a clerk typed, in the zone they chose, into a
 * moment. Refuses a time the clocks skipped (spring forward) rather than
 * silently moving it, and asks which one was meant when the time happened
 * twice (fall back) unless `choice` already says.
 */
export function parseLocalMoment(typed: string, zone: string, choice?: 'earlier' | 'later'): MomentReading {
  return readLocalMoment(typed, zone, choice, true);
}

/**
 * parseLocalMoment without its quick reading, every time through Luxon.
 * @internal For the tests that hold the quick reading to it; the app calls parseLocalMoment.
 */
export function parseLocalMomentThroughLuxon(typed: string, zone: string, choice?: 'earlier' | 'later'): MomentReading {
  return readLocalMoment(typed, zone, choice, false);
}

function readLocalMoment(typed: string, zone: string, choice: 'earlier' | 'later' | undefined, quickly: boolean): MomentReading {
  if (!isKnownTimeZone(zone)) {
    return { status: 'refused', reason: 'unknown_zone', message: `"${zone}" is not a time zone this app knows. Choose one from the list, for example ${CITY_TIME_ZONE}.` };
  }
  const text = normalizeTyped(typed);
  if (text === '') return { status: 'refused', reason: 'empty', message: `Enter the date and time (${EXAMPLES}).` };
  if (text.includes(':') && /\d(?:\s*[ap]m)?\s*(?:z|utc|gmt|[a-z]{1,3}[sd]t|[+-]\d{2}(?::?\d{2})?)$/i.test(text)) {
    return {
      status: 'refused',
      reason: 'has_zone',
      message: 'Type the time without a time zone or offset, and choose the zone in the time zone box instead.',
    };
  }
  return (quickly ? quickReading(text, zone) : null) ?? readWallClockInZone(typed, text, zone, choice);
}

const QUICK_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const QUICK_US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2})(?::(\d{2})(?::(\d{2}))?)? ?([ap])m$/i;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The two forms spreadsheets nearly always hold (2026-04-10 14:30, 4/10/2026
 * 2:30 PM), on a day when the zone's clocks do not change, read without
 * Luxon: an import of 10,000 rows reads 50,000 times, and Luxon's reading was
 * a third of checking them. Anything else, and any time within a day of a
 * clock change, is null and goes to the full reading, which the tests hold
 * this to on every form and on the days around each change.
 */
function quickReading(text: string, zone: string): MomentReading | null {
  const iso = QUICK_ISO.exec(text);
  const us = iso ? null : QUICK_US.exec(text);
  if (!iso && !us) return null;
  let year: number, month: number, day: number, hour: number;
  if (iso) {
    [year, month, day, hour] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4])];
  } else {
    [month, day, year, hour] = [Number(us![1]), Number(us![2]), Number(us![3]), Number(us![4])];
    // Hours past 12 with AM or PM are left to the full reading, whatever it makes of them.
    if (hour < 1 || hour > 12) return null;
    const pm = us![7]!.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const fields = iso ?? us!;
  const minute = Number(fields[5] ?? 0);
  const second = Number(fields[6] ?? 0);
  if (year < 1000 || hour > 23 || minute > 59 || second > 59) return null;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  const wall = new Date(wallMs);
  // Date.UTC rolls February 30 over into March; the full reading refuses it by name.
  if (wall.getUTCFullYear() !== year || wall.getUTCMonth() !== month - 1 || wall.getUTCDate() !== day) return null;
  const inZone = rememberingZone(zone);
  const offset = inZone.offset(wallMs - DAY_MS);
  // Before standard time, zones kept local mean time, whose offsets are not whole minutes (Los Angeles: -7:52:58).
  if (!Number.isInteger(offset)) return null;
  if (inZone.offset(wallMs) !== offset || inZone.offset(wallMs + DAY_MS) !== offset) return null;
  const utcMs = wallMs - offset * MINUTE_MS;
  if (inZone.offset(utcMs) !== offset) return null;
  return { status: 'ok', moment: { utc: new Date(utcMs).toISOString(), zone } };
}

/** Every form, on every night of the year, through Luxon. */
function readWallClockInZone(typed: string, text: string, zone: string, choice?: 'earlier' | 'later'): MomentReading {
  const read = readWallClock(text);
  if (!read) {
    if (isDateOnly(text)) {
      return { status: 'refused', reason: 'no_time', message: `Add the time of day as well as the date (${EXAMPLES}).` };
    }
    return { status: 'refused', reason: 'unreadable', message: `"${typed.trim()}" is not a date and time this app can read. Type it ${EXAMPLES}.` };
  }
  const { wall } = read;
  if (read.usDate && !read.twelveHour && wall.hour >= 1 && wall.hour <= 12) {
    return {
      status: 'refused',
      reason: 'needs_am_pm',
      message: `Add AM or PM to the time (for example ${wall.toFormat('h:mm', { locale: LOCALE })} PM), or type it as a 24-hour time.`,
    };
  }

  const fields = { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second, millisecond: wall.millisecond };
  const inZone = DateTime.fromObject(fields, { zone: rememberingZone(zone) });
  // Luxon moves a skipped time forward by the size of the gap; if the clock
  // reading changed, the typed time never happened in this zone.
  const sameReading = (['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'] as const).every((unit) => inZone[unit] === wall[unit]);
  if (!sameReading) {
    return {
      status: 'refused',
      reason: 'skipped_by_clock_change',
      message: `${describeWallClock(wall)} did not happen in ${zone}: the clocks went forward that night and skipped it. Check the time on the site; it may have been ${inZone.toFormat('h:mm a', { locale: LOCALE })}.`,
      suggestion: toMoment(inZone, zone),
    };
  }
  const possible = inZone.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  const [first, second] = possible;
  if (first && second) {
    if (choice === 'earlier') return { status: 'ok', moment: toMoment(first, zone) };
    if (choice === 'later') return { status: 'ok', moment: toMoment(second, zone) };
    return {
      status: 'ambiguous',
      message: `${describeWallClock(wall)} happened twice in ${zone}, because the clocks went back an hour that night. Choose which one: the first (${offsetLabel(first)}) or the second (${offsetLabel(second)}).`,
      earlier: toMoment(first, zone),
      later: toMoment(second, zone),
    };
  }
  return { status: 'ok', moment: toMoment(inZone, zone) };
}

/** The same as parseLocalMoment, for an entry kept in a draft. */
export function readMomentEntry(entry: MomentEntry): MomentReading {
  return parseLocalMoment(entry.local, entry.zone, entry.choice);
}

function inItsZone(moment: Moment): DateTime {
  return DateTime.fromISO(moment.utc, { zone: 'utc' }).setZone(isKnownTimeZone(moment.zone) ? rememberingZone(moment.zone) : moment.zone);
}

/**
 * The moment as people read it, in its own zone: "Mar 8, 2026, 1:30 AM PST".
 * Zones other than the City's are named too, because abbreviations such as
 * "GMT+1" do not say which place's rules applied.
 */
export function formatMoment(moment: Moment): string {
  const local = inItsZone(moment);
  const shown = local.toFormat(local.second ? 'MMM d, yyyy, h:mm:ss a ZZZZ' : 'MMM d, yyyy, h:mm a ZZZZ', { locale: LOCALE });
  return moment.zone === CITY_TIME_ZONE ? shown : `${shown} (${moment.zone})`;
}

/** Back to what a clerk edits: the wall-clock time in its zone, and which one it was on a fall-back night. */
export function momentToEntry(moment: Moment): MomentEntry {
  const local = inItsZone(moment);
  const format = local.millisecond ? "yyyy-MM-dd'T'HH:mm:ss.SSS" : local.second ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm";
  const entry: MomentEntry = { local: local.toFormat(format), zone: moment.zone };
  const possible = local.getPossibleOffsets().sort((a, b) => a.toMillis() - b.toMillis());
  if (possible.length === 2) entry.choice = possible[0]?.toMillis() === local.toMillis() ? 'earlier' : 'later';
  return entry;
}

// A moment's own form, which the engine's Date.parse reads exactly as Luxon does (and a hundred times faster).
const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?Z$/;

export function momentMillis(moment: Moment): number {
  const millis = PLAIN_UTC.test(moment.utc) ? Date.parse(moment.utc) : Number.NaN;
  // Date.parse rolls February 30 over into March where Luxon refuses it; such a string goes to Luxon.
  if (!Number.isNaN(millis) && new Date(millis).getUTCDate() === Number(moment.utc.slice(8, 10))) return millis;
  return DateTime.fromISO(moment.utc, { zone: 'utc' }).toMillis();
}

/** Negative when `a` came first, zero when they are the same instant (whatever their zones). */
export function compareMoments(a: Moment, b: Moment): number {
  return momentMillis(a) - momentMillis(b);
}
