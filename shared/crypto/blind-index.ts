import { bytesToHex, utf8 } from '../encoding';

/**
 * Blind index: the read model must find "every removal of this poster" without
 * storing the poster's name or handle in clear. It stores a keyed token
 * instead, HMAC-SHA-256 under the ledger's blind-index key (ledger-keys.ts):
 * equal identities give equal tokens, and without the key a token reveals
 * nothing and cannot be tested against a list of guessed names.
 *
 * The token is over `field + "\u0000" + normalized value`, so the same text
 * entered as a display name and as a handle gives two unrelated tokens: a name
 * search never matches a handle. Field names contain no NUL, so the split is
 * unambiguous.
 *
 * Tokens are stored, so `normalizeIdentity` is frozen for this key version:
 * changing it (or the info string of the blind-index key) means re-indexing
 * every record from the journal.
 */

// Invisible characters that copy-paste from social sites carries around
// usernames (bidi marks especially) and that would make "the same" name differ:
// zero-width space, word joiner, BOM, soft hyphen, bidi marks and embeddings.
// ZWJ/ZWNJ are kept: in some scripts they change how a name is spelled.
const INVISIBLES = /[\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/gu;

/**
 * What counts as "the same identity":
 * - NFC, so composed and decomposed accents match;
 * - invisible marks removed, whitespace trimmed and runs of it collapsed;
 * - one leading "@" dropped ("@Jane.Doe" is the handle "jane.doe");
 * - case folded as toUpperCase().toLowerCase(), which also folds ß/SS and
 *   final sigma. Limits: this is not Unicode's full case folding (Cherokee,
 *   a few special cases differ), it is locale-independent (Turkish dotted and
 *   dotless i stay different), and the engine's Unicode version decides
 *   mappings for newly assigned characters.
 * Confusables (Cyrillic "а" for Latin "a", full-width "ｊａｎｅ") are NOT folded:
 * they are different identities that look alike, which is for a person to
 * judge. `confusableSkeleton` below is the separate, lossy helper for flagging
 * them.
 */
export function normalizeIdentity(value: string): string {
  let text = value.normalize('NFC').replace(INVISIBLES, '').trim();
  if (text.startsWith('@')) text = text.slice(1).trim();
  text = text.replace(/\s+/gu, ' ');
  return text.toUpperCase().toLowerCase().normalize('NFC');
}

/** A field is a fixed identifier chosen by the app ("poster_name", "poster_handle"), never user text. */
const FIELD_NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

/** Hex HMAC-SHA-256 token for one identity field; throws if the value is empty once normalized. */
export async function blindIndexToken(key: CryptoKey, field: string, value: string): Promise<string> {
  if (!FIELD_NAME.test(field)) throw new TypeError(`Not a blind-index field name: ${JSON.stringify(field)}`);
  const normalized = normalizeIdentity(value);
  if (normalized.length === 0) throw new TypeError(`Nothing to index for ${field}: the value is empty once normalized.`);
  const input = utf8(`${field}\u0000${normalized}`);
  try {
    return bytesToHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, input)));
  } finally {
    input.fill(0);
  }
}

/**
 * Look-alike characters folded to one Latin letter. A small table of the
 * common impersonation cases (Cyrillic and Greek letters that look Latin,
 * digits that look like letters), NOT the full Unicode confusables list
 * (UTS #39): it will miss rarer look-alikes.
 */
const CONFUSABLES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', е: 'e', һ: 'h', і: 'l', ј: 'j', к: 'k', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w',
  ӏ: 'l', ү: 'y',
  // Greek
  α: 'a', η: 'n', ι: 'l', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', υ: 'u', χ: 'x', ω: 'w',
  // Latin and digits. Capital I is read as l, so lower-case i must be too, or
  // "JIM" and "jim" (a case variant) would get different skeletons.
  i: 'l', ı: 'l', ɡ: 'g', ɑ: 'a', '0': 'o', '1': 'l', '|': 'l', '!': 'l',
};

/**
 * Greek and Cyrillic capitals that look like a Latin capital, read before
 * lower-casing: lower case would turn Greek "Η" into "η" (read as n) and
 * Cyrillic "Т", "М", "В", "Н" into letters that look like no Latin letter,
 * so "ТОМ" in Cyrillic capitals would not meet "TOM". Latin "I" is read as l.
 */
const CAPITAL_CONFUSABLES: Readonly<Record<string, string>> = {
  I: 'l',
  // Greek
  Α: 'a', Β: 'b', Ε: 'e', Ζ: 'z', Η: 'h', Ι: 'l', Κ: 'k', Μ: 'm', Ν: 'n', Ο: 'o', Ρ: 'p', Τ: 't', Υ: 'y', Χ: 'x',
  // Cyrillic
  А: 'a', В: 'b', Е: 'e', Н: 'h', І: 'l', Ј: 'j', К: 'k', М: 'm', О: 'o', Р: 'p', С: 'c', Ѕ: 's', Т: 't', У: 'y', Х: 'x',
  Ү: 'y', Һ: 'h', Ӏ: 'l',
};

// Every character Unicode says to draw as nothing (zero-width joiners,
// invisible operators, variation selectors, Hangul fillers, tag characters),
// which INVISIBLES above deliberately keeps for identity. A skeleton drops
// them all: an impostor can slip any of them into a name.
const DRAWN_AS_NOTHING = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * A lossy "skeleton" for flagging look-alike posters: two handles with equal
 * skeletons may be one person imitating another ("раypal" in Cyrillic vs
 * "paypal"). Never an identity: use it only to raise a flag a person reviews,
 * e.g. with its own blind-index field (`blindIndexToken(key,
 * 'poster_handle_skeleton', confusableSkeleton(handle))`).
 * Steps: NFKC (full-width, ligatures, math letters), characters drawn as
 * nothing dropped, look-alike capitals (capital I read as l), lower case,
 * accents dropped, the table above, then rn→m, vv→w.
 */
export function confusableSkeleton(value: string): string {
  let text = value.normalize('NFKC').replace(DRAWN_AS_NOTHING, '').trim();
  if (text.startsWith('@')) text = text.slice(1).trim();
  text = Array.from(text.replace(/\s+/gu, ' '), (ch) => CAPITAL_CONFUSABLES[ch] ?? ch).join('').toLowerCase();
  text = text.normalize('NFD').replace(/\p{Mn}/gu, '');
  text = Array.from(text, (ch) => CONFUSABLES[ch] ?? ch).join('');
  return text.replace(/rn/g, 'm').replace(/vv/g, 'w').normalize('NFC');
}
