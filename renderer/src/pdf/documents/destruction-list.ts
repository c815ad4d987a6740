import { z } from 'zod';
import { timeZoneSchema, CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import { batchStatus, batchStatusLabels, dispositionBatchSchema, type Approvals, type DispositionBatch } from '../../../../shared/retention/disposition';
import { recordSeriesSchema, type RecordSeries } from '../../../../shared/retention/series';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition } from '../doc-definition';
import { framedDocument } from './common';
import { keyValueTable, listTable } from './tables';
import { visibleText } from './visible-text';

import { batchFooter, batchIdentity, calendarDayText, count, hashInTwoLines, idText, instantText, keptWithHeader, refuseMissingSeries, seriesTable, writeInForm } from './retention-parts';
/** Bump when the list's layout or wording changes; printed in its footer. */
export const DESTRUCTION_LIST_FORMAT_VERSION = 1;

export const DESTRUCTION_LIST_TITLE = 'Destruction list';

export const TRANSFER_LIST_TITLE = 'Transfer list';

export const destructionListInputSchema = z
  .object({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    batch: dispositionBatchSchema,
    /** Every series the listed records belong to. */
    series: z.array(recordSeriesSchema),
    /** When this copy was printed (ISO 8601 with offset): the caller owns the clock. */
    preparedAt: z.iso.datetime({ offset: true }),
    /** The City's zone: instants are printed in it. */
    timeZone: timeZoneSchema.default(CITY_TIME_ZONE),
  })
  .superRefine((input, ctx) => refuseMissingSeries(input.batch.records, input.series, ['batch', 'records'], ctx));

export type DestructionListInput = z.infer<typeof destructionListInputSchema>;

export function listTitle(action: DispositionBatch['action']): string {
  return action === 'transfer' ? TRANSFER_LIST_TITLE : DESTRUCTION_LIST_TITLE;
}

export function destructionListDocument(input: DestructionListInput): DocumentDefinition {
  const { batch } = input;
  const title = listTitle(batch.action);
  const seriesById = new Map(input.series.map((series) => [series.id, series]));
  const fileCount = batch.records.reduce((sum, record) => sum + record.attachmentCount, 0);

  const definition = framedDocument({
    documentTitle: title,
    formatVersion: DESTRUCTION_LIST_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${title}: batch ${batch.number}, ${input.ledgerName} (${input.cityName})`,
    subject:
      batch.action === 'transfer'
        ? 'Records proposed for transfer to the City’s archives, for approval before they leave the ledger.'
        : 'Records proposed for destruction under Gov. Code 34090, for approval before anything is destroyed.',
    content: [
      { text: title, style: 'documentTitle' },
      {
        text:
          batch.action === 'transfer'
            ? 'Records proposed for transfer to the City’s archives, for approval before they leave the ledger.'
            : 'Records proposed for destruction, for approval before anything is destroyed.',
        style: 'documentSubtitle',
      },
      keyValueTable([
        ...batchIdentity(input, batch),
        ['Status', batchStatusLabels[batchStatus(batch)]],
        ['Listed by', visibleText(batch.createdBy.name)],
        ['Listed at', instantText(batch.createdAt, input.timeZone)],
        ['This copy prepared', instantText(input.preparedAt, input.timeZone)],
        ['Records listed', count(batch.records.length)],
        ['Files with them', count(fileCount)],
      ]),
      { text: batch.action === 'transfer' ? 'What approving this list means' : 'What approving this list means (Gov. Code 34090)', style: 'heading' },
      { text: batch.action === 'transfer' ? TRANSFER_STATEMENT : DESTRUCTION_STATEMENT },
      { text: 'Record series in this list', style: 'heading' },
      seriesTable(input.series, batch.records, 'No series.'),
      { text: `Records (${count(batch.records.length)})`, style: 'heading' },
      {
        text:
          'Each record is named by its id, dates, the version listed and the SHA-256 hash of that version’s encrypted content as the journal holds it. ' +
          'Nothing of its content is printed. Dates are calendar days in the City (year-month-day). ' +
          'A record changed after it was listed is left out when the list is carried out.',
        style: 'note',
        margin: [0, 0, 0, 6],
      },
      recordsTable(batch, seriesById),
      keyValueTable([
        ['Total records', count(batch.records.length)],
        ['Total files', count(fileCount)],
        ['Series', count(new Set(batch.records.map((record) => record.seriesId)).size)],
      ]),
      { text: 'Approvals', style: 'heading', pageBreak: 'before' },
      {
        text:
          batch.action === 'transfer'
            ? 'The records leave the ledger only after all three approvals below are recorded in Records Ledger.'
            : 'Nothing is destroyed until all three approvals below are recorded in Records Ledger. Approvals already recorded are filled in; the rest are left blank to fill in by hand.',
        margin: [0, 0, 0, 4],
      },
      ...approvalForms(batch.approvals),
    ],
  });
  definition.footer = batchFooter(title, batch.number, DESTRUCTION_LIST_FORMAT_VERSION);
  return definition;
}

const DESTRUCTION_STATEMENT =
  'Under Government Code section 34090, a city may destroy a record that is at least two years old and no longer required, ' +
  'only with the approval of its legislative body by resolution and the written consent of the city attorney. ' +
  'Each record below has reached the end of the retention period of its series in the City’s records retention schedule, ' +
  'which keeps every record it destroys for at least two years, so it is at least two years old and no longer required. ' +
  'When this list was made, none of these records was held by a legal hold or an open public records request. ' +
  'Nothing is destroyed before the city attorney’s written consent, the legislative body’s resolution and the department head’s approval are recorded. ' +
  'When the list is carried out, every record is checked again: any record held, changed or no longer eligible by then is left out, and the certificate of destruction names it.';

const TRANSFER_STATEMENT =
  'Each record below has reached the end of the retention period of its series in the City’s records retention schedule, ' +
  'and the schedule sends it to the City’s archives. It is not destroyed. ' +
  'When this list was made, none of these records was held by a legal hold or an open public records request. ' +
  'The records leave this ledger only after the city attorney’s written consent, the legislative body’s resolution and the department head’s approval are recorded. ' +
  'When the list is carried out, every record is checked again: any record held, changed or no longer eligible by then is left out, and the certificate of transfer names it.';

function recordsTable(batch: DispositionBatch, seriesById: ReadonlyMap<string, RecordSeries>): Content {
  return keptWithHeader(
    listTable({
      headers: ['Record id', 'Series', 'Removed on', 'Eligible on', 'Version', 'Content hash (SHA-256)', 'Files'],
      widths: ['*', 44, 50, 50, 34, 142, 26],
      rows: batch.records.map((record) => [
        idText(record.recordId),
      visibleText(seriesById.get(record.seriesId)?.code ?? record.seriesCode),
        record.removedOn,
        record.eligibleOn,
        String(record.version),
        hashInTwoLines(record.contentHash),
        String(record.attachmentCount),
      ]),
      whenEmpty: 'No records.',
    }),
  );
}

/** The three approvals as forms: what is recorded is printed on the line, the rest left blank to write on. */
export function approvalForms(approvals: Approvals): Content[] {
  const { cityAttorney, legislativeBody, departmentHead } = approvals;
  return [
    approvalForm('The city attorney’s written consent', cityAttorney !== null, [
      ['Name', cityAttorney && visibleText(cityAttorney.name)],
      ['Date of consent', cityAttorney && calendarDayText(cityAttorney.date)],
      ['Reference (letter or memo)', cityAttorney && visibleText(cityAttorney.reference)],
      ['Signature', null],
    ]),
    approvalForm('The legislative body’s approval by resolution', legislativeBody !== null, [
      ['Body', legislativeBody && visibleText(legislativeBody.body)],
      ['Resolution number', legislativeBody && visibleText(legislativeBody.resolution)],
      ['Date adopted', legislativeBody && calendarDayText(legislativeBody.date)],
    ]),
    approvalForm('The department head’s approval', departmentHead !== null, [
      ['Name', departmentHead && visibleText(departmentHead.name)],
      ['Title', departmentHead && visibleText(departmentHead.title)],
      ['Date', departmentHead && calendarDayText(departmentHead.date)],
      ['Signature', null],
    ]),
  ];
}

function approvalForm(heading: string, recorded: boolean, fields: Array<[string, Content | null]>): Content {
  return {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    stack: [
      { text: heading, bold: true, fontSize: 11 },
      {
        text: recorded ? 'Recorded in Records Ledger.' : 'Not yet recorded in Records Ledger.',
        italics: !recorded,
        style: 'note',
        margin: [0, 0, 0, 2],
      },
      writeInForm(fields),
    ],
  };
}
