import { policyVersionById } from '../policy/policy-versions';
import type { CsvImport, CsvImportRow, CsvProblem } from '../export/csv';
import type { Removal, RemovalProblem } from '../removals/removal';
import type { RemovalDraft } from '../removals/removal-draft';
import { removalFromDraft } from '../removals/validate-removal';
import {
  importFieldForRecordField,
  importFieldKeys,
  importFieldOf,
  missingRequiredFields,
  momentImportFields,
  readSpreadsheetMoment,
  removalDraftFromRow,
  screenshotMediaType,
  type ColumnMapping,
  type ImportFieldKey,
  type RowContext,
  type RowProblem,
} from './removal-columns';

/**
 * What an import would do, worked out before anything is saved: the removals
 * ready to import, the rows that cannot be and why, and what to look at. The
 * clerk reads this report and confirms; only then is anything written.
 */

/**
 * The most rows one import takes. All the rows of an import are saved as one
 * journal batch, which is what makes it all or nothing, and one batch holds at
 * most 10,000 events (journalAppend in shared/ipc/channels.ts).
 */
export const MAX_IMPORT_ROWS = 10_000;

export type PlanContext = RowContext & { now: Date };

/** A removal ready to import, with the row it came from and the screenshots to attach to it. */
export interface PlannedRemoval {
  row: number;
  /**
   * The checked record. Its attachments are added by runImport from
   * `screenshots`; until then the list is empty.
   */
  removal: Removal;
  screenshots: string[];
}

export interface FailedRow {
  row: number;
  problems: RowProblem[];
}

export interface RowsPlan {
  valid: PlannedRemoval[];
  failed: FailedRow[];
  warnings: RowProblem[];
}

export interface ImportPlan extends RowsPlan {
  /** Why the file as a whole cannot be imported; when set, nothing else was checked. */
  refusal: string | null;
  /** Data rows in the file, blank rows not counted. */
  rowsRead: number;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * Why nothing in this file can be imported, whatever columns are chosen: a
 * file too large for one batch, or one the reader could not trust. Decided
 * before any row is checked.
 */
export function fileRefusalOf(sheet: CsvImport): string | null {
  const fileErrors = sheet.problems.filter(isFileError);
  const quote = fileErrors.find((problem) => problem.kind === 'broken_quote');
  // After a broken quote the reader cannot know where later cells begin and end, so no row of the file is trusted.
  if (quote) return `${quote.message} Nothing was imported from this file.`;
  if (fileErrors.length > 0) return fileErrors.map((problem) => problem.message).join(' ');
  if (sheet.rowsRead > MAX_IMPORT_ROWS) {
    return (
      `The file has ${formatCount(sheet.rowsRead)} rows, and one import takes at most ${formatCount(MAX_IMPORT_ROWS)}: ` +
      'every row of an import is saved together in one batch, so that it is all imported or none of it. ' +
      `Split it into files of at most ${formatCount(MAX_IMPORT_ROWS)} rows and import each one. Nothing was imported.`
    );
  }
  if (sheet.rowsRead === 0) return 'The file has a header row but no rows below it, so there is nothing to import.';
  return null;
}

/** Whether the file can be imported with these columns: the file's own refusal, or a column the record cannot do without. */
export function refusalOf(sheet: CsvImport, mapping: ColumnMapping): string | null {
  const refusal = fileRefusalOf(sheet);
  if (refusal) return refusal;
  const missing = missingRequiredFields(mapping, sheet.columns);
  if (missing.length === 0) return null;
  return (
    `No column is chosen for ${missing.join(', ')}, and a removal cannot be recorded without ${missing.length === 1 ? 'it' : 'them'}. ` +
    'Choose the column that holds each one, or add the column to the spreadsheet and choose the file again. Nothing was imported.'
  );
}

/** Problems that make the whole file untrustworthy; any other error belongs to its row alone. */
function isFileError(problem: CsvProblem): boolean {
  return problem.severity === 'error' && problem.kind !== 'wrong_column_count';
}

const fieldOrder = new Map<string | null, number>(importFieldKeys.map((key, index) => [key, index]));

function inColumnOrder(problems: RowProblem[]): RowProblem[] {
  const rank = (problem: RowProblem) => fieldOrder.get(problem.field) ?? importFieldKeys.length;
  return problems.map((problem, index) => ({ problem, index })).sort((a, b) => rank(a.problem) - rank(b.problem) || a.index - b.index).map(({ problem }) => problem);
}

/**
 * Stand-ins for the named screenshots while the record is checked, so that a
 * row whose content is only in a screenshot passes the "content or
 * screenshot" rule. They never reach the ledger: runImport puts the stored
 * files in their place.
 */
function withScreenshotStandIns(draft: RemovalDraft, screenshots: string[]): RemovalDraft {
  if (screenshots.length === 0) return draft;
  return {
    ...draft,
    attachments: screenshots.map((fileName, index) => ({
      attachmentId: `import-pending-${index}`,
      fileName,
      mediaType: screenshotMediaType(fileName) ?? 'image/png',
      bytes: 1,
      sha256: '0'.repeat(64),
      kind: 'screenshot',
    })),
  };
}

/**
 * A time read quickly is judged by the record's check, which words its
 * refusals for the form; the import's own reading says it for a spreadsheet
 * (a time that happened twice needs its offset written, not a choice made).
 */
function momentMessage(field: ImportFieldKey | null, problem: RemovalProblem, cellOf: (field: ImportFieldKey) => string, timeZone: string): string | null {
  if (field === null || !momentImportFields.includes(field) || problem.field !== importFieldOf(field).recordField) return null;
  const cell = cellOf(field);
  if (cell.trim() === '') return null;
  const read = readSpreadsheetMoment(cell, timeZone);
  return read.ok ? null : `${importFieldOf(field).label}: ${read.message}`;
}

/** Checks rows one by one; a worker calls it chunk by chunk to report progress. */
export function planImportRows(rows: readonly CsvImportRow[], mapping: ColumnMapping, context: PlanContext): RowsPlan {
  const valid: PlannedRemoval[] = [];
  const failed: FailedRow[] = [];
  const warnings: RowProblem[] = [];

  for (const row of rows) {
    const reading = removalDraftFromRow(row, mapping, context);
    warnings.push(...reading.warnings);
    const screenshots = reading.ok ? reading.screenshots : [];
    // Checked against the version the row was read under (its removal date's), named in the draft.
    const policy = (context.register && policyVersionById(context.register, reading.draft.policyVersionId ?? '')) || context.policy;
    const checked = removalFromDraft(withScreenshotStandIns(reading.draft, screenshots), { now: context.now, policy });
    if (reading.ok && checked.ok) {
      valid.push({ row: row.row, removal: { ...checked.removal, attachments: [] }, screenshots });
      continue;
    }
    const problems = reading.ok ? [] : [...reading.problems];
    const reported = new Set(problems.map((problem) => problem.field));
    const cellOf = (field: ImportFieldKey) => {
      const column = mapping[field];
      return column === undefined ? '' : (row.values[column] ?? '');
    };
    for (const problem of checked.ok ? [] : checked.problems) {
      const field = importFieldForRecordField(problem.field);
      // A value the row could not read is reported once, not again as missing.
      if (field !== null && reported.has(field)) continue;
      // The decision's time was taken from the removal's when the row has none of its own: one problem, not two.
      if (field === 'decisionAt' && cellOf('decisionAt').trim() === '' && reported.has('removed')) continue;
      const column = field ? (mapping[field] ?? null) : null;
      const unmapped = field && column === null ? ` No column is chosen for “${importFieldOf(field).label}”.` : '';
      problems.push({ row: row.row, column, field, message: `${momentMessage(field, problem, cellOf, context.timeZone) ?? problem.message}${unmapped}` });
      if (field !== null) reported.add(field);
    }
    failed.push({ row: row.row, problems: inColumnOrder(problems) });
  }
  return { valid, failed, warnings };
}

/** The rows the reader itself refused (a row with the wrong number of cells), as failed rows. */
function readerFailures(sheet: CsvImport): FailedRow[] {
  const byRow = new Map<number, RowProblem[]>();
  for (const problem of sheet.problems) {
    if (problem.severity !== 'error' || isFileError(problem) || problem.row === null) continue;
    byRow.set(problem.row, [...(byRow.get(problem.row) ?? []), { row: problem.row, column: problem.column, field: null, message: problem.message }]);
  }
  return [...byRow].map(([row, problems]) => ({ row, problems }));
}

function readerWarnings(sheet: CsvImport): RowProblem[] {
  return sheet.problems
    .filter((problem) => problem.severity === 'warning')
    .map((problem) => ({ row: problem.row ?? 1, column: problem.column, field: null, message: problem.message }));
}

/** The whole plan for a file read by readCsvForImport (or from an Excel workbook into the same shape). */
export function planImport(sheet: CsvImport, mapping: ColumnMapping, context: PlanContext): ImportPlan {
  const refusal = refusalOf(sheet, mapping);
  if (refusal) return { refusal, rowsRead: sheet.rowsRead, valid: [], failed: [], warnings: [] };
  return combinePlans(sheet, [planImportRows(sheet.rows, mapping, context)]);
}

/** The plan from the file's own problems and the rows checked in chunks. */
export function combinePlans(sheet: CsvImport, chunks: readonly RowsPlan[]): ImportPlan {
  const failed = [...readerFailures(sheet), ...chunks.flatMap((chunk) => chunk.failed)].sort((a, b) => a.row - b.row);
  const warnings = [...readerWarnings(sheet), ...chunks.flatMap((chunk) => chunk.warnings)].sort((a, b) => a.row - b.row);
  return { refusal: null, rowsRead: sheet.rowsRead, valid: chunks.flatMap((chunk) => chunk.valid), failed, warnings };
}
