import { describe, expect, it } from 'vitest';
import { WordsInOrder } from '../../../renderer/src/search/words-in-order';

function startingWith(words: WordsInOrder, prefix: string): string[] {
  const found: string[] = [];
  words.eachStartingWith(prefix, (word, number) => found.push(`${word}#${number}`));
  return found.sort();
}

describe('words in order', () => {
  it('finds every word beginning with what was typed, whether it was sorted in yet or is still waiting', () => {
    const words = new WordsInOrder();
    const all: string[] = [];
    // Enough words that the waiting ones are merged in several times on the way.
    let state = 7;
    const letter = () => 'abcé'[(state = (state * 1103515245 + 12345) % 2147483648) % 4];
    const prefixes = ['', 'a', 'ab', 'é', 'cé', 'abca', 'zz'];
    for (let n = 0; n < 7_000; n++) {
      const word = Array.from({ length: 1 + (n % 6) }, letter).join('');
      words.add(word, n);
      all.push(`${word}#${n}`);
      if (n % 997 === 0 || n === 6_999) {
        for (const prefix of prefixes) expect(startingWith(words, prefix), prefix).toEqual(all.filter((entry) => entry.startsWith(prefix)).sort());
      }
    }
    words.replaceAll([
      ['abc', 1],
      ['b', 2],
    ]);
    expect(startingWith(words, 'a')).toEqual(['abc#1']);
    expect(startingWith(words, '')).toEqual(['abc#1', 'b#2']);
  });
});
