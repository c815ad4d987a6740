import Papa from 'papaparse';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';
import { siteSchema, type Site, type SiteInput } from '../../../shared/sites/site';
import type { PlanContext } from '../../../shared/import/import-plan';

export const LA = 'America/Los_Angeles';
/** 10:00 AM Pacific on 2026-04-15: after every time in the fixtures. */
export const now = new Date('2026-04-15T17:00:00.000Z');
export const policy = norwalkPolicyV1;

function site(input: Partial<SiteInput> & Pick<SiteInput, 'id' | 'platform' | 'accountName' | 'url'>): Site {
  return siteSchema.parse({
    handle: null,
    managingDepartment: 'Communications',
    approvedBy: { name: 'Pat Manager', title: 'City Manager' },
    approvedOn: '2024-01-02',
    contactEmail: 'social@norwalkca.gov',
    status: 'active',
    ...input,
  });
}

export const facebook = site({ id: 'site-fb', platform: 'facebook', accountName: 'City of Norwalk', handle: 'CityofNorwalkCA', url: 'https://www.facebook.com/CityofNorwalkCA' });
export const instagram = site({ id: 'site-ig', platform: 'instagram', accountName: 'Norwalk Parks', handle: '@norwalkparks', url: 'https://www.instagram.com/norwalkparks/' });
export const sites: Site[] = [facebook, instagram];

/** Ids in order, so a test can tell how many rows were read. */
export function counter(): { newId: () => string; calls: () => number } {
  let n = 0;
  return { newId: () => `import-${++n}`, calls: () => n };
}

export function planContext(overrides: Partial<PlanContext> = {}): PlanContext {
  return { sites, policy, timeZone: LA, fileName: 'removals-2025.csv', newId: counter().newId, now, screenshotFiles: null, ...overrides };
}

/** A clerk's removal log as it typically looks: one complete, decided removal per row. */
export const clerkHeaders = [
  'Site',
  'Type',
  'Link',
  'Display name',
  'Username',
  'Posted',
  'Seen',
  'Date removed',
  'Comment',
  'Reason',
  'Flagged by',
  'Flagged on',
  'Manager notified',
  'Notified on',
  'Reason counsel not consulted',
  'Removed by',
  'Not based on viewpoint',
] as const;

export type ClerkRow = Record<(typeof clerkHeaders)[number], string>;

export function clerkRow(n: number, overrides: Partial<ClerkRow> = {}): ClerkRow {
  return {
    Site: n % 2 === 0 ? 'City of Norwalk' : '@norwalkparks',
    Type: 'comment',
    Link: `https://www.facebook.com/CityofNorwalkCA/posts/${1000 + n}`,
    'Display name': `Poster ${n}`,
    Username: `poster_${n}`,
    Posted: '3/4/2025 2:05 PM',
    Seen: '2025-03-04 15:00',
    'Date removed': '2025-03-04 16:00',
    Comment: `Buy cheap watches, offer ${n}! "Limited", really.\nSecond line.`,
    Reason: 'Solicitation of commerce (spam)',
    'Flagged by': 'Dana Clerk',
    'Flagged on': '2025-03-04 15:05',
    'Manager notified': 'Assistant City Manager Lee',
    'Notified on': '2025-03-04 15:30',
    'Reason counsel not consulted': 'The content expressly violated the Social Media Policy.',
    'Removed by': 'Dana Clerk',
    'Not based on viewpoint': 'yes',
    ...overrides,
  };
}

export function csvText(rows: Record<string, string>[], headers: readonly string[] = clerkHeaders): string {
  return Papa.unparse({ fields: [...headers], data: rows.map((row) => headers.map((header) => row[header] ?? '')) }, { newline: '\r\n' });
}

export function csvBytes(rows: Record<string, string>[], headers: readonly string[] = clerkHeaders): Uint8Array {
  return new TextEncoder().encode(csvText(rows, headers));
}
