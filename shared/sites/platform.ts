import { z } from 'zod';

/** The platforms the City runs sites on, as the policy's "Social Media Sites" names them, and a way out for new ones. */
export const platforms = ['facebook', 'instagram', 'x_twitter', 'youtube', 'linkedin', 'google_business_profile', 'nextdoor', 'other'] as const;
export const platformSchema = z.enum(platforms);
export type Platform = z.infer<typeof platformSchema>;

export const platformLabels: Record<Platform, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x_twitter: 'X (Twitter)',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  google_business_profile: 'Google Business Profile',
  nextdoor: 'Nextdoor',
  other: 'Other',
};

/**
 * Web addresses each platform serves its pages from, including the short-link
 * domains people paste. A host matches its domain or any subdomain of it
 * (m.facebook.com, www.youtube.com).
 */
const platformDomains: ReadonlyArray<[Exclude<Platform, 'other'>, readonly string[]]> = [
  ['facebook', ['facebook.com', 'fb.com', 'fb.me', 'fb.watch']],
  ['instagram', ['instagram.com', 'instagr.am']],
  ['x_twitter', ['x.com', 'twitter.com']],
  ['youtube', ['youtube.com', 'youtu.be']],
  ['linkedin', ['linkedin.com', 'lnkd.in']],
  ['google_business_profile', ['business.google.com', 'g.page', 'maps.app.goo.gl', 'maps.google.com']],
  ['nextdoor', ['nextdoor.com']],
];

function hostIsUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** A web address the ledger can read: http or https only, so a pasted "javascript:" or "data:" link is never taken for a site. */
export function readWebAddress(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname === '') return null;
  return url;
}

/**
 * The platform a pasted address belongs to, so the removal form can fill it
 * in; null when the ledger cannot tell (the clerk picks it).
 */
export function platformFromUrl(text: string): Exclude<Platform, 'other'> | null {
  const url = readWebAddress(text);
  if (!url) return null;
  const host = url.hostname.replace(/\.$/, '');
  // Google serves business profiles from its main domain too, under /maps.
  if ((host === 'google.com' || host === 'www.google.com') && url.pathname.startsWith('/maps')) return 'google_business_profile';
  for (const [platform, domains] of platformDomains) {
    if (domains.some((domain) => hostIsUnder(host, domain))) return platform;
  }
  return null;
}
