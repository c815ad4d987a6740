import { unzipSync, zipSync, type Unzipped } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { columnLetter, readCsvForImport, type CsvImport, type CsvProblem } from '../../../shared/export/csv';
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

/**
 * The most cells a sheet may span, from A1 to its last row and column, before
 * it is read. The workbook reader builds that whole grid, blank cells
 * included, so one stray value at XFD1048576 (a file of a few hundred bytes)
 * would ask for seventeen billion cells and take the window down with it.
 * 5 million is 10,000 rows of 500 columns, far beyond any removal log.
 */
const MAX_SHEET_CELLS = 5_000_000;

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

/** A `<row>` or `<c>` start tag (with any namespace prefix) and its attributes, as the reader's XML parser sees them. */
const GRID_TAG = /<(?:[^\s<>/:]+:)?(row|c)((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
const ATTRIBUTE = /([^\s=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const XML_NAMED: Record<string, string> = { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' };

/** Character references decoded the way the reader decodes attribute values, so "&#88;FD1" is seen as the XFD1 it is. */
function xmlAttributeText(value: string): string {
  return value.replace(/&#(\d+);|&#x([0-9a-f]+);|&(\w+);/gi, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return XML_NAMED[name.toLowerCase()] ?? whole;
    const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
    return code <= 0xffff ? String.fromCharCode(code) : whole;
  });
}

/**
 * How far down and across a sheet's cells reach, read the way the workbook
 * reader reads them: a cell reference's letters are its column (A = 1), what
 * follows is its row as a JavaScript number ("1e9" included), and a row's own
 * number counts too. Anything unreadable is left to the reader to refuse.
 */
function gridExtent(xml: string): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  for (const [, tag, attributes = ''] of xml.matchAll(GRID_TAG)) {
    for (const [, name = '', double, single] of attributes.matchAll(ATTRIBUTE)) {
      if (name !== 'r' && !name.endsWith(':r')) continue;
      const value = xmlAttributeText(double ?? single ?? '');
      if (tag === 'row') {
        const row = Number(value);
        if (row > rows) rows = row;
        continue;
      }
      const digits = value.search(/\d/);
      if (digits === -1) continue;
      let column = 0;
      for (let i = 0; i < digits; i++) column = column * 26 + value.charCodeAt(i) - 64;
      const row = Number(value.slice(digits));
      if (row > rows) rows = row;
      if (column > columns) columns = column;
    }
  }
  return { rows, columns };
}

/**
 * How far the largest grid in the workbook reaches, when it is too large to
 * read safely; null when every one is within bounds. Every part is looked at,
 * whatever its name: which one the reader takes for the first sheet is for
 * the workbook's own relationships to say.
 */
function oversizedSheet(parts: Unzipped): { rows: number; columns: number } | null {
  for (const part of Object.values(parts)) {
    const extent = gridExtent(new TextDecoder().decode(part));
    if (extent.rows * Math.max(1, extent.columns) > MAX_SHEET_CELLS) return extent;
  }
  return null;
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
  const oversized = oversizedSheet(unpacked.parts);
  if (oversized) {
    const reach = Number.isFinite(oversized.rows) && Number.isFinite(oversized.columns) && oversized.columns > 0 ? ` to row ${oversized.rows.toLocaleString('en-US')}, column ${columnLetter(oversized.columns - 1)}` : '';
    return refused(
      `“${file.name}” has a sheet whose cells reach${reach || ' further than any spreadsheet can'}: far more than a removal log needs, and more than can be read safely. ` +
        'Delete the empty rows and columns after the data (or copy the removal log into a new workbook), or save it as CSV UTF-8, and import that file.',
      'xlsx',
    );
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
    // The reader's own complaints describe the file; a TypeError and its kind describe the reader, and mean nothing to a clerk.
    const aboutTheFile = error instanceof Error && error.message && !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError);
    return refused(
      `“${file.name}” could not be read as an Excel workbook${aboutTheFile ? ` (${error.message})` : ''}. Open it in Excel and save it again, or save it as CSV UTF-8.`,
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
