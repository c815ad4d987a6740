import { describe, expect, it } from 'vitest';
import { WordIndex, type WordQuery } from '../../../renderer/src/search/word-index';
import { seededRandom } from '../services/ledger-fixtures';

/** Words from a few letters, so that beginnings are shared by many records, as in real text. */
function wordsFor(random: () => number): string[] {
  const letters = 'abcdé';
  return Array.from({ length: 1 + Math.floor(random() * 5) }, () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => letters[Math.floor(random() * letters.length)]).join(''));
}

function weightsOf(words: string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const word of words) weights.set(word, (weights.get(word) ?? 0) + 1);
  return weights;
}

/** What a search by beginning must find: every record with a word starting so, in the order records were (last) saved. */
function expected(records: Map<string, string[]>, typed: string): { ids: string[]; total: number } {
  const ids = [...records].filter(([, words]) => words.some((word) => word.startsWith(typed))).map(([id]) => id);
  return { ids, total: ids.length };
}

/** Every match, unranked, as ids: each record is set with its position in `ids` as its tag. */
function everyMatchOf(index: WordIndex, ids: readonly string[], query: WordQuery, limit: number): { ids: string[]; total: number } {
  const { tags, total } = index.everyMatch(query, limit);
  return { ids: Array.from(tags, (tag) => ids[tag]!), total };
}

describe('the word index', () => {
  // With 1, every beginning and word is worked out ahead; with 40, some are and some are walked each time.
  it.each([1, 40])('finds by the first letters typed exactly the records walking every word finds, through edits, removals and tidying, once prepared for typing (worked out ahead from %i entries)', (manyPostings) => {
    const random = seededRandom(8);
    const index = new WordIndex();
    // In the order the index lists them: a saved edit moves a record to the end.
    const records = new Map<string, string[]>();
    const ids = Array.from({ length: 400 }, (_, i) => `r${i}`);
    const save = (id: string) => {
      const words = wordsFor(random);
      records.delete(id);
      records.set(id, words);
      index.set(id, weightsOf(words), words.length, ids.indexOf(id));
    };
    for (let i = 0; i < 300; i++) save(`r${i}`);
    // Beginnings of up to four letters worked out ahead, however few records they have (or with 40, from a few), so that keeping them up to date is tested too.
    index.prepareForTyping(manyPostings);
    // Up to four letters, beginnings worked out ahead; five, the words' own bits.
    const typed = ['a', 'b', 'é', 'ab', 'ba', 'dé', 'abc', 'x', 'aé', 'abcd', 'déca', 'abcde', 'décab'];
    const check = () => {
      for (const query of typed) {
        expect(everyMatchOf(index, ids, { word: query, prefix: true, maxTypos: 0 }, 10_000), query).toEqual(expected(records, query));
        // Ranked, the same records (only their order differs).
        const ranked = index.search({ word: query, prefix: true, maxTypos: 0 }, 10_000);
        expect([...ranked.ids].sort(), query).toEqual(expected(records, query).ids.sort());
        // A typing mistake allowed: the same records with bits as with scores.
        const loose = { word: query, prefix: true, maxTypos: 1 };
        const unranked = everyMatchOf(index, ids, loose, 10_000);
        expect(unranked.ids.sort(), `${query}, one mistake`).toEqual(index.search(loose, 10_000).ids.sort());
      }
    };
    check();
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 40; i++) {
        const id = `r${Math.floor(random() * 400)}`;
        if (random() < 0.3 && records.has(id)) {
          records.delete(id);
          index.delete(id);
        } else {
          save(id);
        }
      }
      check();
      if (round === 2) {
        index.compact();
        check();
      }
    }
  });

  it('answers "all of" and "any of" on bits the same as by scores, and counts only what is still indexed', () => {
    const index = new WordIndex();
    const ids = ['one', 'two', 'three'];
    index.set('one', weightsOf(['parking', 'ticket']), 2, 0);
    index.set('two', weightsOf(['parking', 'lot']), 2, 1);
    index.set('three', weightsOf(['ticket']), 1, 2);
    index.prepareForTyping();
    index.delete('three');
    const word = (w: string) => ({ word: w, prefix: true, maxTypos: 0 });
    expect(everyMatchOf(index, ids, { all: [word('p'), word('t')] }, 10)).toEqual({ ids: ['one'], total: 1 });
    expect(everyMatchOf(index, ids, { any: [word('l'), word('t')] }, 10)).toEqual({ ids: ['one', 'two'], total: 2 });
    expect(everyMatchOf(index, ids, { any: [word('l'), word('t')] }, 1)).toEqual({ ids: ['one'], total: 2 });
    expect(everyMatchOf(index, ids, word('t'), 10)).toEqual({ ids: ['one'], total: 1 });
  });
});
