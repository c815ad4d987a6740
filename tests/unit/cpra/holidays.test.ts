import { describe, expect, it } from 'vitest';
import { defaultHolidayCalendar, seededHolidays } from '../../../shared/cpra/holiday-seed';
import { calendarCoverage, coverageWarning, holidayCalendarSchema, holidayOn, holidaySchema, type HolidayCalendar } from '../../../shared/cpra/holidays';

describe('the seeded federal and California holidays', () => {
  const seeded = seededHolidays(2026, 2027);
  const nameOn = (date: string) => seeded.find((holiday) => holiday.date === date)?.name;

  it('has the days City offices close in 2026, on the dates a wall calendar shows', () => {
    expect(nameOn('2026-01-01')).toBe("New Year's Day");
    expect(nameOn('2026-01-19')).toBe('Martin Luther King Jr. Day');
    expect(nameOn('2026-02-16')).toBe("Presidents' Day");
    expect(nameOn('2026-03-31')).toBe('César Chávez Day');
    expect(nameOn('2026-05-25')).toBe('Memorial Day');
    expect(nameOn('2026-06-19')).toBe('Juneteenth');
    expect(nameOn('2026-07-04')).toBe('Independence Day');
    expect(nameOn('2026-09-07')).toBe('Labor Day');
    expect(nameOn('2026-11-11')).toBe('Veterans Day');
    // A federal holiday California's own list leaves out: federal offices, courts' filings and mail stop.
    expect(nameOn('2026-10-12')).toBe('Columbus Day');
    expect(nameOn('2026-11-26')).toBe('Thanksgiving Day');
    expect(nameOn('2026-11-27')).toBe('Day after Thanksgiving Day');
    expect(nameOn('2026-12-25')).toBe('Christmas Day');
  });

  it('has the weekday a weekend holiday is observed on', () => {
    // July 4, 2026 is a Saturday: offices close on Friday, July 3.
    expect(nameOn('2026-07-03')).toBe('Independence Day (observed)');
    // Christmas 2027 is a Saturday, and New Year's Day 2028 too.
    expect(nameOn('2027-12-24')).toBe('Christmas Day (observed)');
    expect(nameOn('2027-12-31')).toBe("New Year's Day (observed)");
  });

  it('has the 2027 dates, which move with the weekday rules', () => {
    expect(nameOn('2027-01-18')).toBe('Martin Luther King Jr. Day');
    expect(nameOn('2027-05-31')).toBe('Memorial Day');
    expect(nameOn('2027-09-06')).toBe('Labor Day');
    expect(nameOn('2027-11-25')).toBe('Thanksgiving Day');
    expect(nameOn('2027-11-26')).toBe('Day after Thanksgiving Day');
  });

  it('leaves out observances on which offices are open', () => {
    expect(nameOn('2026-02-14')).toBeUndefined(); // Valentine's Day
    expect(nameOn('2026-04-05')).toBeUndefined(); // Easter Sunday
    expect(nameOn('2026-12-24')).toBeUndefined(); // Christmas Eve, a Thursday
    expect(nameOn('2026-10-31')).toBeUndefined(); // Halloween
    expect(seeded.map((holiday) => holiday.name).join(' ')).not.toMatch(/Valentine|Easter|Christmas Eve/);
  });

  it('lists each day once, in date order, within the years asked for', () => {
    const dates = seeded.map((holiday) => holiday.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    expect(dates[0]).toBe('2026-01-01');
    expect(dates.at(-1)).toBe('2027-12-31');
    expect(() => holidayCalendarSchema.parse({ id: 'city', days: seeded })).not.toThrow();
  });

  it('seeds a new calendar from last year through five years ahead', () => {
    const calendar = defaultHolidayCalendar('2026-05-14');
    expect(calendar.id).toBe('city');
    expect(calendarCoverage(calendar)).toEqual({ firstYear: 2025, lastYear: 2031 });
    expect(holidayOn(calendar, '2031-12-25')?.name).toBe('Christmas Day');
  });
});

describe('the City’s holiday calendar as the administrator keeps it', () => {
  const calendar: HolidayCalendar = {
    id: 'city',
    days: [
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-10-12', name: 'Indigenous Peoples’ Day' },
    ],
  };

  it('finds a day the administrator added', () => {
    expect(holidayOn(calendar, '2026-10-12')?.name).toBe('Indigenous Peoples’ Day');
    expect(holidayOn(calendar.days, '2026-12-25')?.name).toBe('Christmas Day');
  });

  it('stops finding a day the administrator removed', () => {
    const edited: HolidayCalendar = { ...calendar, days: calendar.days.filter((holiday) => holiday.date !== '2026-12-25') };
    expect(holidayOn(calendar, '2026-12-25')).toBeDefined();
    expect(holidayOn(edited, '2026-12-25')).toBeUndefined();
  });

  it('refuses the same day twice and names it', () => {
    const result = holidayCalendarSchema.safeParse({ id: 'city', days: [...calendar.days, { date: '2026-12-25', name: 'City closure' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('2026-12-25');
    expect(result.error?.issues[0]?.path).toEqual(['days', 2, 'date']);
  });

  it('refuses a day that is not a date and a holiday without a name', () => {
    expect(holidaySchema.safeParse({ date: '2026-02-30', name: 'Nonsense' }).success).toBe(false);
    expect(holidaySchema.safeParse({ date: '2026-02-16', name: '   ' }).error?.issues[0]?.message).toBe('Enter the holiday’s name.');
  });

  it('warns when a deadline falls in a year with no holidays in the calendar', () => {
    const seeded: HolidayCalendar = { id: 'city', days: seededHolidays(2025, 2031) };
    expect(coverageWarning(seeded, '2031-06-01')).toBeNull();
    expect(coverageWarning(seeded, '2033-01-10')).toBe(
      "The City's holiday calendar has no holidays for 2033, so a deadline that year may fall on a holiday. An administrator can add them under Settings.",
    );
    expect(coverageWarning({ id: 'city', days: [] }, '2026-06-01')).toContain('no holidays for 2026');
    expect(calendarCoverage({ id: 'city', days: [] })).toBeNull();
  });

  it('warns for a year the administrator emptied in the middle of the calendar', () => {
    const gap: HolidayCalendar = { id: 'city', days: seededHolidays(2026, 2028).filter((holiday) => !holiday.date.startsWith('2027')) };
    expect(calendarCoverage(gap)).toEqual({ firstYear: 2026, lastYear: 2028 });
    expect(coverageWarning(gap, '2027-03-01')).toContain('no holidays for 2027');
  });
});
