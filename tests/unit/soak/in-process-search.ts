import { createSearchClient, type SearchClient, type SearchWorkerLike } from '../../../renderer/src/search/search-client';

/**
 * The app's search, worker included, without a browser: search.worker.ts is
 * loaded as a fresh module for each client (as a new Worker would be), with
 * `self` standing for the worker's scope while it loads. Messages cross in
 * both directions on a later turn, as postMessage does. Node has no Worker
 * that can open fake-indexeddb, so this is how the worker's own code runs here.
 */
let loaded = 0;

interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}

async function inProcessWorker(): Promise<SearchWorkerLike> {
  let terminated = false;
  const page: SearchWorkerLike = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: () => {},
    terminate: () => void (terminated = true),
  };
  const scope: WorkerScope = {
    onmessage: null,
    postMessage: (message) => {
      if (!terminated) setImmediate(() => !terminated && page.onmessage?.({ data: message } as MessageEvent<unknown>));
    },
  };
  const global = globalThis as { self?: unknown };
  const before = global.self;
  global.self = scope;
  try {
    loaded += 1;
    await import(/* @vite-ignore */ `../../../renderer/src/search/search.worker.ts?soak-worker=${loaded}`);
  } finally {
    if (before === undefined) delete global.self;
    else global.self = before;
  }
  if (!scope.onmessage) throw new Error('The search worker did not start listening.');
  page.postMessage = (message) => {
    if (!terminated) setImmediate(() => !terminated && scope.onmessage?.({ data: message }));
  };
  return page;
}

/** A search client as the app starts one at unlock, over the read model named `dbName`. */
export async function inProcessSearch(dbName: string, recordsKey: CryptoKey): Promise<SearchClient> {
  const worker = await inProcessWorker();
  return createSearchClient({ dbName, recordsKey, createWorker: () => worker });
}
