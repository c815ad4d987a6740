import { z } from 'zod';
import { platformFromUrl, platformSchema, type Platform } from '../sites/platform';

/**
 * Reading a pasted permalink: which platform it is on and, where the address
 * names the account, which of the City's registered sites it belongs to. It
 * only fills in what the address itself shows; it never guesses a site.
 */

/** The parts of a sites register entry this needs (a full register entry has more). */
export const registeredSiteSchema = z.object({
  id: z.string().min(1),
  platform: platformSchema,
  handle: z.string().nullable(),
  url: z.string(),
});
export type RegisteredSite = z.infer<typeof registeredSiteSchema>;

export type PermalinkReading =
  | {
      ok: true;
      /** The address as the browser would read it. */
      url: string;
      platform: Platform;
      /** The account names or ids the address shows, normalised for comparison. */
      accounts: string[];
      /** The registered site it belongs to, or null when the address does not say (or more than one site could match). */
      siteId: string | null;
    }
  | { ok: false; message: string; platform: 'other'; siteId: null };

function onDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function platformOf(url: URL): Platform {
  return platformFromUrl(url.href) ?? 'other';
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * How each platform compares account names: case never matters, "@" is
 * decoration, Facebook ignores dots in page names, and Google writes spaces
 * in place names as "+".
 */
function normalizeAccount(platform: Platform, name: string): string {
  let account = name.trim().replace(/^@/, '').toLowerCase();
  if (platform === 'facebook') account = account.replace(/\./g, '');
  if (platform === 'google_business_profile') account = account.replace(/\+/g, ' ').replace(/\s+/g, ' ');
  return account;
}

const facebookNotAccounts = new Set([
  'photo', 'photo.php', 'watch', 'share', 'sharer', 'sharer.php', 'reel', 'reels', 'events', 'hashtag', 'login', 'help',
  'plugins', 'video.php', 'l.php', 'marketplace', 'gaming', 'stories', 'media', 'notes', 'search',
]);
const facebookIdPages = new Set(['profile.php', 'permalink.php', 'story.php']);
const instagramNotAccounts = new Set(['p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'direct', 'about', 'legal']);
const xNotAccounts = new Set(['i', 'home', 'search', 'hashtag', 'intent', 'share', 'explore', 'settings', 'messages', 'notifications', 'compose']);

/** The account names the address shows, by each platform's address layout. */
function accountsIn(platform: Platform, url: URL): string[] {
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter(Boolean).map(decode);
  const [first, second] = segments;
  const found: (string | null | undefined)[] = [];
  switch (platform) {
    case 'facebook':
      if (!first || onDomain(host, 'fb.watch') || onDomain(host, 'fb.me')) break;
      if (facebookIdPages.has(first)) found.push(url.searchParams.get('id'));
      else if (first === 'pages' || first === 'people') found.push(second, segments[2]);
      else if (first === 'groups') found.push(second);
      else if (!facebookNotAccounts.has(first.toLowerCase())) found.push(first);
      break;
    case 'instagram':
      if (first === 'stories') found.push(second);
      else if (first && !instagramNotAccounts.has(first.toLowerCase())) found.push(first);
      break;
    case 'x_twitter':
      if (first && !xNotAccounts.has(first.toLowerCase())) found.push(first);
      break;
    case 'youtube':
      if (onDomain(host, 'youtu.be') || !first) break;
      if (first.startsWith('@')) found.push(first);
      else if (first === 'channel' || first === 'c' || first === 'user') found.push(second);
      break;
    case 'linkedin':
      if (onDomain(host, 'lnkd.in')) break;
      if (first === 'company' || first === 'showcase' || first === 'school' || first === 'in') found.push(second);
      // A post's address starts with the author's name, then "_" and the post's title.
      else if (first === 'posts') found.push(second?.split('_')[0]);
      break;
    case 'google_business_profile':
      if (onDomain(host, 'g.page')) found.push(first);
      else if (first === 'maps' && second === 'place') found.push(segments[2]);
      break;
    case 'nextdoor':
      if (first === 'agency-detail') found.push(segments[segments.length - 1]);
      else if (first === 'pages' || first === 'page' || first === 'profile') found.push(second);
      break;
    case 'other':
      break;
  }
  return [...new Set(found.filter((name): name is string => !!name && name.trim() !== '').map((name) => normalizeAccount(platform, name)))];
}

function toUrl(pasted: string): URL | null {
  let text = pasted.trim().replace(/^<(.*)>$/, '$1').trim();
  // People often copy an address without its "https://" from a browser's address bar.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && /^[\w-]+(\.[\w-]+)+(?::\d+)?(?:[/?#]|$)/.test(text)) text = `https://${text}`;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Which registered site an address belongs to, when it names exactly one. */
function siteFor(platform: Platform, accounts: string[], sites: readonly RegisteredSite[]): string | null {
  if (platform === 'other' || accounts.length === 0) return null;
  const matches = sites.filter((site) => {
    if (site.platform !== platform) return false;
    const names = new Set<string>();
    if (site.handle?.trim()) names.add(normalizeAccount(platform, site.handle));
    const siteUrl = toUrl(site.url);
    if (siteUrl && platformOf(siteUrl) === platform) for (const name of accountsIn(platform, siteUrl)) names.add(name);
    return accounts.some((account) => names.has(account));
  });
  return matches.length === 1 ? (matches[0]?.id ?? null) : null;
}

export function readPermalink(pasted: string, sites: readonly RegisteredSite[]): PermalinkReading {
  const url = toUrl(pasted);
  if (!url) {
    return { ok: false, message: 'That is not a web address. Paste the link to the post or comment, for example https://www.facebook.com/…', platform: 'other', siteId: null };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'A permalink must be a web address starting with https:// or http://. Copy the link from the post itself.', platform: 'other', siteId: null };
  }
  const platform = platformOf(url);
  const accounts = accountsIn(platform, url);
  return { ok: true, url: url.href, platform, accounts, siteId: siteFor(platform, accounts, sites) };
}
