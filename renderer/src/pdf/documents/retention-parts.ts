import { DateTime } from 'luxon';
import type { z } from 'zod';
import { formatMoment } from '../../../../shared/removals/moments';
import { describeAction, type DispositionBatch } from '../../../../shared/retention/disposition';
import { describePeriod, triggerEventLabels, type RecordSeries } from '../../../../shared/retention/series';
import type { Content, ContentTable, DocumentDefinition, Inline, TableCell } from '../doc-definition';
import { labelledFooter, PRODUCT_NAME } from './common';
import { listTable } from './tables';
import { visibleRuns, visibleText } from './visible-text';

/** Pieces the retention documents (destruction list, certificate, retention report) share. */

/** A document that names a record's series must be given that series, or it would print a schedule it cannot show. */
export function refuseMissingSeries(
  records: ReadonlyArray<{ seriesId: string; seriesCode: string }>,
  series: readonly RecordSeries[],
  path: Array<string | number>,
  ctx: z.RefinementCtx,
): void {
  const known = new Set(series.map((one) => one.id));
  const reported = new Set<string>();
  records.forEach((record, index) => {
    if (known.has(record.seriesId) || reported.has(record.seriesId)) return;
    reported.add(record.seriesId);
    ctx.addIssue({
      code: 'custom',
      path: [...path, index, 'seriesId'],
      message: `The series ${record.seriesCode} that a listed record belongs to was not given, so its retention period cannot be printed.`,
    });
  });
}
/**
 * A SHA-256 in two lines of 32 hex digits. Hashes are digits the schema has
 * checked, so they need no visibleText; the line is broken here rather than
 * by pdfmake's break-anywhere wrapping, which lays out each character on its
 * own and makes a 10,000-record list several times slower.
 */
export function hashInTwoLines(hash: string): Content {
  return { text: `${hash.slice(0, 32)}\n${hash.slice(32)}`, fontSize: 7.5 };
}
/** What a series' period counts from; a permanent series counts from nothing. */
export function countedFrom(series: RecordSeries): string {
  return series.period.kind === 'permanent' ? 'Not counted: kept permanently' : triggerEventLabels[series.trigger];
}
/** The series the records belong to, each with how many of them it holds. */
export function seriesTable(series: readonly RecordSeries[], records: ReadonlyArray<{ seriesId: string }>, whenEmpty: string): Content {
  const perSeries = new Map<string, number>();
  for (const record of records) perSeries.set(record.seriesId, (perSeries.get(record.seriesId) ?? 0) + 1);
  const involved = series.filter((one) => perSeries.has(one.id)).sort((a, b) => a.code.localeCompare(b.code));
  return listTable({
    headers: ['Code', 'Title', 'Kept for', 'Counted from', 'Adopted by', 'Records'],
    widths: [50, '*', 60, 90, 90, 42],
    rows: involved.map((one) => [
      visibleText(one.code),
      visibleText(one.title),
      describePeriod(one.period),
      countedFrom(one),
      visibleText(one.citation),
      count(perSeries.get(one.id) ?? 0),
    ]),
    whenEmpty,
  });
}
/**
 * A record id in lines of `perLine` characters: an id is one long "word"
 * that would otherwise push the table off the page (a 32-digit id is two
 * lines of 16 in the list's narrow column). Broken here for the same reason
 * as hashInTwoLines.
 */
export function idText(recordId: string, perLine = 16): Content {
  const characters = Array.from(recordId);
  const runs: Inline[] = [];
  for (let start = 0; start < characters.length; start += perLine) {
    if (start > 0) runs.push('\n');
    runs.push(...visibleRuns(characters.slice(start, start + perLine).join('')));
  }
  return { text: runs.length > 0 ? runs : visibleRuns(recordId), fontSize: 8 };
}
/** A heading row never left alone at the foot of a page, apart from the rows it heads. */
export function keptWithHeader(table: Content): Content {
  if (typeof table === 'object' && 'table' in table) return { ...table, table: { ...table.table, keepWithHeaderRows: 1 } };
  return table;
}
/**
 * Labels with a rule under each value: a value already known is printed on
 * the rule, the others are left for a pen. A signature is always by hand.
 */
export function writeInForm(fields: Array<[label: string, value: Content | null]>): ContentTable {
  return {
    table: {
      widths: [150, '*'],
      body: fields.map(([label, value]): TableCell[] => [
        { text: label, style: 'label', border: [false, false, false, false], margin: [0, 12, 0, 0] },
        value === null
          ? { text: ' ', border: [false, false, false, true], margin: [0, 12, 0, 0] }
          : { stack: [value], border: [false, false, false, true], margin: [0, 12, 0, 0] },
      ]),
    },
    layout: {
      hLineWidth: () => 0.75,
      vLineWidth: () => 0,
      hLineColor: () => '#444444',
      paddingLeft: (i) => (i === 0 ? 0 : 6),
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 2,
    },
  };
}
/** A footer that names the batch on every page, so a loose page says which list it belongs to. */
export function batchFooter(title: string, batchNumber: string, formatVersion: number): DocumentDefinition['footer'] {
  return labelledFooter([`${PRODUCT_NAME} · ${title} · batch `, ...visibleRuns(batchNumber, { maxLength: 40, briefOmission: true }), ` · document format ${formatVersion}`], { noWrap: true });
}
/** A calendar day (YYYY-MM-DD) as people write it: "June 3, 2026". */
export function calendarDayText(day: string): string {
  return DateTime.fromISO(day, { zone: 'utc' }).toFormat('MMMM d, yyyy', { locale: 'en-US' });
}
/** An instant in the City's zone: "Jun 3, 2026, 2:05 PM PDT". */
export function instantText(instant: string, timeZone: string): string {
  return formatMoment({ utc: instant, zone: timeZone });
}
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** The rows that say which City, ledger and batch a retention document is about. */
export function batchIdentity(input: { cityName: string; ledgerName: string }, batch: Pick<DispositionBatch, 'number' | 'action'>): Array<[string, Content]> {
  return [
    ['City', visibleText(input.cityName)],
    ['Ledger', visibleText(input.ledgerName)],
    ['Batch number', visibleText(batch.number)],
    ['Action', describeAction(batch.action)],
  ];
}
