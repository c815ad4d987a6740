import type { CsvImportRow } from '../../../shared/export/csv';
import { planImportRows, type PlanContext, type RowsPlan } from '../../../shared/import/import-plan';
import type { ColumnMapping } from '../../../shared/import/removal-columns';
import type { WorkerLike } from '../workers/worker-like';

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

/** `checked` carries the plan chunk by chunk, as the import worker keeps its own; combinePlans joins them all once. */
export type RowCheckMessage = { type: 'progress'; done: number } | { type: 'checked'; chunks: RowsPlan[] };

export type RowHelperLike = WorkerLike<RowCheckRequest, RowCheckMessage>;

/**
 * Checks rows a chunk at a time. `reached` hears how many are done before
 * each chunk and once all are, and may hold the next chunk back a turn.
 */
async function checkInChunks(
  rows: readonly CsvImportRow[],
  mapping: ColumnMapping,
  context: PlanContext,
  reached: (done: number) => void | Promise<void>,
): Promise<RowsPlan[]> {
  const chunks: RowsPlan[] = [];
  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    await reached(start);
    chunks.push(planImportRows(rows.slice(start, start + CHUNK_ROWS), mapping, context));
  }
  await reached(rows.length);
  return chunks;
}

/** The helper's side: checks the rows it was given, saying how far it has got. */
export async function checkRowsInChunks(request: RowCheckRequest, newId: () => string, post: (message: RowCheckMessage) => void): Promise<void> {
  const chunks = await checkInChunks(request.rows, request.mapping, { ...request.context, newId }, (done) => post({ type: 'progress', done }));
  post({ type: 'checked', chunks });
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
 * Starts a helper with its failures caught from the first moment: one that
 * stops before it is given rows (its script would not load, say) is ended and
 * forgotten, and its rows are checked here, instead of leaving the check
 * waiting for an answer that will not come, or ending the import worker with
 * an error nobody handled.
 */
export function startHelper(openHelper: () => RowHelperLike): { helper: RowHelperLike; stopped: () => boolean } | null {
  let helper: RowHelperLike;
  try {
    helper = openHelper();
  } catch {
    return null;
  }
  let stopped = false;
  const stop = () => {
    stopped = true;
    helper.terminate();
  };
  helper.onerror = (event) => {
    event.preventDefault();
    stop();
  };
  helper.onmessageerror = stop;
  return { helper, stopped: () => stopped };
}

/**
 * The import worker's side: checks every row, in file order, the later half
 * in a helper from `takeHelper` when the file is large enough. `onProgress`
 * gets the rows checked so far on both sides. The helper is ended when the
 * check is, whatever happened.
 */
export async function checkRows(
  rows: readonly CsvImportRow[],
  mapping: ColumnMapping,
  context: PlanContext,
  options: { takeHelper?: () => ReturnType<typeof startHelper>; onProgress: (done: number) => void },
): Promise<RowsPlan[]> {
  // Never backwards, even when a helper that stopped part-way leaves its rows to be checked again here.
  let highest = -1;
  const onProgress = (done: number) => {
    if (done <= highest) return;
    highest = done;
    options.onProgress(done);
  };
  const started = options.takeHelper && worthAHelper(rows.length) ? options.takeHelper() : null;
  const helper = started && !started.stopped() ? started.helper : null;
  const half = helper ? Math.ceil(rows.length / 2 / CHUNK_ROWS) * CHUNK_ROWS : rows.length;
  const mine = rows.slice(0, half);
  const theirs = rows.slice(half);
  let theirsDone = 0;
  /** Set once this side's rows are done: from then on the helper's progress is reported as it comes. */
  let ownHalfDone = false;
  const helped = new Promise<RowsPlan[] | null>((resolve) => {
    if (!helper || theirs.length === 0) return resolve(null);
    helper.onmessage = (event) => {
      if (event.data.type === 'checked') return resolve(event.data.chunks);
      theirsDone = event.data.done;
      if (ownHalfDone) onProgress(mine.length + theirsDone);
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
    const chunks = await checkInChunks(mine, mapping, context, async (done) => {
      if (done === mine.length && theirs.length > 0) return;
      onProgress(done + theirsDone);
      if (theirs.length > 0) await nextTurn();
    });
    if (theirs.length === 0) return chunks;
    ownHalfDone = true;
    onProgress(mine.length + theirsDone);
    const theirChunks = (await helped) ?? (await checkInChunks(theirs, mapping, context, (done) => onProgress(mine.length + done)));
    return [...chunks, ...theirChunks];
  } finally {
    helper?.terminate();
  }
}
