import { DateTime } from 'luxon';
import { holidayOn, type Holiday, type HolidayCalendar } from './holidays';
import { isOpen, type CpraRequest } from './request';
import { unusualCircumstanceSchema } from './unusual-circumstances';

/**
 * The Public Records Act clock (Gov. Code 7922.535). Days are City calendar
 * days (YYYY-MM-DD in the City's time zone), never hours, so a request that
 * came in late in the evening or on the night the clocks change counts from
 * the day the City received it. Periods are counted as Code Civ. Proc. 12
 * says: leave out the day of receipt, count the last day; and when the last
 * day is a Saturday, Sunday or holiday it moves to the next day that is not
 * (Code Civ. Proc. 12a).
 */

export type ClosedDays = HolidayCalendar | readonly Holiday[];

export interface RequestClockOptions {
  /** The City's zone (CITY_TIME_ZONE): it decides which day a request came in on. */
  timeZone: string;
  holidays: ClosedDays;
}

const LOCALE = 'en-US';
/** Gov. Code 7922.535(a). */
const DETERMINATION_DAYS = 10;
/** Gov. Code 7922.535(b). */
const MOST_EXTENSION_DAYS = 14;
/** No holiday calendar closes the City for this long; past it the calendar itself is wrong. */
const LONGEST_CLOSURE_DAYS = 366;

function calendarDay(day: string): DateTime {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone: 'utc' }) : null;
  if (!date?.isValid) throw new RangeError(`"${day}" is not a calendar day (YYYY-MM-DD).`);
  return date;
}

function isoDay(date: DateTime): string {
  const text = date.toISODate();
  if (text === null) throw new RangeError('A date went out of range while counting days.');
  return text;
}

function addDays(day: string, days: number): string {
  return isoDay(calendarDay(day).plus({ days }));
}

/** "Monday, September 7, 2026": the weekday too, because a clerk checks these against a wall calendar. */
function describeDay(day: string): string {
  return calendarDay(day).toFormat('cccc, MMMM d, yyyy', { locale: LOCALE });
}

/** Why the City is closed on `day` (the holiday, or the weekend), or null when it is open. */
function closure(day: string, holidays: ClosedDays): { holiday: string | null } | null {
  const holiday = holidayOn(holidays, day);
  if (holiday) return { holiday: holiday.name };
  if (calendarDay(day).weekday >= 6) return { holiday: null };
  return null;
}

/** "Labor Day on Monday, September 7, 2026", or "Sunday, July 5, 2026" for a weekend day. */
function describeClosedDay(day: string, holiday: string | null): string {
  return holiday === null ? describeDay(day) : `${holiday} on ${describeDay(day)}`;
}

/** The City day an instant falls on: 11:30 PM on December 31 in Los Angeles is December 31, though it is already January 1 in UTC. */
export function receivedDay(receivedAt: string, timeZone: string): string {
  const received = DateTime.fromISO(receivedAt, { zone: timeZone });
  if (!received.isValid) throw new RangeError(`"${receivedAt}" is not a date and time in ${timeZone}.`);
  return isoDay(received);
}

/** A day the City is open: not a Saturday or Sunday, and not in the holiday calendar. */
export function isBusinessDay(day: string, holidays: ClosedDays): boolean {
  return closure(day, holidays) === null;
}

/**
 * `day` itself when the City is open that day, otherwise the first open day
 * after it; `movedBecause` names each closed day passed over, for example
 * "Labor Day on Monday, September 7, 2026" or "Sunday, July 5, 2026".
 */
export function nextBusinessDay(day: string, holidays: ClosedDays): { day: string; movedBecause: string[] } {
  const movedBecause: string[] = [];
  let candidate = day;
  for (let skipped = 0; skipped <= LONGEST_CLOSURE_DAYS; skipped += 1) {
    const closed = closure(candidate, holidays);
    if (closed === null) return { day: candidate, movedBecause };
    movedBecause.push(describeClosedDay(candidate, closed.holiday));
    candidate = addDays(candidate, 1);
  }
  throw new RangeError(`The holiday calendar leaves no working day for a year after ${describeDay(day)}. An administrator should check the holiday calendar under Settings.`);
}

export interface DeterminationDue {
  /** The City day the request came in. */
  received: string;
  /** Ten calendar days after `received`, before any move past a closed day. */
  nominal: string;
  /** The day the determination is due: `nominal`, or the next day the City is open. */
  due: string;
  movedBecause: string[];
}

/** Gov. Code 7922.535(a): the determination is due within 10 days from receipt. */
export function determinationDue(receivedAt: string, options: RequestClockOptions): DeterminationDue {
  const received = receivedDay(receivedAt, options.timeZone);
  const nominal = addDays(received, DETERMINATION_DAYS);
  const { day: due, movedBecause } = nextBusinessDay(nominal, options.holidays);
  return { received, nominal, due, movedBecause };
}

/**
 * The latest day an extension notice may name. Gov. Code 7922.535(b): "No
 * notice shall specify a date that would result in an extension for more
 * than 14 days". We count the 14 days from where the 10-day period itself
 * ended (the nominal day), not from the day it was moved to: the move to an
 * open day (Code Civ. Proc. 12a) gives the City time to act, it does not
 * lengthen the period, and counting from the earlier day never lets an
 * extension run longer than the statute allows. When that 14th day is itself
 * a day the City is closed, the same rule moves it to the next open day.
 */
export function latestExtendedDue(original: { nominal: string; due: string }, holidays: ClosedDays): string {
  return nextBusinessDay(addDays(original.nominal, MOST_EXTENSION_DAYS), holidays).day;
}

export interface ExtensionProposal {
  circumstance: unknown;
  dueOn: string;
  notice: string;
}

/**
 * Why an extension cannot be made as proposed, in words counsel can act on,
 * or null when it may be made. `today` is the City day the notice goes out.
 */
export function extensionRefusal(
  request: Pick<CpraRequest, 'extension' | 'status' | 'receivedAt'>,
  proposal: ExtensionProposal,
  options: RequestClockOptions & { today: string },
): string | null {
  if (request.status === 'withdrawn') return 'The requester withdrew this request, so there is no deadline to extend.';
  if (!isOpen(request.status)) return 'This request is closed, so there is no deadline to extend.';
  if (request.extension) {
    return `The determination was already extended once, on ${describeDay(request.extension.noticeSentOn)}; Gov. Code 7922.535 allows one extension only.`;
  }
  if (request.status === 'determined' || request.status === 'produced') {
    return 'The determination on this request has already been made, so there is no deadline to extend.';
  }

  const original = determinationDue(request.receivedAt, options);
  if (options.today > original.due) {
    return `The 10-day deadline passed on ${describeDay(original.due)}; an extension must be noticed within the 10 days. Make the determination now.`;
  }

  const circumstance = unusualCircumstanceSchema.safeParse(proposal.circumstance);
  if (!circumstance.success) return circumstance.error.issues[0]?.message ?? 'Choose the unusual circumstance of Gov. Code 7922.535(c) that requires more time.';
  if (proposal.notice.trim() === '') return 'Write the notice to the requester: the reason and the date a determination will be made.';

  if (!/^\d{4}-\d{2}-\d{2}$/.test(proposal.dueOn) || !DateTime.fromISO(proposal.dueOn, { zone: 'utc' }).isValid) {
    return 'Enter the new due date as year-month-day, for example 2026-10-15.';
  }
  if (proposal.dueOn <= original.due) {
    return `The new due date must be after the current one, ${describeDay(original.due)}.`;
  }
  const latest = latestExtendedDue(original, options.holidays);
  if (proposal.dueOn > latest) {
    return `Gov. Code 7922.535(b) allows an extension of no more than 14 days: the latest date the notice may name is ${describeDay(latest)}.`;
  }
  const closed = closure(proposal.dueOn, options.holidays);
  if (closed !== null) {
    // `latest` is an open day after dueOn, so the suggestion is always within the 14 days.
    const suggestion = nextBusinessDay(proposal.dueOn, options.holidays).day;
    const what = closed.holiday === null ? 'a weekend day' : closed.holiday;
    return `${describeDay(proposal.dueOn)} is ${what}, when the City is closed. Choose a working day, for example ${describeDay(suggestion)}.`;
  }
  return null;
}

/**
 * The day the determination is due now. An extension's day is kept as the
 * notice named it, even if a holiday is added on it later: the requester was
 * promised that date.
 */
export function currentDue(request: Pick<CpraRequest, 'receivedAt' | 'extension'>, options: RequestClockOptions): { due: string; extended: boolean } {
  if (request.extension) return { due: request.extension.dueOn, extended: true };
  return { due: determinationDue(request.receivedAt, options).due, extended: false };
}

export type DueState = 'overdue' | 'due_soon' | 'on_time';

/** Two days' warning: enough to finish a letter that is nearly done, short enough not to cry wolf. */
const DUE_SOON_DAYS = 2;

/** How the request list shows the clock: calendar days from `today` to `due`, negative once it has passed. */
export function dayCounter(due: string, today: string): { days: number; state: DueState; text: string } {
  const days = Math.round(calendarDay(due).diff(calendarDay(today), 'days').days);
  if (days < 0) {
    const late = -days;
    return { days, state: 'overdue', text: late === 1 ? '1 day overdue' : `${late} days overdue` };
  }
  const state: DueState = days <= DUE_SOON_DAYS ? 'due_soon' : 'on_time';
  const text = days === 0 ? 'Due today' : days === 1 ? 'Due tomorrow' : `${days} days left`;
  return { days, state, text };
}

export interface RequestClock {
  due: string;
  extended: boolean;
  /** The day the determination was made; the clock stops then. */
  determinedOn: string | null;
  /** Null once the determination is made or the request is closed: nothing is due any more. */
  counter: ReturnType<typeof dayCounter> | null;
}

/** What the dashboard and a request's page show of its clock. A request determined on time is never shown overdue. */
export function requestClock(request: Pick<CpraRequest, 'receivedAt' | 'extension' | 'status' | 'determination'>, options: RequestClockOptions & { today: string }): RequestClock {
  const { due, extended } = currentDue(request, options);
  const determinedOn = request.determination?.madeOn ?? null;
  const running = determinedOn === null && isOpen(request.status);
  return { due, extended, determinedOn, counter: running ? dayCounter(due, options.today) : null };
}
