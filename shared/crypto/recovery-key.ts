/**
 * The printed recovery key: 160 random bits (20 bytes, drawn by the caller),
 * written in Crockford base32 as 8 groups of 5 characters, e.g.
 * "7K3MQ-9XH2A-…". Each group is 4 data characters (20 bits) and 1 check
 * character. 8 × 20 = 160 bits, above the 128 the design asks for, so the
 * key is safe even though Argon2 adds little to a key this long.
 *
 * Why a check character per group: people copy this key from paper, months or
 * years later, under stress. A whole-key checksum could only say "wrong"; a
 * per-group one says *where*, and catches the typo before the slow KDF runs.
 *
 * The check is a weighted sum over GF(32) (polynomial x^5 + x^2 + 1):
 *   check = α·d0 ⊕ α²·d1 ⊕ α³·d2 ⊕ α⁴·d3 ⊕ α⁵·(group number)
 * - every single-character substitution changes it (each weight is a nonzero
 *   field element, so weight·difference ≠ 0),
 * - every swap of two different data characters within a group changes it
 *   (the weights are pairwise distinct), which a sum mod 32 could not promise,
 * - the group number term makes a group typed in another group's place fail.
 *
 * Versioning: the format is fixed by its length and check rule; a future
 * format would use a different length so old and new keys cannot be confused.
 */
export const RECOVERY_KEY_BYTES = 20;
export const RECOVERY_KEY_GROUPS = 8;
export const RECOVERY_KEY_GROUP_LENGTH = 5;
export const RECOVERY_KEY_LENGTH = RECOVERY_KEY_GROUPS * RECOVERY_KEY_GROUP_LENGTH;

const DATA_PER_GROUP = RECOVERY_KEY_GROUP_LENGTH - 1;
/** Crockford's base32: no I, L, O (they read as 1, 1, 0) and no U. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const GF_POLY = 0b100101;

function gfMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 5; i++) {
    if (b & 1) product ^= a;
    b >>= 1;
    a <<= 1;
    if (a & 0b100000) a ^= GF_POLY;
  }
  return product;
}

/** α^1 … α^5 with α = x: the four data weights and the group-number weight. */
const WEIGHTS = [2, 4, 8, 16, gfMul(16, 2)] as const;

/** The check value (0–31) of a group's four data values at a 0-based group index. */
export function recoveryGroupCheck(data: readonly number[], groupIndex: number): number {
  let check = gfMul(WEIGHTS[4], groupIndex + 1);
  for (let i = 0; i < DATA_PER_GROUP; i++) check ^= gfMul(WEIGHTS[i] as number, data[i] as number);
  return check;
}

function toSymbols(bytes: Uint8Array): number[] {
  const symbols: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      symbols.push((buffer >> bits) & 31);
    }
    buffer &= (1 << bits) - 1;
  }
  return symbols;
}

function fromSymbols(symbols: readonly number[]): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(RECOVERY_KEY_BYTES);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (const symbol of symbols) {
    buffer = (buffer << 5) | symbol;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  return bytes;
}

/** "XXXXX-XXXXX-…-XXXXX": what is printed and shown once at setup. */
export function formatRecoveryKey(bytes: Uint8Array): string {
  if (bytes.length !== RECOVERY_KEY_BYTES) throw new RangeError(`A recovery key is ${RECOVERY_KEY_BYTES} random bytes; got ${bytes.length}.`);
  const symbols = toSymbols(bytes);
  const groups: string[] = [];
  for (let g = 0; g < RECOVERY_KEY_GROUPS; g++) {
    const data = symbols.slice(g * DATA_PER_GROUP, (g + 1) * DATA_PER_GROUP);
    groups.push([...data, recoveryGroupCheck(data, g)].map((v) => CROCKFORD_ALPHABET[v]).join(''));
  }
  return groups.join('-');
}

export type RecoveryKeyParse =
  | { ok: true; bytes: Uint8Array<ArrayBuffer>; canonical: string }
  | { ok: false; message: string };

// Dashes of every kind a word processor or phone keyboard might substitute.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/gu;

const LOOK_ALIKES: Readonly<Record<string, string>> = { I: '1', L: '1', O: '0' };

function groupSpan(groupIndex: number): string {
  const first = groupIndex * RECOVERY_KEY_GROUP_LENGTH + 1;
  return `characters ${first}–${first + RECOVERY_KEY_GROUP_LENGTH - 1}`;
}

function groupName(groupIndex: number): string {
  return `group ${groupIndex + 1} (${groupSpan(groupIndex)})`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function groupValues(values: readonly number[], groupIndex: number): number[] {
  return values.slice(groupIndex * RECOVERY_KEY_GROUP_LENGTH, (groupIndex + 1) * RECOVERY_KEY_GROUP_LENGTH);
}

function groupPasses(group: readonly number[], atIndex: number): boolean {
  return recoveryGroupCheck(group, atIndex) === group[DATA_PER_GROUP];
}

/**
 * Reads a recovery key as a person types it: any case, with or without dashes
 * or spaces, full-width characters, and Crockford's look-alikes (I and L read
 * as 1, O as 0). `canonical` (40 upper-case characters, no dashes) is what the
 * KDF receives as the "passphrase" of the recovery slot, so every accepted
 * spelling of one key derives the same slot key.
 */
export function parseRecoveryKey(input: string): RecoveryKeyParse {
  // NFKC folds full-width "ＡＢＣ" and similar compatibility forms to ASCII.
  const folded = input.normalize('NFKC').toUpperCase();
  const parts = folded.split(SEPARATORS).filter((part) => part.length > 0);
  const compact = parts.join('');
  if (compact.length === 0) {
    return { ok: false, message: `Type the recovery key: ${RECOVERY_KEY_GROUPS} groups of ${RECOVERY_KEY_GROUP_LENGTH} characters, as printed when the ledger was set up.` };
  }

  const values: number[] = [];
  const characters = [...compact];
  for (let i = 0; i < characters.length; i++) {
    const raw = characters[i] as string;
    const value = CROCKFORD_ALPHABET.indexOf(LOOK_ALIKES[raw] ?? raw);
    if (value < 0) {
      const where = i < RECOVERY_KEY_LENGTH ? ` in ${groupName(Math.floor(i / RECOVERY_KEY_GROUP_LENGTH))}` : '';
      return { ok: false, message: `Character ${i + 1} (“${raw}”)${where} is not used in recovery keys. Recovery keys use the digits 0–9 and the letters A–Z except U. Check it against the printed key.` };
    }
    values.push(value);
  }

  if (values.length !== RECOVERY_KEY_LENGTH) {
    // When the person typed the groups apart, say which group is short or long.
    if (parts.length === RECOVERY_KEY_GROUPS) {
      const wrong = parts.findIndex((part) => [...part].length !== RECOVERY_KEY_GROUP_LENGTH);
      if (wrong >= 0) {
        const length = [...(parts[wrong] as string)].length;
        return {
          ok: false,
          message: `${capitalize(groupName(wrong))} has ${length} character${length === 1 ? '' : 's'}; each group has ${RECOVERY_KEY_GROUP_LENGTH}.`,
        };
      }
    }
    return {
      ok: false,
      message: `The recovery key has ${RECOVERY_KEY_LENGTH} characters; you typed ${values.length} (not counting dashes and spaces).`,
    };
  }

  const failing: number[] = [];
  for (let g = 0; g < RECOVERY_KEY_GROUPS; g++) if (!groupPasses(groupValues(values, g), g)) failing.push(g);

  if (failing.length > 0) {
    if (failing.length === 2) {
      const [a, b] = failing as [number, number];
      if (groupPasses(groupValues(values, a), b) && groupPasses(groupValues(values, b), a)) {
        return { ok: false, message: `Groups ${a + 1} and ${b + 1} look swapped: each is valid in the other's place. Check their order against the printed key.` };
      }
    }
    if (failing.length === 1) {
      return { ok: false, message: `${capitalize(groupName(failing[0] as number))} has a typo. Check it against the printed key.` };
    }
    const names = failing.map((g) => `${g + 1}`);
    const list = `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return { ok: false, message: `Groups ${list} have typos. Check them against the printed key.` };
  }

  const data: number[] = [];
  for (let g = 0; g < RECOVERY_KEY_GROUPS; g++) data.push(...groupValues(values, g).slice(0, DATA_PER_GROUP));
  return { ok: true, bytes: fromSymbols(data), canonical: values.map((v) => CROCKFORD_ALPHABET[v]).join('') };
}
