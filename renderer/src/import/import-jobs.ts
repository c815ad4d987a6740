import type { CsvImport, CsvImportRow, CsvProblem } from '../../../shared/export/csv';
import { combinePlans, fileRefusalOf, refusalOf, type ImportPlan } from '../../../shared/import/import-plan';
import type { ColumnMapping } from '../../../shared/import/removal-columns';
import type { PolicyVersion } from '../../../shared/policy/norwalk-v1';
import type { PolicyRegister } from '../../../shared/policy/policy-versions';
import type { Site } from '../../../shared/sites/site';
import { checkRows, startHelper, worthAHelper, type RowHelperLike } from './row-checker';
import { readSpreadsheet, type Delimiter, type SpreadsheetFile, type SpreadsheetKind } from './read-spreadsheet';

/**
 * The work the import worker does, apart from the worker itself so tests can
 * run it in-process. The worker keeps the file it read between "read" and
 * "plan", so the page holds only what it shows.
 */

/** Rows shown in the preview. */
export const PREVIEW_ROWS = 10;

export interface SheetSummary {
  fileName: string;
  kind: SpreadsheetKind | null;
  columns: string[];
  rowsRead: number;
  /** The first rows, for the preview of the mapping. */
  sample: CsvImportRow[];
  /** What the reader found wrong with the file or its rows, warnings included. */
  problems: CsvProblem[];
  /** Why nothing in the file can be imported, whatever the mapping, or null. */
  refusal: string | null;
}

export interface PlanRequestContext {
  sites: Site[];
  policy: PolicyVersion;
  /** Every policy version: each row is checked against the one in force when it was removed. */
  register?: PolicyRegister;
  timeZone: string;
  now: Date;
  screenshotFiles: string[] | null;
}

export type ImportRequest =
  | { id: string; type: 'read'; file: SpreadsheetFile; delimiter: Delimiter }
  | { id: string; type: 'plan'; mapping: ColumnMapping; context: PlanRequestContext };

export type ImportWorkerMessage =
  | { id: string; type: 'progress'; done: number; total: number; label: string }
  | { id: string; type: 'read'; summary: SheetSummary }
  | { id: string; type: 'planned'; plan: ImportPlan }
  | { id: string; type: 'failed'; message: string };

/**
 * `openHelper` starts a second worker for the later half of a large file's
 * rows; without it, every row is checked here.
 */
export function createImportJobs(post: (message: ImportWorkerMessage) => void, newId: () => string, openHelper?: () => RowHelperLike) {
  let sheet: { fileName: string; reading: CsvImport } | null = null;
  /**
   * Started as soon as a large file is read, so it has loaded by the time the
   * clerk has chosen the columns; a fresh worker took a third of a second to
   * start here, which the import worker's own half did not wait for. It stays
   * ready through a check refused for its columns, for the clerk's next try.
   */
  let readyHelper: ReturnType<typeof startHelper> = null;
  const takeHelper = () => {
    const helper = readyHelper ?? startHelper(openHelper!);
    readyHelper = null;
    return helper;
  };

  async function read(request: Extract<ImportRequest, { type: 'read' }>): Promise<void> {
    post({ id: request.id, type: 'progress', done: 0, total: 1, label: `Reading ${request.file.name}` });
    const reading = await readSpreadsheet(request.file, { delimiter: request.delimiter });
    const refusal = fileRefusalOf(reading);
    // A refused file is never planned, so its rows need not stay in memory.
    sheet = { fileName: request.file.name, reading: refusal ? { ...reading, rows: [] } : reading };
    readyHelper?.helper.terminate();
    readyHelper = openHelper && !refusal && worthAHelper(reading.rows.length) ? startHelper(openHelper) : null;
    post({
      id: request.id,
      type: 'read',
      summary: {
        fileName: request.file.name,
        kind: reading.kind,
        columns: reading.columns,
        rowsRead: reading.rowsRead,
        sample: reading.rows.slice(0, PREVIEW_ROWS),
        problems: reading.problems,
        refusal,
      },
    });
  }

  async function plan(request: Extract<ImportRequest, { type: 'plan' }>): Promise<void> {
    if (!sheet) {
      post({ id: request.id, type: 'failed', message: 'Choose the spreadsheet again: the file is no longer open.' });
      return;
    }
    const { reading, fileName } = sheet;
    const context = { ...request.context, fileName, newId };
    const refusal = refusalOf(reading, request.mapping);
    if (refusal) {
      post({ id: request.id, type: 'planned', plan: { refusal, rowsRead: reading.rowsRead, valid: [], failed: [], warnings: [] } });
      return;
    }
    const total = reading.rows.length;
    const chunks = await checkRows(reading.rows, request.mapping, context, {
      takeHelper: openHelper && takeHelper,
      onProgress: (done) => post({ id: request.id, type: 'progress', done, total, label: 'Checking the rows' }),
    });
    post({ id: request.id, type: 'planned', plan: combinePlans(reading, chunks) });
  }

  return {
    async handle(request: ImportRequest): Promise<void> {
      try {
        if (request.type === 'read') await read(request);
        else await plan(request);
      } catch (error) {
        post({ id: request.id, type: 'failed', message: `The import stopped unexpectedly: ${error instanceof Error ? error.message : 'unknown error'}. Nothing was imported.` });
      }
    },
  };
}
