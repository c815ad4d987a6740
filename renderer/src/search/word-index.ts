import SearchableMap from 'minisearch/SearchableMap';
import { Postings } from './postings';
import { WordsInOrder } from './words-in-order';

/**
 * Which records contain which words, and how to rank them: the engine under
 * the removal search. The word list is MiniSearch's radix tree
 * (SearchableMap), which finds every word starting with, or a typing mistake
 * or two away from, what was typed. What MiniSearch's own search does next
 * (an object per matching record per word, then sorting every match) takes
 * seconds when the first letter typed matches all of 100,000 records, so
 * matches are kept here in typed pages (postings.ts), scored into one typed array, and only
 * the best few are ever sorted; unranked, as the removals list asks, matches
 * are bits, and the first letters typed are worked out ahead.
 *
 * Words arrive already normalised (see removal-index.ts); this index compares
 * them exactly as given.
 */

/** A query as a tree: one word (with how loosely it may match), or all / any of several queries. */
export type WordQuery =
  | { word: string; prefix: boolean; maxTypos: number }
  | { all: WordQuery[] }
  | { any: WordQuery[] };

export interface RankedMatches {
  /** Record ids, best first. */
  ids: string[];
  /** How many records match in all. */
  total: number;
}

// BM25 ranking, the usual constants: k1 is how soon repeating a word stops counting, b how much a long text is discounted.
const K1 = 1.2;
const B = 0.7;
// BM25+ floor, so a word in a very long text still counts for something.
const FLOOR = 0.5;
// A longer word that starts with what was typed, or one a typing mistake away, counts less than the word itself.
const PREFIX_WEIGHT = 0.375;
const TYPO_WEIGHT = 0.45;
/** Beginnings this long or shorter have their matching records kept (see recordsByBeginning). */
const SHORT_BEGINNING = 4;
/**
 * A beginning of two to four letters is worked out ahead when its words have
 * this many entries in all (about a millisecond's walk), or a fifth of the
 * records, if more: that bounds how many there can be, and so their memory
 * (at most five per length of beginning for each entry a record has on average).
 */
const MANY_POSTINGS = 20_000;

interface Scored {
  /** Record numbers with a score above zero, each once. */
  numbers: number[];
  /** Score by record number; zero for every record not in `numbers`. */
  scores: Float64Array;
}

export class WordIndex {
  private readonly numberOfWord = new Map<string, number>();
  /** The same words, searchable by near misses. */
  private readonly words = new SearchableMap<number>();
  /** And by their beginnings. */
  private readonly inOrder = new WordsInOrder();
  private wordOfNumber: string[] = [];
  /** Per word number: its records and weights. A replaced record's entries stay until the next compaction. */
  private postings = new Postings();
  private readonly freeWordNumbers: number[] = [];
  /** Per record number: its id, or undefined once it was replaced or removed. */
  private ids: Array<string | undefined> = [];
  private lengths: number[] = [];
  /** Per record number: the number its caller knows it by (see `set`). */
  private tags: number[] = [];
  private numberOfId = new Map<string, number>();
  private totalLength = 0;
  private stale = 0;
  /** One bit per record number, set while the record is in the index. */
  private live = new RecordBits();
  /**
   * Which records have a word starting with each letter, and with each
   * beginning of two to four letters behind many entries: the first keystrokes match most records
   * through thousands of words ("j" begins every handle "j.…"), so they are
   * worked out once (prepareForTyping) and then kept up to date as records
   * are saved.
   */
  private readonly recordsByBeginning = new Map<string, RecordBits>();
  /** The same for each word with that many entries, by word number. */
  private readonly recordsOfCommonWord = new Map<number, RecordBits>();
  /** How many entries a longer beginning needed to be worked out ahead; null until prepareForTyping. */
  private preparedWith: number | null = null;

  /** Records in the index. */
  get size(): number {
    return this.numberOfId.size;
  }

  has(id: string): boolean {
    return this.numberOfId.has(id);
  }

  /**
   * Puts a record's words in the index, replacing what it had. `weights`
   * gives each word's count in the record, already multiplied by the weight
   * of the field it came from; `length` is the record's number of words;
   * `tag` a number the caller knows the record by, which `everyMatch` answers in.
   */
  set(id: string, weights: ReadonlyMap<string, number>, length: number, tag = 0): void {
    this.delete(id);
    const record = this.ids.length;
    this.ids.push(id);
    this.lengths.push(length);
    this.tags.push(tag);
    this.numberOfId.set(id, record);
    this.totalLength += length;
    this.live.add(record);
    const beginnings = this.recordsByBeginning.size > 0 ? this.recordsByBeginning : null;
    weights.forEach((weight, word) => {
      if (weight <= 0) return;
      const known = this.numberOfWord.get(word);
      this.postings.add(known ?? this.addWord(word), record, weight);
      if (known !== undefined) this.recordsOfCommonWord.get(known)?.add(record);
      if (beginnings) for (let end = 1; end <= Math.min(SHORT_BEGINNING, word.length); end++) beginnings.get(word.slice(0, end))?.add(record);
    });
  }

  delete(id: string): void {
    const record = this.numberOfId.get(id);
    if (record === undefined) return;
    this.numberOfId.delete(id);
    this.ids[record] = undefined;
    this.live.remove(record);
    this.totalLength -= this.lengths[record]!;
    this.stale++;
    // Edits leave old entries behind; tidy once they are a quarter of the index, so searches stay fast.
    if (this.stale > 1_000 && this.stale > this.size / 4) this.compact();
  }

  private addWord(word: string): number {
    const number = this.freeWordNumbers.pop() ?? this.wordOfNumber.length;
    this.wordOfNumber[number] = word;
    this.numberOfWord.set(word, number);
    this.words.set(word, number);
    this.inOrder.add(word, number);
    return number;
  }

  /** Drops the entries of replaced and removed records, and the words no record has any more. */
  compact(): void {
    const renumbered = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const lengths: number[] = [];
    const tags: number[] = [];
    this.ids.forEach((id, record) => {
      if (id === undefined) return;
      renumbered[record] = ids.length;
      ids.push(id);
      lengths.push(this.lengths[record]!);
      tags.push(this.tags[record]!);
    });
    if (this.tidyPostings(renumbered)) this.inOrder.replaceAll(this.numberOfWord);
    this.ids = ids;
    this.lengths = lengths;
    this.tags = tags;
    this.numberOfId = new Map(ids.map((id, record) => [id, record]));
    this.live = new RecordBits();
    for (let record = 0; record < ids.length; record++) this.live.add(record);
    // Record numbers changed: what was worked out for short beginnings is worked out again.
    this.recordsByBeginning.clear();
    this.recordsOfCommonWord.clear();
    this.stale = 0;
    if (this.preparedWith !== null) this.workOutBeginnings(this.preparedWith);
  }

  /**
   * Keeps only the postings of the records `renumbered` keeps, renumbered,
   * laid out in the words' order (see prepareForTyping), and drops the words
   * left with none; answers whether any was dropped.
   */
  private tidyPostings(renumbered: Int32Array): boolean {
    const before = this.postings;
    this.postings = before.compacted(renumbered, this.inOrder.numbersInOrder());
    let dropped = false;
    for (let number = 0; number < this.wordOfNumber.length; number++) {
      if (before.count(number) === 0 || this.postings.count(number) > 0) continue;
      const word = this.wordOfNumber[number]!;
      this.numberOfWord.delete(word);
      this.words.delete(word);
      this.freeWordNumbers.push(number);
      dropped = true;
    }
    return dropped;
  }

  /**
   * Done once the index is loaded. Lays the postings out again in the
   * words' order, so the words a beginning matches are read from one stretch
   * of memory rather than from thousands of places, and works out which
   * records have a word beginning with each letter, and with each beginning
   * of two to four letters behind many entries: the first keystrokes then
   * answer at once instead of walking thousands of words. Kept up to date by
   * `set` from then on.
   */
  prepareForTyping(manyPostings = Math.max(MANY_POSTINGS, this.size / 5)): void {
    this.preparedWith = manyPostings;
    // Tidying lays the postings out in order too: one copy of them, not two.
    if (this.stale > 0) {
      this.compact();
      return;
    }
    this.postings = this.postings.compacted(new Int32Array(this.ids.length).map((_, record) => record), this.inOrder.numbersInOrder());
    this.workOutBeginnings(manyPostings);
  }

  private workOutBeginnings(manyPostings: number): void {
    const postingsByBeginning = new Map<string, number>();
    const beginningsOf = (word: string) => Array.from({ length: Math.min(SHORT_BEGINNING, word.length) }, (_, i) => word.slice(0, i + 1));
    for (let number = 0; number < this.wordOfNumber.length; number++) {
      const count = this.postings.count(number);
      if (count === 0) continue;
      for (const beginning of beginningsOf(this.wordOfNumber[number]!)) postingsByBeginning.set(beginning, (postingsByBeginning.get(beginning) ?? 0) + count);
    }
    // A rare beginning is quick to work out when typed; kept, thousands of them (in text of many scripts) would only cost memory.
    for (const [beginning, postings] of postingsByBeginning) {
      if (beginning.length === 1 || postings >= manyPostings) this.recordsByBeginning.set(beginning, new RecordBits(this.ids.length));
    }
    for (let number = 0; number < this.wordOfNumber.length; number++) {
      const count = this.postings.count(number);
      if (count === 0) continue;
      for (const beginning of beginningsOf(this.wordOfNumber[number]!)) {
        const bits = this.recordsByBeginning.get(beginning);
        if (bits) this.addRecordsOf(number, bits);
      }
      // A word most records have ("the") is met a typing mistake away from many others ("thei"): as bits, it is added in one pass.
      if (count >= manyPostings) {
        const bits = new RecordBits(this.ids.length);
        this.addRecordsOf(number, bits);
        this.recordsOfCommonWord.set(number, bits);
      }
    }
  }

  /** The best `limit` matches, best first, and how many match in all. Every match, unranked, is `everyMatch`. */
  search(query: WordQuery, limit: number): RankedMatches {
    if (this.size === 0) return { ids: [], total: 0 };
    const { numbers, scores } = this.evaluate(query);
    return { ids: best(numbers, scores, limit).map((record) => this.ids[record]!), total: numbers.length };
  }

  /**
   * The first `limit` matches unranked, as the tags they were `set` with: a
   * typed array of numbers crosses from the search worker to the page at
   * once, where 100,000 id strings took as long again as finding them.
   */
  everyMatch(query: WordQuery, limit: number): { tags: Int32Array<ArrayBuffer>; total: number } {
    if (this.size === 0) return { tags: new Int32Array(0), total: 0 };
    // Unranked: ranking every one of 100,000 matches cost more than finding them, and a list that sorts by date has no use for it.
    const matching = this.matchingRecords(query);
    matching.keepOnly(this.live);
    const total = matching.count();
    return { tags: matching.first(Math.min(limit, total), this.tags), total };
  }

  /**
   * Which records match, as bits: unranked, a score for each of a million
   * postings was half the work, and "all of" and "any of" are then one pass
   * over a word per 32 records. Entries of replaced records may be set; the
   * caller keeps only the live ones.
   */
  private matchingRecords(query: WordQuery): RecordBits {
    if ('word' in query) return this.recordsWithWord(query);
    const parts = ('all' in query ? query.all : query.any).map((part) => this.matchingRecords(part));
    const [first, ...rest] = parts;
    if (!first) return new RecordBits();
    for (const part of rest) {
      if ('all' in query) first.keepOnly(part);
      else first.addAll(part);
    }
    return first;
  }

  private recordsWithWord(query: { word: string; prefix: boolean; maxTypos: number }): RecordBits {
    // Only what prepareForTyping worked out is kept: a rare beginning is quick to work out each time, and kept, those of text in many scripts would only grow.
    const kept = query.prefix ? this.recordsByBeginning.get(query.word) : undefined;
    // A copy: "all of" and "any of" change the bits they are given.
    const bits = kept ? kept.copy() : new RecordBits(this.ids.length);
    const add = (number: number) => {
      const common = this.recordsOfCommonWord.get(number);
      if (common) bits.addAll(common);
      else this.addRecordsOf(number, bits);
    };
    // What was kept has the word and every longer word starting with it; near misses never.
    if (kept) this.eachNearMiss(query, add);
    else this.eachMatchingWord(query, add);
    return bits;
  }

  /** Sets the bit of every record (live or not) with word `number`. */
  private addRecordsOf(number: number, bits: RecordBits): void {
    for (const run = this.postings.runs(number); run.next(); ) {
      const { records, end } = run;
      for (let i = run.start; i < end; i++) bits.add(records[i]!);
    }
  }

  /** BM25 scores of the records that match, ranked. */
  private evaluate(query: WordQuery): Scored {
    if ('word' in query) return this.matchWord(query);
    if ('all' in query) return this.matchAll(query.all.map((part) => this.evaluate(part)));
    return this.matchAny(query.any.map((part) => this.evaluate(part)));
  }

  /** Each word a query word matches, and how much it counts: the word itself, longer words it begins, near misses. */
  private eachMatchingWord({ word, prefix, maxTypos }: { word: string; prefix: boolean; maxTypos: number }, visit: (number: number, weight: number) => void): void {
    const exact = this.numberOfWord.get(word);
    if (exact !== undefined) visit(exact, 1);
    if (prefix) {
      this.inOrder.eachStartingWith(word, (longer, number) => {
        if (longer.length !== word.length) visit(number, (PREFIX_WEIGHT * longer.length) / (longer.length + 0.3 * (longer.length - word.length)));
      });
    }
    this.eachNearMiss({ word, prefix, maxTypos }, visit);
  }

  /** Each word a typing mistake or two from the query word that it neither is nor begins. */
  private eachNearMiss({ word, prefix, maxTypos }: { word: string; prefix: boolean; maxTypos: number }, visit: (number: number, weight: number) => void): void {
    if (maxTypos === 0) return;
    for (const [near, [number, distance]] of this.words.fuzzyGet(word, maxTypos)) {
      if (distance === 0 || (prefix && near.startsWith(word))) continue;
      visit(number, (TYPO_WEIGHT * near.length) / (near.length + distance));
    }
  }

  private matchWord(query: { word: string; prefix: boolean; maxTypos: number }): Scored {
    const scored: Scored = { numbers: [], scores: new Float64Array(this.ids.length) };
    const averageLength = this.totalLength / this.size || 1;
    this.eachMatchingWord(query, (number, weight) => this.score(number, weight, averageLength, scored));
    return scored;
  }

  /** Adds word `number`'s share to the score of each live record that has it. */
  private score(number: number, weight: number, averageLength: number, into: Scored): void {
    // Entries of replaced records stay until the next compaction: counted, they made a word
    // every record has look more common than every record, its rarity negative, and "all of" drop true matches.
    const matching = Math.min(this.postings.count(number), this.size);
    const rarity = Math.log(1 + (this.size - matching + 0.5) / (matching + 0.5));
    const { numbers, scores } = into;
    for (const run = this.postings.runs(number); run.next(); ) {
      const { records, weights: frequencies, end } = run;
      for (let i = run.start; i < end; i++) {
        const record = records[i]!;
        if (this.ids[record] === undefined) continue;
        const frequency = frequencies[i]!;
        const lengthFactor = 1 - B + (B * this.lengths[record]!) / averageLength;
        const score = weight * rarity * (FLOOR + (frequency * (K1 + 1)) / (frequency + K1 * lengthFactor));
        if (scores[record] === 0) numbers.push(record);
        scores[record]! += score;
      }
    }
  }

  private matchAll(parts: Scored[]): Scored {
    if (parts.length === 0) return { numbers: [], scores: new Float64Array(0) };
    // Narrowing from the rarest part first keeps every later pass short.
    const [first, ...rest] = [...parts].sort((a, b) => a.numbers.length - b.numbers.length) as [Scored, ...Scored[]];
    let numbers = first.numbers;
    const scores = first.scores;
    for (const part of rest) {
      const kept: number[] = [];
      for (const record of numbers) {
        const other = part.scores[record]!;
        if (other > 0) {
          scores[record]! += other;
          kept.push(record);
        } else {
          scores[record] = 0;
        }
      }
      numbers = kept;
    }
    return { numbers, scores };
  }

  private matchAny(parts: Scored[]): Scored {
    if (parts.length === 0) return { numbers: [], scores: new Float64Array(0) };
    const [first, ...rest] = parts as [Scored, ...Scored[]];
    const { numbers, scores } = first;
    for (const part of rest) {
      for (const record of part.numbers) {
        if (scores[record] === 0) numbers.push(record);
        scores[record]! += part.scores[record]!;
      }
    }
    return { numbers, scores };
  }
}

/** Higher score first; equal scores in the order the records were indexed, so results do not jump about. */
function before(a: number, b: number, scores: Float64Array): boolean {
  const difference = scores[a]! - scores[b]!;
  return difference > 0 || (difference === 0 && a < b);
}

/** The best `limit` of `numbers`, best first, using a small heap rather than sorting every match. */
function best(numbers: number[], scores: Float64Array, limit: number): number[] {
  const size = Math.max(0, Math.floor(limit));
  if (size === 0) return [];
  // A min-heap of the best seen so far: its root is the weakest of them, the one to beat.
  const heap: number[] = [];
  const weaker = (i: number, j: number) => before(heap[j]!, heap[i]!, scores);
  const swap = (i: number, j: number) => ([heap[i], heap[j]] = [heap[j]!, heap[i]!]);
  const siftDown = (start: number) => {
    for (let i = start; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let weakest = i;
      if (left < heap.length && weaker(left, weakest)) weakest = left;
      if (right < heap.length && weaker(right, weakest)) weakest = right;
      if (weakest === i) return;
      swap(i, weakest);
      i = weakest;
    }
  };
  for (const record of numbers) {
    if (heap.length < size) {
      heap.push(record);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!weaker(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else if (before(record, heap[0]!, scores)) {
      heap[0] = record;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (before(a, b, scores) ? -1 : before(b, a, scores) ? 1 : 0));
}

/** A set of record numbers as bits, growing as records are added. */
class RecordBits {
  private words: Uint32Array;

  constructor(records = 0) {
    this.words = new Uint32Array(Math.ceil(records / 32));
  }

  add(record: number): void {
    const at = record >>> 5;
    if (at >= this.words.length) this.grow(Math.max(at + 1, this.words.length * 2));
    this.words[at]! |= 1 << (record & 31);
  }

  private grow(length: number): void {
    const grown = new Uint32Array(length);
    grown.set(this.words);
    this.words = grown;
  }

  remove(record: number): void {
    const at = record >>> 5;
    if (at < this.words.length) this.words[at]! &= ~(1 << (record & 31));
  }

  copy(): RecordBits {
    const copy = new RecordBits();
    copy.words = this.words.slice();
    return copy;
  }

  keepOnly(other: RecordBits): void {
    const shared = Math.min(this.words.length, other.words.length);
    for (let i = 0; i < shared; i++) this.words[i]! &= other.words[i]!;
    this.words.fill(0, shared);
  }

  addAll(other: RecordBits): void {
    if (other.words.length > this.words.length) this.grow(other.words.length);
    for (let i = 0; i < other.words.length; i++) this.words[i]! |= other.words[i]!;
  }

  count(): number {
    let total = 0;
    for (let i = 0; i < this.words.length; i++) {
      // Bits set in a 32-bit word, the usual SWAR way.
      let v = this.words[i]!;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      total += (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    return total;
  }

  /** The first `limit` records, lowest number first, as `tags` has them. */
  first(limit: number, tags: readonly number[]): Int32Array<ArrayBuffer> {
    const found = new Int32Array(Math.max(0, Math.floor(limit)));
    let n = 0;
    for (let i = 0; i < this.words.length && n < found.length; i++) {
      let bits = this.words[i]!;
      while (bits !== 0 && n < found.length) {
        const low = bits & -bits;
        found[n++] = tags[i * 32 + (31 - Math.clz32(low))]!;
        bits ^= low;
      }
    }
    return n === found.length ? found : found.slice(0, n);
  }
}
