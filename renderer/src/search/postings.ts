/**
 * Which records hold each word, and how much: the index's postings, kept in
 * large typed pages rather than an array per word. At 100,000 removals there
 * are about 9 million postings under 160,000 words. As one growing array of
 * numbers per word they took 8 bytes a number, twice per posting, and every
 * time an array outgrew its room it was copied and the old copy left for the
 * collector: hundreds of megabytes of garbage while the index was built, which
 * is what set the search worker's peak memory. Here a posting is 8 bytes
 * (a record number and a weight), written once; a word's postings are never
 * copied as they grow (only when the index is tidied, see `compacted`).
 * Weights are 32-bit floats: a field weight like 1.2 is kept to seven
 * digits, more than ranking needs.
 *
 * Each word's postings are a chain of blocks in the pages. Blocks grow with
 * the word (2, 4, 8 … 1,024 slots), so the many words with one or two
 * postings take little room and a common word is read in long runs. A
 * block's last slot holds where the next block starts.
 */

/** Slots per page: 64 Ki, 512 KiB of record numbers and weights. */
const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const OFFSET_MASK = PAGE_SIZE - 1;
/** Block sizes, smallest first: a word's first block is the smallest, each next one the next size, up to the largest. The last slot of each is the link to the next. */
const BLOCK_SIZES = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] as const;
const TOP_LEVEL = BLOCK_SIZES.length - 1;

const NO_RECORDS = new Int32Array(0);
const NO_WEIGHTS = new Float32Array(0);

/**
 * A word's postings, a run at a time: after each `next()` that answers true,
 * `records` and `weights` hold them in `[start, end)`. A cursor rather than a
 * callback, so each loop over postings is compiled where it is written.
 */
export class PostingRuns {
  // Shared empty arrays until the first run: a typed array made for each cursor cost more than reading a short word's postings.
  records: Int32Array = NO_RECORDS;
  weights: Float32Array = NO_WEIGHTS;
  start = 0;
  end = 0;
  private level = 0;
  private started = false;

  constructor(
    private readonly recordPages: readonly Int32Array[],
    private readonly weightPages: readonly Float32Array[],
    private at: number,
    private remaining: number,
  ) {}

  next(): boolean {
    if (this.remaining === 0) return false;
    if (this.started) {
      // The slot after the last run is the link to the next block.
      this.at = this.records[this.end]!;
      this.level = Math.min(this.level + 1, TOP_LEVEL);
    }
    this.started = true;
    const page = this.at >>> PAGE_BITS;
    this.records = this.recordPages[page]!;
    this.weights = this.weightPages[page]!;
    this.start = this.at & OFFSET_MASK;
    const held = Math.min(BLOCK_SIZES[this.level]! - 1, this.remaining);
    this.end = this.start + held;
    this.remaining -= held;
    return true;
  }
}

export class Postings {
  private recordPages: Int32Array[] = [];
  private weightPages: Float32Array[] = [];
  /** Next free slot, as page × PAGE_SIZE + offset (an Int32: room for 32,768 pages, 16 GiB). */
  private free = 0;
  /** Per word number: where its first block starts, where its next posting goes, where its last block's link is, how many postings it has, and its last block's size (as a place in BLOCK_SIZES). */
  private first = new Int32Array(0);
  private next = new Int32Array(0);
  private links = new Int32Array(0);
  private counts = new Int32Array(0);
  private levels = new Uint8Array(0);

  /** How many postings `word` has. */
  count(word: number): number {
    return word < this.counts.length ? this.counts[word]! : 0;
  }

  add(word: number, record: number, weight: number): void {
    if (word >= this.counts.length) this.growWords(word + 1);
    let at: number;
    if (this.counts[word] === 0) {
      at = this.startBlock(word, 0);
      this.first[word] = at;
    } else {
      at = this.next[word]!;
      if (at === this.links[word]) {
        const block = this.startBlock(word, Math.min(this.levels[word]! + 1, TOP_LEVEL));
        this.recordPages[at >>> PAGE_BITS]![at & OFFSET_MASK] = block;
        at = block;
      }
    }
    this.recordPages[at >>> PAGE_BITS]![at & OFFSET_MASK] = record;
    this.weightPages[at >>> PAGE_BITS]![at & OFFSET_MASK] = weight;
    this.next[word] = at + 1;
    this.counts[word]!++;
  }

  /** `word`'s postings, in the order they were added. */
  runs(word: number): PostingRuns {
    return new PostingRuns(this.recordPages, this.weightPages, this.first[word] ?? 0, this.count(word));
  }

  /**
   * A copy with only the postings whose record `renumber` maps to zero or
   * more, renumbered so, written word after word in the order of `words`
   * (every word number in use, each once): the index's compaction. Words
   * then read in that order, as a search by beginning reads them in
   * alphabetical order, lie next to each other.
   */
  compacted(renumber: Int32Array, words: Iterable<number>): Postings {
    const kept = new Postings();
    kept.growWords(this.counts.length);
    for (const word of words) {
      for (const run = this.runs(word); run.next(); ) {
        const { records, weights, end } = run;
        for (let i = run.start; i < end; i++) {
          const record = renumber[records[i]!]!;
          if (record >= 0) kept.add(word, record, weights[i]!);
        }
      }
    }
    return kept;
  }

  /** A new block of `word`'s at `level`, never across a page's end; answers where it starts. */
  private startBlock(word: number, level: number): number {
    const size = BLOCK_SIZES[level]!;
    let at = this.free;
    if (at >>> PAGE_BITS >= this.recordPages.length || (at & OFFSET_MASK) + size > PAGE_SIZE) {
      at = this.recordPages.length << PAGE_BITS;
      this.recordPages.push(new Int32Array(PAGE_SIZE));
      this.weightPages.push(new Float32Array(PAGE_SIZE));
    }
    this.free = at + size;
    this.levels[word] = level;
    this.links[word] = at + size - 1;
    return at;
  }

  private growWords(words: number): void {
    const length = Math.max(words, this.counts.length * 2, 1024);
    const grown = <T extends Int32Array | Uint8Array>(old: T, room: T): T => {
      room.set(old);
      return room;
    };
    this.first = grown(this.first, new Int32Array(length));
    this.next = grown(this.next, new Int32Array(length));
    this.links = grown(this.links, new Int32Array(length));
    this.counts = grown(this.counts, new Int32Array(length));
    this.levels = grown(this.levels, new Uint8Array(length));
  }
}
