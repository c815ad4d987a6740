import { describe, expect, it } from 'vitest';
import { createImportClient, type ImportWorkerLike } from '../../../renderer/src/import/import-client';
import { createImportJobs, type ImportRequest, type ImportWorkerMessage, type PlanRequestContext } from '../../../renderer/src/import/import-jobs';
import { guessMapping } from '../../../shared/import/removal-columns';
import { clerkHeaders, clerkRow, counter, csvBytes, LA, now, policy, sites } from './fixtures';

/** A worker that runs the real jobs in-process, delivering messages asynchronously as a worker would. */
function inProcessWorkers() {
  const started: { terminated: boolean; requests: ImportRequest[] }[] = [];
  const create = (): ImportWorkerLike => {
    const state = { terminated: false, requests: [] as ImportRequest[] };
    started.push(state);
    const worker: ImportWorkerLike = {
      onmessage: null,
      onerror: null,
      onmessageerror: null,
      postMessage(request) {
        state.requests.push(request);
        void Promise.resolve().then(() => jobs.handle(structuredClone(request)));
      },
      terminate() {
        state.terminated = true;
      },
    };
    const jobs = createImportJobs((message: ImportWorkerMessage) => {
      if (!state.terminated) queueMicrotask(() => !state.terminated && worker.onmessage?.({ data: structuredClone(message) } as MessageEvent<ImportWorkerMessage>));
    }, counter().newId);
    return worker;
  };
  return { create, started };
}

const context: PlanRequestContext = { sites, policy, timeZone: LA, now, screenshotFiles: null };
const file = { name: 'log.csv', bytes: csvBytes(Array.from({ length: 600 }, (_, index) => clerkRow(index, index === 5 ? { Reason: 'Spam' } : {}))) };

describe('the import worker client', () => {
  it('reads the file, previews the first rows, and checks them with progress', async () => {
    const workers = inProcessWorkers();
    const client = createImportClient(workers.create);
    const summary = await client.read(file, ',');
    expect(summary).toMatchObject({ fileName: 'log.csv', kind: 'csv', columns: [...clerkHeaders], rowsRead: 600, refusal: null });
    expect(summary.sample).toHaveLength(10);

    const progress: number[] = [];
    const plan = await client.plan(guessMapping(summary.columns), context, { onProgress: (step) => progress.push(step.done) });
    expect(plan.valid).toHaveLength(599);
    expect(plan.failed.map((failed) => failed.row)).toEqual([7]);
    expect(progress).toEqual([0, 250, 500, 600]);
    client.close();
    expect(workers.started.every((worker) => worker.terminated)).toBe(true);
  });

  it('says why a file is refused as soon as it is read', async () => {
    const client = createImportClient(inProcessWorkers().create);
    const summary = await client.read({ name: 'old.csv', bytes: Uint8Array.from([0x53, 0x69, 0x74, 0x65, 0x0a, 0xe9]) }, ',');
    expect(summary.refusal).toContain('not UTF-8');
    client.close();
  });

  it('on Cancel ends the worker; the next check starts a fresh one and reads the file into it again', async () => {
    const workers = inProcessWorkers();
    const client = createImportClient(workers.create);
    const summary = await client.read(file, ',');
    const controller = new AbortController();
    const checking = client.plan(guessMapping(summary.columns), context, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(checking).rejects.toMatchObject({ name: 'AbortError' });
    expect(workers.started[0]?.terminated).toBe(true);

    const plan = await client.plan(guessMapping(summary.columns), context);
    expect(plan.valid).toHaveLength(599);
    expect(workers.started).toHaveLength(2);
    expect(workers.started[1]?.requests.map((request) => request.type)).toEqual(['read', 'plan']);
    client.close();
  });

  it('after close, forgets the file', async () => {
    const client = createImportClient(inProcessWorkers().create);
    await client.read(file, ',');
    client.close();
    await expect(client.plan({}, context)).rejects.toThrow('Choose the spreadsheet first.');
  });
});
