import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  CROCKFORD_ALPHABET,
  RECOVERY_KEY_BYTES,
  RECOVERY_KEY_LENGTH,
  formatRecoveryKey,
  parseRecoveryKey,
  type RecoveryKeyParse,
} from '../../../shared/crypto/recovery-key';

const samples: Uint8Array[] = [
  new Uint8Array(20),
  new Uint8Array(20).fill(0xff),
  new Uint8Array(20).map((_, i) => i * 13 + 8),
  new Uint8Array(randomBytes(20)),
  new Uint8Array(randomBytes(20)),
];

function ok(result: RecoveryKeyParse): Extract<RecoveryKeyParse, { ok: true }> {
  if (!result.ok) throw new Error(`expected the key to parse, got: ${result.message}`);
  return result;
}

function message(result: RecoveryKeyParse): string {
  if (result.ok) throw new Error('expected the key to be refused');
  return result.message;
}

const groupSpan = (g: number) => `characters ${g * 5 + 1}–${g * 5 + 5}`;

describe('the recovery key', () => {
  it('is 160 bits written as 8 dash-separated groups of 5 Crockford base32 characters', () => {
    expect(RECOVERY_KEY_BYTES * 8).toBeGreaterThanOrEqual(128);
    for (const bytes of samples) {
      expect(formatRecoveryKey(bytes)).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){7}$/);
    }
  });

  it('round-trips: the bytes come back, and the canonical form is the key without dashes', () => {
    for (const bytes of samples) {
      const printed = formatRecoveryKey(bytes);
      const parsed = ok(parseRecoveryKey(printed));
      expect([...parsed.bytes]).toEqual([...bytes]);
      expect(parsed.canonical).toBe(printed.replaceAll('-', ''));
      expect(parsed.canonical).toHaveLength(RECOVERY_KEY_LENGTH);
    }
  });

  it('changes when any one bit of the random bytes changes (nothing is lost in encoding)', () => {
    const base = samples[2]!;
    const seen = new Set([formatRecoveryKey(base)]);
    for (let bit = 0; bit < 160; bit++) {
      const flipped = new Uint8Array(base);
      flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
      seen.add(formatRecoveryKey(flipped));
    }
    expect(seen.size).toBe(161);
  });

  it('is accepted in lower case, with spaces, without dashes, with other dashes, in full width', () => {
    for (const bytes of samples) {
      const printed = formatRecoveryKey(bytes);
      const canonical = printed.replaceAll('-', '');
      for (const typed of [
        printed.toLowerCase(),
        canonical,
        canonical.toLowerCase(),
        printed.replaceAll('-', ' '),
        `  ${printed.replaceAll('-', ' - ')}\n`,
        printed.replaceAll('-', '–'),
        printed.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
      ]) {
        expect(ok(parseRecoveryKey(typed)).canonical).toBe(canonical);
      }
    }
  });

  it("accepts Crockford's look-alikes: I, i, L, l read as 1 and O, o as 0", () => {
    const bytes = new Uint8Array(20);
    bytes[0] = 0x08; // first character is 1
    const printed = formatRecoveryKey(bytes);
    expect(printed).toMatch(/^1/);
    expect(printed).toContain('0');
    const canonical = printed.replaceAll('-', '');
    for (const one of ['I', 'i', 'L', 'l']) {
      for (const zero of ['O', 'o']) {
        expect(ok(parseRecoveryKey(printed.replaceAll('1', one).replaceAll('0', zero))).canonical).toBe(canonical);
      }
    }
  });

  it('catches every single-character substitution at every position, and names the group', () => {
    for (const bytes of samples) {
      const canonical = formatRecoveryKey(bytes).replaceAll('-', '');
      for (let at = 0; at < RECOVERY_KEY_LENGTH; at++) {
        const group = Math.floor(at / 5);
        for (const replacement of CROCKFORD_ALPHABET) {
          if (replacement === canonical[at]) continue;
          const typed = canonical.slice(0, at) + replacement + canonical.slice(at + 1);
          expect(message(parseRecoveryKey(typed))).toBe(`Group ${group + 1} (${groupSpan(group)}) has a typo. Check it against the printed key.`);
        }
      }
    }
  });

  it('says "Group 3 (characters 11–15) has a typo." in words a person can act on', () => {
    const printed = formatRecoveryKey(samples[2]!);
    const chars = [...printed.replaceAll('-', '')];
    chars[12] = chars[12] === 'A' ? 'B' : 'A';
    expect(message(parseRecoveryKey(chars.join('')))).toBe('Group 3 (characters 11–15) has a typo. Check it against the printed key.');
  });

  it('catches two characters swapped within a group, when they differ', () => {
    for (const bytes of samples) {
      const canonical = formatRecoveryKey(bytes).replaceAll('-', '');
      for (let g = 0; g < 8; g++) {
        for (let i = 0; i < 5; i++) {
          for (let j = i + 1; j < 5; j++) {
            const a = g * 5 + i;
            const b = g * 5 + j;
            if (canonical[a] === canonical[b]) continue;
            const chars = [...canonical];
            [chars[a], chars[b]] = [chars[b]!, chars[a]!];
            expect(parseRecoveryKey(chars.join('')).ok, `swap ${a} and ${b}`).toBe(false);
          }
        }
      }
    }
  });

  it('catches groups typed in the wrong order, and says so', () => {
    for (const bytes of samples) {
      const groups = formatRecoveryKey(bytes).split('-');
      for (let a = 0; a < 8; a++) {
        for (let b = a + 1; b < 8; b++) {
          if (groups[a] === groups[b]) continue;
          const swapped = [...groups];
          [swapped[a], swapped[b]] = [swapped[b]!, swapped[a]!];
          expect(message(parseRecoveryKey(swapped.join('-')))).toBe(`Groups ${a + 1} and ${b + 1} look swapped: each is valid in the other's place. Check their order against the printed key.`);
        }
      }
    }
  });

  it('names several groups when several have typos', () => {
    const chars = [...formatRecoveryKey(samples[2]!).replaceAll('-', '')];
    for (const at of [1, 21, 36]) chars[at] = chars[at] === 'Q' ? 'R' : 'Q';
    expect(message(parseRecoveryKey(chars.join('')))).toBe('Groups 1, 5 and 8 have typos. Check them against the printed key.');
  });

  it('says how many characters are missing or extra', () => {
    const canonical = formatRecoveryKey(samples[3]!).replaceAll('-', '');
    expect(message(parseRecoveryKey(canonical.slice(0, 39)))).toBe('The recovery key has 40 characters; you typed 39 (not counting dashes and spaces).');
    expect(message(parseRecoveryKey(`${canonical}7`))).toBe('The recovery key has 40 characters; you typed 41 (not counting dashes and spaces).');
  });

  it('names the short or long group when the groups were typed apart', () => {
    const groups = formatRecoveryKey(samples[3]!).split('-');
    const short = [...groups];
    short[2] = short[2]!.slice(0, 4);
    expect(message(parseRecoveryKey(short.join('-')))).toBe('Group 3 (characters 11–15) has 4 characters; each group has 5.');
    const long = [...groups];
    long[6] = `${long[6]}X`;
    expect(message(parseRecoveryKey(long.join(' ')))).toBe('Group 7 (characters 31–35) has 6 characters; each group has 5.');
  });

  it('names a character recovery keys never use', () => {
    const chars = [...formatRecoveryKey(samples[3]!).replaceAll('-', '')];
    chars[17] = 'U';
    expect(message(parseRecoveryKey(chars.join('')))).toMatch(/^Character 18 \(“U”\) in group 4 \(characters 16–20\) is not used in recovery keys\./);
    expect(message(parseRecoveryKey('ABCDE-FGH#J'))).toMatch(/^Character 9 \(“#”\) in group 2/);
  });

  it('asks for the key when nothing was typed', () => {
    expect(message(parseRecoveryKey(''))).toMatch(/^Type the recovery key/);
    expect(message(parseRecoveryKey(' - - '))).toMatch(/^Type the recovery key/);
  });

  it('refuses to format anything but 20 bytes', () => {
    expect(() => formatRecoveryKey(new Uint8Array(16))).toThrow(RangeError);
    expect(() => formatRecoveryKey(new Uint8Array(21))).toThrow(RangeError);
  });
});
