import { describe, expect, it } from 'vitest';
import { readCsvForImport } from '../../../shared/export/csv';
import { MAX_IMPORT_ROWS, planImport, planImportRows, refusalOf } from '../../../shared/import/import-plan';
import { guessMapping } from '../../../shared/import/removal-columns';
import { readSpreadsheet } from '../../../renderer/src/import/read-spreadsheet';
import { runImport } from '../../../renderer/src/import/run-import';
import { fakeSession } from './fake-session';
import { clerkHeaders, clerkRow, counter, csvBytes, csvText, planContext } from './fixtures';

const mapping = guessMapping([...clerkHeaders]);

/** The whole path a clerk takes: read the file, check the rows, and import what is ready once confirmed. */
async function importFile(name: string, bytes: Uint8Array) {
  const ids = counter();
  const sheet = await readSpreadsheet({ name, bytes });
  const plan = planImport(sheet, guessMapping(sheet.columns), planContext({ fileName: name, newId: ids.newId }));
  const { session, batches } = await fakeSession();
  if (!plan.refusal && plan.valid.length > 0) await runImport(plan.valid, { session, fileName: name });
  return { plan, batches, rowsChecked: ids.calls() };
}

describe('planning an import', () => {
  it('finds every row of a good 1,000-row file ready, and imports them in one batch', async () => {
    const rows = Array.from({ length: 1_000 }, (_, index) => clerkRow(index));
    const { plan, batches } = await importFile('removals-2025.csv', csvBytes(rows));
    expect(plan.refusal).toBeNull();
    expect(plan.failed).toEqual([]);
    expect(plan.valid).toHaveLength(1_000);
    expect(new Set(plan.valid.map((planned) => planned.removal.id)).size).toBe(1_000);
    expect(plan.valid[999]?.row).toBe(1_001);
    expect(plan.valid[3]?.removal.content).toBe(rows[3]?.Comment);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1_000);
  });

  it('reports failing rows with their row numbers and columns, and keeps the rest', () => {
    const rows = [clerkRow(0), clerkRow(1, { Site: 'Nowhere' }), clerkRow(2, { 'Flagged by': '', Posted: 'soon' })];
    const plan = planImport(readCsvForImport(csvBytes(rows)), mapping, planContext());
    expect(plan.valid.map((planned) => planned.row)).toEqual([2]);
    expect(plan.failed.map((failed) => failed.row)).toEqual([3, 4]);
    expect(plan.failed[1]?.problems.map((problem) => problem.column)).toEqual(['Posted', 'Flagged by']);
    expect(plan.failed[1]?.problems[1]?.message).toBe('Enter who flagged it.');
  });

  it('refuses a time the clocks skipped and one that happened twice, naming the column and asking for the offset', () => {
    const rows = [clerkRow(0, { Posted: '2025-03-09 02:30' }), clerkRow(1, { Seen: '11/2/2025 1:30 AM' })];
    const plan = planImport(readCsvForImport(csvBytes(rows)), mapping, planContext());
    expect(plan.failed[0]?.problems[0]).toMatchObject({ row: 2, column: 'Posted', field: 'posted' });
    expect(plan.failed[0]?.problems[0]?.message).toContain('did not happen in America/Los_Angeles');
    expect(plan.failed[1]?.problems[0]).toMatchObject({ row: 3, column: 'Seen' });
    expect(plan.failed[1]?.problems[0]?.message).toContain('happened twice');
    expect(plan.failed[1]?.problems[0]?.message).toContain('2025-11-02T01:30-07:00');
  });

  it('reports an unreadable removal time once, not again for the decision taken from it', () => {
    const plan = planImport(readCsvForImport(csvBytes([clerkRow(0, { 'Date removed': '2025-02-30 10:00' })])), mapping, planContext());
    expect(plan.failed[0]?.problems.map((problem) => problem.field)).toEqual(['removed']);
    expect(plan.failed[0]?.problems[0]?.message).toContain('Removed (date and time)');
  });

  it('reports a required field the record needs even when its column is missing from the mapping', () => {
    const { managerNotifiedWho: _who, managerNotifiedAt: _at, ...withoutManager } = mapping;
    const plan = planImport(readCsvForImport(csvBytes([clerkRow(0)])), withoutManager, planContext());
    expect(plan.failed[0]?.problems[0]?.message).toContain('No column is chosen for “City Manager or designee notified”');
  });

  it('checks chunks the same as the whole', () => {
    const sheet = readCsvForImport(csvBytes([clerkRow(0), clerkRow(1, { Reason: 'Spam' }), clerkRow(2)]));
    const whole = planImportRows(sheet.rows, mapping, planContext());
    const inChunks = [planImportRows(sheet.rows.slice(0, 2), mapping, planContext()), planImportRows(sheet.rows.slice(2), mapping, planContext())];
    expect(inChunks.flatMap((chunk) => chunk.valid.map((planned) => planned.row))).toEqual(whole.valid.map((planned) => planned.row));
    expect(inChunks.flatMap((chunk) => chunk.failed)).toEqual(whole.failed);
  });
});

describe('bad input: a clear message, and the ledger untouched', () => {
  it('imports a cell that looks like a formula as text, with a warning naming the row and column', async () => {
    const formula = '=HYPERLINK("http://evil.example","Click")';
    const { plan, batches } = await importFile('formula.csv', csvBytes([clerkRow(0, { Comment: formula })]));
    expect(plan.warnings).toEqual([expect.objectContaining({ row: 2, column: 'Comment', message: expect.stringContaining('imported as text and never calculated') })]);
    expect(plan.valid[0]?.removal.content).toBe(formula);
    // Text, never run: the ledger's one batch holds the cell as typed.
    expect((batches[0]?.[0]?.data as { content: string }).content).toBe(formula);
  });

  it('refuses a file with a broken quote as a whole', async () => {
    const [header, good] = csvText([clerkRow(0)]).split('\r\n');
    const cells = (comment: string) => csvText([clerkRow(1, { Comment: 'COMMENT' })]).split('\r\n')[1]!.replace('COMMENT', comment);
    const strayQuote = [header, good, cells('"Buy "cheap" watches"'), good].join('\r\n');
    const unclosed = [header, good, cells('"Buy cheap watches'), good].join('\r\n');
    for (const file of [strayQuote, unclosed]) {
      const { plan, batches } = await importFile('quotes.csv', new TextEncoder().encode(file));
      expect(plan.refusal).toMatch(/Row 3 .*quote/);
      expect(plan.refusal).toContain('Nothing was imported from this file.');
      expect(plan.valid).toEqual([]);
      expect(batches).toEqual([]);
    }
  });

  it('refuses 200,000 rows before checking any row, telling the clerk to split the file', async () => {
    const row = csvText([clerkRow(0)]).split('\r\n')[1]!;
    const header = csvText([]).split('\r\n')[0]!;
    const huge = new TextEncoder().encode([header, ...Array.from({ length: 200_000 }, () => row)].join('\r\n'));
    const { plan, batches, rowsChecked } = await importFile('everything.csv', huge);
    expect(plan.rowsRead).toBe(200_000);
    expect(plan.refusal).toContain('The file has 200,000 rows, and one import takes at most 10,000');
    expect(plan.refusal).toContain('Split it into files of at most 10,000 rows');
    expect(rowsChecked).toBe(0);
    expect(batches).toEqual([]);
  });

  it('takes exactly the most one batch holds, and refuses one row more', () => {
    const sheet = readCsvForImport(csvBytes([clerkRow(0)]));
    expect(refusalOf({ ...sheet, rowsRead: MAX_IMPORT_ROWS }, mapping)).toBeNull();
    expect(refusalOf({ ...sheet, rowsRead: MAX_IMPORT_ROWS + 1 }, mapping)).toContain('The file has 10,001 rows');
  });

  it('refuses a file in the wrong encoding', async () => {
    // Every character here is below 256, so one byte each is exactly how "CSV (Comma delimited)" saves it in Windows-1252.
    const text = csvText([clerkRow(0, { 'Display name': 'José Müller' })]);
    const latin1 = Uint8Array.from([...text].map((character) => character.charCodeAt(0)));
    const { plan, batches } = await importFile('latin1.csv', latin1);
    expect(plan.refusal).toContain('not UTF-8');
    expect(plan.refusal).toContain('CSV UTF-8');
    expect(batches).toEqual([]);
  });

  it('refuses a file without a column the record needs, naming it', async () => {
    const headers = clerkHeaders.filter((header) => header !== 'Reason');
    const { plan, batches } = await importFile('no-reason.csv', csvBytes([clerkRow(0)], headers));
    expect(plan.refusal).toContain('No column is chosen for “Policy categories”');
    expect(batches).toEqual([]);
  });

  it('refuses an empty file and one with only a header', async () => {
    expect((await importFile('empty.csv', new Uint8Array())).plan.refusal).toContain('is empty');
    expect((await importFile('header.csv', csvBytes([]))).plan.refusal).toContain('no rows below it');
  });
});
