/**
 * The index's words in sorted order, so that every word beginning with what
 * was typed is one run of neighbours found by binary search. Walking a radix
 * tree for the same words built a string and an entry for each of them: a
 * beginning like "rosa" starts thousands of handles ("rosa_jones19", …) and
 * took milliseconds a keystroke.
 *
 * Words added since the last sort wait in a short list that is scanned as it
 * is, and merged in once it grows long.
 */

/** Past this many unsorted words, they are merged into the sorted ones before the next search. */
const MAX_UNSORTED = 2_000;

export class WordsInOrder {
  private words: string[] = [];
  private numbers: number[] = [];
  private unsorted: Array<{ word: string; number: number }> = [];

  add(word: string, number: number): void {
    this.unsorted.push({ word, number });
  }

  /** Starts again from these words only (after the index dropped words no record has). */
  replaceAll(entries: Iterable<[string, number]>): void {
    this.words = [];
    this.numbers = [];
    this.unsorted = [...entries].map(([word, number]) => ({ word, number }));
    this.sort();
  }

  /** Calls `visit` for each word beginning with `prefix` (the prefix itself included), in no particular order. */
  eachStartingWith(prefix: string, visit: (word: string, number: number) => void): void {
    if (this.unsorted.length > MAX_UNSORTED) this.sort();
    const words = this.words;
    let low = 0;
    let high = words.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (words[middle]! < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < words.length && words[i]!.startsWith(prefix); i++) visit(words[i]!, this.numbers[i]!);
    for (const { word, number } of this.unsorted) if (word.startsWith(prefix)) visit(word, number);
  }

  /** The numbers of every word, in the words' order. */
  numbersInOrder(): readonly number[] {
    this.sort();
    return this.numbers;
  }

  /** Merges the waiting words into the sorted ones. */
  sort(): void {
    if (this.unsorted.length === 0) return;
    const incoming = this.unsorted.sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
    const words: string[] = new Array<string>(this.words.length + incoming.length);
    const numbers: number[] = new Array<number>(words.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < words.length; k++) {
      if (j >= incoming.length || (i < this.words.length && this.words[i]! <= incoming[j]!.word)) {
        words[k] = this.words[i]!;
        numbers[k] = this.numbers[i++]!;
      } else {
        words[k] = incoming[j]!.word;
        numbers[k] = incoming[j++]!.number;
      }
    }
    this.words = words;
    this.numbers = numbers;
    this.unsorted = [];
  }
}
