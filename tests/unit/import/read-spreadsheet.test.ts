import { describe, expect, it } from 'vitest';
import { planImport } from '../../../shared/import/import-plan';
import { guessMapping } from '../../../shared/import/removal-columns';
import { readSpreadsheet } from '../../../renderer/src/import/read-spreadsheet';
import { clerkHeaders, clerkRow, csvBytes, planContext } from './fixtures';
import { xlsxBytes, type XlsxCell } from '../../support/xlsx';

const rows = [clerkRow(0), clerkRow(1)];
const asSheet = (cells: XlsxCell[][]) => [{ name: 'Removals', rows: cells }];
const clerkSheet = (): XlsxCell[][] => [[...clerkHeaders], ...rows.map((row) => clerkHeaders.map((header) => row[header]))];

describe('reading an Excel workbook', () => {
  it('reads into the same shape as the same rows saved as CSV', async () => {
    const fromExcel = await readSpreadsheet({ name: 'log.xlsx', bytes: xlsxBytes(asSheet(clerkSheet())) });
    const fromCsv = await readSpreadsheet({ name: 'log.csv', bytes: csvBytes(rows) });
    expect(fromExcel.kind).toBe('xlsx');
    expect(fromExcel.problems).toEqual([]);
    expect({ columns: fromExcel.columns, rows: fromExcel.rows, rowsRead: fromExcel.rowsRead }).toEqual({ columns: fromCsv.columns, rows: fromCsv.rows, rowsRead: fromCsv.rowsRead });
    const plan = planImport(fromExcel, guessMapping(fromExcel.columns), planContext({ fileName: 'log.xlsx' }));
    expect(plan.valid.map((planned) => planned.row)).toEqual([2, 3]);
  });

  it('writes date cells as the wall-clock text a clerk would type, and a date alone without a time', async () => {
    const sheet = asSheet([
      ['Posted', 'Day', 'Count', 'Held'],
      [new Date(Date.UTC(2025, 2, 4, 14, 5)), new Date(Date.UTC(2025, 2, 4)), 12345, true],
    ]);
    const reading = await readSpreadsheet({ name: 'dates.xlsx', bytes: xlsxBytes(sheet) });
    expect(reading.rows[0]?.values).toEqual({ Posted: '2025-03-04 14:05', Day: '2025-03-04', Count: '12345', Held: 'TRUE' });
  });

  it('keeps text that looks like a formula verbatim with a warning, and reads a real formula by its computed value', async () => {
    const sheet = asSheet([
      ['Comment', 'Total'],
      ['=HYPERLINK("http://evil.example","Click")', { formula: 'CONCATENATE("a","b")', cached: 'ab' }],
    ]);
    const reading = await readSpreadsheet({ name: 'formula.xlsx', bytes: xlsxBytes(sheet) });
    expect(reading.rows[0]?.values).toEqual({ Comment: '=HYPERLINK("http://evil.example","Click")', Total: 'ab' });
    expect(reading.problems).toEqual([expect.objectContaining({ row: 2, column: 'Comment', kind: 'formula', severity: 'warning' })]);
  });

  it('keeps spaces and line breaks in text cells', async () => {
    const reading = await readSpreadsheet({ name: 'spaces.xlsx', bytes: xlsxBytes(asSheet([['Comment'], ['  two\nlines  ']])) });
    expect(reading.rows[0]?.values.Comment).toBe('  two\nlines  ');
  });

  it('reads the first sheet and says that the others were not read', async () => {
    const bytes = xlsxBytes([
      { name: 'March', rows: [['Comment'], ['first sheet']] },
      { name: 'April', rows: [['Comment'], ['second sheet']] },
    ]);
    const reading = await readSpreadsheet({ name: 'two.xlsx', bytes });
    expect(reading.rows.map((row) => row.values.Comment)).toEqual(['first sheet']);
    expect(reading.problems[0]?.message).toContain('only the first, “March”, was read');
  });

  it('reads a workbook whose parts are stored without compression too', async () => {
    const reading = await readSpreadsheet({ name: 'stored.xlsx', bytes: xlsxBytes(asSheet(clerkSheet()), { level: 0 }) });
    expect(reading.rowsRead).toBe(2);
  });
});

describe('files that cannot be read: a clear message, never a throw', () => {
  it.each([
    ['a damaged workbook', 'cut.xlsx', () => xlsxBytes(asSheet(clerkSheet())).slice(0, 300), /damaged|could not be read as an Excel workbook/],
    ['an old .xls workbook', 'old.xls', () => Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /older Excel file \(\.xls\)/],
    ['text named .xlsx', 'fake.xlsx', () => new TextEncoder().encode('Site,Comment\r\nx,y'), /named like an Excel workbook but is not one/],
    ['a PDF', 'log.pdf', () => new TextEncoder().encode('%PDF-1.7'), /not a spreadsheet the ledger can import/],
    ['an empty file', 'empty.xlsx', () => new Uint8Array(), /is empty/],
  ])('%s', async (_what, name, bytes, message) => {
    const reading = await readSpreadsheet({ name, bytes: bytes() });
    expect(reading.rows).toEqual([]);
    expect(reading.problems).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(message) })]);
  });

  it('refuses a workbook without a worksheet', async () => {
    const reading = await readSpreadsheet({ name: 'none.xlsx', bytes: xlsxBytes([]) });
    expect(reading.problems[0]?.severity).toBe('error');
    expect(reading.problems[0]?.message).toContain('none.xlsx');
  });
});
