import { confusableSkeleton, normalizeIdentity } from '../crypto/blind-index';

/**
 * Look-alike posters: usernames that read the same to the eye but are
 * different text, like "jane_doe" and "jаne_doe" with a Cyrillic "а",
 * "ｊａｎｅ＿ｄｏｅ" in full-width letters, "@Jane_Doe", or "jane\u200B_doe" with a
 * zero-width space. They may be one person posting under several accounts,
 * or someone impersonating another. The ledger only raises the question:
 * whether they are the same poster is for a person to decide, so nothing here
 * merges identities.
 *
 * Grouping is by `confusableSkeleton` (the same skeleton a blind-index field
 * can carry); the signs below explain, per username, what made it differ.
 */

export interface PosterUsername {
  /** What the caller uses to find the poster again (a poster or removal id). */
  id: string;
  username: string;
}

export const lookalikeSigns = [
  'capital_letters',
  'leading_at',
  'invisible_characters',
  'full_width_letters',
  'styled_letters',
  'cyrillic_letters',
  'greek_letters',
  'accents',
  'digits_or_symbols_for_letters',
  'letter_pairs',
  'spacing',
] as const;
export type LookalikeSign = (typeof lookalikeSigns)[number];

export const lookalikeSignLabels: Record<LookalikeSign, string> = {
  capital_letters: 'capital letters',
  leading_at: 'a leading @',
  invisible_characters: 'invisible characters (such as zero-width spaces)',
  full_width_letters: 'full-width letters',
  styled_letters: 'styled letters (bold, italic, circled or joined letters)',
  cyrillic_letters: 'Cyrillic letters that look like Latin ones',
  greek_letters: 'Greek letters that look like Latin ones',
  accents: 'accents',
  digits_or_symbols_for_letters: 'digits or symbols that look like letters (0 for o, 1 or | for l)',
  letter_pairs: 'letter pairs that look like one letter (rn for m, vv for w)',
  spacing: 'extra or unusual spaces',
};

export interface LookalikeMember extends PosterUsername {
  signs: LookalikeSign[];
  /** Each unusual character, spelled out: `Cyrillic "а" (U+0430) where a Latin "a" would be`. */
  details: string[];
}

export interface LookalikeGroup {
  /** What the usernames have in common once look-alikes are read alike. */
  skeleton: string;
  members: LookalikeMember[];
  /** The signs that tell these usernames apart (those not shared by every member). */
  reasons: LookalikeSign[];
  /** For the person who decides. */
  message: string;
}

/**
 * Groups usernames that look alike. A group needs at least two different
 * spellings: the same username seen on several removals is one identity, not
 * a look-alike (its ids are all listed in the group when it has a look-alike).
 * Groups come in the order their first username was given.
 */
export function findLookalikePosters(usernames: readonly PosterUsername[]): LookalikeGroup[] {
  const bySkeleton = new Map<string, PosterUsername[]>();
  for (const entry of usernames) {
    const skeleton = confusableSkeleton(entry.username);
    if (skeleton.length === 0) continue;
    const group = bySkeleton.get(skeleton);
    if (group) group.push(entry);
    else bySkeleton.set(skeleton, [entry]);
  }

  const groups: LookalikeGroup[] = [];
  for (const [skeleton, entries] of bySkeleton) {
    if (new Set(entries.map((entry) => entry.username)).size < 2) continue;
    const members = entries.map((entry) => ({ ...entry, ...signsOf(entry.username) }));
    const reasons = distinguishingSigns(members);
    groups.push({ skeleton, members, reasons, message: explain(members, reasons) });
  }
  return groups;
}

function distinguishingSigns(members: LookalikeMember[]): LookalikeSign[] {
  const present = lookalikeSigns.filter((sign) => members.some((member) => member.signs.includes(sign)));
  const distinguishing = present.filter((sign) => !members.every((member) => member.signs.includes(sign)));
  // "JANE" and "Jane" share capitals, yet capitals are what tell them apart.
  return distinguishing.length > 0 ? distinguishing : present;
}

function explain(members: LookalikeMember[], reasons: LookalikeSign[]): string {
  const spellings = [...new Set(members.map((member) => member.username))].map((username) => `“${visible(username)}”`);
  const because = reasons.length > 0 ? `They differ only in ${listInWords(reasons.map((sign) => lookalikeSignLabels[sign]))}.` : 'They look the same.';
  const sameIdentity = new Set(members.map((member) => normalizeIdentity(member.username))).size === 1;
  const search = sameIdentity
    ? ' A poster search already treats them as one username.'
    : ' A poster search treats them as different usernames, so search for each.';
  return `Possibly the same poster: ${listInWords(spellings)} look alike. ${because}${search} Compare the profiles before treating them as one person.`;
}

const CYRILLIC = /\p{Script=Cyrillic}/u;
const GREEK = /\p{Script=Greek}/u;
const DRAWN_AS_NOTHING = /\p{Default_Ignorable_Code_Point}/u;
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/u;
const COMBINING_MARK = /\p{Mn}/u;
const COMBINING_MARKS_ALL = /\p{Mn}/gu;
const DRAWN_AS_NOTHING_ALL = /\p{Default_Ignorable_Code_Point}/gu;
const DIGIT_OR_SYMBOL_FOR_LETTER = /[01|!]/;

/** Names for the invisible characters people actually meet in pasted usernames. */
const invisibleNames: Readonly<Record<string, string>> = {
  '\u00AD': 'soft hyphen',
  '\u200B': 'zero-width space',
  '\u200C': 'zero-width non-joiner',
  '\u200D': 'zero-width joiner',
  '\u200E': 'left-to-right mark',
  '\u200F': 'right-to-left mark',
  '\u202A': 'left-to-right embedding',
  '\u202B': 'right-to-left embedding',
  '\u202C': 'end of embedding',
  '\u202D': 'left-to-right override',
  '\u202E': 'right-to-left override',
  '\u2060': 'word joiner',
  '\u2066': 'left-to-right isolate',
  '\u2067': 'right-to-left isolate',
  '\u2068': 'first-strong isolate',
  '\u2069': 'end of isolate',
  '\uFEFF': 'zero-width no-break space',
};

function signsOf(username: string): { signs: LookalikeSign[]; details: string[] } {
  const signs = new Set<LookalikeSign>();
  const details: string[] = [];
  const note = (sign: LookalikeSign, detail?: string) => {
    signs.add(sign);
    if (detail && !details.includes(detail)) details.push(detail);
  };

  for (const ch of username) {
    if (DRAWN_AS_NOTHING.test(ch)) {
      note('invisible_characters', `an invisible ${invisibleNames[ch] ?? 'character'} (${codePoint(ch)})`);
      continue;
    }
    const compatible = ch.normalize('NFKC');
    if (FULL_WIDTH.test(ch)) note('full_width_letters', `full-width “${ch}” (${codePoint(ch)}) where “${compatible}” would be`);
    else if (compatible !== ch && !COMBINING_MARK.test(ch) && /\S/u.test(compatible)) note('styled_letters', `styled “${ch}” (${codePoint(ch)}) where “${compatible}” would be`);
    const latin = latinLookAlike(compatible);
    if (CYRILLIC.test(ch) && latin) note('cyrillic_letters', `Cyrillic “${ch}” (${codePoint(ch)}) where a Latin “${latin}” would be`);
    if (GREEK.test(ch) && latin) note('greek_letters', `Greek “${ch}” (${codePoint(ch)}) where a Latin “${latin}” would be`);
    if (compatible !== compatible.toLowerCase()) note('capital_letters');
    if (DIGIT_OR_SYMBOL_FOR_LETTER.test(compatible)) note('digits_or_symbols_for_letters', `“${compatible}” read as “${confusableSkeleton(`x${compatible}`).slice(1)}”`);
  }

  const drawn = username.replace(DRAWN_AS_NOTHING_ALL, '');
  const plain = drawn.normalize('NFKC');
  if (plain.trim().startsWith('@')) note('leading_at');
  if (plain.normalize('NFD').replace(COMBINING_MARKS_ALL, '') !== plain.normalize('NFD')) note('accents');
  if (/rn|vv/i.test(plain)) note('letter_pairs');
  // Spaces at the ends, doubled, or other than the plain space (no-break, tab).
  if (/^\s|\s$|\s{2,}|[^\S ]/u.test(drawn)) note('spacing');

  return { signs: lookalikeSigns.filter((sign) => signs.has(sign)), details };
}

/**
 * The Latin letter a character passes for. The skeleton reads every i-like
 * stroke as "l" (so capitals and lower case meet); a person reading the
 * message should see the letter it really imitates.
 */
function latinLookAlike(ch: string): string | null {
  if (/^[іιı]$/u.test(ch)) return 'i';
  if (/^[ІΙ]$/u.test(ch)) return 'I';
  const latin = confusableSkeleton(ch);
  if (!/^[a-z]$/.test(latin)) return null;
  return ch === ch.toLowerCase() ? latin : latin.toUpperCase();
}

function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The username with its invisible characters made visible, so the message shows why two "identical" names differ. */
function visible(username: string): string {
  return username.replace(DRAWN_AS_NOTHING_ALL, (ch) => `[${codePoint(ch)}]`);
}

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
