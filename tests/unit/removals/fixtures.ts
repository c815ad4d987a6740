import { listLinks } from '../../../shared/removals/links';
import type { Removal } from '../../../shared/removals/removal';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import type { RemovalDraft } from '../../../shared/removals/removal-draft';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';

export const LA = 'America/Los_Angeles';
export const SHA = 'a'.repeat(64);

/** 10:00 AM Pacific on 2026-04-15: after every time in the fixtures. */
export const now = new Date('2026-04-15T17:00:00.000Z');

export const policy = norwalkPolicyV1;

const content = 'Buy cheap watches at www.example.com/deals now!!!';

/** A complete, valid removal record: decided, removed, counsel consulted. */
export function aRemoval(): Removal {
  return {
    id: 'rem-0001',
    status: 'logged',
    siteId: 'site-facebook',
    contentKind: 'comment',
    permalink: 'https://www.facebook.com/CityOfNorwalk/posts/123?comment_id=456',
    parentContext: 'Street sweeping resumes Monday.',
    poster: {
      displayName: 'Watch Deals',
      username: 'watchdeals99',
      platformUserId: { unknown: true, reason: 'Facebook does not show it to page admins.' },
      profileUrl: 'https://www.facebook.com/watchdeals99',
    },
    moments: {
      posted: { utc: '2026-04-10T15:00:00.000Z', zone: LA },
      seen: { utc: '2026-04-10T16:00:00.000Z', zone: LA },
      removed: { utc: '2026-04-10T18:00:00.000Z', zone: LA },
    },
    content,
    links: listLinks(content),
    attachments: [{ attachmentId: 'att-1', fileName: 'comment.png', mediaType: 'image/png', bytes: 120_000, sha256: SHA, kind: 'screenshot' }],
    categories: [{ categoryId: 'solicitation_of_commerce' }],
    policyVersionId: policy.id,
    attestation: { notBasedOnViewpoint: true, attestedBy: 'Dana Clerk' },
    notes: 'Third such comment this week.',
    reviewTrail: {
      flagged: { by: 'Dana Clerk', at: { utc: '2026-04-10T16:05:00.000Z', zone: LA } },
      managerNotified: { who: 'Assistant City Manager Lee', at: { utc: '2026-04-10T16:30:00.000Z', zone: LA } },
      counsel: { who: 'City Attorney Ortiz', at: { utc: '2026-04-10T17:00:00.000Z', zone: LA }, direction: 'Remove as commercial solicitation.' },
      decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at: { utc: '2026-04-10T18:00:00.000Z', zone: LA } },
    },
  };
}

/** The same removal as a clerk would type it (times in Pacific time, as typed). */
export function aDraft(): RemovalDraft {
  return {
    id: 'rem-0001',
    siteId: 'site-facebook',
    contentKind: 'comment',
    permalink: 'https://www.facebook.com/CityOfNorwalk/posts/123?comment_id=456',
    parentContext: 'Street sweeping resumes Monday.',
    poster: {
      displayName: 'Watch Deals',
      username: 'watchdeals99',
      platformUserId: { unknown: true, reason: 'Facebook does not show it to page admins.' },
      profileUrl: 'https://www.facebook.com/watchdeals99',
    },
    moments: {
      posted: { local: '2026-04-10T08:00', zone: LA },
      seen: { local: '2026-04-10T09:00', zone: LA },
      removed: { local: '2026-04-10T11:00', zone: LA },
    },
    content,
    attachments: [{ attachmentId: 'att-1', fileName: 'comment.png', mediaType: 'image/png', bytes: 120_000, sha256: SHA, kind: 'screenshot' }],
    categories: [{ categoryId: 'solicitation_of_commerce' }],
    attestation: { notBasedOnViewpoint: true, attestedBy: 'Dana Clerk' },
    notes: 'Third such comment this week.',
    reviewTrail: {
      flagged: { by: 'Dana Clerk', at: { local: '2026-04-10T09:05', zone: LA } },
      managerNotified: { who: 'Assistant City Manager Lee', at: { local: '2026-04-10T09:30', zone: LA } },
      counsel: { who: 'City Attorney Ortiz', at: { local: '2026-04-10T10:00', zone: LA }, direction: 'Remove as commercial solicitation.' },
      decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at: { local: '2026-04-10T11:00', zone: LA } },
    },
  };
}

/** The clear listing of a decided, removed comment; tests override what they are about. */
export function aListing(overrides: Partial<RemovalListing> & Pick<RemovalListing, 'id'>): RemovalListing {
  return {
    status: 'logged',
    siteId: 'site-facebook',
    contentKind: 'comment',
    categoryIds: ['off_topic'],
    policyVersionId: 'norwalk-social-media-policy-v1',
    postedAt: '2026-03-10T15:00:00.000Z',
    seenAt: '2026-03-10T16:00:00.000Z',
    removedAt: '2026-03-10T18:00:00.000Z',
    decision: 'remove',
    attachmentCount: 0,
    posterToken: null,
    lookalikeToken: null,
    seriesId: 'series-removed-content',
    ...overrides,
  };
}
