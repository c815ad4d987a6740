import Papa from 'papaparse';

/**
 * CSV in and out of the ledger. Out: the filtered removals list, opened by
 * clerks and requesters in Excel or Google Sheets. In: the spreadsheets clerks
 * kept before the ledger. Both sides use papaparse; this file holds the rules
 * the ledger adds on top.
 */

/** A value for one cell. Dates and times should be formatted by the caller, in the City's time zone. */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvCell;
}

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV Injection"): starting
 * with =, +, -, @, a tab or a carriage return. Removed content is written by
 * the public, so "=HYPERLINK(...)" in a comment must arrive as text.
 * papaparse's own default pattern ends in ".*$" without the s flag, so it
 * misses a formula followed by a line break; this one checks the first
 * character only.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The rows as CSV text: a header row, then one row per item, lines ending in
 * CRLF (RFC 4180). Each text cell that a spreadsheet would run as a formula
 * gets a single quote in front, which spreadsheets show as text; nothing else
 * in the text changes. Numbers and true/false are written as they are: a
 * spreadsheet reads "-5" as the number it is, never as a formula.
 */
export function toSpreadsheetCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  return Papa.unparse(
    {
      fields: columns.map((column) => column.header),
      data: rows.map((row) => columns.map((column) => cellValue(column.value(row)))),
    },
    { escapeFormulae: FORMULA_START, newline: '\r\n', header: true },
  );
}

function cellValue(cell: CsvCell): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  // NaN and Infinity would be written as words a spreadsheet reads as text anyway; say nothing instead.
  if (typeof cell === 'number' && !Number.isFinite(cell)) return '';
  return cell;
}

/**
 * The bytes of a CSV file: UTF-8 with a byte order mark, because Excel on
 * Windows reads a CSV without one in the local code page and turns every
 * accented or non-Latin name into mojibake.
 */
export function csvFileBytes(csv: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`\uFEFF${csv}`) as Uint8Array<ArrayBuffer>;
}

export type CsvProblemKind =
  | 'not_utf8'
  | 'utf16'
  | 'empty_file'
  | 'broken_quote'
  | 'wrong_column_count'
  | 'missing_required_column'
  | 'duplicate_column'
  | 'unnamed_column'
  | 'formula';

export interface CsvProblem {
  /**
   * The spreadsheet row, counting the header as row 1 (as Excel numbers
   * rows); for encoding problems, the line of the file. Null when the problem
   * is the whole file.
   */
  row: number | null;
  /** The column's name in the header, when the problem is one cell or column. */
  column: string | null;
  kind: CsvProblemKind;
  /** An error keeps the row (or the file) out of the import; a warning is imported and reported. */
  severity: 'error' | 'warning';
  message: string;
}

export interface CsvImportRow {
  /** The spreadsheet row it came from (the header is row 1). */
  row: number;
  /** Cell text by column name, exactly as in the file. */
  values: Record<string, string>;
}

export interface CsvImport {
  /** The column names of the header row, trimmed, in file order. */
  columns: string[];
  /** The rows that can be imported: none when the file as a whole has an error. */
  rows: CsvImportRow[];
  /** Data rows read, blank rows not counted; rows with errors included. */
  rowsRead: number;
  problems: CsvProblem[];
}

export interface CsvImportOptions {
  /** Columns that must be in the header (matched ignoring case and surrounding spaces). */
  requiredColumns?: readonly string[];
  /**
   * What separates the columns. Comma unless the clerk says otherwise:
   * guessing picks a semicolon for a comma file whose comments happen to be
   * full of semicolons, and then every row is wrong.
   */
  delimiter?: ',' | ';' | '\t';
}

/**
 * Reads a CSV file for import without trusting it. Never throws: everything
 * wrong comes back as a problem with its row, and rows with errors are left
 * out, so the clerk sees the whole report before anything reaches the ledger.
 * Cell text is kept exactly, including a leading "'" a spreadsheet added.
 */
export function readCsvForImport(bytes: Uint8Array, options: CsvImportOptions = {}): CsvImport {
  const empty = (problem: CsvProblem): CsvImport => ({ columns: [], rows: [], rowsRead: 0, problems: [problem] });

  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { columns: [], rows: [], rowsRead: 0, problems: decoded.problems };
  const text = decoded.text;
  if (text.trim().length === 0) {
    return empty({ row: null, column: null, kind: 'empty_file', severity: 'error', message: 'The file is empty. Choose the spreadsheet saved as CSV.' });
  }

  const delimiter = options.delimiter ?? ',';
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const problems: CsvProblem[] = [];
  // An unclosed quote also trips the "quote in the middle" check on the same
  // row; the unclosed quote is the one to report, since it swallowed the rest.
  const quoteErrors = new Map<number, string>();
  for (const error of parsed.errors) {
    if (error.type !== 'Quotes' || error.row === undefined) continue;
    if (quoteErrors.get(error.row) !== 'MissingQuotes') quoteErrors.set(error.row, error.code);
  }
  const brokenRows = new Set(quoteErrors.keys());
  for (const [index, code] of quoteErrors) {
    const row = index + 1;
    problems.push({
      row,
      column: null,
      kind: 'broken_quote',
      severity: 'error',
      message:
        code === 'MissingQuotes'
          ? `Row ${row} opens a quoted cell (") that is never closed, so everything after it in the file was read as that one cell. ` +
            'Add the missing closing quote in the spreadsheet, save as CSV again and re-import; rows below it were not read.'
          : `Row ${row} has a quote (") in the middle of a quoted cell. Inside a quoted cell a quote must be written twice ("").`,
    });
  }

  const [headerCells, ...dataRows] = parsed.data;
  const columns = (headerCells ?? []).map((cell) => cell.trim());
  if (brokenRows.has(0)) return { columns, rows: [], rowsRead: 0, problems };

  const header = checkHeader(columns, options.requiredColumns ?? [], delimiter, dataRows);
  problems.push(...header.problems);
  const fileIsUnusable = header.problems.some((problem) => problem.severity === 'error');

  const rows: CsvImportRow[] = [];
  let rowsRead = 0;
  dataRows.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((cell) => cell.trim() === '')) return;
    rowsRead += 1;
    if (brokenRows.has(index + 1)) return;
    if (cells.length !== columns.length) {
      problems.push({
        row,
        column: null,
        kind: 'wrong_column_count',
        severity: 'error',
        message:
          `Row ${row} has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} but the header (row 1) has ${columns.length} columns. ` +
          (cells.length > columns.length
            ? 'A cell with a comma in it that is not in double quotes is split in two; fix the row in the spreadsheet and save as CSV again.'
            : 'Cells are missing at the end of the row; fill them in (even if empty) and save as CSV again.'),
      });
      return;
    }
    const entries: Array<[string, string]> = [];
    cells.forEach((cell, columnIndex) => {
      const name = columns[columnIndex] ?? '';
      if (name === '' || header.ambiguous.has(name.toLowerCase())) return;
      entries.push([name, cell]);
      if (looksLikeFormula(cell)) {
        const start = cell.startsWith('\t') ? 'a tab' : cell.startsWith('\r') ? 'a line break' : `“${cell.charAt(0)}”`;
        problems.push({
          row,
          column: name,
          kind: 'formula',
          severity: 'warning',
          message: `Row ${row}, ${name}: the cell starts with ${start}, like a spreadsheet formula. It is imported as text and never calculated.`,
        });
      }
    });
    // fromEntries defines each column as the row's own field, so a column
    // named "__proto__" is just a column, not the object's prototype.
    const values: Record<string, string> = Object.fromEntries(entries);
    if (!fileIsUnusable) rows.push({ row, values });
  });

  return { columns, rows: fileIsUnusable ? [] : rows, rowsRead, problems };
}

type Decoded = { ok: true; text: string } | { ok: false; problems: CsvProblem[] };

/**
 * Strict UTF-8: a file in another encoding is refused rather than read with
 * replacement characters, which would put wrong names into legal records
 * without anyone noticing.
 */
function decodeUtf8(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problems: [
        {
          row: null,
          column: null,
          kind: 'utf16',
          severity: 'error',
          message:
            'The file is saved as UTF-16 ("Unicode Text"), not as CSV in UTF-8, so nothing was read from it. ' +
            'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
        },
      ],
    };
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problems: [notUtf8Problem(bytes)] };
  }
}

function notUtf8Problem(bytes: Uint8Array): CsvProblem {
  // A line feed byte never occurs inside a multi-byte UTF-8 character, so
  // decoding line by line finds the lines at fault.
  const strict = new TextDecoder('utf-8', { fatal: true });
  const badLines: number[] = [];
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    try {
      strict.decode(bytes.subarray(start, i));
    } catch {
      badLines.push(line);
    }
    line += 1;
    start = i + 1;
  }
  const first = badLines[0] ?? 1;
  const more = badLines.length > 1 ? ` (and ${badLines.length - 1} more ${badLines.length === 2 ? 'line' : 'lines'})` : '';
  return {
    row: first,
    column: null,
    kind: 'not_utf8',
    severity: 'error',
    message:
      `The file is not UTF-8 text, so nothing was read from it: line ${first}${more} has characters in another encoding, ` +
      'probably because the spreadsheet was saved as plain "CSV (Comma delimited)". ' +
      'In Excel choose File › Save As › "CSV UTF-8 (Comma delimited)" and import that file.',
  };
}

function checkHeader(
  columns: string[],
  requiredColumns: readonly string[],
  delimiter: string,
  dataRows: string[][],
): { problems: CsvProblem[]; ambiguous: Set<string> } {
  const problems: CsvProblem[] = [];
  const ambiguous = new Set<string>();
  const byName = new Map<string, number[]>();
  columns.forEach((name, index) => {
    if (name === '') return;
    const key = name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), index]);
  });

  for (const [key, indexes] of byName) {
    if (indexes.length < 2) continue;
    ambiguous.add(key);
    const name = columns[indexes[0] ?? 0] ?? key;
    const required = requiredColumns.some((column) => column.trim().toLowerCase() === key);
    problems.push({
      row: 1,
      column: name,
      kind: 'duplicate_column',
      // A required column must be unambiguous; any other is left out and reported.
      severity: required ? 'error' : 'warning',
      message:
        `The column “${name}” appears ${indexes.length} times in row 1 (columns ${indexes.map(columnLetter).join(', ')}), ` +
        `so ${required ? 'nothing can be imported' : 'none of them is imported'}. Rename them so each column has its own name.`,
    });
  }

  columns.forEach((name, index) => {
    if (name !== '' || !dataRows.some((cells) => (cells[index] ?? '').trim() !== '')) return;
    problems.push({
      row: 1,
      column: null,
      kind: 'unnamed_column',
      severity: 'warning',
      message: `Column ${columnLetter(index)} has no name in row 1, so its cells are not imported. Give it a name to import them.`,
    });
  });

  const missing = [...new Set(requiredColumns.map((required) => required.trim()))].filter((required) => !byName.has(required.toLowerCase()));
  if (missing.length > 0) {
    const otherSeparator = columns.length === 1 ? [';', '\t'].find((separator) => separator !== delimiter && (columns[0] ?? '').includes(separator)) : undefined;
    const hint = otherSeparator
      ? ` Row 1 looks separated by ${otherSeparator === ';' ? 'semicolons' : 'tabs'}, not commas: choose that separator and read the file again.`
      : ` Row 1 has: ${columns.filter((name) => name !== '').map((name) => `“${name}”`).join(', ') || 'nothing'}. Add the column, or rename the one that holds it.`;
    for (const required of missing) {
      problems.push({
        row: 1,
        column: required,
        kind: 'missing_required_column',
        severity: 'error',
        message: `The file has no “${required}” column, so nothing can be imported.${hint}`,
      });
    }
  }
  return { problems, ambiguous };
}

/**
 * Whether an imported cell reads like a spreadsheet formula, to report it.
 * Looser than the export rule on purpose: "@jane_doe" and "+1 (562) 555-0100"
 * are common in clerks' sheets and harmless in the ledger, so a cell starting
 * with +, - or @ is reported only when it also has formula syntax in it.
 */
export function looksLikeFormula(cell: string): boolean {
  if (/^[=\t\r]/.test(cell)) return true;
  if (!/^[+\-@]/.test(cell)) return false;
  if (/^[+-][\d\s().,-]*\d[\d\s().,-]*$/.test(cell)) return false;
  return /[(!|=+*/^&]/.test(cell.slice(1));
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
