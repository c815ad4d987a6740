import { z } from 'zod';
import { CITY_TIME_ZONE, timeZoneSchema } from '../../../../shared/removals/moments';
import { describePeriod, dispositionActionLabels, GOV_CODE_34090, recordSeriesSchema, type RecordSeries } from '../../../../shared/retention/series';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition, TableCell } from '../doc-definition';
import { framedDocument } from './common';
import { calendarDayText, count, countedFrom, instantText, keptWithHeader } from './retention-parts';
import { keyValueTable, listTable } from './tables';
import { visibleRuns, visibleText } from './visible-text';

/** Bump when the report's layout or wording changes; printed in its footer. */
export const RETENTION_REPORT_FORMAT_VERSION = 1;

export const RETENTION_REPORT_TITLE = 'Retention report';

const tally = z.number().int().min(0);

/** One series' counts, worked out by the caller as of `today`; the report only prints them. */
export const retentionReportRowSchema = z.object({
  seriesId: z.string().min(1).max(64),
  /** Records of the series still in the ledger. */
  records: tally,
  eligibleNow: tally,
  eligibleIn90Days: tally,
  onHold: tally,
  disposedToDate: tally,
});
export type RetentionReportRow = z.infer<typeof retentionReportRowSchema>;

export const retentionReportInputSchema = z
  .object({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    /** When the report was made (ISO 8601 with offset): the caller owns the clock. */
    preparedAt: z.iso.datetime({ offset: true }),
    /** The City's calendar day the counts are as of. */
    today: z.iso.date('Give the day the counts are as of, as year-month-day.'),
    series: z.array(recordSeriesSchema),
    rows: z.array(retentionReportRowSchema),
    /** The City's zone: instants are printed in it. */
    timeZone: timeZoneSchema.default(CITY_TIME_ZONE),
  })
  .superRefine((input, ctx) => {
    const known = new Set(input.series.map((series) => series.id));
    const seen = new Set<string>();
    input.rows.forEach((row, index) => {
      if (!known.has(row.seriesId)) {
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'seriesId'], message: `The series ${row.seriesId} was not given, so its counts cannot be named.` });
      } else if (seen.has(row.seriesId)) {
        ctx.addIssue({ code: 'custom', path: ['rows', index, 'seriesId'], message: `The series ${row.seriesId} is counted twice; give one row per series.` });
      }
      seen.add(row.seriesId);
    });
  });
export type RetentionReportInput = z.infer<typeof retentionReportInputSchema>;

type Tallies = Omit<RetentionReportRow, 'seriesId'>;
const TALLIES: Array<{ key: keyof Tallies; header: string }> = [
  { key: 'records', header: 'Records kept' },
  { key: 'eligibleNow', header: 'Eligible now' },
  { key: 'eligibleIn90Days', header: 'Eligible within 90 days' },
  { key: 'onHold', header: 'On hold' },
  { key: 'disposedToDate', header: 'Disposed of to date' },
];

export function retentionReportDocument(input: RetentionReportInput): DocumentDefinition {
  const seriesById = new Map(input.series.map((series) => [series.id, series]));
  const byCode = (a: RecordSeries, b: RecordSeries) => a.code.localeCompare(b.code);
  const rows = input.rows
    .map((row) => ({ row, series: seriesById.get(row.seriesId) }))
    .filter((entry): entry is { row: RetentionReportRow; series: RecordSeries } => entry.series !== undefined)
    .sort((a, b) => byCode(a.series, b.series));
  const totals = Object.fromEntries(TALLIES.map(({ key }) => [key, input.rows.reduce((sum, row) => sum + row[key], 0)])) as Tallies;
  const asOf = calendarDayText(input.today);

  return framedDocument({
    documentTitle: RETENTION_REPORT_TITLE,
    formatVersion: RETENTION_REPORT_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${RETENTION_REPORT_TITLE}: ${input.ledgerName} (${input.cityName}), as of ${input.today}`,
    subject: 'Where each record series stands against the City’s records retention schedule, and the schedule itself.',
    content: [
      { text: RETENTION_REPORT_TITLE, style: 'documentTitle' },
      { text: 'Where each record series stands against the City’s records retention schedule.', style: 'documentSubtitle' },
      keyValueTable([
        ['City', visibleText(input.cityName)],
        ['Ledger', visibleText(input.ledgerName)],
        ['Counts as of', asOf],
        ['Prepared', instantText(input.preparedAt, input.timeZone)],
        ['Series in the schedule', count(input.series.length)],
      ]),
      { text: `Records by series, as of ${asOf}`, style: 'heading' },
      keptWithHeader(
        listTable({
          headers: ['Series', 'Title', ...TALLIES.map(({ header }) => header)],
          widths: [48, '*', 46, 46, 52, 42, 52],
          rows: [
            ...rows.map(({ row, series }) => [visibleText(series.code), visibleText(series.title), ...TALLIES.map(({ key }) => count(row[key]))]),
            [
              { text: 'Total', bold: true },
              { text: `${count(rows.length)} series`, bold: true },
              ...TALLIES.map(({ key }): Content => ({ text: count(totals[key]), bold: true })),
            ] satisfies TableCell[],
          ],
          whenEmpty: 'No series were counted.',
        }),
      ),
      {
        style: 'note',
        margin: [0, 6, 0, 0],
        ul: [
          'Records kept: records of the series still in the ledger.',
          `Eligible now: records whose retention period has ended by ${asOf}.`,
          `Eligible within 90 days: records whose retention period ends within 90 days of ${asOf}.`,
          'On hold: records a legal hold or an open public records request keeps, whatever their dates. Nothing held is disposed of.',
          'Disposed of to date: records destroyed or transferred under approved lists; only a stub naming each, without its content, remains.',
        ],
      },
      { text: 'The retention schedule', style: 'heading', pageBreak: 'before' },
      {
        text: `${GOV_CODE_34090} Destruction also needs the legislative body’s approval by resolution and the city attorney’s written consent, recorded before anything is destroyed.`,
        style: 'note',
        margin: [0, 0, 0, 6],
      },
      ...(input.series.length === 0 ? [{ text: 'The schedule has no series.', style: 'note' } satisfies Content] : [...input.series].sort(byCode).map(scheduleEntry)),
    ],
  });
}

function scheduleEntry(series: RecordSeries): Content {
  return {
    margin: [0, 8, 0, 0],
    stack: [
      { text: [...visibleRuns(series.code), ' · ', ...visibleRuns(series.title)], bold: true, fontSize: 11, margin: [0, 0, 0, 2] },
      keyValueTable(
        [
          ['Covers', visibleText(series.covers, { multiline: true })],
          ['Kept for', describePeriod(series.period)],
          ['Counted from', countedFrom(series)],
          ['At the end', dispositionActionLabels[series.disposition]],
          ['Adopted by', visibleText(series.citation)],
        ],
        110,
      ),
    ],
  };
}
