import { describe, expect, it } from 'vitest';
import { createImportClient, type ImportWorkerLike } from '../../../renderer/src/import/import-client';
import { createImportJobs, type ImportRequest, type ImportWorkerMessage, type PlanRequestContext } from '../../../renderer/src/import/import-jobs';
import { checkRowsInChunks, ROWS_WORTH_A_HELPER, type RowCheckMessage, type RowCheckRequest, type RowHelperLike } from '../../../renderer/src/import/row-checker';
import type { ImportPlan } from '../../../shared/import/import-plan';
import { guessMapping } from '../../../shared/import/removal-columns';
import { clerkRow, counter, csvBytes, LA, now, policy, sites } from './fixtures';

/** Helpers that run the real row check in-process, delivering messages a turn later as a worker would. */
function inProcessHelpers(options: { fails?: boolean; failsToStart?: boolean; startsWhen?: Promise<void> } = {}) {
  const started: { terminated: boolean; rows: number }[] = [];
  const open = (): RowHelperLike => {
    const state = { terminated: false, rows: 0 };
    started.push(state);
    const ids = counter();
    const helper: RowHelperLike = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(request: RowCheckRequest) {
        const sent = structuredClone(request);
        state.rows = sent.rows.length;
        void (options.startsWhen ?? Promise.resolve()).then(() => {
          if (options.fails) return helper.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
          checkRowsInChunks(sent, () => `helper-${ids.newId()}`, (message: RowCheckMessage) => {
            const copy = structuredClone(message);
            setTimeout(() => !state.terminated && helper.onmessage?.({ data: copy } as MessageEvent<RowCheckMessage>));
          });
        });
      },
      terminate() {
        state.terminated = true;
      },
    };
    // As a worker whose script would not load: it says so a turn after it was made.
    if (options.failsToStart) setTimeout(() => helper.onerror?.({ message: 'could not load', preventDefault() {} } as ErrorEvent));
    return helper;
  };
  return { open, started };
}

/** An import worker run in-process, with or without helpers of its own. */
function importWorker(openHelper?: () => RowHelperLike) {
  return (): ImportWorkerLike => {
    let terminated = false;
    const worker: ImportWorkerLike = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(request: ImportRequest) {
        void Promise.resolve().then(() => jobs.handle(structuredClone(request)));
      },
      terminate() {
        terminated = true;
      },
    };
    const jobs = createImportJobs(
      (message: ImportWorkerMessage) => {
        if (!terminated) queueMicrotask(() => !terminated && worker.onmessage?.({ data: structuredClone(message) } as MessageEvent<ImportWorkerMessage>));
      },
      counter().newId,
      openHelper,
    );
    return worker;
  };
}

const context: PlanRequestContext = { sites, policy, timeZone: LA, now, screenshotFiles: null };
const bigFile = {
  name: 'log.csv',
  // Rows that fail, and rows with warnings, on both sides of the halfway mark.
  bytes: csvBytes(
    Array.from({ length: 2_600 }, (_, index) =>
      clerkRow(index, index === 5 || index === 2_400 ? { Reason: 'Spam' } : index === 7 || index === 1_900 ? { 'Display name': '' } : {}),
    ),
  ),
};

/** What the clerk is shown, without the ids each worker draws for itself. */
function asShown(plan: ImportPlan) {
  return { ...plan, valid: plan.valid.map(({ removal: { id: _id, ...removal }, ...planned }) => ({ ...planned, removal })) };
}

async function planned(createWorker: () => ImportWorkerLike, file = bigFile, onProgress: (done: number) => void = () => {}) {
  const client = createImportClient(createWorker);
  const summary = await client.read(file, ',');
  const plan = await client.plan(guessMapping(summary.columns), context, { onProgress: (step) => onProgress(step.done) });
  client.close();
  return plan;
}

describe('checking a large file on two cores', () => {
  it('gives the clerk the same report as one worker checking every row, in file order', async () => {
    const alone = await planned(importWorker());
    const helpers = inProcessHelpers();
    const together = await planned(importWorker(helpers.open));

    expect(helpers.started).toHaveLength(1);
    expect(helpers.started[0]?.rows).toBe(1_100);
    expect(asShown(together)).toEqual(asShown(alone));
    expect(together.valid).toHaveLength(2_598);
    expect(together.failed.map((failed) => failed.row)).toEqual([7, 2_402]);
    expect(together.valid.map((row) => row.row)).toEqual([...together.valid.map((row) => row.row)].sort((a, b) => a - b));
  });

  it('reports progress across both halves, never going back, up to every row', async () => {
    const progress: number[] = [];
    await planned(importWorker(inProcessHelpers().open), bigFile, (done) => progress.push(done));
    expect(progress.every((done, index) => index === 0 || done >= progress[index - 1]!)).toBe(true);
    expect(progress.at(-1)).toBe(2_600);
  });

  it('keeps reporting the helper’s progress while it finishes after the import worker’s own half', async () => {
    let ownHalfDone = () => {};
    const startsWhen = new Promise<void>((resolve) => (ownHalfDone = resolve));
    const progress: number[] = [];
    await planned(importWorker(inProcessHelpers({ startsWhen }).open), bigFile, (done) => {
      progress.push(done);
      if (done >= 1_500) ownHalfDone();
    });
    expect(progress.filter((done) => done > 1_500 && done < 2_600).length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(2_600);
  });

  it('checks the helper’s rows itself when the helper stops, losing none', async () => {
    const alone = await planned(importWorker());
    const helpers = inProcessHelpers({ fails: true });
    const plan = await planned(importWorker(helpers.open));
    expect(helpers.started).toHaveLength(1);
    expect(asShown(plan)).toEqual(asShown(alone));
  });

  it('checks every row itself when the helper stopped before it was given any, waiting for nothing', async () => {
    const alone = await planned(importWorker());
    const helpers = inProcessHelpers({ failsToStart: true });
    const client = createImportClient(importWorker(helpers.open));
    const summary = await client.read(bigFile, ',');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(helpers.started).toEqual([{ terminated: true, rows: 0 }]);
    const progress: number[] = [];
    const plan = await client.plan(guessMapping(summary.columns), context, { onProgress: (step) => progress.push(step.done) });
    client.close();
    expect(asShown(plan)).toEqual(asShown(alone));
    expect(progress.at(-1)).toBe(2_600);
  });

  it('starts the helper as soon as a large file is read, and ends it once the rows are checked', async () => {
    const helpers = inProcessHelpers();
    const client = createImportClient(importWorker(helpers.open));
    const summary = await client.read(bigFile, ',');
    expect(helpers.started).toEqual([{ terminated: false, rows: 0 }]);
    await client.plan(guessMapping(summary.columns), context);
    expect(helpers.started).toEqual([{ terminated: true, rows: 1_100 }]);
    client.close();
  });

  it('starts no helper for a file too small to gain from one', async () => {
    const helpers = inProcessHelpers();
    const small = { name: 'small.csv', bytes: csvBytes(Array.from({ length: ROWS_WORTH_A_HELPER - 1 }, (_, index) => clerkRow(index))) };
    const plan = await planned(importWorker(helpers.open), small);
    expect(plan.valid).toHaveLength(ROWS_WORTH_A_HELPER - 1);
    expect(helpers.started).toHaveLength(0);
  });
});
