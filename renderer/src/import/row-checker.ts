import type { CsvImportRow } from '../../../shared/export/csv';
import { planImportRows, type PlanContext, type RowsPlan } from '../../../shared/import/import-plan';
import type { ColumnMapping } from '../../../shared/import/removal-columns';

/**
 * Checking a file's rows on two cores. Each row is checked on its own, so the
 * import worker hands the second half of a large file to a helper worker of
 * its own and checks the first half itself: a 10,000-row file took 2.7 s on
 * one core here, and two workers on this 2-core machine ran two such checks
 * in 3.4 s. The helper is the import worker's child, so Cancel, which ends
 * the import worker, ends it too; if it cannot start or stops, the import
 * worker checks its rows itself.
 */

/** Rows checked between two progress reports, and between two looks at the helper's messages. */
export const CHUNK_ROWS = 250;
/** Below this, starting a second worker takes longer than it saves. */
export const ROWS_WORTH_A_HELPER = 1_000;

export function worthAHelper(rows: number): boolean {
  return rows >= ROWS_WORTH_A_HELPER;
}

/** What crosses to the helper: the context without newId, which is a function; the helper has its own. */
export type RowCheckContext = Omit<PlanContext, 'newId'>;

export interface RowCheckRequest {
  rows: CsvImportRow[];
  mapping: ColumnMapping;
  context: RowCheckContext;
}

export type RowCheckMessage = { type: 'progress'; done: number } | { type: 'checked'; plan: RowsPlan };

/** The slice of a Worker the import worker uses, so tests can run the helper in-process. */
export interface RowHelperLike {
  onmessage: ((event: MessageEvent<RowCheckMessage>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  postMessage(request: RowCheckRequest): void;
  terminate(): void;
}

/** The helper's side: checks the rows it was given a chunk at a time, saying how far it has got. */
export function checkRowsInChunks(request: RowCheckRequest, newId: () => string, post: (message: RowCheckMessage) => void): void {
  const chunks: RowsPlan[] = [];
  for (let start = 0; start < request.rows.length; start += CHUNK_ROWS) {
    chunks.push(planImportRows(request.rows.slice(start, start + CHUNK_ROWS), request.mapping, { ...request.context, newId }));
    post({ type: 'progress', done: Math.min(start + CHUNK_ROWS, request.rows.length) });
  }
  post({ type: 'checked', plan: { valid: chunks.flatMap((c) => c.valid), failed: chunks.flatMap((c) => c.failed), warnings: chunks.flatMap((c) => c.warnings) } });
}

/** Lets the worker's own messages in between two chunks, without a timer's minimum wait. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * The import worker's side: checks every row, in file order, the later half
 * in a helper from `openHelper` when the file is large enough. `onProgress`
 * gets the rows checked so far on both sides. The helper is ended when the
 * check is, whatever happened.
 */
export async function checkRows(
  rows: readonly CsvImportRow[],
  mapping: ColumnMapping,
  context: PlanContext,
  options: { openHelper?: () => RowHelperLike; onProgress: (done: number) => void },
): Promise<RowsPlan[]> {
  const { openHelper, onProgress } = options;
  const half = openHelper && worthAHelper(rows.length) ? Math.ceil(rows.length / 2 / CHUNK_ROWS) * CHUNK_ROWS : rows.length;
  const mine = rows.slice(0, half);
  const theirs = rows.slice(half);
  let theirsDone = 0;
  /** Set once this side's rows are done: from then on the helper's progress is reported as it comes. */
  let waiting = false;
  let helper: RowHelperLike | null = null;
  const helped =
    theirs.length === 0
      ? Promise.resolve<RowsPlan | null>(null)
      : new Promise<RowsPlan | null>((resolve) => {
          try {
            helper = openHelper!();
          } catch {
            resolve(null);
            return;
          }
          helper.onmessage = (event) => {
            if (event.data.type === 'checked') return resolve(event.data.plan);
            theirsDone = event.data.done;
            if (waiting) onProgress(mine.length + theirsDone);
          };
          // A helper that stops leaves its rows to be checked here.
          helper.onerror = (event) => {
            event.preventDefault();
            resolve(null);
          };
          helper.onmessageerror = () => resolve(null);
          const { newId: _itsOwn, ...crossing } = context;
          helper.postMessage({ rows: theirs, mapping, context: crossing });
        });

  try {
    const chunks: RowsPlan[] = [];
    for (let start = 0; start < mine.length; start += CHUNK_ROWS) {
      onProgress(start + theirsDone);
      chunks.push(planImportRows(mine.slice(start, start + CHUNK_ROWS), mapping, context));
      if (theirs.length > 0) await nextTurn();
    }
    if (theirs.length === 0) return chunks;
    waiting = true;
    onProgress(mine.length + theirsDone);
    chunks.push((await helped) ?? planImportRows(theirs, mapping, context));
    return chunks;
  } finally {
    (helper as RowHelperLike | null)?.terminate();
  }
}
