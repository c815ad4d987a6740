import { describe, expect, it } from 'vitest';
import type { Removal } from '../../../shared/removals/removal';
import { RemovalIndex } from '../../../renderer/src/search/removal-index';
import { SearchAnswers } from '../../../renderer/src/search/search-answers';
import { createSearchClient, SearchStopped, type SearchWorkerLike } from '../../../renderer/src/search/search-client';
import { MAX_SEARCH_LIMIT, searchRequestSchema, type SearchRequest, type SearchResponse } from '../../../renderer/src/search/search-protocol';
import { aRemoval } from '../removals/fixtures';

/**
 * The worker's side played in-process: searches and changes go to a real
 * RemovalIndex; the test says when the worker answers, so the order of
 * events is the test's to choose.
 */
class FakeWorker implements SearchWorkerLike {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: ((event: MessageEvent) => void) | null = null;
  readonly index = new RemovalIndex();
  readonly answers = new SearchAnswers(this.index);
  /** What was sent to the page, every message. */
  readonly sent: unknown[] = [];
  readonly received: SearchRequest[] = [];
  private readonly searches: Array<Extract<SearchRequest, { type: 'search' }>> = [];
  terminated = false;

  postMessage(message: SearchRequest): void {
    // What the real worker would receive: it must pass the same schema.
    const request = searchRequestSchema.parse(message);
    this.received.push(request);
    if (request.type === 'upsert') this.index.upsert(request.removal);
    if (request.type === 'upsertAll') for (const removal of request.removals) this.index.upsert(removal);
    if (request.type === 'remove') this.index.remove(request.id);
    if (request.type === 'search') this.searches.push(request);
  }

  terminate(): void {
    this.terminated = true;
  }

  send(message: SearchResponse | unknown): void {
    this.sent.push(message);
    this.onmessage?.({ data: message } as MessageEvent<unknown>);
  }

  /** Answers the oldest search still waiting, as the worker would. */
  answerNextSearch(): void {
    const request = this.searches.shift();
    if (!request) throw new Error('No search is waiting for an answer.');
    for (const message of this.answers.answer(request).messages) this.send(message);
  }

  get searchesSent(): string[] {
    return this.received.flatMap((request) => (request.type === 'search' ? [request.query] : []));
  }
}

const key = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

function removal(id: string, content: string): Removal {
  return { ...aRemoval(), id, content };
}

async function started() {
  const worker = new FakeWorker();
  const recordsKey = await key();
  const client = createSearchClient({ dbName: 'records-ledger-test', recordsKey, createWorker: () => worker });
  return { worker, client, recordsKey };
}

describe('the search client', () => {
  it('asks the worker to open the read model with the records key, and reports its progress until ready', async () => {
    const { worker, client, recordsKey } = await started();
    expect(worker.received[0]).toEqual({ type: 'open', dbName: 'records-ledger-test', recordsKey });

    const seen: Array<[number, number]> = [];
    client.onProgress((done, total) => seen.push([done, total]));
    worker.send({ type: 'progress', done: 0, total: 2_000 });
    worker.send({ type: 'progress', done: 1_000, total: 2_000 });
    const late: Array<[number, number]> = [];
    const stop = client.onProgress((done, total) => late.push([done, total]));
    worker.send({ type: 'progress', done: 2_000, total: 2_000 });
    stop();
    worker.send({ type: 'ready', count: 1_999, unreadable: 1 });

    await expect(client.ready).resolves.toEqual({ count: 1_999, unreadable: 1 });
    expect(seen).toEqual([
      [0, 2_000],
      [1_000, 2_000],
      [2_000, 2_000],
    ]);
    // A listener added part-way hears where things stand at once.
    expect(late).toEqual([
      [1_000, 2_000],
      [2_000, 2_000],
    ]);
  });

  it('answers a search with the ids found, and finds a removal saved after opening', async () => {
    const { worker, client } = await started();
    client.upsert(removal('r1', 'pothole on Firestone Boulevard'));
    const answer = client.search('pothole');
    worker.answerNextSearch();
    await expect(answer).resolves.toEqual({ ids: ['r1'], total: 1 });

    client.remove('r1');
    const after = client.search('pothole');
    worker.answerNextSearch();
    await expect(after).resolves.toEqual({ ids: [], total: 0 });
  });

  it('finds removals saved together (an import) once they are sent, in one message', async () => {
    const { worker, client } = await started();
    const before = worker.received.length;
    client.upsertAll([removal('r1', 'pothole on Firestone'), removal('r2', 'streetlight out on Imperial'), removal('r3', 'pothole on Rosecrans')]);
    expect(worker.received.slice(before).map((request) => request.type)).toEqual(['upsertAll']);
    const answer = client.everyMatch('pothole');
    worker.answerNextSearch();
    await expect(answer).resolves.toEqual({ ids: ['r1', 'r3'], total: 2 });
  });

  it('asks the worker for every match unranked when the caller sorts them itself, as the removals list does', async () => {
    const { worker, client } = await started();
    for (const id of ['r1', 'r2', 'r3']) client.upsert(removal(id, `pothole ${id === 'r2' ? 'pothole pothole' : 'on Firestone Boulevard, reported twice this week'}`));
    const every = client.everyMatch('pothole');
    expect(worker.received.at(-1)).toMatchObject({ query: 'pothole', limit: MAX_SEARCH_LIMIT, ranked: false });
    worker.answerNextSearch();
    await expect(every).resolves.toEqual({ ids: ['r1', 'r2', 'r3'], total: 3 });
    const best = client.search('pothole');
    expect(worker.received.at(-1)).toMatchObject({ ranked: true });
    worker.answerNextSearch();
    await expect(best).resolves.toMatchObject({ ids: ['r2', 'r1', 'r3'] });
  });

  it('answers every match in numbers, telling the page each id once, before the first answer that uses it', async () => {
    const { worker, client } = await started();
    client.upsert(removal('r1', 'pothole on Firestone'));
    client.upsert(removal('r2', 'pothole on Imperial'));
    const first = client.everyMatch('pothole');
    worker.answerNextSearch();
    await expect(first).resolves.toEqual({ ids: ['r1', 'r2'], total: 2 });
    expect(worker.sent.map((message) => (message as SearchResponse).type)).toEqual(['names', 'matches']);
    expect(worker.sent[0]).toEqual({ type: 'names', first: 0, ids: ['r1', 'r2'] });

    // An edit keeps its number; only a new removal is named, once.
    client.upsert(removal('r1', 'pothole fixed'));
    client.upsert(removal('r3', 'pothole on Rosecrans'));
    const second = client.everyMatch('pothole');
    worker.answerNextSearch();
    await expect(second).resolves.toEqual({ ids: ['r2', 'r1', 'r3'], total: 3 });
    expect(worker.sent.slice(2)).toEqual([{ type: 'names', first: 2, ids: ['r3'] }, expect.objectContaining({ type: 'matches' })]);
    const third = client.everyMatch('rosecrans');
    worker.answerNextSearch();
    await expect(third).resolves.toEqual({ ids: ['r3'], total: 1 });
    expect(worker.sent.slice(4).map((message) => (message as SearchResponse).type)).toEqual(['matches']);
  });

  it('stops rather than guess when the worker answers with a number it never named, or names out of order', async () => {
    const unnamed = await started();
    const pending = unnamed.client.everyMatch('pothole');
    const request = unnamed.worker.received.find((r): r is Extract<SearchRequest, { type: 'search' }> => r.type === 'search')!;
    unnamed.worker.send({ type: 'matches', requestId: request.requestId, numbers: new Int32Array([0]), total: 1 });
    await expect(pending).rejects.toThrow(/record it had not named/);

    const skipped = await started();
    skipped.worker.send({ type: 'names', first: 1, ids: ['r2'] });
    await expect(skipped.client.ready).rejects.toThrow(/lost track/);
  });

  it('lets a newer search supersede older ones: they resolve with null, and the worker is asked only the newest', async () => {
    const { worker, client } = await started();
    client.upsert(removal('r1', 'threatening message'));
    const typed = ['t', 'th', 'thr', 'thre'].map((query) => client.search(query));
    // "t" went at once; "th" and "thr" were replaced while it was being answered.
    expect(worker.searchesSent).toEqual(['t']);
    await expect(typed[1]).resolves.toBeNull();
    await expect(typed[2]).resolves.toBeNull();

    worker.answerNextSearch();
    await expect(typed[0]).resolves.toBeNull();
    expect(worker.searchesSent).toEqual(['t', 'thre']);
    worker.answerNextSearch();
    await expect(typed[3]).resolves.toEqual({ ids: ['r1'], total: 1 });
  });

  it('ends the worker on close: pending searches resolve with null, ready rejects, nothing more is sent', async () => {
    const { worker, client } = await started();
    const pending = client.search('anything');
    const queued = client.search('anything else');
    client.close();
    expect(worker.terminated).toBe(true);
    await expect(pending).resolves.toBeNull();
    await expect(queued).resolves.toBeNull();
    await expect(client.ready).rejects.toThrow(/closed/);
    await expect(client.search('more')).resolves.toBeNull();
    const sent = worker.received.length;
    client.upsert(removal('r9', 'late'));
    client.remove('r9');
    expect(worker.received.length).toBe(sent);
  });

  it('says plainly when the worker cannot read the records, and refuses later searches with the same words', async () => {
    const { worker, client } = await started();
    const pending = client.search('anything');
    worker.send({ type: 'failed', message: 'Search could not read the records (the disk is full). Lock the ledger and unlock it again to retry.' });
    await expect(client.ready).rejects.toThrow(/could not read the records/);
    await expect(pending).rejects.toBeInstanceOf(SearchStopped);
    await expect(client.search('again')).rejects.toThrow(/unlock it again/);
    expect(worker.terminated).toBe(true);
  });

  it('stops when the worker crashes or answers something unreadable', async () => {
    const crashed = await started();
    crashed.worker.onerror?.({ message: 'out of memory', preventDefault: () => {} } as ErrorEvent);
    await expect(crashed.client.ready).rejects.toThrow(/stopped working \(out of memory\)/);

    const garbled = await started();
    garbled.worker.send({ type: 'results', requestId: 'not a number', ids: '<script>' });
    await expect(garbled.client.ready).rejects.toThrow(/could not be read/);
  });

  it('rejects only the search that failed when the worker says which one', async () => {
    const { worker, client } = await started();
    const failing = client.search('first');
    const request = worker.received.find((r): r is Extract<SearchRequest, { type: 'search' }> => r.type === 'search')!;
    worker.send({ type: 'failed', requestId: request.requestId, message: 'Search went wrong: test.' });
    await expect(failing).rejects.toThrow('Search went wrong: test.');
    const next = client.search('second');
    expect(worker.searchesSent).toEqual(['first', 'second']);
    worker.answerNextSearch();
    worker.answerNextSearch();
    await expect(next).resolves.toEqual({ ids: [], total: 0 });
  });

  it('refuses to send a removal that is not a complete record', async () => {
    const { client } = await started();
    expect(() => client.upsert({ ...aRemoval(), categories: [] })).toThrow();
  });
});
