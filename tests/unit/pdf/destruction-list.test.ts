import { beforeAll, describe, expect, it } from 'vitest';
import { destructionListDocument, destructionListInputSchema, type DestructionListInput } from '../../../renderer/src/pdf/documents/destruction-list';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { runPdfJob, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import { MAX_RECORDS_IN_BATCH, type DispositionBatch } from '../../../shared/retention/disposition';
import { aBatch, aSeries, contentHash, HOSTILE, listedRecords, NO_APPROVALS, RECORDED_APPROVALS, recordId } from './fixtures';
import { activeNamesIn, count, pdfInfo, pdfPages, pdfText } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');
/** Ids and hashes are printed over two lines; with every space gone they read as one string again. */
const joined = (text: string) => text.replace(/\s+/g, '');

const removedContent = aSeries();
const blocks = aSeries({
  id: 'series-blocks',
  code: 'SM-BLK',
  title: HOSTILE,
  period: { kind: 'for', years: 3, months: 6, days: 0 },
  trigger: 'block_lifted',
  citation: 'Resolution 25-02',
});

function input(batch: DispositionBatch, overrides: Partial<DestructionListInput> = {}): DestructionListInput {
  return destructionListInputSchema.parse({
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    batch,
    series: [removedContent, blocks],
    preparedAt: '2026-05-02T17:00:00.000Z',
    ...overrides,
  });
}

/** 40 records of removed content and 2 of blocks, the city attorney's consent the only approval yet. */
function batchAwaitingApproval(overrides: Partial<DispositionBatch> = {}): DispositionBatch {
  const blockRecords = listedRecords(2, blocks).map((record, i) => ({ ...record, recordId: recordId(900 + i), contentHash: contentHash(900 + i) }));
  return aBatch({
    records: [...listedRecords(40), ...blockRecords],
    approvals: { ...NO_APPROVALS, cityAttorney: RECORDED_APPROVALS.cityAttorney },
    ...overrides,
  });
}

describe('the destruction list', () => {
  let bytes: Uint8Array;
  let text: string;
  let pages: string[];
  const batch = batchAwaitingApproval({ createdBy: { userId: 'user-hostile', name: HOSTILE } });
  beforeAll(async () => {
    bytes = await renderPdf(destructionListDocument(input(batch)));
    pages = pdfPages(bytes);
    text = pages.join('\f');
  });

  it('names the batch, the action, who listed it and when this copy was prepared', () => {
    expect(text.split('\n')[0]).toBe('Destruction list');
    for (const expected of ['Batch number DB-2026-003', 'Action Destroy', 'Status Awaiting approval', 'Listed at May 1, 2026, 9:30 AM PDT', 'This copy prepared May 2, 2026, 10:00 AM PDT']) {
      expect(flat(text)).toContain(expected);
    }
    expect(pdfInfo(bytes).Title).toBe('Destruction list: batch DB-2026-003, Social media removals (City of Norwalk)');
  });

  it('states what Gov. Code 34090 requires and that none of the records is held', () => {
    const statement = flat(text);
    expect(statement).toContain('Under Government Code section 34090');
    expect(statement).toContain('at least two years old and no longer required');
    expect(statement).toContain('approval of its legislative body by resolution and the written consent of the city attorney');
    expect(statement).toContain('none of these records was held by a legal hold or an open public records request');
  });

  it('lists every record once, with its series, dates, version, full content hash and number of files', () => {
    const all = joined(text);
    for (const record of batch.records) {
      expect(count(all, record.recordId), record.recordId).toBe(1);
      expect(count(all, record.contentHash), record.contentHash).toBe(1);
    }
    // The first record: version 1, no files; the second: version 2, one file.
    expect(text).toMatch(new RegExp(`^${recordId(1).slice(0, 16)}\\n${recordId(1).slice(16)}\\nSM-REM 2024-03-15 2026-03-15 1 ${contentHash(1).slice(0, 32)}\\n${contentHash(1).slice(32)}\\n0$`, 'm'));
    expect(text).toMatch(new RegExp(`^${recordId(2).slice(16)}\\nSM-REM 2024-03-15 2026-03-15 2 ${contentHash(2).slice(0, 32)}\\n${contentHash(2).slice(32)}\\n1$`, 'm'));
    expect(flat(text)).toContain('Total records 42 Total files 21 Series 2');
  });

  it('describes each series involved: code, title, period, what it counts from and the resolution', () => {
    const series = flat(text);
    expect(series).toContain('SM-REM Social media content removed under the Social Media Policy 2 years the date it was removed Resolution 24-17 40');
    expect(series).toContain('SM-BLK');
    expect(series).toContain('3 years, 6 months the day the poster’s block is lifted Resolution 25-02 2');
  });

  it('prints a hostile series title and name as literal text, with nothing active in the file', () => {
    // The series schema trims the title, and a trailing U+FEFF counts as a space to trim, so only the name keeps it.
    for (const expected of ['<script>alert(1)</script>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x']) {
      // Once as the series title, once as who listed the batch; a narrow table cell may wrap it.
      expect(count(joined(text), joined(expected)), expected).toBe(2);
    }
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('fills in the approval already recorded and leaves lines for the others', () => {
    const approvals = flat(text.slice(text.lastIndexOf('Approvals')));
    expect(approvals).toContain(
      'The city attorney’s written consent Recorded in Records Ledger. Name Jane Ortiz Date of consent May 4, 2026 Reference (letter or memo) CA memo 2026-14 Signature',
    );
    expect(approvals).toContain('The legislative body’s approval by resolution Not yet recorded in Records Ledger. Body Resolution number Date adopted');
    expect(approvals).toContain('The department head’s approval Not yet recorded in Records Ledger. Name Title Date Signature');
  });

  it('numbers every page and names the batch at the foot of each', () => {
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain('Records Ledger · Destruction list · batch DB-2026-003 · document format 1');
    });
  });
});

describe('a destruction list', () => {
  it('prints every approval once all three are recorded', async () => {
    const text = flat(pdfText(await renderPdf(destructionListDocument(input(batchAwaitingApproval({ approvals: RECORDED_APPROVALS, approvedAt: '2026-05-13T17:00:00.000Z' }))))));
    expect(text).toContain('Status Approved, not yet executed');
    expect(text).toContain('Body City Council Resolution number Resolution 26-31 Date adopted May 12, 2026');
    expect(text).toContain('Name Sam Lee Title Director of Communications Date May 13, 2026 Signature');
    expect(text).not.toContain('Not yet recorded');
  });

  it('is titled "Transfer list" when the records go to the archives, and claims no destruction', async () => {
    const text = pdfText(await renderPdf(destructionListDocument(input(batchAwaitingApproval({ action: 'transfer' })))));
    expect(text.split('\n')[0]).toBe('Transfer list');
    expect(flat(text)).toContain('Action Transfer to the City’s archives');
    expect(flat(text)).toContain('It is not destroyed.');
    expect(text).not.toContain('Destruction list');
    expect(text).toContain('Records Ledger · Transfer list · batch DB-2026-003');
  });

  it('never prints content, even when a record arrives carrying some', async () => {
    const batch = aBatch();
    const smuggled = { ...batch, records: batch.records.map((record) => ({ ...record, content: 'Buy cheap watches at example.com', poster: 'watchdeals99' })) };
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'list', kind: 'destructionList', input: { cityName: 'City of Norwalk', ledgerName: 'Social media removals', batch: smuggled, series: [removedContent], preparedAt: '2026-05-02T17:00:00Z' } }, (message) =>
      messages.push(message),
    );
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    const text = pdfText(done?.type === 'done' ? done.bytes : new Uint8Array());
    expect(joined(text)).toContain(recordId(1));
    expect(text).not.toContain('watches');
    expect(text).not.toContain('watchdeals99');
  });

  it('is refused, saying which, when a record’s series was not given', async () => {
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob(
      { id: 'list', kind: 'destructionList', input: { cityName: 'City of Norwalk', ledgerName: 'Social media removals', batch: batchAwaitingApproval(), series: [removedContent], preparedAt: '2026-05-02T17:00:00Z' } },
      (message) => messages.push(message),
    );
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'error',
        reason: 'invalid_input',
        message: 'The destruction list could not be made: batch.records.40.seriesId: The series SM-BLK that a listed record belongs to was not given, so its retention period cannot be printed.',
      }),
    ]);
  });

  it(`renders the largest batch, ${MAX_RECORDS_IN_BATCH.toLocaleString('en-US')} records, through the PDF worker’s job`, async () => {
    const batch = aBatch({ records: listedRecords(MAX_RECORDS_IN_BATCH) });
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'big', kind: 'destructionList', input: input(batch) }, (message) => messages.push(message));
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    const pages = pdfPages(done?.type === 'done' ? done.bytes : new Uint8Array());
    const all = joined(pages.join('\n'));
    const missing = batch.records.filter((record) => !all.includes(record.recordId + 'SM-REM'));
    expect(missing.map((record) => record.recordId)).toEqual([]);
    expect(flat(pages.join('\n'))).toContain('Total records 9,999');
    pages.forEach((page, index) => expect(page).toContain(`Page ${index + 1} of ${pages.length}`));
    // Laying out and reading back hundreds of pages takes a while on a small machine; this is room to finish, not a measurement.
  }, 180_000);
});
