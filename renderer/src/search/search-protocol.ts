import { z } from 'zod';
import { removalSchema } from '../../../shared/removals/removal';

/**
 * The messages between the page (search-client.ts) and the search worker
 * (search.worker.ts). Both sides parse what they receive: a message is data
 * from another thread, not a promise about its shape.
 *
 * Page → worker, in the order the page sends them (the worker handles them
 * in that order):
 *   open    once: read the read model named `dbName`, decrypt with `recordsKey`, build the index
 *   upsert  a removal was saved: index its new text
 *   upsertAll  many removals were saved together (an import): index them all
 *   remove  a removal left the ledger (destroyed under the retention schedule)
 *   search  a query; answered by `results` (ranked) or `matches` (every match) with the same requestId
 *
 * Worker → page:
 *   progress  during open: rows read so far, of the total
 *   ready     open finished: removals indexed, rows that could not be read
 *   results   the answer to one ranked search: ids, best first
 *   names     ids numbered in order, each once, before any `matches` uses their numbers
 *   matches   the answer to one search for every match: numbers of ids (a typed array crosses at once)
 *   failed    something went wrong; with a requestId it concerns that search only
 */

export const DEFAULT_SEARCH_LIMIT = 100;
// The removals list filters by every match, not the best few: a search of a
// 100,000-record ledger must be able to return all of them.
export const MAX_SEARCH_LIMIT = 500_000;
/** Longer pasted text is cut here before it is sent; only its first words are searched anyway. */
export const MAX_QUERY_CHARACTERS = 1_000;

const count = z.number().int().min(0);

const cryptoKeySchema = z.custom<CryptoKey>((value) => typeof CryptoKey !== 'undefined' && value instanceof CryptoKey, {
  error: 'The search was started without the key to read the records.',
});

export const searchRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), dbName: z.string().min(1), recordsKey: cryptoKeySchema }),
  z.object({ type: z.literal('upsert'), removal: removalSchema }),
  /** Many removals saved together (an import): one message, not one per removal. */
  z.object({ type: z.literal('upsertAll'), removals: z.array(removalSchema) }),
  z.object({ type: z.literal('remove'), id: z.string().min(1) }),
  z.object({
    type: z.literal('search'),
    requestId: count,
    query: z.string().max(MAX_QUERY_CHARACTERS),
    limit: z.number().int().min(0).max(MAX_SEARCH_LIMIT),
    /** Best first; or, for a caller that only wants which records match, in no particular order (much faster for a word most records have). */
    ranked: z.boolean(),
  }),
]);
export type SearchRequest = z.infer<typeof searchRequestSchema>;

export const searchResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: count, total: count }),
  z.object({ type: z.literal('ready'), count, unreadable: count }),
  z.object({ type: z.literal('results'), requestId: count, ids: z.array(z.string()).max(MAX_SEARCH_LIMIT), total: count }),
  /** Every match, as numbers of ids the page was told in 'names' messages before. */
  z.object({
    type: z.literal('matches'),
    requestId: count,
    numbers: z.instanceof(Int32Array).refine((numbers) => numbers.length <= MAX_SEARCH_LIMIT, 'too many matches'),
    total: count,
  }),
  /** The ids numbered `first`, `first + 1`, …: sent once each, before any 'matches' that uses them. */
  z.object({ type: z.literal('names'), first: count, ids: z.array(z.string()) }),
  z.object({ type: z.literal('failed'), message: z.string(), requestId: count.optional() }),
]);
export type SearchResponse = z.infer<typeof searchResponseSchema>;
