import { decryptJson, PayloadUnreadable } from '../../../shared/crypto/envelope';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { REMOVAL_TABLE } from '../../../shared/removals/removal';
import { searchableRemovalSchema, searchDocumentOf, searchFields, type SearchableRemoval, type SearchField } from '../../../shared/search/search-document';
import { countRecords, type ReadModelDatabase, type RecordRow } from '../read-model/database';
import { DEFAULT_SEARCH_LIMIT } from './search-protocol';
import { WordIndex, type WordQuery } from './word-index';

/**
 * The full-text index of removal records: plain code with no worker or DOM
 * API, so the search worker runs it off the page's thread and unit tests and
 * the benchmark run it in Node. It holds decrypted words, so it lives only as
 * long as the worker that owns it (the worker is ended when the ledger locks).
 *
 * How a query matches:
 * - every word typed must match (AND), each as a whole word or as the start
 *   of one ("thre" finds "threat"), so results narrow as a person types;
 * - a word of 4 or more letters also matches a word one typing mistake away
 *   (two from 8 letters: a fifth of its length), ranked below exact matches;
 *   never a word with digits in it, where one wrong digit is another case;
 * - capitals, accents and full-width or other compatibility forms do not
 *   matter, and invisible formatting characters inside a word are ignored, so
 *   "thr\u200Beat" in hostile content is still found by "threat";
 * - handles and e-mail addresses are findable whole, run together and by
 *   their parts: "@j.doe", "j.doe", "jdoe", "doe", "jane.doe@example.com",
 *   "example"; web addresses and file names by their words.
 */

export interface SearchResults {
  /** Record ids, best match first, at most the limit asked for. */
  ids: string[];
  /** How many records match in all. */
  total: number;
}

/** A pasted paragraph is searched by its first words; past this many, AND has long since narrowed to the record. */
export const MAX_QUERY_WORDS = 16;
/** A joined run (a long web address) longer than this is findable by its parts only, which keeps the index small. */
const MAX_JOINED_TERM_LENGTH = 120;
/** How loosely a word may match: a fifth of its length in typing mistakes, from 4 letters, never more than 2. */
const TYPO_FRACTION = 0.2;
const MIN_LENGTH_FOR_TYPOS = 4;
const MAX_TYPOS = 2;

// After folding, a word is a run of letters and digits.
const WORD = /[\p{L}\p{N}]+/gu;
const NOT_WORD_AT_EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const SPACES = /\s+/u;
// Zero-width spaces, joiners, soft hyphens, direction marks: invisible, and used to dodge word filters.
const INVISIBLE_FORMATTING = /\p{Cf}/gu;
const MARKS = /\p{M}/gu;
const DIGIT = /\p{N}/u;
const FINAL_SIGMA = /ς/g;
// Plain ASCII has no accents, compatibility forms or invisible characters, and most text is plain ASCII.
const ASCII = /^[\x00-\x7f]*$/;

/** Who posted it and what was said are what people search for first. */
const FIELD_WEIGHTS: Partial<Record<SearchField, number>> = { poster: 2, content: 1.5, screenshotText: 1.2 };

/**
 * Text as it is compared: compatibility forms unified (full-width letters,
 * ligatures, circled digits), invisible formatting removed, case folded
 * ("ß" as "ss", a final sigma as any sigma), accents removed. Applied to
 * indexed text and to queries alike, so they meet in the middle.
 */
export function foldText(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKC')
    .replace(INVISIBLE_FORMATTING, '')
    .toUpperCase()
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(FINAL_SIGMA, 'σ')
    .normalize('NFC');
}

/**
 * A run that joins several words ("j.doe", "jane.doe@example.com") also
 * stands as a word as written (trimmed of punctuation at its edges) and as
 * its words run together ("jdoe"), since people rarely remember where a
 * handle had its dot or underscore.
 */
function joinedFormsOf(run: string, words: string[]): string[] {
  if (words.length < 2) return [];
  return [run.replace(NOT_WORD_AT_EDGES, ''), words.join('')].filter((form) => form.length <= MAX_JOINED_TERM_LENGTH);
}

/**
 * The runs of text between spaces that have an "@" in them: handles and e-mail
 * addresses. (A regular expression finding them rescanned every run without
 * one from each of its letters: a sixth of the time spent indexing.)
 */
function runsWithAt(folded: string): string[] {
  return folded.includes('@') ? folded.split(SPACES).filter((run) => run.includes('@')) : [];
}

/**
 * The words a piece of text is indexed under, folded: each word, and the
 * joined forms of every handle and e-mail address, or of every run in a
 * field of names (`names`), so "j.doe" is found by "j.doe", "jdoe", "j" and
 * "doe". Web addresses and file names are found by their words; a word of
 * their own for every unique address would slow every search that starts
 * with "h".
 */
export function wordsOf(text: string, names = false): string[] {
  const folded = foldText(text);
  const words: string[] = folded.match(WORD) ?? [];
  const runs = names ? folded.split(SPACES) : runsWithAt(folded);
  for (const run of runs) words.push(...joinedFormsOf(run, run.match(WORD) ?? []));
  return words;
}

function typosAllowed(word: string): number {
  // In a number or an id, one wrong character is another case, not a typing mistake.
  if (word.length < MIN_LENGTH_FOR_TYPOS || DIGIT.test(word)) return 0;
  return Math.min(MAX_TYPOS, Math.round(word.length * TYPO_FRACTION));
}

function wordQuery(word: string, prefix = true): WordQuery {
  return { word, prefix, maxTypos: typosAllowed(word) };
}

/**
 * The query as a tree: all of the typed runs; a run like "jane.doe@exa"
 * matches as a joined form or as all of its words, so it finds the address
 * whether the record has it joined or with spaces, and a pasted web address
 * finds the records that have all of its words. Null when nothing searchable
 * was typed.
 */
function queryOf(text: string): WordQuery | null {
  const clauses: WordQuery[] = [];
  for (const run of foldText(text).split(SPACES)) {
    if (clauses.length === MAX_QUERY_WORDS) break;
    const words = run.match(WORD);
    if (!words) continue;
    // Inside "jane.doe@exa" only the last word can be unfinished: a separator followed the others.
    const allWords: WordQuery = words.length === 1 ? wordQuery(words[0]!) : { all: words.map((word, i) => wordQuery(word, i === words.length - 1)) };
    // Joined forms are matched as typed or by their beginning, never "nearly".
    const joined = joinedFormsOf(run, words).map((word): WordQuery => ({ word, prefix: true, maxTypos: 0 }));
    clauses.push(joined.length === 0 ? allWords : { any: [...joined, allWords] });
  }
  return clauses.length === 0 ? null : { all: clauses };
}

export class RemovalIndex {
  private readonly words = new WordIndex();
  /**
   * Every id indexed since the index began, each numbered once, in order:
   * the numbers `everyMatch` answers in. The page learns the list as it grows
   * (`numberedFrom`) and turns numbers back into ids itself.
   */
  private readonly numbered: string[] = [];
  private readonly numberOfId = new Map<string, number>();
  /** Ids changed by upsert or remove while a load from the read model is running; the load must not bring back their older text. */
  private changedWhileLoading: Set<string> | null = null;

  /** How many removals are in the index. */
  get count(): number {
    return this.words.size;
  }

  /** Adds a removal, or replaces the text of one already indexed (after an edit). */
  upsert(removal: SearchableRemoval): void {
    this.changedWhileLoading?.add(removal.id);
    this.put(removal);
  }

  remove(id: string): void {
    this.changedWhileLoading?.add(id);
    this.words.delete(id);
  }

  private put(removal: SearchableRemoval): void {
    const document = searchDocumentOf(removal);
    const weights = new Map<string, number>();
    let length = 0;
    for (const field of searchFields) {
      const weight = FIELD_WEIGHTS[field] ?? 1;
      for (const word of wordsOf(document[field], field === 'poster')) {
        weights.set(word, (weights.get(word) ?? 0) + weight);
        length++;
      }
    }
    let number = this.numberOfId.get(document.id);
    if (number === undefined) {
      number = this.numbered.length;
      this.numberOfId.set(document.id, number);
      this.numbered.push(document.id);
    }
    this.words.set(document.id, weights, length, number);
  }

  /** The best matches for what was typed, best first; nothing for a query with no words in it. */
  search(query: string, limit: number = DEFAULT_SEARCH_LIMIT): SearchResults {
    const tree = queryOf(query);
    return tree === null ? { ids: [], total: 0 } : this.words.search(tree, limit);
  }

  /**
   * Every match, unranked, as the numbers of their ids (see `numberedFrom`);
   * none for a query with no words in it.
   */
  everyMatch(query: string, limit: number): { numbers: Int32Array<ArrayBuffer>; total: number } {
    const tree = queryOf(query);
    if (tree === null) return { numbers: new Int32Array(0), total: 0 };
    const { tags, total } = this.words.everyMatch(tree, limit);
    return { numbers: tags, total };
  }

  /** How many ids have been numbered so far. */
  get numberedCount(): number {
    return this.numbered.length;
  }

  /** The ids numbered `first` and after, in order. */
  numberedFrom(first: number): string[] {
    return this.numbered.slice(first);
  }

  /** Makes the first letters typed answer at once; done after a load, kept up to date from then on. */
  prepareForTyping(): void {
    this.words.prepareForTyping();
  }

  /**
   * Loading many removals read from storage, while live changes may arrive:
   * a removal upserted or removed after the load began keeps its live state.
   */
  startLoading(): { add(removals: SearchableRemoval[]): void; finish(): void } {
    const changed = new Set<string>();
    this.changedWhileLoading = changed;
    return {
      add: (removals) => {
        for (const removal of removals) if (!changed.has(removal.id)) this.put(removal);
      },
      finish: () => {
        if (this.changedWhileLoading === changed) this.changedWhileLoading = null;
      },
    };
  }
}

export interface LoadProgress {
  /** Rows of the read model read so far, of every table, readable or not. */
  done: number;
  total: number;
}

export interface LoadOutcome {
  /** Removals in the index once the load finished. */
  count: number;
  /** Rows that could not be decrypted, or that do not hold a removal this version of the app can read; they are left out of search. */
  unreadable: number;
}

/** Rows per read: large enough to keep IndexedDB busy, small enough to report progress several times a second. */
export const LOAD_PAGE_SIZE = 1_000;

async function removalOfRow(row: RecordRow, recordsKey: CryptoKey): Promise<SearchableRemoval | null> {
  let opened: unknown;
  try {
    opened = await decryptJson(recordsKey, row.ciphertext, { table: row.table, recordId: row.id });
  } catch (error) {
    // A damaged payload is counted and skipped; anything else is a bug and must surface.
    if (error instanceof PayloadUnreadable) return null;
    throw error;
  }
  const payload = recordVersionPayloadSchema.safeParse(opened);
  if (!payload.success || payload.data.recordId !== row.id || payload.data.table !== REMOVAL_TABLE) return null;
  const removal = searchableRemovalSchema.safeParse(payload.data.data);
  return removal.success && removal.data.id === row.id ? removal.data : null;
}

/**
 * Fills the index from the read model's removal rows, a page at a time, so
 * searches and live changes are answered between pages and progress can be
 * shown. Rows are read in the store's own key order (several times faster at
 * 100,000 records than listing the removals' ids by index and fetching each),
 * and rows of other tables are passed over; a row saved during the load is
 * read if its key is still ahead, and arrives as a live change anyway.
 */
export async function buildIndexFromReadModel(
  index: RemovalIndex,
  db: ReadModelDatabase,
  recordsKey: CryptoKey,
  options: { pageSize?: number; onProgress?: (progress: LoadProgress) => void } = {},
): Promise<LoadOutcome> {
  const pageSize = Math.max(1, options.pageSize ?? LOAD_PAGE_SIZE);
  const total = await countRecords(db);
  const loading = index.startLoading();
  let unreadable = 0;
  let done = 0;
  try {
    options.onProgress?.({ done, total });
    const read = (after: string | null): Promise<RecordRow[]> =>
      (after === null ? db.records.limit(pageSize) : db.records.where('id').above(after).limit(pageSize)).toArray();
    let next: Promise<RecordRow[]> | null = read(null);
    while (next) {
      const page: RecordRow[] = await next;
      // The next page is read while this one is decrypted and indexed.
      next = page.length < pageSize ? null : read(page[page.length - 1]!.id);
      // Should this page fail, the read already under way is not left to reject unheard.
      next?.catch(() => undefined);
      const rows = page.filter((row) => row.table === REMOVAL_TABLE);
      // WebCrypto decrypts off the calling thread, so a whole page is opened at once.
      const removals = await Promise.all(rows.map((row) => removalOfRow(row, recordsKey)));
      const readable = removals.filter((removal): removal is SearchableRemoval => removal !== null);
      unreadable += removals.length - readable.length;
      loading.add(readable);
      done += page.length;
      options.onProgress?.({ done: Math.min(done, total), total: Math.max(done, total) });
    }
  } finally {
    loading.finish();
  }
  index.prepareForTyping();
  return { count: index.count, unreadable };
}
