import { ReadModelDatabase } from '../read-model/database';
import { buildIndexFromReadModel, RemovalIndex } from './removal-index';
import { SearchAnswers } from './search-answers';
import { searchRequestSchema, type SearchRequest, type SearchResponse } from './search-protocol';

/**
 * The search worker: reads and decrypts the removal rows of the read model
 * itself, so decrypting 100,000 records never touches the page's thread, and
 * answers searches from the index it builds. It holds decrypted words, so
 * search-client.ts terminates it when the ledger locks; nothing of it
 * survives that.
 *
 * The DOM lib types `self` as a Window; this is the slice of
 * DedicatedWorkerGlobalScope the worker uses.
 */
interface SearchWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: SearchResponse, transfer?: Transferable[]): void;
}

const scope = self as unknown as SearchWorkerScope;
const index = new RemovalIndex();
const answers = new SearchAnswers(index);
let opened = false;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function open(request: Extract<SearchRequest, { type: 'open' }>): Promise<void> {
  if (opened) {
    scope.postMessage({ type: 'failed', message: 'The search was asked to open the records twice; the first request is the one in use.' });
    return;
  }
  opened = true;
  const db = new ReadModelDatabase(request.dbName);
  try {
    const outcome = await buildIndexFromReadModel(index, db, request.recordsKey, {
      onProgress: ({ done, total }) => scope.postMessage({ type: 'progress', done, total }),
    });
    // The page learns the ids now, while it waits anyway, rather than with the first search.
    for (const names of answers.newNames()) scope.postMessage(names);
    scope.postMessage({ type: 'ready', ...outcome });
  } catch (error) {
    scope.postMessage({
      type: 'failed',
      message: `Search could not read the records (${describe(error)}). Lock the ledger and unlock it again to retry.`,
    });
  } finally {
    // Later changes arrive as upsert and remove messages; holding the database open would only block its upgrades.
    db.close();
  }
}

function handle(request: SearchRequest): void {
  switch (request.type) {
    case 'open':
      void open(request);
      return;
    case 'upsert':
      index.upsert(request.removal);
      return;
    case 'upsertAll':
      for (const removal of request.removals) index.upsert(removal);
      return;
    case 'remove':
      index.remove(request.id);
      return;
    case 'search': {
      const { messages, transfer } = answers.answer(request);
      messages.forEach((message, i) => scope.postMessage(message, i === messages.length - 1 ? transfer : []));
      return;
    }
  }
}

scope.onmessage = (event) => {
  const parsed = searchRequestSchema.safeParse(event.data);
  if (parsed.success) {
    try {
      handle(parsed.data);
    } catch (error) {
      const requestId = parsed.data.type === 'search' ? parsed.data.requestId : undefined;
      scope.postMessage({ type: 'failed', message: `Search went wrong: ${describe(error)}.`, requestId });
    }
    return;
  }
  const data = event.data as { requestId?: unknown } | null;
  const requestId = typeof data?.requestId === 'number' && Number.isInteger(data.requestId) && data.requestId >= 0 ? data.requestId : undefined;
  scope.postMessage(
    requestId === undefined
      ? { type: 'failed', message: 'Search was sent a change it could not read, so it may miss a record. Lock the ledger and unlock it again to restart search.' }
      : { type: 'failed', message: 'Search could not read this query. Type it again.', requestId },
  );
};
