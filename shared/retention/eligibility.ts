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

function dayOf(instant: string, timeZone: string): DateTime | null {
  const local = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone);
  // Calendar arithmetic on the date alone: no hour to shift at a clock change.
  return local.isValid ? DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: 'utc' }) : null;
}

function triggerDay(series: RecordSeries, facts: RetentionFacts, timeZone: string): DateTime | null {
  const removed = dayOf(facts.removedAt ?? facts.seenAt, timeZone);
  switch (series.trigger) {
    case 'removal_date':
      return removed;
    case 'end_of_calendar_year':
      return removed ? DateTime.fromObject({ year: removed.year + 1, month: 1, day: 1 }, { zone: 'utc' }) : null;
    case 'block_lifted':
      return facts.blockLiftedAt ? dayOf(facts.blockLiftedAt, timeZone) : null;
    case 'request_closed':
      return facts.requestClosedAt ? dayOf(facts.requestClosedAt, timeZone) : null;
    case 'litigation_ended':
      return facts.litigationEndedAt ? dayOf(facts.litigationEndedAt, timeZone) : null;
    case 'date_on_record': {
      const entered = facts.dateOnRecord ? DateTime.fromISO(facts.dateOnRecord, { zone: 'utc' }) : null;
      return entered?.isValid ? entered : null;
    }
  }
}

function describeDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat('MMMM d, yyyy', { locale: 'en-US' });
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
      // Luxon keeps the day of the month where it can and otherwise takes the month's last day: Feb 29 + 1 year is Feb 28.
      eligibleOn = start.plus({ years: series.period.years, months: series.period.months, days: series.period.days }).toISODate();
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
