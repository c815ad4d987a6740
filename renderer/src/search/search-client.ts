import { removalSchema, type Removal } from '../../../shared/removals/removal';
// Types only from the index: the page's bundle must not carry it; Vite builds it into the worker's chunk.
import type { LoadOutcome, SearchResults } from './removal-index';
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_QUERY_CHARACTERS,
  MAX_SEARCH_LIMIT,
  searchResponseSchema,
  type SearchRequest,
  type SearchResponse,
} from './search-protocol';
import type { WorkerLike } from '../workers/worker-like';

/**
 * The page's side of removal search. One client per unlocked session:
 *
 *   const search = createSearchClient({ dbName: readModelName(ledgerId), recordsKey });
 *   const stop = search.onProgress((done, total) => setIndexing({ done, total }));
 *   await search.ready;                        // { count, unreadable }
 *   const found = await search.search(text);   // { ids, total }, or null if superseded
 *   if (found) setResults(found);
 *   search.upsert(savedRemoval);               // after each save
 *   search.close();                            // on lock: the worker and its words are gone
 *
 * Searching before `ready` answers from the records indexed so far (the
 * index fills a page at a time); show the progress alongside.
 *
 * A newer search supersedes an older one: only one query is with the worker
 * at a time, and when another is asked for meanwhile, the older one resolves
 * with `null` (superseded) and the worker moves on to the newest. A typist
 * therefore gets the answer to what is in the box now, never a backlog.
 * After close(), search resolves with `null` too.
 */

/** Replies are checked against their schema as they arrive, so they are unknown until then. */
export type SearchWorkerLike = WorkerLike<SearchRequest, unknown>;

export interface SearchClientOptions {
  /** The read model's IndexedDB name (readModelName(ledgerId)); the worker opens it itself. */
  dbName: string;
  /** The records key; a non-extractable CryptoKey can be handed to a worker. */
  recordsKey: CryptoKey;
  createWorker?: () => SearchWorkerLike;
}

export type { LoadOutcome, SearchResults };

export interface SearchClient {
  /** Resolves once every removal in the read model is indexed; rejects if the records could not be read or the client was closed first. */
  readonly ready: Promise<LoadOutcome>;
  /** Called as rows are indexed (and at once with the latest figures); returns the function that stops it. */
  onProgress(listener: (done: number, total: number) => void): () => void;
  /** The best matches, best first; `null` when a newer search superseded this one or the client was closed. */
  search(query: string, limit?: number): Promise<SearchResults | null>;
  /** Every match, in no particular order, for a caller that sorts or keeps them itself; `null` as for `search`. */
  everyMatch(query: string): Promise<SearchResults | null>;
  /** A removal was saved: search its new text from now on. */
  upsert(removal: Removal): void;
  /**
   * Many removals were saved together, each checked against the removal
   * schema just before (an import): search them from now on. One message,
   * and no second check on the page: checking and posting 10,000 removals
   * one by one held the page for half a second after an import. The worker
   * checks them as it does every message, and stops search with a message
   * if one cannot be read.
   */
  upsertAll(removals: readonly Removal[]): void;
  /** A removal left the ledger: stop finding it. */
  remove(id: string): void;
  /** Ends the worker and every decrypted word in it. Call on lock. */
  close(): void;
}

interface Pending {
  resolve(results: SearchResults | null): void;
  reject(error: Error): void;
}

interface Waiting extends Pending {
  query: string;
  limit: number;
  ranked: boolean;
}

function startSearchWorker(): SearchWorkerLike {
  // Vite recognises this exact form and bundles search.worker.ts as a module worker chunk.
  return new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'search' });
}

export class SearchStopped extends Error {
  override readonly name = 'SearchStopped';
}

export function createSearchClient(options: SearchClientOptions): SearchClient {
  const worker = (options.createWorker ?? startSearchWorker)();
  const listeners = new Set<(done: number, total: number) => void>();
  let progress: { done: number; total: number } | null = null;
  let closed = false;
  let stopped: SearchStopped | null = null;
  let nextRequestId = 0;
  let inFlight: (Pending & { requestId: number }) | null = null;
  /** The ids the worker numbered, by number: it answers every-match searches in these numbers. */
  const names: string[] = [];
  let waiting: Waiting | null = null;

  let settleReady: { resolve(outcome: LoadOutcome): void; reject(error: Error): void } | null = null;
  const ready = new Promise<LoadOutcome>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Whoever awaits `ready` still sees a rejection; nobody awaiting it is not an error.
  ready.catch(() => undefined);

  function send(next: Waiting): void {
    const requestId = nextRequestId++;
    inFlight = { requestId, resolve: next.resolve, reject: next.reject };
    worker.postMessage({ type: 'search', requestId, query: next.query, limit: next.limit, ranked: next.ranked });
  }

  /** The worker can no longer be trusted to answer: say so to everyone waiting, and to every later search. */
  function stop(message: string): void {
    if (stopped || closed) return;
    stopped = new SearchStopped(message);
    settleReady?.reject(stopped);
    settleReady = null;
    inFlight?.reject(stopped);
    waiting?.reject(stopped);
    inFlight = null;
    waiting = null;
    worker.terminate();
  }

  /** The ids of numbers the worker named before; null if one was never named. */
  function idsOf(numbers: Int32Array): string[] | null {
    const ids = new Array<string>(numbers.length);
    for (let i = 0; i < numbers.length; i++) {
      const id = names[numbers[i]!];
      if (id === undefined) return null;
      ids[i] = id;
    }
    return ids;
  }

  function receive(message: SearchResponse): void {
    switch (message.type) {
      case 'progress':
        progress = { done: message.done, total: message.total };
        for (const listener of [...listeners]) listener(message.done, message.total);
        return;
      case 'ready':
        settleReady?.resolve({ count: message.count, unreadable: message.unreadable });
        settleReady = null;
        return;
      case 'names':
        if (message.first !== names.length) {
          stop('Search lost track of which records it had told the page about. Lock the ledger and unlock it again to restart search.');
          return;
        }
        for (const id of message.ids) names.push(id);
        return;
      case 'results':
      case 'matches':
      case 'failed': {
        if (message.type === 'failed' && message.requestId === undefined) {
          stop(message.message);
          return;
        }
        if (!inFlight || inFlight.requestId !== message.requestId) return;
        const answered = inFlight;
        inFlight = null;
        if (waiting) {
          answered.resolve(null);
          const next = waiting;
          waiting = null;
          send(next);
        } else if (message.type === 'results') {
          answered.resolve({ ids: message.ids, total: message.total });
        } else if (message.type === 'matches') {
          const ids = idsOf(message.numbers);
          if (ids) {
            answered.resolve({ ids, total: message.total });
          } else {
            const problem = 'Search answered with a record it had not named. Lock the ledger and unlock it again to restart search.';
            stop(problem);
            // Taken off the in-flight slot above, so stop() could not reach it.
            answered.reject(stopped ?? new SearchStopped(problem));
          }
        } else {
          answered.reject(new Error(message.message));
        }
        return;
      }
    }
  }

  worker.onmessage = (event) => {
    const parsed = searchResponseSchema.safeParse(event.data);
    if (parsed.success) receive(parsed.data);
    else stop('Search sent an answer that could not be read. Lock the ledger and unlock it again to restart search.');
  };
  worker.onerror = (event) => {
    event.preventDefault();
    stop(`Search stopped working${event.message ? ` (${event.message})` : ''}. Lock the ledger and unlock it again to restart search.`);
  };
  worker.onmessageerror = () => stop('Search sent an answer that could not be read. Lock the ledger and unlock it again to restart search.');

  /** Only the newest query waiting behind the one in flight is sent; the one it replaced is answered null. */
  function ask(query: string, limit: number, ranked: boolean): Promise<SearchResults | null> {
    if (closed) return Promise.resolve(null);
    if (stopped) return Promise.reject(stopped);
    return new Promise<SearchResults | null>((resolve, reject) => {
      const next: Waiting = { query: query.slice(0, MAX_QUERY_CHARACTERS), limit, ranked, resolve, reject };
      if (inFlight) {
        waiting?.resolve(null);
        waiting = next;
      } else {
        send(next);
      }
    });
  }

  worker.postMessage({ type: 'open', dbName: options.dbName, recordsKey: options.recordsKey });

  return {
    ready,
    onProgress(listener) {
      listeners.add(listener);
      if (progress && !closed) listener(progress.done, progress.total);
      return () => listeners.delete(listener);
    },
    search(query, limit = DEFAULT_SEARCH_LIMIT) {
      return ask(query, Number.isFinite(limit) ? Math.min(MAX_SEARCH_LIMIT, Math.max(0, Math.floor(limit))) : DEFAULT_SEARCH_LIMIT, true);
    },
    everyMatch(query) {
      return ask(query, MAX_SEARCH_LIMIT, false);
    },
    upsert(removal) {
      if (closed || stopped) return;
      // Checked here, where the caller can be told, rather than refused silently in the worker.
      worker.postMessage({ type: 'upsert', removal: removalSchema.parse(removal) });
    },
    upsertAll(removals) {
      if (closed || stopped || removals.length === 0) return;
      worker.postMessage({ type: 'upsertAll', removals: [...removals] });
    },
    remove(id) {
      if (closed || stopped) return;
      worker.postMessage({ type: 'remove', id });
    },
    close() {
      if (closed) return;
      closed = true;
      worker.terminate();
      listeners.clear();
      settleReady?.reject(new DOMException('Search was closed before it finished reading the records.', 'AbortError'));
      settleReady = null;
      inFlight?.resolve(null);
      waiting?.resolve(null);
      inFlight = null;
      waiting = null;
    },
  };
}
