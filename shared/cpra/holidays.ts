import { z } from 'zod';

/**
 * The days the City is closed, which the Public Records Act clock skips when
 * a deadline lands on one (Code Civ. Proc. 12a). The calendar is seeded from
 * the federal and California public holidays and then kept by an
 * administrator, who adds the City's own closures and removes days the City
 * works. It is one journaled record, so every change to it has a history.
 */
export const HOLIDAY_CALENDAR_TABLE = 'cpra_holidays';
export const HOLIDAY_CALENDAR_ID = 'city';

export const holidaySchema = z.object({
  date: z.iso.date('Enter the holiday’s date as year-month-day, for example 2026-12-25.'),
  name: z.string().trim().min(1, 'Enter the holiday’s name.').max(200, 'Keep the holiday’s name under 200 characters.'),
});
export type Holiday = z.infer<typeof holidaySchema>;

export const holidayCalendarSchema = z
  .object({
    id: z.literal(HOLIDAY_CALENDAR_ID),
    days: z.array(holidaySchema),
  })
  .superRefine((calendar, context) => {
    const seen = new Set<string>();
    calendar.days.forEach((holiday, index) => {
      if (seen.has(holiday.date)) {
        context.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `${holiday.date} is in the holiday calendar twice. Keep one entry for that day; to give it two names, put both in its name.`,
        });
      }
      seen.add(holiday.date);
    });
  });
export type HolidayCalendar = z.infer<typeof holidayCalendarSchema>;

interface CalendarIndex {
  byDate: Map<string, Holiday>;
  years: Set<number>;
}

// Working out a deadline asks about many days, and a list of requests asks
// for every request; the lookup table is built once per calendar. Calendars
// are records, replaced rather than changed in place, so the array identity
// is a safe key.
const indexes = new WeakMap<readonly Holiday[], CalendarIndex>();

function daysOf(calendar: HolidayCalendar | readonly Holiday[]): readonly Holiday[] {
  return 'days' in calendar ? calendar.days : calendar;
}

function indexOf(calendar: HolidayCalendar | readonly Holiday[]): CalendarIndex {
  const days = daysOf(calendar);
  let index = indexes.get(days);
  if (!index) {
    index = { byDate: new Map(), years: new Set() };
    for (const holiday of days) {
      if (!index.byDate.has(holiday.date)) index.byDate.set(holiday.date, holiday);
      index.years.add(Number(holiday.date.slice(0, 4)));
    }
    indexes.set(days, index);
  }
  return index;
}

/** The holiday on `day` (YYYY-MM-DD), if the City is closed for one. */
export function holidayOn(calendar: HolidayCalendar | readonly Holiday[], day: string): Holiday | undefined {
  return indexOf(calendar).byDate.get(day);
}

/** The first and last years the calendar has any holiday in, or null when it has none. */
export function calendarCoverage(calendar: HolidayCalendar | readonly Holiday[]): { firstYear: number; lastYear: number } | null {
  const { years } = indexOf(calendar);
  if (years.size === 0) return null;
  return { firstYear: Math.min(...years), lastYear: Math.max(...years) };
}

/**
 * A warning when `day` is in a year the calendar lists no holidays for: the
 * deadline was worked out as if that year had none, which is almost
 * certainly wrong, so the screen says so instead of showing a confident date.
 */
export function coverageWarning(calendar: HolidayCalendar | readonly Holiday[], day: string): string | null {
  const year = Number(day.slice(0, 4));
  if (indexOf(calendar).years.has(year)) return null;
  return `The City's holiday calendar has no holidays for ${year}, so a deadline that year may fall on a holiday. An administrator can add them under Settings.`;
}
