import { norwalkPolicyV1 } from '../../shared/policy/norwalk-v1';
import { listLinks } from '../../shared/removals/links';
import { CITY_TIME_ZONE } from '../../shared/removals/moments';
import type { Removal } from '../../shared/removals/removal';

/**
 * Removals shaped like a city's: a few thousand posters, some repeat
 * offenders, comments of a realistic length, spread over years. Deterministic
 * (the record number decides everything), so two runs measure the same data.
 */
const WORDS =
  'park library council meeting budget street sweeping permit water trash police fire traffic signal crosswalk housing rent parking ticket mayor vote election candidate ballot measure spam deals cheap watches crypto giveaway threat violence hate slur lawsuit defamation liar fraud corrupt officer neighbor noise dog event concert festival holiday pool closed open hours schedule pothole sidewalk tree graffiti homeless shelter grant fund tax fee'.split(
    ' ',
  );
const CATEGORY_IDS = norwalkPolicyV1.categories.filter((c) => c.id !== 'other_applicable_law').map((c) => c.id);
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32): the same record number always gives the same record. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticRemoval(index: number, options: { siteIds: readonly string[]; id: string; end?: Date; years?: number }): Removal {
  const next = random(index * 7919 + 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const words = Array.from({ length: 30 + Math.floor(next() * 70) }, () => pick(WORDS));
  const content = `${words.join(' ')}. ${index % 50 === 0 ? 'See www.example.com/deals now!' : ''}`.trim();
  const poster = Math.floor(next() ** 3 * 5000);
  const end = (options.end ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const removedAt = end - Math.floor(next() * (options.years ?? 5) * 365 * DAY);
  const at = (millis: number) => ({ utc: new Date(millis).toISOString(), zone: CITY_TIME_ZONE });
  const categories = [pick(CATEGORY_IDS)];
  if (next() < 0.15) categories.push(pick(CATEGORY_IDS.filter((c) => c !== categories[0])));
  return {
    id: options.id,
    status: 'logged',
    siteId: pick(options.siteIds),
    contentKind: pick(['comment', 'reply', 'post', 'review'] as const),
    permalink: `https://www.facebook.com/CityOfNorwalk/posts/${100000 + index}`,
    poster: {
      displayName: `Resident ${poster}`,
      username: `poster${poster}`,
      platformUserId: { unknown: true, reason: 'Not shown to page managers.' },
      profileUrl: `https://www.facebook.com/poster${poster}`,
    },
    moments: { posted: at(removedAt - 3 * 3_600_000), seen: at(removedAt - 3_600_000), removed: at(removedAt) },
    content,
    links: listLinks(content),
    attachments: [],
    categories: categories.map((categoryId) => ({ categoryId })),
    policyVersionId: norwalkPolicyV1.id,
    attestation: { notBasedOnViewpoint: true, attestedBy: 'Dana Clerk' },
    reviewTrail: {
      flagged: { by: 'Dana Clerk', at: at(removedAt - 3_000_000) },
      managerNotified: { who: 'Assistant City Manager Lee', at: at(removedAt - 1_800_000) },
      noCounselReason: 'The content expressly violated the Social Media Policy.',
      decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at: at(removedAt) },
    },
  };
}
