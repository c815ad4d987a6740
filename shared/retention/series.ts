import { DateTime } from 'luxon';
import { z } from 'zod';

/**
 * The City's records retention schedule, as record series: what each covers,
 * how long it is kept and from when, and what happens at the end. Records
 * staff keep it; every removal belongs to exactly one series.
 */
export const SERIES_TABLE = 'series';

export const triggerEvents = [
  'removal_date',
  'end_of_calendar_year',
  'block_lifted',
  'request_closed',
  'litigation_ended',
  'date_on_record',
] as const;
export const triggerEventSchema = z.enum(triggerEvents, { error: 'Choose the event the retention period counts from.' });
export type TriggerEvent = z.infer<typeof triggerEventSchema>;
export const triggerEventLabels: Record<TriggerEvent, string> = {
  removal_date: 'the date it was removed',
  end_of_calendar_year: 'the end of the calendar year it was removed in',
  block_lifted: 'the day the poster’s block is lifted',
  request_closed: 'the day the public records request it answers is closed',
  litigation_ended: 'the day the litigation it is held for ends',
  date_on_record: 'a date entered on the record',
};

export const dispositionActions = ['destroy', 'transfer'] as const;
export const dispositionActionSchema = z.enum(dispositionActions, { error: 'Choose destroy, or transfer to the City’s archives.' });
export type DispositionAction = z.infer<typeof dispositionActionSchema>;
export const dispositionActionLabels: Record<DispositionAction, string> = { destroy: 'Destroy', transfer: 'Transfer to the City’s archives' };

const count = (unit: string) => z.number({ error: `Enter a whole number of ${unit}.` }).int(`Enter a whole number of ${unit}.`).min(0, `Enter 0 or more ${unit}.`).max(1000);

export const retentionPeriodSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('permanent') }),
  z.object({ kind: z.literal('for'), years: count('years'), months: count('months'), days: count('days') }),
]);
export type RetentionPeriod = z.infer<typeof retentionPeriodSchema>;

/**
 * Gov. Code 34090: a city may destroy a record only after it is "no longer
 * required" and at least two years old. A destroy period shorter than two
 * years, from any start date, is refused. Checked from a leap day and from
 * the days around it, where "two years" is shortest.
 */
export const GOV_CODE_34090 =
  'Gov. Code 34090 does not allow a city to destroy a record less than two years old, so a series that ends in destruction must keep records at least two years.';
const CHECK_FROM = ['2000-02-29', '2000-03-01', '2001-02-28', '2001-03-01', '2003-12-31', '2004-01-31'];

export function shorterThanTwoYears(period: RetentionPeriod): boolean {
  if (period.kind === 'permanent') return false;
  return CHECK_FROM.some((day) => {
    const start = DateTime.fromISO(day, { zone: 'utc' });
    return start.plus({ years: period.years, months: period.months, days: period.days }) < start.plus({ years: 2 });
  });
}

export function describePeriod(period: RetentionPeriod): string {
  if (period.kind === 'permanent') return 'Permanent';
  const parts = [
    period.years ? `${period.years} ${period.years === 1 ? 'year' : 'years'}` : null,
    period.months ? `${period.months} ${period.months === 1 ? 'month' : 'months'}` : null,
    period.days ? `${period.days} ${period.days === 1 ? 'day' : 'days'}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : '0 days';
}

export const recordSeriesSchema = z
  .object({
    id: z.string().min(1).max(64),
    code: z.string().trim().min(1, 'Enter the series code from the retention schedule (for example SM-010).').max(40),
    title: z.string().trim().min(1, 'Enter the series title.').max(300),
    covers: z.string().trim().min(1, 'Say what records the series covers.').max(5000),
    period: retentionPeriodSchema,
    trigger: triggerEventSchema,
    disposition: dispositionActionSchema,
    citation: z.string().trim().min(1, 'Enter the resolution that adopted the schedule (for example: Resolution 24-17).').max(500),
  })
  .superRefine((series, context) => {
    if (series.disposition === 'destroy' && shorterThanTwoYears(series.period)) {
      context.addIssue({ code: 'custom', path: ['period'], message: `${describePeriod(series.period)} is too short. ${GOV_CODE_34090}` });
    }
    if (series.period.kind === 'permanent' && series.disposition === 'destroy') {
      context.addIssue({ code: 'custom', path: ['disposition'], message: 'A permanent series is never destroyed: choose transfer to the City’s archives, or a retention period.' });
    }
  });
export type RecordSeries = z.infer<typeof recordSeriesSchema>;

/** What a new ledger starts with, so every removal has a series from its first day: two years after removal, then destroyed. */
export const DEFAULT_SERIES_ID = 'series-removed-content';
export const defaultRemovalSeries: RecordSeries = recordSeriesSchema.parse({
  id: DEFAULT_SERIES_ID,
  code: 'SM-REM',
  title: 'Social media content removed under the Social Media Policy',
  covers: 'Posts, comments and other content removed from City Social Media Sites, with the poster’s identity and the review trail.',
  period: { kind: 'for', years: 2, months: 0, days: 0 },
  trigger: 'removal_date',
  disposition: 'destroy',
  citation: 'Records retention schedule (enter the adopting resolution)',
});
