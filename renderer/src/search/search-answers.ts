import type { RemovalIndex } from './removal-index';
import type { SearchRequest, SearchResponse } from './search-protocol';

/** Messages for the page, and the buffers that move with them rather than being copied. */
export interface Answer {
  messages: SearchResponse[];
  transfer: ArrayBuffer[];
}

/**
 * The worker's side of a search, kept apart from the worker's messaging so
 * tests can run it in-process. Every match is answered as numbers (see
 * RemovalIndex.everyMatch); ids the page has not been told the numbers of
 * are sent first, once each, in the same ordered channel, so the page never
 * gets a number it cannot name.
 */
export class SearchAnswers {
  private told = 0;

  constructor(private readonly index: RemovalIndex) {}

  /** The ids numbered since the page was last told, if any. */
  newNames(): SearchResponse[] {
    const count = this.index.numberedCount;
    if (count === this.told) return [];
    const message: SearchResponse = { type: 'names', first: this.told, ids: this.index.numberedFrom(this.told) };
    this.told = count;
    return [message];
  }

  answer(request: Extract<SearchRequest, { type: 'search' }>): Answer {
    if (request.ranked) {
      const { ids, total } = this.index.search(request.query, request.limit);
      return { messages: [{ type: 'results', requestId: request.requestId, ids, total }], transfer: [] };
    }
    const { numbers, total } = this.index.everyMatch(request.query, request.limit);
    return { messages: [...this.newNames(), { type: 'matches', requestId: request.requestId, numbers, total }], transfer: [numbers.buffer] };
  }
}
