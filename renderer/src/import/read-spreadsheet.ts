import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { readCsvForImport, type CsvImport, type CsvProblem } from '../../../shared/export/csv';
import { importFromSheetCells, type SheetCell } from '../../../shared/import/sheet-cells';

/**
 * Reads the file a clerk chose, CSV or Excel, into one shape (cell text by
 * column name, with problems by row). Never throws: a file that cannot be
 * read comes back as a problem that says why and what to do.
 */

export type Delimiter = ',' | ';' | '\t';
export type SpreadsheetKind = 'csv' | 'xlsx';

export interface SpreadsheetFile {
  name: string;
  bytes: Uint8Array;
}

export type SpreadsheetReading = CsvImport & { kind: SpreadsheetKind | null };

/**
 * The parts of a workbook the reader needs, unpacked, may be at most this
 * large: a small file can unpack to gigabytes (a "zip bomb"), and the page
 * would run out of memory before saying anything useful.
 */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

function refused(message: string, kind: SpreadsheetKind | null): SpreadsheetReading {
  const problem: CsvProblem = { row: null, column: null, kind: 'empty_file', severity: 'error', message };
  return { kind, columns: [], rows: [], rowsRead: 0, problems: [problem] };
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

function extensionOf(name: string): string {
  return /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
}

const SAVE_AS = 'In Excel choose File › Save As › “Excel Workbook (.xlsx)” or “CSV UTF-8 (Comma delimited)”, and import that file.';

export async function readSpreadsheet(file: SpreadsheetFile, options: { delimiter?: Delimiter } = {}): Promise<SpreadsheetReading> {
  const extension = extensionOf(file.name);
  if (file.bytes.length === 0) return refused(`“${file.name}” is empty. Choose the spreadsheet itself.`, null);
  if (startsWith(file.bytes, OLE) || extension === 'xls') {
    return refused(`“${file.name}” is an older Excel file (.xls), which the ledger cannot read. ${SAVE_AS}`, null);
  }
  if (startsWith(file.bytes, ZIP)) {
    if (extension === 'ods' || extension === 'numbers') return refused(`“${file.name}” is not an Excel or CSV file. Export it from its program as .xlsx or CSV UTF-8 and import that file.`, null);
    return readWorkbook(file);
  }
  if (extension === 'xlsx' || extension === 'xlsm') {
    return refused(`“${file.name}” is named like an Excel workbook but is not one; it may be damaged or only partly copied. Open it in Excel to check it, or export the sheet as CSV UTF-8.`, 'xlsx');
  }
  if (['pdf', 'doc', 'docx', 'png', 'jpg', 'jpeg', 'ods', 'numbers', 'json'].includes(extension)) {
    return refused(`“${file.name}” is not a spreadsheet the ledger can import. ${SAVE_AS}`, null);
  }
  try {
    return { kind: 'csv', ...readCsvForImport(file.bytes, { delimiter: options.delimiter ?? (extension === 'tsv' ? '\t' : ',') }) };
  } catch (error) {
    // readCsvForImport promises not to throw; this is the last line against a file no one foresaw.
    return refused(`“${file.name}” could not be read as CSV: ${error instanceof Error ? error.message : 'an unknown problem'}. ${SAVE_AS}`, 'csv');
  }
}

function sheetNames(workbookXml: Uint8Array | undefined): string[] {
  if (!workbookXml) return [];
  const text = new TextDecoder().decode(workbookXml);
  return [...text.matchAll(/<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"/g)].map((match) => (match[1] ?? '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
}

function unpack(bytes: Uint8Array): { ok: true; parts: Unzipped } | { ok: false; tooLarge: boolean } {
  let unpacked = 0;
  let tooLarge = false;
  try {
    const parts = unzipSync(bytes, {
      filter: (entry) => {
        if (!entry.name.endsWith('.xml') && !entry.name.endsWith('.xml.rels')) return false;
        unpacked += entry.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) tooLarge = true;
        return !tooLarge;
      },
    });
    return tooLarge ? { ok: false, tooLarge } : { ok: true, parts };
  } catch {
    return { ok: false, tooLarge };
  }
}

async function readWorkbook(file: SpreadsheetFile): Promise<SpreadsheetReading> {
  const unpacked = unpack(file.bytes);
  if (!unpacked.ok) {
    return unpacked.tooLarge
      ? refused(`“${file.name}” unpacks to more than ${MAX_UNPACKED_BYTES / (1024 * 1024)} MB, far more than a removal log needs. Split it into smaller files, or save it as CSV UTF-8.`, 'xlsx')
      : refused(`“${file.name}” is damaged: its parts could not be unpacked. Open it in Excel and save it again, or save it as CSV UTF-8.`, 'xlsx');
  }
  const names = sheetNames(unpacked.parts['xl/workbook.xml']);
  let cells: SheetCell[][];
  try {
    // Packed again without compression: the reader then unpacks in this
    // worker. Compressed parts it would hand to helper workers made from
    // blob: addresses, which the page's Content Security Policy refuses.
    const stored = zipSync(unpacked.parts, { level: 0 });
    cells = (await readSheet(stored.buffer, 1, { trim: false })) as SheetCell[][];
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'XLS_FILE_NOT_SUPPORTED') return refused(`“${file.name}” is an older Excel file (.xls), which the ledger cannot read. ${SAVE_AS}`, 'xlsx');
    return refused(
      `“${file.name}” could not be read as an Excel workbook${error instanceof Error && error.message ? ` (${error.message})` : ''}. Open it in Excel and save it again, or save it as CSV UTF-8.`,
      'xlsx',
    );
  }
  const first = names[0] ? `the sheet “${names[0]}”` : 'the first sheet';
  const reading: SpreadsheetReading = { kind: 'xlsx', ...importFromSheetCells(cells, first) };
  if (names.length > 1) {
    reading.problems.unshift({
      row: null,
      column: null,
      kind: 'unnamed_column',
      severity: 'warning',
      message: `The workbook has ${names.length} sheets; only the first, “${names[0]}”, was read. To import another sheet, move it first or save it as its own file.`,
    });
  }
  return reading;
}
