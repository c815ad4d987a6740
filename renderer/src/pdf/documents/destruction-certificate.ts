import { z } from 'zod';
import { CITY_TIME_ZONE, timeZoneSchema } from '../../../../shared/removals/moments';
import { disposedStubSchema, dispositionBatchSchema, type DispositionBatch, type DisposedStub, type Execution } from '../../../../shared/retention/disposition';
import { recordSeriesSchema } from '../../../../shared/retention/series';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition, Inline, TableCell, TableLayout } from '../doc-definition';
import { CONTENT_WIDTH, framedDocument } from './common';
import { batchFooter, batchIdentity, calendarDayText, count, idText, instantText, keptWithHeader, refuseMissingSeries, seriesTable, writeInForm } from './retention-parts';
import { keyValueTable, listTable } from './tables';
import { visibleRuns, visibleText } from './visible-text';

/** Bump when the certificate's layout or wording changes; printed in its footer. */
export const DESTRUCTION_CERTIFICATE_FORMAT_VERSION = 1;

export const DESTRUCTION_CERTIFICATE_TITLE = 'Certificate of destruction';
export const TRANSFER_CERTIFICATE_TITLE = 'Certificate of transfer';

/** How much of each destroyed journal payload's hash is printed: enough to find the entry, short enough for thousands of records. */
export const PAYLOAD_HASH_PREFIX = 12;

export function notExecutedMessage(batchNumber: string): string {
  return `Batch ${batchNumber} has not been carried out yet, so there is nothing to certify. Execute the batch first, then make its certificate.`;
}

export const destructionCertificateInputSchema = z
  .object({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    batch: dispositionBatchSchema,
    /** Every series the batch's records belong to. */
    series: z.array(recordSeriesSchema),
    /** What remains of each disposed record, one per id in batch.execution.disposedIds. */
    stubs: z.array(disposedStubSchema),
    /** The backup folder set in Settings, or null when none is. */
    backupFolder: z.string().min(1).max(4096).nullable(),
    /** The City's zone: instants are printed in it. */
    timeZone: timeZoneSchema.default(CITY_TIME_ZONE),
  })
  .superRefine((input, ctx) => {
    const { batch } = input;
    if (batch.execution === null) {
      ctx.addIssue({ code: 'custom', path: ['batch', 'execution'], message: notExecutedMessage(batch.number) });
      return;
    }
    refuseMissingSeries(batch.records, input.series, ['batch', 'records'], ctx);
    // A certificate that silently skipped a destroyed record, or named one from another batch, would certify something untrue.
    const stubbed = new Set(input.stubs.map((stub) => stub.recordId));
    const missing = batch.execution.disposedIds.filter((id) => !stubbed.has(id));
    if (missing.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['stubs'],
        message: `${count(missing.length)} disposed record${missing.length === 1 ? ' has' : 's have'} no stub given (first: ${missing[0]}). Give the stub of every record the batch disposed of.`,
      });
    }
    const disposed = new Set(batch.execution.disposedIds);
    input.stubs.forEach((stub, index) => {
      if (stub.batchId !== batch.id || !disposed.has(stub.recordId)) {
        ctx.addIssue({ code: 'custom', path: ['stubs', index], message: `The stub of ${stub.recordId} is not a record this batch disposed of.` });
      }
    });
  });
export type DestructionCertificateInput = z.infer<typeof destructionCertificateInputSchema>;

export function certificateTitle(action: DispositionBatch['action']): string {
  return action === 'transfer' ? TRANSFER_CERTIFICATE_TITLE : DESTRUCTION_CERTIFICATE_TITLE;
}

export function destructionCertificateDocument(input: DestructionCertificateInput): DocumentDefinition {
  const { batch } = input;
  // The schema refuses this already; callers that skip it still get the same words.
  if (batch.execution === null) throw new Error(notExecutedMessage(batch.number));
  const execution = batch.execution;
  const title = certificateTitle(batch.action);
  const transfer = batch.action === 'transfer';
  const order = new Map(execution.disposedIds.map((id, index) => [id, index]));
  const stubs = [...input.stubs].sort((a, b) => (order.get(a.recordId) ?? 0) - (order.get(b.recordId) ?? 0));
  const payloadCount = stubs.reduce((sum, stub) => sum + stub.destroyedVersions.length, 0);
  const fileCount = stubs.reduce((sum, stub) => sum + stub.destroyedFiles.length, 0);
  const done = transfer ? 'transferred' : 'destroyed';

  const definition = framedDocument({
    documentTitle: title,
    formatVersion: DESTRUCTION_CERTIFICATE_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${title}: batch ${batch.number}, ${input.ledgerName} (${input.cityName})`,
    subject: transfer
      ? 'Records transferred to the City’s archives and taken out of a Records Ledger ledger, with the approvals and what remains of each.'
      : 'Records destroyed under Gov. Code 34090, with the approvals and the hashes of what was destroyed.',
    content: [
      { text: title, style: 'documentTitle' },
      {
        text: transfer
          ? 'Records transferred to the City’s archives and taken out of the ledger, after the approvals recorded below.'
          : 'Records destroyed under Gov. Code 34090, after the approvals recorded below.',
        style: 'documentSubtitle',
      },
      keyValueTable([
        ...batchIdentity(input, batch),
        ['Listed by', { text: [...visibleRuns(batch.createdBy.name), `, ${instantText(batch.createdAt, input.timeZone)}`] }],
        ['Executed by', visibleText(execution.executedBy.name)],
        ['Executed at', instantText(execution.executedAt, input.timeZone)],
        [`Records ${done}`, count(stubs.length)],
        ['Records left out', count(execution.leftOut.length)],
        [`Journal payloads ${transfer ? 'taken out' : 'destroyed'}`, count(payloadCount)],
        [`Files ${transfer ? 'taken out' : 'destroyed'}`, count(fileCount)],
      ]),
      { text: 'What was done', style: 'heading' },
      { text: whatWasDone(batch, execution, input.timeZone) },
      { text: 'Approvals', style: 'heading' },
      approvalsTable(batch),
      { text: 'Record series', style: 'heading' },
      seriesTable(input.series, stubs, 'No records were disposed of, so no series.'),
      { text: `Records ${done} (${count(stubs.length)})`, style: 'heading', pageBreak: 'before' },
      {
        text:
          `Under each record: the journal entries whose encrypted payloads were destroyed, by sequence number and the first ${PAYLOAD_HASH_PREFIX} characters of the payload’s SHA-256 hash ` +
          '(the journal keeps the whole hash), and each destroyed file’s full SHA-256 hash as the record kept it. Dates are calendar days in the City (year-month-day).',
        style: 'note',
        margin: [0, 0, 0, 6],
      },
      disposedTable(stubs),
      { text: `Records left out (${count(execution.leftOut.length)})`, style: 'heading' },
      keptWithHeader(
        listTable({
          headers: ['Record id', `Why it was not ${done}`],
          widths: [160, '*'],
          rows: execution.leftOut.map((left) => [idText(left.recordId, 32), visibleText(left.reason, { maxLength: 1000 })]),
          whenEmpty: `None: every listed record was ${done}.`,
        }),
      ),
      // Kept on one page: a statement about what still holds the content must not be read in halves.
      { unbreakable: true, stack: [{ text: 'Backups', style: 'heading' }, { text: backupStatement(execution, input.backupFolder, input.timeZone, done) }] },
      {
        unbreakable: true,
        stack: [
          { text: 'Signatures', style: 'heading' },
          { text: `I certify that the records listed above were ${done} as stated.`, margin: [0, 0, 0, 2] },
          { text: 'Records manager who executed the batch', bold: true, fontSize: 11, margin: [0, 6, 0, 0] },
          writeInForm([
            ['Name', visibleText(execution.executedBy.name)],
            ['Signature', null],
            ['Date', null],
          ]),
          { text: 'Witness', bold: true, fontSize: 11, margin: [0, 12, 0, 0] },
          writeInForm([
            ['Name', null],
            ['Title', null],
            ['Signature', null],
            ['Date', null],
          ]),
        ],
      },
    ],
  });
  definition.footer = batchFooter(title, batch.number, DESTRUCTION_CERTIFICATE_FORMAT_VERSION);
  return definition;
}

function whatWasDone(batch: DispositionBatch, execution: Execution, timeZone: string): string {
  const when = instantText(execution.executedAt, timeZone);
  if (batch.action === 'transfer') {
    return (
      `On ${when}, the records listed below were transferred to the City’s archives and taken out of this ledger: ` +
      'their content, every version of it in the journal, and their files. ' +
      'Each record was checked again first; any record held, changed or no longer eligible was left out and is named below. ' +
      'What remains of each transferred record in the ledger is a stub naming it, its series, its dates and the hashes of what left, so the journal still verifies.'
    );
  }
  return (
    `On ${when}, the records listed below were destroyed: their content, every version of it in the journal, and their files were deleted from this ledger. ` +
    'Each record was checked again first; any record held, changed or no longer eligible was left out and is named below. ' +
    'What remains of each destroyed record is a stub naming it, its series, its dates and the SHA-256 hashes of what was destroyed, ' +
    'so the journal’s hash chain still verifies and shows what once existed, without any of its content.'
  );
}

/** The backup sentence the certificate must carry: copies of destroyed content outlive the ledger's own. */
export function backupStatement(execution: Execution, backupFolder: string | null, timeZone: string, done: 'destroyed' | 'transferred'): Inline[] {
  // The moment, not the day: a backup made that morning, before the execution, holds the content too.
  const executed = instantText(execution.executedAt, timeZone);
  if (execution.backupsHoldContentUntil !== null) {
    return [
      `Backups made before ${executed} in `,
      ...(backupFolder === null ? ['the backup folder set in Settings'] : visibleRuns(backupFolder)),
      ` still hold the ${done} content; the app removes the last of them by ${calendarDayText(execution.backupsHoldContentUntil)}. `,
      'Copies of backups kept elsewhere must be destroyed by hand.',
    ];
  }
  return [
    `No backup rotation is configured for this ledger, so the app removes no backups. Any backup made before ${executed} still holds the ${done} content `,
    'and must be destroyed by hand, together with any copies of backups kept elsewhere.',
  ];
}

function approvalsTable(batch: DispositionBatch): Content {
  const { cityAttorney, legislativeBody, departmentHead } = batch.approvals;
  const missing = (what: string): Content => ({ text: `Not recorded: ${what}`, bold: true, color: '#9b1111' });
  return keyValueTable(
    [
      [
        'City attorney’s written consent',
        cityAttorney
          ? { text: [...visibleRuns(cityAttorney.name), `, ${calendarDayText(cityAttorney.date)}, reference `, ...visibleRuns(cityAttorney.reference)] }
          : missing('the city attorney’s written consent.'),
      ],
      [
        'Legislative body’s approval',
        legislativeBody
          ? { text: [...visibleRuns(legislativeBody.body), ', ', ...visibleRuns(legislativeBody.resolution), `, adopted ${calendarDayText(legislativeBody.date)}`] }
          : missing('the legislative body’s resolution.'),
      ],
      [
        'Department head’s approval',
        departmentHead
          ? { text: [...visibleRuns(departmentHead.name), ', ', ...visibleRuns(departmentHead.title), `, ${calendarDayText(departmentHead.date)}`] }
          : missing('the department head’s approval.'),
      ],
    ],
    170,
  );
}

/*
 * One table row per record, its cell holding the record's line and, under it
 * at full width, what was destroyed: a page break never falls between a
 * record and its hashes, and a full-width hash stays on one line.
 */
const DISPOSED_COLUMNS: Array<{ header: string; width: number | '*' }> = [
  { header: 'Record id', width: '*' },
  { header: 'Series', width: 60 },
  { header: 'Removed on', width: 62 },
  { header: 'Eligible on', width: 62 },
  { header: 'Journal payloads', width: 70 },
  { header: 'Files', width: 40 },
];

const disposedLayout: TableLayout = {
  hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.75 : 0.25),
  vLineWidth: () => 0,
  hLineColor: () => '#999999',
  paddingLeft: () => 2,
  paddingRight: () => 2,
  paddingTop: () => 3,
  paddingBottom: () => 3,
  fillColor: (rowIndex) => (rowIndex === 0 ? '#e6e6e6' : null),
};

function disposedTable(stubs: readonly DisposedStub[]): Content {
  if (stubs.length === 0) return { text: 'None: every listed record was left out.', style: 'note' };
  const line = (cells: Content[]): Content => ({
    columns: cells.map((cell, index) => ({ stack: [cell], width: DISPOSED_COLUMNS[index]?.width ?? '*' })),
    columnGap: 6,
  });
  return {
    style: 'tableCell',
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: [CONTENT_WIDTH - 4],
      body: [
        [line(DISPOSED_COLUMNS.map((column): Content => ({ text: column.header, style: 'tableHeader' })))],
        ...stubs.map((stub): TableCell[] => [
          {
            stack: [
              line([idText(stub.recordId, 32), visibleText(stub.seriesCode), stub.removedOn, stub.eligibleOn, count(stub.destroyedVersions.length), count(stub.destroyedFiles.length)]),
              destroyedDetail(stub),
            ],
          },
        ]),
      ],
    },
    layout: disposedLayout,
  };
}

/** Small enough that a full SHA-256 and its file's kind and size share one line across the page. */
const DETAIL_FONT_SIZE = 7.5;

function destroyedDetail(stub: DisposedStub): Content {
  const payloads = stub.destroyedVersions.map((version) => `#${version.seq} ${version.payloadHash.slice(0, PAYLOAD_HASH_PREFIX)}`).join(' · ');
  const lines: Content[] = [
    { text: [{ text: 'Journal payloads: ', bold: true }, payloads === '' ? 'none' : payloads], fontSize: DETAIL_FONT_SIZE },
    ...stub.destroyedFiles.map(
      (file): Content => ({
        text: [{ text: 'File: ', bold: true }, 'SHA-256 ', file.sha256, ` (`, ...visibleRuns(file.kind), `, ${count(file.bytes)} bytes)`],
        fontSize: DETAIL_FONT_SIZE,
      }),
    ),
  ];
  return { stack: lines, margin: [8, 1, 0, 0], color: '#333333' };
}
