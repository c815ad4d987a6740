import { z } from 'zod';
import { isUnknown } from '../removals/removal';

/**
 * The words of a removal that the ledger's search looks through, gathered
 * into one flat document per removal. Only free text a person would remember
 * and type is here: what was said, by whom, what staff wrote about it, and the
 * names of the files kept with it. Ids, dates, categories and statuses are
 * filters on the clear listing fields, not words to search.
 *
 * Each field is plain text (never HTML); an absent part is an empty string so
 * every document has the same shape.
 */
export const searchDocumentSchema = z.object({
  id: z.string().min(1),
  content: z.string(),
  parentContext: z.string(),
  /** Display name, username and platform user id: the ones that are known, one per line. */
  poster: z.string(),
  notes: z.string(),
  /** The text a person confirmed was read from a screenshot. */
  screenshotText: z.string(),
  permalink: z.string(),
  /** What counsel directed, or why counsel was not consulted. */
  reviewTrail: z.string(),
  /** Attachment file names, one per line. */
  fileNames: z.string(),
});
export type SearchDocument = z.infer<typeof searchDocumentSchema>;

export type SearchField = Exclude<keyof SearchDocument, 'id'>;

const identityPart = z.union([z.string(), z.object({ unknown: z.literal(true), reason: z.string() })]);

/**
 * The parts of a removal search reads, checked on their own: the search
 * worker reads every removal when the ledger is unlocked, and checking each
 * against the whole removal schema (every rule, every date in its zone) was a
 * fifth of that work. What it reads was checked in full when it was saved, and
 * its encryption proves it is what was saved.
 */
export const searchableRemovalSchema = z.object({
  id: z.string().min(1),
  content: z.string(),
  parentContext: z.string().optional(),
  poster: z.object({ displayName: identityPart, username: identityPart, platformUserId: identityPart }),
  notes: z.string().optional(),
  ocr: z.object({ text: z.string() }).optional(),
  permalink: z.string().optional(),
  reviewTrail: z.object({ counsel: z.object({ direction: z.string() }).optional(), noCounselReason: z.string().optional() }),
  attachments: z.array(z.object({ fileName: z.string() })),
});
export type SearchableRemoval = z.infer<typeof searchableRemovalSchema>;

export const searchFields: readonly SearchField[] = [
  'content',
  'parentContext',
  'poster',
  'notes',
  'screenshotText',
  'permalink',
  'reviewTrail',
  'fileNames',
];

/**
 * A known identity part, or nothing. The reason a part is unknown ("the
 * account was deleted") is deliberately left out: searching for a poster's
 * name must not match every record that merely explains a missing name.
 */
function known(value: string | { unknown: true; reason: string }): string {
  return isUnknown(value) ? '' : value;
}

function lines(parts: string[]): string {
  return parts.filter((part) => part !== '').join('\n');
}

export function searchDocumentOf(removal: SearchableRemoval): SearchDocument {
  const { poster, reviewTrail } = removal;
  return {
    id: removal.id,
    content: removal.content,
    parentContext: removal.parentContext ?? '',
    poster: lines([known(poster.displayName), known(poster.username), known(poster.platformUserId)]),
    notes: removal.notes ?? '',
    screenshotText: removal.ocr?.text ?? '',
    permalink: removal.permalink ?? '',
    reviewTrail: lines([reviewTrail.counsel?.direction ?? '', reviewTrail.noCounselReason ?? '']),
    fileNames: lines(removal.attachments.map((file) => file.fileName)),
  };
}

/** What the search box can be told, for its hint or help text. */
export const searchQueryHelp =
  'Search the content, the post it replied to, the poster’s name, username (with or without @) or user ID, notes, text read from screenshots, the permalink, counsel’s direction and file names. ' +
  'Every word you type must match, and a word may be just its beginning (“thre” finds “threat”). Capitals and accents do not matter, and a small typing mistake in a longer word is forgiven.';
