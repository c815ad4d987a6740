import Holidays from 'date-holidays';
import { HOLIDAY_CALENDAR_ID, type Holiday, type HolidayCalendar } from './holidays';

/**
 * The holidays a new ledger's calendar starts with. Kept apart from the
 * calendar's rules because the library carries every country's data: the
 * page loads this only when no calendar has been saved yet.
 */

// Built once: loading a country's rules parses its whole rule set. California's
// list leaves out a federal holiday (Columbus Day), so both are read: California's
// first, for its names ("Presidents' Day" rather than "Washington's Birthday").
let rules: Holidays[] | null = null;
function californiaThenFederal(): Holidays[] {
  rules ??= [new Holidays('US', 'CA'), new Holidays('US')];
  return rules;
}

/**
 * The library calls a weekday holiday that stands in for one on a weekend a
 * "substitute day"; Californians say "observed".
 */
function clerkName(libraryName: string): string {
  return libraryName.replace(/\s*\(substitute day\)$/i, ' (observed)');
}

/**
 * Federal and California public holidays from `fromYear` through `toYear`,
 * in date order, one entry per day. Only the 'public' type counts: days the
 * library lists as observances (Valentine's Day, Easter Sunday) or optional
 * (Christmas Eve) are working days.
 */
export function seededHolidays(fromYear: number, toYear: number): Holiday[] {
  const namesByDate = new Map<string, string[]>();
  for (let year = fromYear; year <= toYear; year += 1) {
    // 'en-us' for the American names ("Labor Day", where plain 'en' says "Labour Day").
    for (const [index, calendar] of californiaThenFederal().entries()) {
      for (const holiday of calendar.getHolidays(year, 'en-us')) {
        if (holiday.type !== 'public') continue;
        // The library's date is the wall-clock day ("2026-07-03 00:00:00"), whatever zone this computer is in.
        const date = holiday.date.slice(0, 10);
        // A federal day California already keeps under its own name is not named twice.
        if (index > 0 && namesByDate.has(date)) continue;
        const names = namesByDate.get(date) ?? [];
        const name = clerkName(holiday.name);
        if (!names.includes(name)) names.push(name);
        namesByDate.set(date, names);
      }
    }
  }
  return [...namesByDate.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([date, names]) => ({ date, name: names.join(' / ') }));
}

/** A new calendar covers last year (for requests still open from it) through the next five years. */
export function defaultHolidayCalendar(today: string): HolidayCalendar {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`defaultHolidayCalendar needs today as YYYY-MM-DD, not "${today}".`);
  const year = Number(today.slice(0, 4));
  return { id: HOLIDAY_CALENDAR_ID, days: seededHolidays(year - 1, year + 5) };
}
