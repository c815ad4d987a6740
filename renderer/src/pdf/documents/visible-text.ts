import type { ContentText, Inline } from '../doc-definition';

/**
 * Turns an untrusted string into pdfmake inline text runs that show exactly
 * what is there, and nothing that could act on the reader.
 *
 * pdfmake only ever draws text runs, so markup (`<script>`), URLs and
 * `javascript:` stay inert characters. What a text run alone gets wrong is
 * the invisible: PDFKit/fontkit drop controls, bidi overrides (U+202E) and
 * zero-width characters silently, so "pay\u200Bpal" would print as "paypal"
 * and a record would lose evidence. Those code points are printed as a
 * visible, differently coloured "[U+202E]" instead. Runs with no break
 * opportunity (hashes, a 200-character hostile "word") may break anywhere,
 * so they wrap instead of running off the page.
 */

/** Colour of the "[U+XXXX]" stand-ins, so they cannot be mistaken for typed text. */
const ESCAPE_COLOR = '#8a3b00';

/** A run longer than this with no space in it may break between any two characters. */
const LONGEST_UNBROKEN_RUN = 32;

/**
 * Controls, format characters (bidi controls, zero-width, BOM, soft hyphen),
 * private use, unassigned, lone surrogates, line/paragraph separators and
 * every other default-ignorable code point (Hangul fillers, variation
 * selectors, ...). The font shows none of them.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

export interface VisibleTextOptions {
  /** Keep line feeds as line breaks (CR LF and CR count as one). Otherwise a line feed is shown as [U+000A]. */
  multiline?: boolean;
  /** Show at most this many code points, then say how many were left out. */
  maxLength?: number;
  /** With maxLength: end with a bare "…" instead of the count (page headers, where space is short). */
  briefOmission?: boolean;
}

export function codePointLabel(codePoint: number): string {
  return `[U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** An untrusted string as a text node of its own (a paragraph, a table cell). */
export function visibleText(value: string, options: VisibleTextOptions = {}): ContentText {
  return { text: visibleRuns(value, options) };
}

/** An untrusted string as runs to put inside a larger text node, e.g. `{ text: ['Ledger: ', ...visibleRuns(name)] }`. */
export function visibleRuns(value: string, options: VisibleTextOptions = {}): Inline[] {
  let text = options.multiline ? value.replace(/\r\n?/g, '\n') : value;
  const codePoints = Array.from(text);
  let omitted = 0;
  if (options.maxLength !== undefined && codePoints.length > options.maxLength) {
    omitted = codePoints.length - options.maxLength;
    text = codePoints.slice(0, options.maxLength).join('');
  }

  const runs: Inline[] = [];
  let plain = '';
  const flushPlain = () => {
    if (plain) runs.push(...breakableRuns(plain));
    plain = '';
  };
  for (const char of text) {
    if (char === '\n' && options.multiline) {
      plain += char;
    } else if (INVISIBLE.test(char)) {
      flushPlain();
      runs.push({ text: codePointLabel(char.codePointAt(0) ?? 0), color: ESCAPE_COLOR });
    } else {
      plain += char;
    }
  }
  flushPlain();
  if (omitted > 0 && options.briefOmission) {
    runs.push({ text: '…', color: ESCAPE_COLOR });
  } else if (omitted > 0) {
    runs.push({ text: ` … [${omitted} more character${omitted === 1 ? '' : 's'} not shown]`, italics: true, color: ESCAPE_COLOR });
  }
  // pdfmake draws an empty text node as nothing, which would hide the fact the value was empty.
  return runs.length > 0 ? runs : [{ text: '(empty)', italics: true, color: ESCAPE_COLOR }];
}

/** Splits plain text so that only over-long unbroken runs get break-anywhere wrapping. */
function breakableRuns(text: string): Inline[] {
  const runs: Inline[] = [];
  let normal = '';
  for (const part of text.split(/(\s+)/)) {
    if (Array.from(part).length > LONGEST_UNBROKEN_RUN) {
      if (normal) runs.push(normal);
      normal = '';
      runs.push({ text: part, wordBreak: 'break-all' });
    } else {
      normal += part;
    }
  }
  if (normal) runs.push(normal);
  return runs;
}

/**
 * For the PDF's Info dictionary and XMP metadata, which a viewer shows in its
 * title bar and file lists. PDFKit writes these strings into XMP without XML
 * escaping, so <, > and & become look-alikes that cannot form markup, and
 * invisible code points are removed so the title cannot be spoofed.
 */
export function metadataText(value: string): string {
  let out = '';
  for (const char of value) {
    if (/\s/.test(char)) {
      out += ' ';
      continue;
    }
    if (INVISIBLE.test(char)) continue;
    out += char === '<' ? '\u2039' : char === '>' ? '\u203A' : char === '&' ? '\uFF06' : char;
  }
  return out.replace(/\s+/g, ' ').trim();
}
