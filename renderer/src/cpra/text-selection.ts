/**
 * Turning what counsel picks in a field's text (a mouse selection, or words
 * typed on the keyboard) into UTF-16 offsets of that text, the unit a text
 * redaction is stored in. The field is drawn as its text split into pieces,
 * some wrapped in marks with screen-reader-only words beside them; those
 * words are flagged with REDACTION_HELPER_ATTRIBUTE so they never count.
 *
 * The tree walk reads only a few members of a DOM node, so the same code runs
 * on the page and on small hand-built trees in unit tests (which run in Node).
 */

/** Put on elements whose text is an aid for screen readers, not part of the field's text. */
export const REDACTION_HELPER_ATTRIBUTE = 'data-redaction-helper';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** The members of a DOM node the offset walk reads. A real Node satisfies it. */
export interface TextTreeNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<TextTreeNode>;
  readonly parentNode: TextTreeNode | null;
  getAttribute?(name: string): string | null;
}

/** The two ends of a selection, as window.getSelection() gives them (the anchor may come after the focus). */
export interface SelectionEnds {
  readonly anchorNode: TextTreeNode | null;
  readonly anchorOffset: number;
  readonly focusNode: TextTreeNode | null;
  readonly focusOffset: number;
}

export interface TextSpan {
  start: number;
  end: number;
}

function isHelper(node: TextTreeNode): boolean {
  return node.nodeType === ELEMENT_NODE && node.getAttribute?.(REDACTION_HELPER_ATTRIBUTE) != null;
}

/** How many characters of the field's text a node holds. */
function countedLength(node: TextTreeNode): number {
  if (node.nodeType === TEXT_NODE) return node.textContent?.length ?? 0;
  if (node.nodeType !== ELEMENT_NODE || isHelper(node)) return 0;
  let length = 0;
  for (let index = 0; index < node.childNodes.length; index++) length += countedLength(node.childNodes[index]!);
  return length;
}

function childIndex(parent: TextTreeNode, child: TextTreeNode): number {
  for (let index = 0; index < parent.childNodes.length; index++) if (parent.childNodes[index] === child) return index;
  return -1;
}

/** The node, its parent, and so on up to the top of its tree. */
function ancestry(node: TextTreeNode): TextTreeNode[] {
  const chain: TextTreeNode[] = [];
  for (let at: TextTreeNode | null = node; at; at = at.parentNode) chain.push(at);
  return chain;
}

/** Characters of the field's text before the point (node, offset), which lies inside container. */
function offsetInside(container: TextTreeNode, chain: readonly TextTreeNode[], offset: number): number {
  // A point inside screen-reader-only words stands where those words begin, so it can never add to the count.
  const containerAt = chain.indexOf(container);
  let outermostHelper = -1;
  for (let index = 0; index < containerAt; index++) if (isHelper(chain[index]!)) outermostHelper = index;
  let node = chain[0]!;
  let position = offset;
  let from = 0;
  if (outermostHelper >= 0) {
    node = chain[outermostHelper + 1]!;
    position = childIndex(node, chain[outermostHelper]!);
    from = outermostHelper + 1;
  }

  let count = 0;
  if (node.nodeType === TEXT_NODE) count = Math.max(0, Math.min(position, node.textContent?.length ?? 0));
  else for (let index = 0; index < Math.min(position, node.childNodes.length); index++) count += countedLength(node.childNodes[index]!);

  for (let index = from; index < containerAt; index++) {
    const child = chain[index]!;
    const parent = chain[index + 1]!;
    const at = childIndex(parent, child);
    for (let sibling = 0; sibling < at; sibling++) count += countedLength(parent.childNodes[sibling]!);
  }
  return count;
}

/**
 * Where a point outside the container falls: 'before' or 'after' it in
 * document order, or null when the two are in different trees.
 */
function sideOf(container: TextTreeNode, containerChain: readonly TextTreeNode[], chain: readonly TextTreeNode[], offset: number): 'before' | 'after' | null {
  // The point's node encloses the container: compare the offset with the child that leads to it.
  const enclosing = containerChain.indexOf(chain[0]!);
  if (enclosing > 0) {
    const node = chain[0]!;
    return offset <= childIndex(node, containerChain[enclosing - 1]!) ? 'before' : 'after';
  }
  // Otherwise the first shared ancestor decides, by which of its children leads to each.
  for (let index = 1; index < chain.length; index++) {
    const shared = containerChain.indexOf(chain[index]!);
    if (shared <= 0) continue;
    const parent = chain[index]!;
    const towardsPoint = childIndex(parent, chain[index - 1]!);
    const towardsContainer = childIndex(parent, containerChain[shared - 1]!);
    return towardsPoint < towardsContainer ? 'before' : 'after';
  }
  return null;
}

function pointOffset(container: TextTreeNode, containerChain: readonly TextTreeNode[], total: number, node: TextTreeNode, offset: number): number | null {
  const chain = ancestry(node);
  if (chain.includes(container)) return offsetInside(container, chain, offset);
  const side = sideOf(container, containerChain, chain, offset);
  if (side === null) return null;
  return side === 'before' ? 0 : total;
}

/**
 * The span of the field's text a selection covers, in UTF-16 offsets; the part
 * of a selection that runs outside the field is cut off. Null when nothing of
 * the field is selected (no selection, a bare cursor, or a selection elsewhere).
 */
export function selectionOffsets(container: TextTreeNode, selection: SelectionEnds | null): TextSpan | null {
  if (!selection?.anchorNode || !selection.focusNode) return null;
  const containerChain = ancestry(container);
  const total = countedLength(container);
  const anchor = pointOffset(container, containerChain, total, selection.anchorNode, selection.anchorOffset);
  const focus = pointOffset(container, containerChain, total, selection.focusNode, selection.focusOffset);
  if (anchor === null || focus === null) return null;
  const start = Math.min(anchor, focus);
  const end = Math.max(anchor, focus);
  return start < end ? { start, end } : null;
}

export interface WordOccurrence extends TextSpan {
  /** The words with a little of the text either side, on one line, to tell occurrences apart. */
  context: string;
}

const CONTEXT_CHARACTERS = 24;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/**
 * Every place the typed words occur in the text, exactly as typed (spaces at
 * either end of what was typed are ignored), each after the one before.
 */
export function wordOccurrences(text: string, typed: string): WordOccurrence[] {
  const words = typed.trim();
  if (words === '') return [];
  const found: WordOccurrence[] = [];
  for (let at = text.indexOf(words); at >= 0; at = text.indexOf(words, at + words.length)) {
    const end = at + words.length;
    const before = text.slice(Math.max(0, at - CONTEXT_CHARACTERS), at);
    const after = text.slice(end, end + CONTEXT_CHARACTERS);
    const context = `${at > CONTEXT_CHARACTERS ? '…' : ''}${oneLine(before)}${oneLine(words)}${oneLine(after)}${end + CONTEXT_CHARACTERS < text.length ? '…' : ''}`;
    found.push({ start: at, end, context });
  }
  return found;
}

/** "1st", "2nd", "3rd", "4th", "11th", "21st": how an occurrence is named in the list. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** One piece of a field's text as the editor draws it, with the redactions (by index) that cover it. */
export interface MarkedSegment extends TextSpan {
  covering: number[];
}

/**
 * The text cut at every edge of every redaction, so that a piece covered by
 * several overlapping redactions can show each of them. The pieces, in order,
 * are exactly the text: the offsets of a selection over them are offsets of the text.
 */
export function markedSegments(text: string, spans: ReadonlyArray<TextSpan>): MarkedSegment[] {
  const clip = (offset: number) => Math.max(0, Math.min(offset, text.length));
  const edges = new Set<number>([0, text.length]);
  for (const span of spans) {
    edges.add(clip(span.start));
    edges.add(clip(span.end));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const segments: MarkedSegment[] = [];
  for (let index = 0; index + 1 < sorted.length; index++) {
    const start = sorted[index]!;
    const end = sorted[index + 1]!;
    const covering: number[] = [];
    spans.forEach((span, spanIndex) => {
      if (clip(span.start) <= start && clip(span.end) >= end) covering.push(spanIndex);
    });
    segments.push({ start, end, covering });
  }
  return segments;
}
