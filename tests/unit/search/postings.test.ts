import { describe, expect, it } from 'vitest';
import { Postings } from '../../../renderer/src/search/postings';
import { seededRandom } from '../services/ledger-fixtures';

/** Every posting of `word`, in order, read run by run as the index reads them. */
function read(postings: Postings, word: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (const run = postings.runs(word); run.next(); ) {
    for (let i = run.start; i < run.end; i++) found.push([run.records[i]!, run.weights[i]!]);
  }
  return found;
}

describe('the postings of the search index', () => {
  it('gives back every word’s records and weights in the order they were added, across blocks and pages', () => {
    const random = seededRandom(3);
    const postings = new Postings();
    const expected = new Map<number, Array<[number, number]>>();
    // One word with far more postings than a page holds, others with a few, all added interleaved as records arrive.
    for (let record = 0; record < 150_000; record++) {
      const words = [0, 1 + Math.floor(random() * 3_000), 1 + Math.floor(random() * 3_000)];
      for (const word of new Set(words)) {
        // Weights as the index makes them: counts times field weights of 1, 1.2, 1.5 and 2, kept as 32-bit floats.
        const weight = [1, 1.2, 2.4, 3.5][record % 4]!;
        postings.add(word, record, weight);
        const entries = expected.get(word) ?? expected.set(word, []).get(word)!;
        entries.push([record, Math.fround(weight)]);
      }
    }
    for (const [word, entries] of expected) {
      expect(postings.count(word), `word ${word}`).toBe(entries.length);
      expect(read(postings, word), `word ${word}`).toEqual(entries);
    }
    expect(read(postings, 99_999)).toEqual([]);
    expect(postings.count(99_999)).toBe(0);
  });

  it('when tidied, keeps only the records still wanted, renumbered, whatever order the words are laid out in', () => {
    const postings = new Postings();
    for (let record = 0; record < 1_000; record++) {
      postings.add(record % 3, record, 1 + (record % 2));
      if (record % 100 === 0) postings.add(7, record, 2);
    }
    // Every other record dropped; the rest numbered from 0.
    const renumber = new Int32Array(1_000).map((_, record) => (record % 2 === 0 ? record / 2 : -1));
    const tidied = postings.compacted(renumber, [7, 2, 0, 1]);
    for (const word of [0, 1, 2]) {
      const kept = Array.from({ length: 1_000 }, (_, record) => record)
        .filter((record) => record % 3 === word && record % 2 === 0)
        .map((record): [number, number] => [record / 2, 1]);
      expect(read(tidied, word), `word ${word}`).toEqual(kept);
    }
    expect(read(tidied, 7)).toEqual(Array.from({ length: 10 }, (_, i): [number, number] => [i * 50, 2]));
    // Words left out of the layout keep nothing, a word with none stays with none, and the original is untouched.
    expect(read(postings.compacted(renumber, [0]), 1)).toEqual([]);
    expect(read(postings.compacted(renumber, [5]), 5)).toEqual([]);
    expect(read(postings, 1)).toEqual(Array.from({ length: 333 }, (_, i): [number, number] => [3 * i + 1, 1 + ((3 * i + 1) % 2)]));
    // Laid out again with every record kept (as the index does once loaded), nothing changes.
    const identity = new Int32Array(1_000).map((_, record) => record);
    for (const word of [0, 1, 2, 7]) expect(read(postings.compacted(identity, [7, 2, 1, 0]), word), `word ${word}`).toEqual(read(postings, word));
  });
});
