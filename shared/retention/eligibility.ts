import { DateTime } from 'luxon';
import type { RecordSeries, TriggerEvent } from './series';
import { triggerEventLabels } from './series';

/**
 * When a record may be disposed of: a pure function of the record's dates,
 * its series, the events its trigger waits for, and what holds it. Dates are
 * calendar days in the City's time zone ("two years after removal" is a
 * date, not a count of hours), so a clock change never moves a deadline.
 */
export interface RetentionFacts {
  /** UTC instants (ISO 8601). A record never removed counts from when staff saw it. */
  removedAt: string | null;
  seenAt: string;
  /** The events some series count from; null or absent until they happen. */
  blockLiftedAt?: string | null;
  requestClosedAt?: string | null;
  litigationEndedAt?: string | null;
  /** A date entered on the record for series that count from one (YYYY-MM-DD). */
  dateOnRecord?: string | null;
}

export interface RetentionContext {
  /** Today in the City's calendar (YYYY-MM-DD): the caller owns the clock. */
  today: string;
  timeZone: string;
  /** The legal holds in force that cover the record, by matter. */
  holds: readonly string[];
  /** Open public records requests the record answers: held until each closes. */
  openRequests: readonly string[];
}

export type Eligibility =
  | { status: 'permanent'; message: string }
  | { status: 'waiting_for_event'; event: TriggerEvent; message: string }
  | { status: 'retained'; eligibleOn: string; message: string }
  | { status: 'eligible'; eligibleOn: string; message: string }
  | { status: 'held'; eligibleOn: string | null; holds: string[]; openRequests: string[]; message: string };

// Applying the schedule to 100,000 records converts 100,000 instants; Luxon's zone
// arithmetic per record costs seconds, a cached Intl formatter a fraction of that.
const dayFormatters = new Map<string, Intl.DateTimeFormat>();
function cityDayText(instant: string, timeZone: string): string | null {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) return null;
  // Assembled from parts: no locale's punctuation is relied on.
  let year = '';
  let month = '';
  let day = '';
  for (const part of formatter.formatToParts(millis)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

/** The City-calendar day (YYYY-MM-DD) an instant falls on: calendar arithmetic on the date alone, so no hour shifts at a clock change. */
function dayOf(instant: string, timeZone: string): string | null {
  return cityDayText(instant, timeZone);
}

function triggerDay(series: RecordSeries, facts: RetentionFacts, timeZone: string): string | null {
  const removed = dayOf(facts.removedAt ?? facts.seenAt, timeZone);
  switch (series.trigger) {
    case 'removal_date':
      return removed;
    case 'end_of_calendar_year':
      return removed ? `${String(Number(removed.slice(0, 4)) + 1).padStart(4, '0')}-01-01` : null;
    case 'block_lifted':
      return facts.blockLiftedAt ? dayOf(facts.blockLiftedAt, timeZone) : null;
    case 'request_closed':
      return facts.requestClosedAt ? dayOf(facts.requestClosedAt, timeZone) : null;
    case 'litigation_ended':
      return facts.litigationEndedAt ? dayOf(facts.litigationEndedAt, timeZone) : null;
    case 'date_on_record': {
      const entered = facts.dateOnRecord ? DateTime.fromISO(facts.dateOnRecord, { zone: 'utc' }) : null;
      return entered?.isValid ? entered.toISODate() : null;
    }
  }
}

const describedDays = new Map<string, string>();
function describeDay(day: string): string {
  let text = describedDays.get(day);
  if (text === undefined) {
    text = DateTime.fromISO(day, { zone: 'utc' }).toFormat('MMMM d, yyyy', { locale: 'en-US' });
    if (describedDays.size > 50_000) describedDays.clear();
    describedDays.set(day, text);
  }
  return text;
}

/** Records removed on the same day under the same period end on the same day: computed once per pair. */
const endDays = new Map<string, string>();
function endDay(start: string, period: { years: number; months: number; days: number }): string {
  const key = `${start}+${period.years}y${period.months}m${period.days}d`;
  let end = endDays.get(key);
  if (end === undefined) {
    // Luxon keeps the day of the month where it can and otherwise takes the month's last day: Feb 29 + 1 year is Feb 28.
    end = DateTime.fromISO(start, { zone: 'utc' }).plus({ years: period.years, months: period.months, days: period.days }).toISODate() ?? '';
    if (endDays.size > 50_000) endDays.clear();
    endDays.set(key, end);
  }
  return end;
}

export function retentionEligibility(facts: RetentionFacts, series: RecordSeries, context: RetentionContext): Eligibility {
  let eligibleOn: string | null = null;
  if (series.period.kind !== 'permanent') {
    const start = triggerDay(series, facts, context.timeZone);
    if (!start) {
      if (context.holds.length === 0 && context.openRequests.length === 0) {
        return {
          status: 'waiting_for_event',
          event: series.trigger,
          message: `Kept until ${triggerEventLabels[series.trigger]}, then for ${series.code}'s retention period; that has not happened yet.`,
        };
      }
    } else {
      eligibleOn = endDay(start, series.period);
    }
  }

  if (context.holds.length > 0 || context.openRequests.length > 0) {
    const reasons = [
      ...context.holds.map((matter) => `the legal hold for ${matter}`),
      ...context.openRequests.map((request) => `the open public records request ${request}`),
    ];
    return {
      status: 'held',
      eligibleOn,
      holds: [...context.holds],
      openRequests: [...context.openRequests],
      message: `Held by ${reasons.join(' and ')}: it cannot be disposed of until ${reasons.length === 1 ? 'that ends' : 'each of those ends'}.`,
    };
  }
  if (series.period.kind === 'permanent') return { status: 'permanent', message: `Kept permanently under ${series.code}.` };
  if (eligibleOn === null) throw new Error('unreachable: a series with a period and a trigger day has an eligible date');
  if (context.today >= eligibleOn) {
    return { status: 'eligible', eligibleOn, message: `Eligible for disposition since ${describeDay(eligibleOn)} under ${series.code}.` };
  }
  return { status: 'retained', eligibleOn, message: `Kept under ${series.code} until ${describeDay(eligibleOn)}.` };
}
