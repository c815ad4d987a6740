import { describe, expect, it } from 'vitest';
import {
  markedSegments,
  ordinal,
  REDACTION_HELPER_ATTRIBUTE,
  selectionOffsets,
  wordOccurrences,
  type TextTreeNode,
} from '../../../renderer/src/cpra/text-selection';

/*
 * The unit tests run in Node, without a DOM: these build the few members of
 * DOM nodes the offset walk reads, shaped like the field the editor draws.
 */
interface FakeNode extends TextTreeNode {
  childNodes: FakeNode[];
  parentNode: FakeNode | null;
}

function text(value: string): FakeNode {
  return { nodeType: 3, textContent: value, childNodes: [], parentNode: null };
}

function element(children: FakeNode[], attributes: Record<string, string> = {}): FakeNode {
  const node: FakeNode = {
    nodeType: 1,
    get textContent() {
      return children.map((child) => child.textContent).join('');
    },
    childNodes: children,
    parentNode: null,
    getAttribute: (name: string) => attributes[name] ?? null,
  };
  for (const child of children) child.parentNode = node;
  return node;
}

const helper = (words: string) => element([text(words)], { [REDACTION_HELPER_ATTRIBUTE]: '' });

/** A page: a heading before the field, the field (plain text, a marked passage with its spoken words, more text), a button after. */
function page() {
  const before = text('Content');
  const opening = text('Call me at ');
  const marked = text('555-0142');
  const spokenStart = helper(' [approved redaction: ');
  const spokenEnd = helper('] ');
  const mark = element([spokenStart, marked, spokenEnd]);
  const closing = text(' after six, or write to Main St.');
  const field = element([opening, mark, closing]);
  const after = text('Redact selection');
  const heading = element([before]);
  const button = element([after]);
  const body = element([heading, field, button]);
  const fieldText = 'Call me at 555-0142 after six, or write to Main St.';
  return { body, field, fieldText, before, opening, marked, mark, spokenStart, closing, after };
}

const ends = (anchorNode: TextTreeNode, anchorOffset: number, focusNode: TextTreeNode, focusOffset: number) => ({ anchorNode, anchorOffset, focusNode, focusOffset });

describe('selectionOffsets', () => {
  it('gives the offsets of words selected inside one piece of the text', () => {
    const { field, fieldText, opening } = page();
    const start = fieldText.indexOf('me at');
    const span = selectionOffsets(field, ends(opening, start, opening, start + 'me at'.length));
    expect(span).toEqual({ start, end: start + 'me at'.length });
    expect(fieldText.slice(span!.start, span!.end)).toBe('me at');
  });

  it('gives the same span whichever way the mouse was dragged', () => {
    const { field, opening, closing } = page();
    const forwards = selectionOffsets(field, ends(opening, 5, closing, 6));
    const backwards = selectionOffsets(field, ends(closing, 6, opening, 5));
    expect(backwards).toEqual(forwards);
    expect(forwards).not.toBeNull();
  });

  it('counts across a marked passage without counting the words spoken to screen readers', () => {
    const { field, fieldText, opening, closing } = page();
    const from = 'Call '.length;
    const to = ' after'.length;
    const span = selectionOffsets(field, ends(opening, from, closing, to));
    expect(fieldText.slice(span!.start, span!.end)).toBe('me at 555-0142 after');
  });

  it('selects within a marked passage', () => {
    const { field, fieldText, marked } = page();
    const span = selectionOffsets(field, ends(marked, 0, marked, 3));
    expect(fieldText.slice(span!.start, span!.end)).toBe('555');
  });

  it('treats a point inside the spoken words as the start of the passage they describe', () => {
    const { field, fieldText, spokenStart, closing } = page();
    const spokenText = spokenStart.childNodes[0]!;
    const span = selectionOffsets(field, ends(spokenText, 4, closing, 0));
    expect(fieldText.slice(span!.start, span!.end)).toBe('555-0142');
  });

  it('understands points given as a position between child elements', () => {
    const { field, fieldText, mark } = page();
    // What selecting the whole marked element gives: the field, before and after its second child.
    expect(selectionOffsets(field, ends(field, 1, field, 2))).toEqual({ start: fieldText.indexOf('555'), end: fieldText.indexOf(' after') });
    // And the mark itself, from before its first child to after its last.
    const span = selectionOffsets(field, ends(mark, 0, mark, mark.childNodes.length));
    expect(fieldText.slice(span!.start, span!.end)).toBe('555-0142');
  });

  it('cuts off the part of a selection that starts before the field', () => {
    const { field, fieldText, before, opening } = page();
    const span = selectionOffsets(field, ends(before, 2, opening, 4));
    expect(span).toEqual({ start: 0, end: 4 });
    expect(fieldText.slice(span!.start, span!.end)).toBe('Call');
  });

  it('cuts off the part of a selection that ends after the field, in either direction', () => {
    const { field, fieldText, closing, after } = page();
    const start = fieldText.indexOf('Main');
    const from = ' after six, or write to '.length;
    expect(selectionOffsets(field, ends(closing, from, after, 3))).toEqual({ start, end: fieldText.length });
    expect(selectionOffsets(field, ends(after, 3, closing, from))).toEqual({ start, end: fieldText.length });
  });

  it('gives the whole field when the selection runs over all of it', () => {
    const { field, fieldText, before, after, body } = page();
    expect(selectionOffsets(field, ends(before, 0, after, 5))).toEqual({ start: 0, end: fieldText.length });
    expect(selectionOffsets(field, ends(body, 0, body, body.childNodes.length))).toEqual({ start: 0, end: fieldText.length });
  });

  it('gives nothing when nothing of the field is selected', () => {
    const { field, before, after, opening } = page();
    expect(selectionOffsets(field, null)).toBeNull();
    expect(selectionOffsets(field, { anchorNode: null, anchorOffset: 0, focusNode: null, focusOffset: 0 })).toBeNull();
    expect(selectionOffsets(field, ends(opening, 3, opening, 3))).toBeNull();
    expect(selectionOffsets(field, ends(before, 0, before, 4))).toBeNull();
    expect(selectionOffsets(field, ends(after, 0, after, 4))).toBeNull();
    const elsewhere = text('another window');
    expect(selectionOffsets(field, ends(elsewhere, 0, elsewhere, 7))).toBeNull();
  });

  it('counts a surrogate pair as the two UTF-16 units a stored span uses', () => {
    const opening = text('ok 👍 then');
    const field = element([opening]);
    const span = selectionOffsets(field, ends(opening, 3, opening, 3 + '👍'.length));
    expect(span).toEqual({ start: 3, end: 5 });
  });
});

describe('wordOccurrences', () => {
  const note = 'Ask Dana at the desk. Dana works days; DANA is the other one, Dana said.';

  it('finds each place the words occur, in order, with enough around them to tell them apart', () => {
    const found = wordOccurrences(note, 'Dana');
    expect(found.map((occurrence) => note.slice(occurrence.start, occurrence.end))).toEqual(['Dana', 'Dana', 'Dana']);
    expect(found.map((occurrence) => occurrence.start)).toEqual([note.indexOf('Dana'), note.indexOf('Dana works'), note.indexOf('Dana said')]);
    expect(new Set(found.map((occurrence) => occurrence.context)).size).toBe(found.length);
    for (const occurrence of found) expect(occurrence.context).toContain('Dana');
  });

  it('matches the words exactly as typed, ignoring spaces typed at either end', () => {
    expect(wordOccurrences(note, '  the desk ')).toHaveLength(1);
    expect(wordOccurrences(note, 'dana')).toEqual([]);
    expect(wordOccurrences(note, '   ')).toEqual([]);
  });

  it('shows the context on one line and marks where it was cut', () => {
    const letter = `${'x'.repeat(40)}\nsee 12 Elm\nSt. today${'y'.repeat(40)}`;
    const [only] = wordOccurrences(letter, '12 Elm\nSt.');
    expect(only?.context).not.toMatch(/\n/);
    expect(only?.context.startsWith('…')).toBe(true);
    expect(only?.context.endsWith('…')).toBe(true);
    expect(only?.context).toContain('12 Elm St.');
  });
});

describe('ordinal', () => {
  it('names occurrences as people write them', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });
});

describe('markedSegments', () => {
  it('cuts the text at every edge of overlapping redactions, each piece knowing what covers it', () => {
    const words = 'Jane Roe lives at 12 Elm St.';
    const name = { start: 0, end: words.indexOf(' lives') };
    const address = { start: words.indexOf('12'), end: words.length };
    const wide = { start: words.indexOf('Roe'), end: words.indexOf('Elm') };
    const segments = markedSegments(words, [name, address, wide]);
    expect(segments.map((segment) => words.slice(segment.start, segment.end)).join('')).toBe(words);
    const pieceAt = (offset: number) => segments.find((segment) => segment.start <= offset && offset < segment.end)!;
    expect(pieceAt(0).covering).toEqual([0]);
    expect(pieceAt(words.indexOf('Roe')).covering).toEqual([0, 2]);
    expect(pieceAt(words.indexOf('lives')).covering).toEqual([2]);
    expect(pieceAt(words.indexOf('12')).covering).toEqual([1, 2]);
    expect(pieceAt(words.indexOf('St.')).covering).toEqual([1]);
  });

  it('keeps redactions that run past the end of the text within it', () => {
    const words = 'short';
    const segments = markedSegments(words, [{ start: 2, end: 40 }]);
    expect(segments.at(-1)?.end).toBe(words.length);
    expect(segments.map((segment) => words.slice(segment.start, segment.end)).join('')).toBe(words);
  });
});
