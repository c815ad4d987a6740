import SearchableMap from 'minisearch/SearchableMap';

/**
 * Which records contain which words, and how to rank them: the engine under
 * the removal search. The word list is MiniSearch's radix tree
 * (SearchableMap), which finds every word starting with, or a typing mistake
 * or two away from, what was typed. What MiniSearch's own search does next
 * (an object per matching record per word, then sorting every match) takes
 * seconds when the first letter typed matches all of 100,000 records, so
 * matches are kept here in flat arrays, scored into one typed array, and only
 * the best few are ever sorted.
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

interface Scored {
  /** Record numbers with a score above zero, each once. */
  numbers: number[];
  /** Score by record number; zero for every record not in `numbers`. */
  scores: Float64Array;
}

export class WordIndex {
  private readonly numberOfWord = new Map<string, number>();
  /** The same words, searchable by their beginnings and by near misses. */
  private readonly words = new SearchableMap<number>();
  private wordOfNumber: string[] = [];
  /** Per word: [record number, weight, record number, weight, …]. A replaced record's entries stay until the next compaction. */
  private postings: number[][] = [];
  private readonly freeWordNumbers: number[] = [];
  /** Per record number: its id, or undefined once it was replaced or removed. */
  private ids: Array<string | undefined> = [];
  private lengths: number[] = [];
  private numberOfId = new Map<string, number>();
  private totalLength = 0;
  private stale = 0;

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
   * of the field it came from; `length` is the record's number of words.
   */
  set(id: string, weights: ReadonlyMap<string, number>, length: number): void {
    this.delete(id);
    const record = this.ids.length;
    this.ids.push(id);
    this.lengths.push(length);
    this.numberOfId.set(id, record);
    this.totalLength += length;
    weights.forEach((weight, word) => {
      if (weight <= 0) return;
      const known = this.numberOfWord.get(word);
      if (known === undefined) this.postings[this.addWord(word)] = [record, weight];
      else this.postings[known]!.push(record, weight);
    });
  }

  delete(id: string): void {
    const record = this.numberOfId.get(id);
    if (record === undefined) return;
    this.numberOfId.delete(id);
    this.ids[record] = undefined;
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
    return number;
  }

  /** Drops the entries of replaced and removed records, and the words no record has any more. */
  compact(): void {
    const renumbered = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const lengths: number[] = [];
    this.ids.forEach((id, record) => {
      if (id === undefined) return;
      renumbered[record] = ids.length;
      ids.push(id);
      lengths.push(this.lengths[record]!);
    });
    this.postings.forEach((list, number) => {
      if (list.length === 0) return;
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) {
        const record = renumbered[list[i]!]!;
        if (record >= 0) kept.push(record, list[i + 1]!);
      }
      this.postings[number] = kept;
      if (kept.length === 0) {
        const word = this.wordOfNumber[number]!;
        this.numberOfWord.delete(word);
        this.words.delete(word);
        this.freeWordNumbers.push(number);
      }
    });
    this.ids = ids;
    this.lengths = lengths;
    this.numberOfId = new Map(ids.map((id, record) => [id, record]));
    this.stale = 0;
  }

  /**
   * The best `limit` matches, best first, and how many match in all. Unranked,
   * the first `limit` matches in the order their records were indexed:
   * ranking every one of 100,000 matches cost more than finding them, and a
   * list that sorts by date has no use for it.
   */
  search(query: WordQuery, limit: number, ranked = true): RankedMatches {
    if (this.size === 0) return { ids: [], total: 0 };
    const { numbers, scores } = this.evaluate(query, ranked);
    if (ranked) return { ids: best(numbers, scores, limit).map((record) => this.ids[record]!), total: numbers.length };
    // Every match has a score above zero, so reading the scores in record order lists them in that order without sorting.
    const ids: string[] = [];
    const wanted = Math.min(Math.max(0, Math.floor(limit)), numbers.length);
    for (let record = 0; record < scores.length && ids.length < wanted; record++) if (scores[record] !== 0) ids.push(this.ids[record]!);
    return { ids, total: numbers.length };
  }

  /** Unranked, every match scores 1: which records match is all that is wanted, and BM25 for each of a million postings was half the work. */
  private evaluate(query: WordQuery, ranked: boolean): Scored {
    if ('word' in query) return this.matchWord(query, ranked);
    if ('all' in query) return this.matchAll(query.all.map((part) => this.evaluate(part, ranked)));
    return this.matchAny(query.any.map((part) => this.evaluate(part, ranked)));
  }

  private matchWord({ word, prefix, maxTypos }: { word: string; prefix: boolean; maxTypos: number }, ranked: boolean): Scored {
    const scored: Scored = { numbers: [], scores: new Float64Array(this.ids.length) };
    const averageLength = this.totalLength / this.size || 1;
    const add = (number: number, weight: number) => (ranked ? this.score(this.postings[number]!, weight, averageLength, scored) : this.mark(this.postings[number]!, scored));
    const exact = this.numberOfWord.get(word);
    if (exact !== undefined) add(exact, 1);
    if (prefix) {
      for (const [longer, number] of this.words.atPrefix(word)) {
        if (longer.length === word.length) continue;
        add(number, (PREFIX_WEIGHT * longer.length) / (longer.length + 0.3 * (longer.length - word.length)));
      }
    }
    if (maxTypos > 0) {
      for (const [near, [number, distance]] of this.words.fuzzyGet(word, maxTypos)) {
        if (distance === 0 || (prefix && near.startsWith(word))) continue;
        add(number, (TYPO_WEIGHT * near.length) / (near.length + distance));
      }
    }
    return scored;
  }

  private mark(list: number[], into: Scored): void {
    const { numbers, scores } = into;
    for (let i = 0; i < list.length; i += 2) {
      const record = list[i]!;
      if (scores[record] !== 0 || this.ids[record] === undefined) continue;
      scores[record] = 1;
      numbers.push(record);
    }
  }

  private score(list: number[], weight: number, averageLength: number, into: Scored): void {
    // Entries of replaced records stay in the list until the next compaction: counted, they made a word
    // every record has look more common than every record, its rarity negative, and "all of" drop true matches.
    const matching = Math.min(list.length / 2, this.size);
    const rarity = Math.log(1 + (this.size - matching + 0.5) / (matching + 0.5));
    const { numbers, scores } = into;
    for (let i = 0; i < list.length; i += 2) {
      const record = list[i]!;
      if (this.ids[record] === undefined) continue;
      const frequency = list[i + 1]!;
      const lengthFactor = 1 - B + (B * this.lengths[record]!) / averageLength;
      const score = weight * rarity * (FLOOR + (frequency * (K1 + 1)) / (frequency + K1 * lengthFactor));
      if (scores[record] === 0) numbers.push(record);
      scores[record]! += score;
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
