import { finderKinds, type FinderKind, type RedactableField, type Redaction, type TextRedaction } from './redaction';

/**
 * Finders: they point counsel at the personal details a disclosure usually
 * withholds (e-mail addresses, phone numbers, street addresses, Social
 * Security numbers). They only propose; counsel approves or rejects each one.
 *
 * Removed content is hostile and written to dodge filters, so the text is
 * first "folded": full-width and other-script digits become 0-9, unusual
 * spaces and dashes become plain ones, and invisible characters (zero-width
 * spaces, joiners, direction marks, keycap marks) are dropped. Matching runs
 * on the folded text and every finding is mapped back to offsets in the
 * original, so a redaction covers exactly what the poster wrote, including
 * any invisible characters inside it.
 *
 * Every pattern has bounded repetition and starts behind a boundary check, so
 * a 100,000-character line of digits, dots or @ signs costs time in
 * proportion to its length, never more.
 */

export interface Finding {
  kind: FinderKind;
  /** UTF-16 offsets into the original text, end excluded. */
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------
// Folding

const DROP = 0xffff;
let foldTable: Uint16Array | null = null;

/** Built once, on first use: what each character of the Basic Multilingual Plane folds to. */
function basicPlaneFolds(): Uint16Array {
  if (foldTable) return foldTable;
  const table = new Uint16Array(0x10000);
  const decimalDigit = /^\p{Nd}$/u;
  const invisible = /^\p{Cf}$/u;
  const space = /^\p{Zs}$/u;
  for (let code = 0; code < 0x10000; code++) {
    table[code] = code;
    if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) continue;
    const character = String.fromCharCode(code);
    if (code >= 0xff01 && code <= 0xff5e) table[code] = code - 0xfee0;
    else if (space.test(character)) table[code] = 0x20;
    else if (invisible.test(character)) table[code] = DROP;
    else if (decimalDigit.test(character)) {
      // Each script's digits run 0 to 9 in order; the run's start gives the value.
      let zero = code;
      while (zero > 0 && decimalDigit.test(String.fromCharCode(zero - 1))) zero--;
      table[code] = 0x30 + ((code - zero) % 10);
    }
  }
  for (const dash of [0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe58, 0xfe63]) table[dash] = 0x2d;
  table[0xfe6b] = 0x40; // small commercial at
  table[0xfe52] = 0x2e; // small full stop
  // Marks that only change how the character before looks: a keycap "5️⃣" is still 5.
  table[0x034f] = DROP;
  table[0x20e3] = DROP;
  for (let selector = 0xfe00; selector <= 0xfe0f; selector++) table[selector] = DROP;
  foldTable = table;
  return table;
}

interface FoldedText {
  text: string;
  /** Where each folded character came from in the original; null when the two are the same. */
  from: Int32Array | null;
  to: Int32Array | null;
}

const plainAscii = /^[\x00-\x7f]*$/;

function fold(original: string): FoldedText {
  if (plainAscii.test(original)) return { text: original, from: null, to: null };
  const table = basicPlaneFolds();
  const codes = new Uint16Array(original.length);
  const from = new Int32Array(original.length);
  const to = new Int32Array(original.length);
  let length = 0;
  const push = (code: number, start: number, end: number) => {
    codes[length] = code;
    from[length] = start;
    to[length] = end;
    length++;
  };
  for (let at = 0; at < original.length; at++) {
    const code = original.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff && at + 1 < original.length) {
      const low = original.charCodeAt(at + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const point = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        if (point >= 0x1d7ce && point <= 0x1d7ff) push(0x30 + ((point - 0x1d7ce) % 10), at, at + 2); // mathematical bold, double-struck, … digits
        else if (point < 0xe0000 || point > 0xe007f) {
          // Tag characters (U+E0000–E007F) are invisible and dropped; anything else is kept as it is.
          push(code, at, at + 1);
          push(low, at + 1, at + 2);
        }
        at++;
        continue;
      }
    }
    const folded = table[code]!;
    if (folded !== DROP) push(folded, at, at + 1);
  }
  let text = '';
  for (let chunk = 0; chunk < length; chunk += 4096) text += String.fromCharCode(...codes.subarray(chunk, Math.min(length, chunk + 4096)));
  return { text, from, to };
}

// ---------------------------------------------------------------------------
// Patterns (on folded text)

const LOCAL_CHAR = String.raw`A-Za-z0-9._%+\-`;
const emailPattern = new RegExp(
  String.raw`(?<![${LOCAL_CHAR}])[A-Za-z0-9_%+\-][${LOCAL_CHAR}]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9\-])`,
  'g',
);

// A number is not part of a longer one: no digit, nor digit-and-dash/dot, on either side.
const NOT_AFTER_NUMBER = String.raw`(?<!\d)(?<!\d[.\-])`;
const NOT_BEFORE_NUMBER = String.raw`(?!\d)(?![.\-]\d)`;

/** North American numbers: area code and exchange never start with 0 or 1. */
const phonePattern = new RegExp(
  String.raw`${NOT_AFTER_NUMBER}(?:(?:\+|00)?1[ .\-]?)?(?:\([2-9]\d\d\)[ \-]?|[2-9]\d\d[ .\-]?)[2-9]\d\d[ .\-]?\d{4}${NOT_BEFORE_NUMBER}`,
  'g',
);

const formattedSsnPattern = new RegExp(String.raw`${NOT_AFTER_NUMBER}(\d{3})([ \-])(\d{2})\2(\d{4})${NOT_BEFORE_NUMBER}`, 'g');
const bareSsnPattern = new RegExp(String.raw`${NOT_AFTER_NUMBER}(\d{3})(\d{2})(\d{4})${NOT_BEFORE_NUMBER}`, 'g');
const ssnWords = /\b(?:ssn|ss#|s\.s\.n|social[ \-]{0,3}security|soc[ .]{0,2}sec)/gi;
const SSN_CONTEXT_CHARACTERS = 48;
const SSN_CONTEXT_WORDS = 4;

/** Numbers the Social Security Administration never issues. */
function issuableSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/** "SSN", "social security" and the like within a few words before a bare nine-digit number. */
function saysSocialSecurity(folded: string, numberStart: number): boolean {
  const before = folded.slice(Math.max(0, numberStart - SSN_CONTEXT_CHARACTERS), numberStart);
  let lastEnd = -1;
  ssnWords.lastIndex = 0;
  for (let match = ssnWords.exec(before); match; match = ssnWords.exec(before)) lastEnd = match.index + match[0].length;
  if (lastEnd < 0) return false;
  const between = before.slice(lastEnd).match(/[A-Za-z0-9]+/g) ?? [];
  return between.length <= SSN_CONTEXT_WORDS;
}

const SP = '[ \\t]';
const STREET_WORD = String.raw`[A-Za-z0-9][A-Za-z0-9'.\-]{0,24}`;
const ABBREVIATED_SUFFIXES = ['st', 'ave', 'av', 'blvd', 'rd', 'dr', 'ln', 'ct', 'pl', 'hwy', 'pkwy', 'cir', 'ter'];
const FULL_SUFFIXES = ['street', 'avenue', 'boulevard', 'road', 'drive', 'lane', 'way', 'court', 'place', 'highway', 'parkway', 'circle', 'terrace'];
const abbreviated = new Set(ABBREVIATED_SUFFIXES);
const streetPattern = new RegExp(
  String.raw`(?<![A-Za-z0-9])\d{1,6}[A-Za-z]?((?:${SP}{1,3}${STREET_WORD}){1,5}?)${SP}{1,3}(${[...FULL_SUFFIXES, ...ABBREVIATED_SUFFIXES].join('|')})(?![A-Za-z0-9])\.?`,
  'gi',
);
const unitPattern = new RegExp(
  String.raw`(?:,?${SP}{1,3}(?:apt|apartment|unit|suite|ste|rm|room|bldg|building|fl|floor)\.?${SP}{0,3}#?${SP}{0,2}|,?${SP}{0,3}#${SP}{0,2})[A-Za-z0-9][A-Za-z0-9\-]{0,7}(?![A-Za-z0-9])`,
  'iy',
);
const STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|California|Calif\\.?';
const TAIL_SEPARATOR = String.raw`(?:,[ \t\r\n]{0,3}|[ \t\r\n]{1,3})`;
const CITY_WORD = String.raw`[A-Za-z][A-Za-z.'\-]{0,24}`;
const ZIP = String.raw`\d{5}(?:-\d{4})?(?!\d)`;
/** ", Norwalk, CA 90650": a city counts only with a state or ZIP code after it, so ordinary words after a street are left alone. */
const cityPattern = new RegExp(
  String.raw`${TAIL_SEPARATOR}${CITY_WORD}(?:${SP}{1,3}${CITY_WORD}){0,3}(?:${TAIL_SEPARATOR}(?:${STATES})(?![A-Za-z])(?:${TAIL_SEPARATOR}${ZIP})?|${TAIL_SEPARATOR}${ZIP})`,
  'y',
);

/**
 * A lower-case street name is accepted only with an abbreviated suffix
 * ("123 main st"), so a sentence such as "saw 3 cats on the way" is not
 * mistaken for an address.
 */
function looksLikeStreet(nameWords: string, suffix: string): boolean {
  if (abbreviated.has(suffix.toLowerCase())) return true;
  return nameWords
    .trim()
    .split(/[ \t]+/)
    .every((word) => /^[A-Z0-9]/.test(word));
}

type Span = [number, number];

function emails(folded: string): Span[] {
  if (!folded.includes('@')) return [];
  return allMatches(emailPattern, folded);
}

function phones(folded: string): Span[] {
  return allMatches(phonePattern, folded);
}

function ssns(folded: string): Span[] {
  const spans: Span[] = [];
  formattedSsnPattern.lastIndex = 0;
  for (let match = formattedSsnPattern.exec(folded); match; match = formattedSsnPattern.exec(folded)) {
    if (issuableSsn(match[1]!, match[3]!, match[4]!)) spans.push([match.index, match.index + match[0].length]);
  }
  bareSsnPattern.lastIndex = 0;
  for (let match = bareSsnPattern.exec(folded); match; match = bareSsnPattern.exec(folded)) {
    if (issuableSsn(match[1]!, match[2]!, match[3]!) && saysSocialSecurity(folded, match.index)) spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

function streetAddresses(folded: string): Span[] {
  const spans: Span[] = [];
  streetPattern.lastIndex = 0;
  for (let match = streetPattern.exec(folded); match; match = streetPattern.exec(folded)) {
    if (!looksLikeStreet(match[1]!, match[2]!)) {
      // A real address may begin inside the rejected stretch ("3 ways to 12 Oak Way").
      streetPattern.lastIndex = match.index + 1;
      continue;
    }
    let end = match.index + match[0].length;
    unitPattern.lastIndex = end;
    if (unitPattern.test(folded)) end = unitPattern.lastIndex;
    cityPattern.lastIndex = end;
    if (cityPattern.test(folded)) end = cityPattern.lastIndex;
    spans.push([match.index, end]);
    streetPattern.lastIndex = end;
  }
  return spans;
}

function allMatches(pattern: RegExp, text: string): Span[] {
  const spans: Span[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

const finders: Record<FinderKind, (folded: string) => Span[]> = {
  email: emails,
  phone: phones,
  street_address: streetAddresses,
  ssn: ssns,
};
const needsDigits: ReadonlySet<FinderKind> = new Set<FinderKind>(['phone', 'street_address', 'ssn']);

/**
 * The personal details in a text, as UTF-16 offsets into it (end excluded),
 * in order and never overlapping: where two findings overlap, the longer one
 * is kept (an e-mail address "5629295700@example.com" is one e-mail address,
 * not a phone number).
 */
export function findSensitive(text: string, kinds: readonly FinderKind[] = finderKinds): Finding[] {
  const folded = fold(text);
  const hasDigits = /\d/.test(folded.text);
  const found: Finding[] = [];
  for (const kind of new Set(kinds)) {
    if (needsDigits.has(kind) && !hasDigits) continue;
    for (const [start, end] of finders[kind](folded.text)) {
      found.push(folded.from && folded.to ? { kind, start: folded.from[start]!, end: folded.to[end - 1]! } : { kind, start, end });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const finding of found) {
    const last = kept[kept.length - 1];
    if (!last || finding.start >= last.end) kept.push(finding);
    // Sorted by start, so a longer overlapping finding cannot reach back into the one kept before the last.
    else if (finding.end - finding.start > last.end - last.start) kept[kept.length - 1] = finding;
  }
  return kept;
}

// ---------------------------------------------------------------------------
// Proposals

export interface ProposeRedactionsInput {
  recordId: string;
  fields: Array<{ field: RedactableField; text: string }>;
  exemptionId: string;
  existing: readonly Redaction[];
  newId: () => string;
}

/**
 * One proposed redaction per finding, for counsel to approve or reject.
 * Nothing is proposed that an existing redaction of the same field already
 * covers, nor anything counsel has already rejected for exactly that span:
 * counsel said no once, and is not asked again.
 */
export function proposeRedactions(input: ProposeRedactionsInput): TextRedaction[] {
  const mine = input.existing.filter((redaction): redaction is TextRedaction => redaction.kind === 'text' && redaction.recordId === input.recordId);
  const proposals: TextRedaction[] = [];
  for (const { field, text } of input.fields) {
    const ofField = mine.filter((redaction) => redaction.field === field);
    for (const finding of findSensitive(text)) {
      const covered = (redaction: TextRedaction) =>
        redaction.field === field && redaction.review.status !== 'rejected' && redaction.start <= finding.start && redaction.end >= finding.end;
      const rejectedBefore = (redaction: TextRedaction) => redaction.review.status === 'rejected' && redaction.start === finding.start && redaction.end === finding.end;
      if (ofField.some((redaction) => covered(redaction) || rejectedBefore(redaction)) || proposals.some(covered)) continue;
      proposals.push({
        id: input.newId(),
        recordId: input.recordId,
        exemptionId: input.exemptionId,
        proposedBy: { kind: 'finder', finder: finding.kind },
        review: { status: 'proposed' },
        kind: 'text',
        field,
        start: finding.start,
        end: finding.end,
      });
    }
  }
  return proposals;
}
