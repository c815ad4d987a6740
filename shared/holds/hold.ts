import { DateTime } from 'luxon';
import { z } from 'zod';
import { removalDate, type RemovalListing } from '../removals/removal-listing';

/**
 * Legal holds: counsel's order that records be kept whatever the retention
 * schedule says, because of litigation, an audit or an investigation. A held
 * record can never be disposed of. A hold covers chosen records, or every
 * record (present and future) of a poster, a site or a period, so a record
 * logged after the hold is placed is held too.
 */
export const HOLD_TABLE = 'hold';

const person = (what: string) =>
  z.object({
    name: z.string().trim().min(1, `Enter the name of the person who ${what}.`).max(200),
    title: z.string().trim().min(1, `Enter the title of the person who ${what}.`).max(200),
  });

const cityDay = z.iso.date('Enter the date as year-month-day.');

export const holdScopeSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('records'), recordIds: z.array(z.string().min(1)).min(1, 'Choose at least one record to hold.') }),
    /** The poster's blind-index token: every removal of theirs, including ones logged later. */
    z.object({ kind: z.literal('poster'), posterToken: z.string().min(1), description: z.string().trim().min(1).max(500) }),
    z.object({ kind: z.literal('site'), siteId: z.string().min(1) }),
    /** The records a search found when the hold was placed: the words are kept so the hold can be explained later. */
    z.object({
      kind: z.literal('search'),
      query: z.string().trim().min(1, 'Enter the words to search for.').max(500),
      recordIds: z.array(z.string().min(1)).min(1, 'The search found no records to hold.'),
    }),
    /** Calendar days in the City's time zone, both included, on the removal date. */
    z.object({ kind: z.literal('period'), from: cityDay, to: cityDay }).refine((period) => period.from <= period.to, {
      message: 'The period must start on or before the day it ends.',
      path: ['to'],
    }),
  ],
  { error: 'Say what the hold covers.' },
);
export type HoldScope = z.infer<typeof holdScopeSchema>;

export const holdSchema = z
  .object({
    id: z.string().min(1).max(64),
    matter: z.object({
      name: z.string().trim().min(1, 'Enter the name of the matter (for example: Doe v. City of Norwalk).').max(500),
      number: z.string().trim().min(1, 'Enter the matter or case number.').max(200),
    }),
    placedBy: person('placed the hold'),
    placedAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1, 'Say why the records must be kept (for example: litigation is reasonably anticipated).').max(5000),
    scope: holdScopeSchema,
    released: z
      .object({
        by: person('released the hold'),
        at: z.iso.datetime({ offset: true }),
        reason: z.string().trim().min(1, 'Say why the hold is released (for example: the case was dismissed with prejudice).').max(5000),
      })
      .nullable(),
  })
  .superRefine((hold, context) => {
    if (hold.released && Date.parse(hold.released.at) < Date.parse(hold.placedAt)) {
      context.addIssue({ code: 'custom', path: ['released', 'at'], message: 'A hold cannot be released before it was placed.' });
    }
  });
export type Hold = z.infer<typeof holdSchema>;

/** The day a removal is filed under in the City's calendar: removed, or seen when it was not removed. */
function removalDay(listing: Pick<RemovalListing, 'removedAt' | 'seenAt'>, timeZone: string): string {
  return DateTime.fromISO(removalDate(listing), { zone: 'utc' }).setZone(timeZone).toISODate() ?? '';
}

export function holdCovers(hold: Hold, listing: Pick<RemovalListing, 'id' | 'siteId' | 'posterToken' | 'removedAt' | 'seenAt'>, timeZone: string): boolean {
  const scope = hold.scope;
  switch (scope.kind) {
    case 'records':
    case 'search':
      return scope.recordIds.includes(listing.id);
    case 'poster':
      return listing.posterToken !== null && listing.posterToken === scope.posterToken;
    case 'site':
      return listing.siteId === scope.siteId;
    case 'period': {
      const day = removalDay(listing, timeZone);
      return day >= scope.from && day <= scope.to;
    }
  }
}

/** The holds in force (not released) that cover a record. */
export function holdsOn(holds: readonly Hold[], listing: Pick<RemovalListing, 'id' | 'siteId' | 'posterToken' | 'removedAt' | 'seenAt'>, timeZone: string): Hold[] {
  return holds.filter((hold) => hold.released === null && holdCovers(hold, listing, timeZone));
}

/** The ids of every listed record that a hold in force covers. */
export function heldRecordIds(holds: readonly Hold[], listings: readonly RemovalListing[], timeZone: string): Set<string> {
  const active = holds.filter((hold) => hold.released === null);
  const held = new Set<string>();
  if (active.length === 0) return held;
  for (const listing of listings) if (active.some((hold) => holdCovers(hold, listing, timeZone))) held.add(listing.id);
  return held;
}

export type HoldRelease = NonNullable<Hold['released']>;
export type ReleaseResult = { ok: true; hold: Hold } | { ok: false; message: string };

/** Releases a hold. It stays on record with its release: both are part of the litigation file. */
export function releaseHold(hold: Hold, release: z.input<typeof holdSchema>['released']): ReleaseResult {
  if (hold.released) return { ok: false, message: `This hold was already released by ${hold.released.by.name}.` };
  const parsed = holdSchema.safeParse({ ...hold, released: release });
  return parsed.success ? { ok: true, hold: parsed.data } : { ok: false, message: parsed.error.issues.map((issue) => issue.message).join(' ') };
}
