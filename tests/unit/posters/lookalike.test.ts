import { describe, expect, it } from 'vitest';
import { confusableSkeleton, normalizeIdentity } from '../../../shared/crypto/blind-index';
import { findLookalikePosters, type PosterUsername } from '../../../shared/posters/lookalike';

const names = (...usernames: string[]): PosterUsername[] => usernames.map((username, index) => ({ id: `p${index + 1}`, username }));

function onlyGroup(...usernames: string[]) {
  const groups = findLookalikePosters(names(...usernames));
  expect(groups).toHaveLength(1);
  return groups[0]!;
}

describe('look-alike usernames', () => {
  it('flags a Cyrillic look-alike, naming the letter', () => {
    const group = onlyGroup('jane_doe', 'j\u0430ne_doe');
    expect(group.reasons).toEqual(['cyrillic_letters']);
    expect(group.members[1]?.details).toEqual(['Cyrillic “\u0430” (U+0430) where a Latin “a” would be']);
    expect(group.message).toContain('Possibly the same poster');
    expect(group.message).toContain('They differ only in Cyrillic letters that look like Latin ones.');
    expect(group.message).toContain('Compare the profiles before treating them as one person.');
  });

  it('flags a name written wholly in Cyrillic capitals', () => {
    // Т, О, М are Cyrillic here.
    const tom = onlyGroup('TOM', '\u0422\u041E\u041C');
    expect(tom.reasons).toEqual(['cyrillic_letters']);
    expect(tom.members[1]?.details[0]).toBe('Cyrillic “\u0422” (U+0422) where a Latin “T” would be');
    expect(onlyGroup('BOB', '\u0412\u041E\u0412').members.map((m) => m.id)).toEqual(['p1', 'p2']);
  });

  it('names the Latin letter a dotted look-alike stands for', () => {
    expect(onlyGroup('jim', 'j\u0456m').members[1]?.details).toEqual(['Cyrillic “\u0456” (U+0456) where a Latin “i” would be']);
    expect(onlyGroup('IVAN', '\u0406VAN').members[1]?.details).toEqual(['Cyrillic “\u0406” (U+0406) where a Latin “I” would be']);
  });

  it('flags Greek look-alikes, including capitals', () => {
    // Η, Α, Ν are Greek here.
    expect(onlyGroup('HANNA', '\u0397\u0391\u039D\u039D\u0391').reasons).toEqual(['greek_letters']);
    expect(onlyGroup('pop', '\u03C1\u03BF\u03C1').reasons).toEqual(['greek_letters']);
  });

  it('flags full-width forms', () => {
    const group = onlyGroup('jane_doe', 'ｊａｎｅ＿ｄｏｅ');
    expect(group.reasons).toEqual(['full_width_letters']);
    expect(group.members[1]?.details[0]).toBe('full-width “ｊ” (U+FF4A) where “j” would be');
  });

  it('flags case variants, and says a poster search already treats them as one', () => {
    const group = onlyGroup('Jane_Doe', 'jane_doe', 'JANE_DOE');
    expect(group.reasons).toEqual(['capital_letters']);
    expect(group.message).toContain('A poster search already treats them as one username.');
    // Capital I is read as l, and so is i, so names with an i still meet their capitals.
    expect(onlyGroup('jim_smith', 'JIM_SMITH', 'Jim_Smith').members).toHaveLength(3);
  });

  it('flags zero-width characters, including the joiners identity keeps, and shows them', () => {
    const group = onlyGroup('janedoe', 'jane\u200Bdoe', 'jane\u200Ddoe', 'jane\u2063doe');
    expect(group.reasons).toEqual(['invisible_characters']);
    expect(group.members[1]?.details).toEqual(['an invisible zero-width space (U+200B)']);
    expect(group.members[2]?.details).toEqual(['an invisible zero-width joiner (U+200D)']);
    expect(group.members[3]?.details).toEqual(['an invisible character (U+2063)']);
    expect(group.message).toContain('“jane[U+200B]doe”');
    expect(group.message).toContain('A poster search treats them as different usernames, so search for each.');
  });

  it('flags a leading @', () => {
    expect(onlyGroup('jane_doe', '@jane_doe').reasons).toEqual(['leading_at']);
    expect(onlyGroup('jane_doe', '＠jane_doe').reasons).toEqual(['leading_at', 'full_width_letters']);
  });

  it('flags right-to-left overrides and other bidi marks', () => {
    expect(onlyGroup('janedoe', '\u202Ejanedoe\u202C').members[1]?.details).toEqual([
      'an invisible right-to-left override (U+202E)',
      'an invisible end of embedding (U+202C)',
    ]);
  });

  it('flags digits and symbols used as letters, letter pairs, styled letters, accents and spacing', () => {
    expect(onlyGroup('john', 'j0hn').reasons).toEqual(['digits_or_symbols_for_letters']);
    expect(onlyGroup('bill', 'bi||').members[1]?.details).toEqual(['“|” read as “l”']);
    expect(onlyGroup('modern', 'rnodern').reasons).toEqual(['letter_pairs']);
    expect(onlyGroup('jane', '\u{1D423}\u{1D41A}\u{1D427}\u{1D41E}').reasons).toEqual(['styled_letters']);
    expect(onlyGroup('zoe', 'zoë').reasons).toEqual(['accents']);
    expect(onlyGroup('jane doe', 'jane\u00A0doe', 'jane  doe').reasons).toEqual(['spacing']);
  });

  it('combines several tricks in one name', () => {
    const group = onlyGroup('jane_doe', '@J\u0430ne\u200B_D\u043Ee');
    expect(group.reasons).toEqual(['capital_letters', 'leading_at', 'invisible_characters', 'cyrillic_letters']);
    expect(group.members[1]?.details).toHaveLength(3);
  });

  it('keeps different-looking names apart', () => {
    expect(findLookalikePosters(names('jane_doe', 'june_doe', 'jane_do', 'janedoe2'))).toEqual([]);
    expect(findLookalikePosters(names('anna', 'hanna', 'ana', 'amy', 'army'))).toEqual([]);
  });

  it('does not flag the same username seen on several removals, but lists every id once it has a look-alike', () => {
    expect(findLookalikePosters(names('jane_doe', 'jane_doe'))).toEqual([]);
    const group = onlyGroup('jane_doe', 'jane_doe', 'j\u0430ne_doe');
    expect(group.members.map((member) => member.id)).toEqual(['p1', 'p2', 'p3']);
  });

  it('ignores usernames that are nothing once invisible characters are dropped', () => {
    expect(findLookalikePosters(names('', '@', '\u200B', ' '))).toEqual([]);
  });

  it('returns several groups in the order their first username was given', () => {
    const groups = findLookalikePosters(names('zed', 'anna', 'ZED', '\u0430nna', 'other'));
    expect(groups.map((group) => group.members.map((member) => member.username))).toEqual([
      ['zed', 'ZED'],
      ['anna', '\u0430nna'],
    ]);
  });

  it('keeps hostile usernames as text', () => {
    const group = onlyGroup('<script>alert(1)</script>', '<SCRIPT>alert(1)</SCRIPT>');
    expect(group.message).toContain('“<script>alert(1)</script>”');
  });

  it('handles a large list in one pass', () => {
    // Digits spelled with letters that look like no other letter, so the only look-alike is the one added.
    const spell = (n: number) => [...String(n)].map((digit) => 'abcdefghjk'[Number(digit)]).join('');
    const many = Array.from({ length: 50_000 }, (_, index) => ({ id: `p${index}`, username: `user_${spell(index)}` }));
    many.push({ id: 'twin', username: 'USER_BA' });
    const groups = findLookalikePosters(many);
    expect(groups.map((group) => group.members.map((member) => member.username))).toEqual([['user_ba', 'USER_BA']]);
  });
});

describe('the skeleton behind it (shared with the blind index)', () => {
  it('reads Greek and Cyrillic capitals as the Latin capitals they look like', () => {
    expect(confusableSkeleton('\u0397\u0391\u039D\u039D\u0391')).toBe('hanna');
    expect(confusableSkeleton('\u0422\u041E\u041C')).toBe('tom');
    expect(confusableSkeleton('\u0412\u041E\u0412')).toBe('bob');
    expect(confusableSkeleton('\u0406VAN')).toBe(confusableSkeleton('IVAN'));
  });

  it('drops every character drawn as nothing', () => {
    for (const invisible of ['\u200B', '\u200C', '\u200D', '\u2060', '\u2063', '\u034F', '\uFE0F', '\u3164', '\u{E0041}']) {
      expect(confusableSkeleton(`ja${invisible}ne`)).toBe('jane');
    }
  });

  it('leaves identity normalisation alone: joiners and confusables still make different identities', () => {
    expect(normalizeIdentity('ja\u200Dne')).toBe('ja\u200Dne');
    expect(normalizeIdentity('\u0422\u041E\u041C')).not.toBe(normalizeIdentity('TOM'));
    expect(normalizeIdentity('@Jane.Doe')).toBe('jane.doe');
  });
});
