import { columnLetter, looksLikeFormula, type CsvImport, type CsvImportRow, type CsvProblem } from '../export/csv';

/**
 * An Excel sheet, already read into rows of cell values, in the shape a CSV
 * import has: cell text by column name, with the same problems reported the
 * same way. Then one plan and one report serve both kinds of file.
 */

/** A cell as the workbook reader gives it: text, a number, TRUE/FALSE, a date, or nothing. */
export type SheetCell = string | number | boolean | Date | null | undefined;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/**
 * A date cell as the text a clerk would type. Excel keeps wall-clock dates
 * and times with no zone; the reader hands them over as if in UTC, so the
 * UTC fields are the wall clock. A date at exactly midnight is written as the
 * date alone: it is almost always a date without a time, and the import then
 * asks for the time rather than inventing one.
 */
function dateCellText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const [hours, minutes, seconds] = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
  if (hours === 0 && minutes === 0 && seconds === 0) return day;
  return `${day} ${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}`;
}

export function sheetCellText(cell: SheetCell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return dateCellText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return cell;
}


/** Reads a sheet whose first row is the header. Never throws. */
export function importFromSheetCells(sheet: readonly (readonly SheetCell[])[], sheetName = 'the first sheet'): CsvImport {
  const [headerCells, ...dataRows] = sheet;
  const columns = (headerCells ?? []).map((cell) => sheetCellText(cell).trim());
  if (columns.every((name) => name === '')) {
    return {
      columns: [],
      rows: [],
      rowsRead: 0,
      problems: [{ row: null, column: null, kind: 'empty_file', severity: 'error', message: `Row 1 of ${sheetName} is empty, so the columns have no names. Put the column names in row 1 and import again.` }],
    };
  }

  const problems: CsvProblem[] = [];
  const indexesByName = new Map<string, number[]>();
  columns.forEach((name, index) => {
    if (name !== '') indexesByName.set(name.toLowerCase(), [...(indexesByName.get(name.toLowerCase()) ?? []), index]);
  });
  const ambiguous = new Set<string>();
  for (const [key, indexes] of indexesByName) {
    if (indexes.length < 2) continue;
    ambiguous.add(key);
    const name = columns[indexes[0] ?? 0] ?? key;
    problems.push({
      row: 1,
      column: name,
      kind: 'duplicate_column',
      severity: 'warning',
      message: `The column “${name}” appears ${indexes.length} times in row 1 (columns ${indexes.map(columnLetter).join(', ')}), so none of them is imported. Rename them so each column has its own name.`,
    });
  }
  const unnamedWithData = new Set<number>();

  const rows: CsvImportRow[] = [];
  let rowsRead = 0;
  dataRows.forEach((cells, index) => {
    const row = index + 2;
    const texts = cells.map(sheetCellText);
    if (texts.every((text) => text.trim() === '')) return;
    rowsRead += 1;
    const entries: [string, string][] = [];
    texts.forEach((text, columnIndex) => {
      const name = columns[columnIndex] ?? '';
      if (name === '') {
        if (text.trim() !== '') unnamedWithData.add(columnIndex);
        return;
      }
      if (ambiguous.has(name.toLowerCase())) return;
      entries.push([name, text]);
      if (typeof cells[columnIndex] === 'string' && looksLikeFormula(text)) {
        const start = text.startsWith('\t') ? 'a tab' : text.startsWith('\r') ? 'a line break' : `“${text.charAt(0)}”`;
        problems.push({
          row,
          column: name,
          kind: 'formula',
          severity: 'warning',
          message: `Row ${row}, ${name}: the cell starts with ${start}, like a spreadsheet formula. It is imported as text and never calculated.`,
        });
      }
    });
    for (const name of columns) if (name !== '' && !ambiguous.has(name.toLowerCase()) && !entries.some(([known]) => known === name)) entries.push([name, '']);
    // fromEntries makes a column named "__proto__" an ordinary column, not the object's prototype.
    rows.push({ row, values: Object.fromEntries(entries) });
  });

  for (const index of unnamedWithData) {
    problems.push({
      row: 1,
      column: null,
      kind: 'unnamed_column',
      severity: 'warning',
      message: `Column ${columnLetter(index)} has no name in row 1, so its cells are not imported. Give it a name to import them.`,
    });
  }
  return { columns, rows, rowsRead, problems };
}
