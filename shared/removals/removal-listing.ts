import { z } from 'zod';
import { blindIndexToken, confusableSkeleton, normalizeIdentity } from '../crypto/blind-index';
import type { ClearFields } from '../records/record-version';
import { DEFAULT_SERIES_ID } from '../retention/series';
import { decisionOutcomeSchema, isUnknown, removalStatusSchema, type Removal } from './removal';

/**
 * What the removals list, its filters, the overview charts and the retention
 * clock can know about a removal without decrypting it: ids, dates, status,
 * categories, site. Never content, never a person's name. The poster is
 * present only as a keyed blind-index token, so "every removal of this
 * poster" can be answered without the poster's name being stored in clear.
 */
export const removalListingSchema = z.object({
  id: z.string().min(1),
  status: removalStatusSchema,
  siteId: z.string().min(1),
  contentKind: z.string().min(1),
  categoryIds: z.array(z.string().min(1)),
  policyVersionId: z.string().min(1),
  /** UTC instants, ISO 8601. */
  postedAt: z.string(),
  seenAt: z.string(),
  removedAt: z.string().nullable(),
  decision: decisionOutcomeSchema.nullable(),
  attachmentCount: z.number().int().min(0),
  /** Blind-index token of the poster's username (normalised), or null when it is unknown. */
  posterToken: z.string().nullable(),
  /**
   * Blind-index token of the username's look-alike skeleton: equal for
   * "jane", "ЈANE" (Cyrillic) and "ｊａｎｅ", so possible impostors can be
   * flagged for a person to judge. Never an identity. Absent on rows saved
   * before it existed.
   */
  lookalikeToken: z.string().nullable().default(null),
  /** The retention series; rows saved before series could be assigned are in the default one. */
  seriesId: z.string().min(1).default(DEFAULT_SERIES_ID),
});
export type RemovalListing = z.infer<typeof removalListingSchema>;

export function removalListing(removal: Removal, posterToken: string | null, lookalikeToken: string | null = null): RemovalListing {
  return {
    id: removal.id,
    status: removal.status,
    siteId: removal.siteId,
    contentKind: removal.contentKind,
    categoryIds: removal.categories.map((choice) => choice.categoryId),
    policyVersionId: removal.policyVersionId,
    postedAt: removal.moments.posted.utc,
    seenAt: removal.moments.seen.utc,
    removedAt: removal.moments.removed?.utc ?? null,
    decision: removal.reviewTrail.decision?.outcome ?? null,
    attachmentCount: removal.attachments.length,
    posterToken,
    lookalikeToken,
    seriesId: removal.seriesId ?? DEFAULT_SERIES_ID,
  };
}

/** The date a removal is filed under: when it was removed or, when it was not (awaiting a decision, left up), when staff saw it. */
export function removalDate(listing: Pick<RemovalListing, 'removedAt' | 'seenAt'>): string {
  return listing.removedAt ?? listing.seenAt;
}

// Category ids never contain a space, so a space-separated list round-trips.
const CATEGORY_SEPARATOR = ' ';

/** The listing as the read model's clear fields (which hold only flat values). */
export function listingToClear(listing: RemovalListing): ClearFields {
  return { ...listing, categoryIds: listing.categoryIds.join(CATEGORY_SEPARATOR) };
}

/** Back from the read model; null when a row does not hold a readable listing (an older or damaged row). */
export function listingFromClear(id: string, clear: ClearFields): RemovalListing | null {
  const categories = typeof clear.categoryIds === 'string' ? clear.categoryIds.split(CATEGORY_SEPARATOR).filter(Boolean) : [];
  const parsed = removalListingSchema.safeParse({ ...clear, id, categoryIds: categories });
  return parsed.success ? parsed.data : null;
}

/** The blind-index field the poster's username is tokenised under; frozen, since tokens are stored. */
export const POSTER_USERNAME_FIELD = 'poster_username';

/** The poster's username token, or null when the username is unknown (or empty once normalised). */
export async function posterTokenOf(blindIndexKey: CryptoKey, username: Removal['poster']['username'] | string): Promise<string | null> {
  if (typeof username !== 'string' || isUnknown(username) || normalizeIdentity(username) === '') return null;
  return blindIndexToken(blindIndexKey, POSTER_USERNAME_FIELD, username);
}

export const POSTER_LOOKALIKE_FIELD = 'poster_username_skeleton';

/** The look-alike token of a username, or null when it is unknown or nothing is left of it. */
export async function lookalikeTokenOf(blindIndexKey: CryptoKey, username: Removal['poster']['username'] | string): Promise<string | null> {
  if (typeof username !== 'string' || isUnknown(username)) return null;
  const skeleton = confusableSkeleton(username);
  return skeleton.trim() === '' ? null : blindIndexToken(blindIndexKey, POSTER_LOOKALIKE_FIELD, skeleton);
}
