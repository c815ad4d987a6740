import { LinkifyIt, type SchemaOpts } from 'linkify-it';
import { z } from 'zod';

/**
 * The links in removed content, listed as evidence. They are plain text data:
 * the app shows them as text and never makes them clickable, because the
 * content was removed for a reason and may be hostile.
 */
export const foundLinkSchema = z.object({
  /** Exactly as it appears in the content. */
  text: z.string(),
  /** The address it leads to ("www.example.com" leads to http://www.example.com). */
  url: z.string(),
  /** Where it sits in the content (UTF-16 positions, as JavaScript strings count). */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type FoundLink = z.infer<typeof foundLinkSchema>;

export const suspiciousReasons = ['script', 'embedded_data', 'hidden_characters', 'look_alike_letters'] as const;
export const suspiciousReasonSchema = z.enum(suspiciousReasons);
export type SuspiciousReason = z.infer<typeof suspiciousReasonSchema>;

export const suspiciousReasonLabels: Record<SuspiciousReason, string> = {
  script: 'A script address: opening it would run code.',
  embedded_data: 'A data address: it carries a whole file or page inside itself.',
  hidden_characters: 'Contains invisible or direction-changing characters, so it may not go where it appears to.',
  look_alike_letters: 'Uses letters from other alphabets in the site name; it may imitate another address.',
};

export const suspiciousLinkSchema = foundLinkSchema.extend({ reason: suspiciousReasonSchema });
export type SuspiciousLink = z.infer<typeof suspiciousLinkSchema>;

export const contentLinksSchema = z.object({
  links: z.array(foundLinkSchema),
  suspicious: z.array(suspiciousLinkSchema),
});
export type ContentLinks = z.infer<typeof contentLinksSchema>;

// linkify-it does not know these schemes; they are taught to it only so they
// can be listed as suspicious. The address ends at whitespace, or at a quote
// or angle bracket, where it would end inside pasted HTML.
const toEndOfAddress: SchemaOpts = {
  validate: (text, pos) => /^[^\s"'<>`]+/.exec(text.slice(pos))?.[0].length ?? 0,
};
const scriptSchemes = ['javascript:', 'vbscript:'];
const dataSchemes = ['data:'];

const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true });
for (const scheme of [...scriptSchemes, ...dataSchemes]) linkify.add(scheme, toEndOfAddress);

const formatCharacter = /\p{Cf}/u;

function hostUsesOtherAlphabets(url: string): boolean {
  try {
    // URL turns non-ASCII host names into punycode ("xn--"), so one test covers both spellings.
    return new URL(url).hostname.split('.').some((label) => label.startsWith('xn--'));
  } catch {
    return false;
  }
}

function suspicion(schema: string, raw: string, url: string): SuspiciousReason | null {
  const scheme = schema.toLowerCase();
  if (scriptSchemes.includes(scheme)) return 'script';
  if (dataSchemes.includes(scheme)) return 'embedded_data';
  if (formatCharacter.test(raw)) return 'hidden_characters';
  if (hostUsesOtherAlphabets(url)) return 'look_alike_letters';
  return null;
}

/** Lists the links in the content, setting aside the ones a clerk should be warned about. */
export function listLinks(content: string): ContentLinks {
  const result: ContentLinks = { links: [], suspicious: [] };
  for (const match of linkify.match(content) ?? []) {
    const found: FoundLink = { text: match.raw, url: match.url, start: match.index, end: match.lastIndex };
    const reason = suspicion(match.schema, match.raw, match.url);
    if (reason) result.suspicious.push({ ...found, reason });
    else result.links.push(found);
  }
  return result;
}

/**
 * Every address in the content, in the order it appears, each suspicious one
 * with the warning to show beside it: what a screen lists. Suspicious
 * addresses are kept apart from the others (listLinks), so a list of `links`
 * alone would never show a clerk the very addresses worth warning about.
 */
export function linksAsListed(found: ContentLinks): Array<FoundLink & { warning: string | null }> {
  return [...found.links.map((link) => ({ ...link, warning: null })), ...found.suspicious.map(({ reason, ...link }) => ({ ...link, warning: suspiciousReasonLabels[reason] }))].sort((a, b) => a.start - b.start);
}
