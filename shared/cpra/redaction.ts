import { z } from 'zod';
import { isUnknown, type Removal } from '../removals/removal';

/**
 * Redactions: the parts of a record counsel withholds from a disclosure, each
 * citing an exemption. A text redaction is a span of one field; a region is a
 * rectangle of one screenshot, in the image's own pixels. Finders propose,
 * counsel approves: only approved redactions are applied, and the disclosure
 * is refused while any proposal is undecided.
 *
 * The ledger itself is never redacted (the policy requires the poster's
 * identity to be kept): a redaction only changes what a disclosure shows.
 */

/** The text fields of a removal a disclosure prints, and so the fields a redaction may cover. */
export const redactableFields = [
  'content',
  'parentContext',
  'poster.displayName',
  'poster.username',
  'poster.platformUserId',
  'poster.profileUrl',
  'permalink',
  'ocr.text',
  'notes',
  'reviewTrail.counsel.direction',
  'reviewTrail.noCounselReason',
] as const;
export const redactableFieldSchema = z.enum(redactableFields);
export type RedactableField = z.infer<typeof redactableFieldSchema>;

export const redactableFieldLabels: Record<RedactableField, string> = {
  content: 'Content',
  parentContext: 'Parent post or thread',
  'poster.displayName': 'Poster’s display name',
  'poster.username': 'Poster’s username',
  'poster.platformUserId': 'Poster’s user ID',
  'poster.profileUrl': 'Poster’s profile address',
  permalink: 'Permalink',
  'ocr.text': 'Text read from the screenshot',
  notes: 'Notes',
  'reviewTrail.counsel.direction': 'Counsel’s direction',
  'reviewTrail.noCounselReason': 'Why counsel was not consulted',
};

/** The text of one field as the disclosure prints it; null when the record has none (or it was marked unknown). */
export function fieldText(removal: Removal, field: RedactableField): string | null {
  const known = (value: unknown) => (typeof value === 'string' ? value : null);
  switch (field) {
    case 'content':
      return removal.content;
    case 'parentContext':
      return removal.parentContext ?? null;
    case 'poster.displayName':
    case 'poster.username':
    case 'poster.platformUserId':
    case 'poster.profileUrl': {
      const value = removal.poster[field.slice('poster.'.length) as keyof Removal['poster']];
      return isUnknown(value) ? null : known(value);
    }
    case 'permalink':
      return removal.permalink ?? null;
    case 'ocr.text':
      return removal.ocr?.text ?? null;
    case 'notes':
      return removal.notes ?? null;
    case 'reviewTrail.counsel.direction':
      return removal.reviewTrail.counsel?.direction ?? null;
    case 'reviewTrail.noCounselReason':
      return removal.reviewTrail.noCounselReason ?? null;
  }
}

export const finderKinds = ['email', 'phone', 'street_address', 'ssn'] as const;
export const finderKindSchema = z.enum(finderKinds);
export type FinderKind = z.infer<typeof finderKindSchema>;
export const finderKindLabels: Record<FinderKind, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  street_address: 'Street address',
  ssn: 'Social Security number',
};

const personSchema = z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(200) });

const proposedBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), person: personSchema }),
  z.object({ kind: z.literal('finder'), finder: finderKindSchema }),
]);

const reviewSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('proposed') }),
  z.object({ status: z.literal('approved'), by: personSchema, at: z.iso.datetime({ offset: true }) }),
  z.object({ status: z.literal('rejected'), by: personSchema, at: z.iso.datetime({ offset: true }) }),
]);
export type RedactionReview = z.infer<typeof reviewSchema>;

const common = {
  id: z.string().min(1).max(64),
  recordId: z.string().min(1).max(64),
  exemptionId: z.string().min(1, 'Choose the exemption that allows withholding it.').max(64),
  proposedBy: proposedBySchema,
  review: reviewSchema,
};

const pixel = (what: string) => z.number({ error: `Enter the ${what} in pixels.` }).int(`Enter the ${what} as a whole number of pixels.`);

export const textRedactionSchema = z
  .object({
    ...common,
    kind: z.literal('text'),
    field: redactableFieldSchema,
    /** UTF-16 offsets into the field's text, end excluded (what a text selection gives). */
    start: z.number().int().min(0),
    // No minimum of its own: start >= 0 and start < end imply it, and a second rule would show the clerk the same mistake twice.
    end: z.number().int(),
  })
  .refine((span) => span.start < span.end, { message: 'Select at least one character to redact.', path: ['end'] });

export const regionRedactionSchema = z
  .object({
    ...common,
    kind: z.literal('region'),
    attachmentId: z.string().min(1).max(64),
    x: pixel('left edge').min(0),
    y: pixel('top edge').min(0),
    width: pixel('width').min(1, 'The area must be at least 1 pixel wide.'),
    height: pixel('height').min(1, 'The area must be at least 1 pixel high.'),
  });

export const redactionSchema = z.discriminatedUnion('kind', [textRedactionSchema, regionRedactionSchema]);
export type Redaction = z.infer<typeof redactionSchema>;
export type TextRedaction = z.infer<typeof textRedactionSchema>;
export type RegionRedaction = z.infer<typeof regionRedactionSchema>;

/** A piece of a field as a disclosure prints it: text to show, or a withheld passage and the sections that withhold it. */
export type DisclosedPiece = { kind: 'text'; text: string } | { kind: 'withheld'; exemptionIds: string[] };

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * The offsets where a character (a grapheme: an emoji with its modifiers, a
 * letter with its accents, a surrogate pair) begins, plus the end. A span is
 * widened to these, so a redaction never leaves half of a character behind
 * for a reader to recognise.
 */
function characterBoundaries(text: string): number[] {
  const starts: number[] = [];
  for (const segment of graphemes.segment(text)) starts.push(segment.index);
  starts.push(text.length);
  return starts;
}

function widen(start: number, end: number, boundaries: readonly number[]): [number, number] {
  let from = 0;
  let to = boundaries[boundaries.length - 1] ?? 0;
  // The last boundary at or before start; the first at or after end.
  let low = 0;
  let high = boundaries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (boundaries[middle]! <= start) {
      from = boundaries[middle]!;
      low = middle + 1;
    } else high = middle - 1;
  }
  low = 0;
  high = boundaries.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (boundaries[middle]! >= end) {
      to = boundaries[middle]!;
      high = middle - 1;
    } else low = middle + 1;
  }
  return [from, to];
}

/**
 * The field's text with the given spans withheld: spans are clipped to the
 * text, widened to whole characters, and overlapping or touching spans become
 * one withheld passage citing every exemption involved. Nothing of a withheld
 * passage is returned, not even its length.
 */
export function applyTextRedactions(text: string, spans: ReadonlyArray<Pick<TextRedaction, 'start' | 'end' | 'exemptionId'>>): DisclosedPiece[] {
  const boundaries = characterBoundaries(text);
  const clip = (offset: number) => Math.max(0, Math.min(offset, text.length));
  const ranges = spans
    // An empty span withholds nothing; widened, it would withhold the character it falls inside.
    .filter((span) => clip(span.start) < clip(span.end))
    .map((span) => ({ range: widen(clip(span.start), clip(span.end), boundaries), exemptionId: span.exemptionId }))
    .sort((a, b) => a.range[0] - b.range[0]);
  const merged: Array<{ start: number; end: number; exemptionIds: string[] }> = [];
  for (const { range, exemptionId } of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last.end) {
      last.end = Math.max(last.end, range[1]);
      if (!last.exemptionIds.includes(exemptionId)) last.exemptionIds.push(exemptionId);
    } else merged.push({ start: range[0], end: range[1], exemptionIds: [exemptionId] });
  }
  const pieces: DisclosedPiece[] = [];
  let at = 0;
  for (const passage of merged) {
    if (passage.start > at) pieces.push({ kind: 'text', text: text.slice(at, passage.start) });
    pieces.push({ kind: 'withheld', exemptionIds: passage.exemptionIds });
    at = passage.end;
  }
  if (at < text.length || text.length === 0) pieces.push({ kind: 'text', text: text.slice(at) });
  return pieces;
}

/** The redactions a disclosure applies: approved ones only. */
export function approvedRedactions<R extends Redaction>(redactions: readonly R[]): R[] {
  return redactions.filter((redaction) => redaction.review.status === 'approved');
}

/** Why a disclosure cannot be made yet, or null: every proposal must be approved or rejected first. */
export function undecidedRedactionsMessage(redactions: readonly Redaction[]): string | null {
  const undecided = redactions.filter((redaction) => redaction.review.status === 'proposed').length;
  if (undecided === 0) return null;
  return `${undecided} proposed redaction${undecided === 1 ? ' has' : 's have'} not been reviewed. Approve or reject ${undecided === 1 ? 'it' : 'each one'} before the disclosure is made.`;
}

/** The part of the image a region covers, clipped to the image, or null when it lies wholly outside it. */
export function clipRegion(region: Pick<RegionRedaction, 'x' | 'y' | 'width' | 'height'>, image: { width: number; height: number }): { x: number; y: number; width: number; height: number } | null {
  const x = Math.min(region.x, image.width);
  const y = Math.min(region.y, image.height);
  const right = Math.min(region.x + region.width, image.width);
  const bottom = Math.min(region.y + region.height, image.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

/** Shorter than this, withheld words are too common to look for elsewhere ("Al", "5"). */
const SHORTEST_WORDS_LOOKED_FOR = 3;

/** Case and width folded, so "ZELDA" and full-width "ｚｅｌｄａ" are found as "zelda". */
function folded(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('en-US');
}

/** The words an approved text redaction withholds, as the field's text has them (widened to whole characters, as applied). */
export function withheldWordsOf(text: string, span: Pick<TextRedaction, 'start' | 'end'>): string {
  const boundaries = characterBoundaries(text);
  const [from, to] = widen(Math.max(0, Math.min(span.start, text.length)), Math.max(0, Math.min(span.end, text.length)), boundaries);
  return text.slice(from, to);
}

/**
 * Where words withheld in one place are still printed in another: a
 * username withheld in the content but left in the profile address, or the
 * second time a name occurs. A disclosure with any of these would release
 * what counsel decided to withhold, so it is refused until each is redacted.
 */
export function withheldWordsStillShown(printed: ReadonlyArray<{ where: string; text: string }>, withheld: readonly string[]): Array<{ where: string; words: string }> {
  const looked = [...new Set(withheld.map((words) => words.trim()).filter((words) => [...words].length >= SHORTEST_WORDS_LOOKED_FOR))];
  const found: Array<{ where: string; words: string }> = [];
  for (const place of printed) {
    const text = folded(place.text);
    for (const words of looked) if (text.includes(folded(words))) found.push({ where: place.where, words });
  }
  return found;
}

/**
 * A record's redactions carried to its new version when counsel attaches the
 * version that replaced the one redacted. Each comes back proposed, so the
 * disclosure waits until counsel has looked at the record again: a text span
 * moves to where its words now are (the same place, else their first
 * occurrence), or is lost when they are gone; an area is kept as it was, and
 * if its screenshot left the record the disclosure refuses until it is
 * removed, so a replacement screenshot cannot go out unredacted unnoticed.
 */
export function carryRedactions(redactions: readonly Redaction[], recordId: string, before: Removal, now: Removal): { redactions: Redaction[]; lost: number } {
  const carried: Redaction[] = [];
  let lost = 0;
  for (const redaction of redactions) {
    if (redaction.recordId !== recordId || redaction.review.status === 'rejected') continue;
    if (redaction.kind === 'region') {
      carried.push({ ...redaction, review: { status: 'proposed' } });
      continue;
    }
    const oldText = fieldText(before, redaction.field);
    const newText = fieldText(now, redaction.field);
    const words = oldText === null ? '' : withheldWordsOf(oldText, redaction);
    const at = newText === null || words === '' ? -1 : newText.startsWith(words, redaction.start) ? redaction.start : newText.indexOf(words);
    if (at < 0) lost += 1;
    else carried.push({ ...redaction, start: at, end: at + words.length, review: { status: 'proposed' } });
  }
  return { redactions: carried, lost };
}

/** Area redactions on screenshots the record no longer has (replaced by a correction): the disclosure waits until they are dealt with. */
export function regionsOnMissingScreenshots(redactions: readonly Redaction[], removal: Pick<Removal, 'id' | 'attachments'>): RegionRedaction[] {
  const present = new Set(removal.attachments.map((a) => a.attachmentId));
  return redactions.filter((r): r is RegionRedaction => r.kind === 'region' && r.recordId === removal.id && !present.has(r.attachmentId));
}

/** The attachments a disclosure shows, redacted in the pixels: screenshots whose size is known. Every other file is listed, not reproduced. */
type StoredFile = Removal['attachments'][number];
export type RedactableScreenshot = StoredFile & { mediaType: Exclude<StoredFile['mediaType'], 'application/pdf'>; width: number; height: number };
export function isRedactableScreenshot(attachment: StoredFile): attachment is RedactableScreenshot {
  return attachment.kind === 'screenshot' && attachment.mediaType.startsWith('image/') && !!attachment.width && !!attachment.height;
}
