import { z } from 'zod';
import { platformFromUrl, platformLabels, platformSchema, readWebAddress } from './platform';

/**
 * The register of "City Social Media Sites": each account the City runs, who
 * approved it and how staff reach it. The policy requires City Manager (or
 * designee) approval to establish a site, and City contact details for
 * setting it up, monitoring and access.
 */
export const SITE_TABLE = 'site';

const calendarDate = (what: string) => z.iso.date(`Enter ${what} as a date (year-month-day).`);

/** Someone who signs off: the policy names approvers by office, so the title is kept with the name. */
export const approverSchema = z.object({
  name: z.string().trim().min(1, 'Enter the name of the person who approved it.').max(200),
  title: z.string().trim().min(1, 'Enter their title (for example "City Manager", or the designee\'s title).').max(200),
});
export type Approver = z.infer<typeof approverSchema>;

/**
 * The written approval the policy requires before a personal email account
 * or phone number is used to set up, monitor or access a City site: given by
 * the Communications & Public Affairs Department Director or their designee.
 */
export const personalAccountApprovalSchema = z.object({
  reference: z
    .string()
    .trim()
    .min(1, 'Enter the reference of the written approval (memo number, or the date and subject of the approving email).')
    .max(500),
  approvedBy: approverSchema,
  approvedOn: calendarDate('the date of the written approval'),
});
export type PersonalAccountApproval = z.infer<typeof personalAccountApprovalSchema>;

export const siteStatuses = ['active', 'terminated'] as const;
export const siteStatusSchema = z.enum(siteStatuses);
export type SiteStatus = z.infer<typeof siteStatusSchema>;

/** The site as stored. Rules that depend on the City's settings or today's date are in `checkSite`. */
export const siteSchema = z
  .object({
    id: z.string().min(1).max(64),
    platform: platformSchema,
    /** What "other" is (e.g. "Threads"). */
    otherPlatformName: z.string().trim().max(100).nullable().default(null),
    accountName: z.string().trim().min(1, 'Enter the account name as it appears on the site.').max(200),
    /** Not every platform has one (Google Business Profile, Nextdoor pages). */
    handle: z.string().trim().max(200).nullable().default(null),
    url: z
      .string()
      .trim()
      .max(2000)
      .refine((text) => readWebAddress(text) !== null, "Enter the site's web address, starting with https://."),
    managingDepartment: z.string().trim().min(1, 'Enter the department that manages the site.').max(200),
    /** The City Manager or their designee, who must approve every City site. */
    approvedBy: approverSchema,
    approvedOn: calendarDate('the date the site was approved'),
    contactEmail: z
      .string()
      .trim()
      .max(254)
      .refine((text) => emailDomain(text) !== null, 'Enter the contact email address in full, like name@example.gov.'),
    /** Required when the contact email is not on one of the City's domains. */
    personalAccountApproval: personalAccountApprovalSchema.nullable().default(null),
    status: siteStatusSchema,
    terminatedOn: calendarDate('the date the site was terminated').nullable().default(null),
  })
  .superRefine((site, context) => {
    if (site.platform === 'other' && !site.otherPlatformName) {
      context.addIssue({ code: 'custom', path: ['otherPlatformName'], message: 'Enter the name of the platform.' });
    }
    if (site.status === 'terminated' && !site.terminatedOn) {
      context.addIssue({ code: 'custom', path: ['terminatedOn'], message: 'Enter the date the site was terminated.' });
    }
    if (site.status === 'active' && site.terminatedOn) {
      context.addIssue({ code: 'custom', path: ['terminatedOn'], message: 'An active site has no termination date. Clear the date, or mark the site terminated.' });
    }
    if (site.terminatedOn && site.terminatedOn < site.approvedOn) {
      context.addIssue({ code: 'custom', path: ['terminatedOn'], message: `The site cannot be terminated before it was approved (${site.approvedOn}).` });
    }
  });
export type Site = z.infer<typeof siteSchema>;
export type SiteInput = z.input<typeof siteSchema>;

/** An email domain as an administrator enters it in Settings: "norwalkca.gov" (a leading "@" is fine). */
export const cityEmailDomainSchema = z
  .string()
  .trim()
  .transform((text, context) => {
    const domain = canonicalDomain(text);
    if (!domain) {
      context.addIssue({ code: 'custom', message: `"${text}" is not an email domain. Enter the part after the @, like norwalkca.gov.` });
      return z.NEVER;
    }
    return domain;
  });

/** Lower case, no leading "@" or trailing dot, international names in their ASCII form: the form domains are compared in. */
function canonicalDomain(text: string): string | null {
  const bare = text.trim().replace(/^@/, '').replace(/\.$/, '');
  if (!bare.includes('.') || /[\s/:@?#]/.test(bare)) return null;
  // The URL parser is the standard's own host canonicalisation (case, IDNA).
  const url = readWebAddress(`https://${bare}/`);
  return url ? url.hostname : null;
}

/**
 * The domain of an email address in canonical form, or null when the text is
 * not an address. The domain is converted first so that an international name
 * (bücher.example) passes the same check as its ASCII form.
 */
function emailDomain(text: string): string | null {
  const address = text.trim();
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const domain = canonicalDomain(address.slice(at + 1));
  if (!domain) return null;
  return z.email().safeParse(`${address.slice(0, at)}@${domain}`).success ? domain : null;
}

export type ContactEmailCheck =
  | { kind: 'city'; domain: string }
  | { kind: 'personal'; domain: string; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'no_city_domains'; message: string };

/**
 * Whether a site's contact email is on one of the City's domains (or a
 * subdomain of one). Any other address counts as personal: the policy allows
 * one only when a site needs it and the Communications & Public Affairs
 * Department Director or designee approved it in writing.
 */
export function checkContactEmail(email: string, cityDomains: readonly string[]): ContactEmailCheck {
  const address = email.trim();
  const domain = emailDomain(address);
  if (!domain) return { kind: 'invalid', message: 'Enter the contact email address in full, like name@example.gov.' };
  const city = cityDomains.map(canonicalDomain).filter((d): d is string => d !== null);
  if (city.length === 0) {
    return {
      kind: 'no_city_domains',
      message: "The City's email domains are not set up, so the ledger cannot tell whether this is a City address. An administrator can add them in Settings.",
    };
  }
  if (city.some((cityDomain) => domain === cityDomain || domain.endsWith(`.${cityDomain}`))) return { kind: 'city', domain };
  return {
    kind: 'personal',
    domain,
    message:
      `${address} is not a City address (${city.map((d) => `@${d}`).join(', ')}). ` +
      'The Social Media Policy does not allow personal email accounts for City sites unless the site requires it and the ' +
      'Communications & Public Affairs Department Director or their designee approved it in writing. ' +
      'Enter the reference of that written approval, who gave it and when.',
  };
}

export interface SiteContext {
  /** The City's email domains, from Settings. */
  cityDomains: readonly string[];
  /** Today's date in the City (year-month-day), so approval and termination dates are not in the future. */
  today: string;
  /** The rest of the register, to catch the same account entered twice. */
  otherSites?: readonly Site[];
}

export interface SiteProblem {
  /** Dotted path of the field, e.g. "personalAccountApproval.reference"; "" for the whole site. */
  field: string;
  message: string;
}

export type SiteCheck = { ok: true; site: Site; warnings: SiteProblem[] } | { ok: false; problems: SiteProblem[]; warnings: SiteProblem[] };

/**
 * Every rule for saving a site to the register: the schema, then the ones
 * that need the City's settings or today's date. Warnings do not stop a save;
 * problems do.
 */
export function checkSite(input: SiteInput, context: SiteContext): SiteCheck {
  const parsed = siteSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })), warnings: [] };
  }
  const site = parsed.data;
  const problems: SiteProblem[] = [];
  const warnings: SiteProblem[] = [];

  const email = checkContactEmail(site.contactEmail, context.cityDomains);
  if (email.kind === 'invalid' || email.kind === 'no_city_domains') problems.push({ field: 'contactEmail', message: email.message });
  if (email.kind === 'personal' && !site.personalAccountApproval) problems.push({ field: 'personalAccountApproval', message: email.message });

  const notFuture = (field: string, date: string | null | undefined, what: string) => {
    if (date && date > context.today) problems.push({ field, message: `${what} (${date}) is after today (${context.today}). Check the date.` });
  };
  notFuture('approvedOn', site.approvedOn, 'The approval date');
  notFuture('terminatedOn', site.terminatedOn, 'The termination date');
  notFuture('personalAccountApproval.approvedOn', site.personalAccountApproval?.approvedOn, 'The written approval date');

  const urlPlatform = platformFromUrl(site.url);
  if (site.platform !== 'other' && urlPlatform && urlPlatform !== site.platform) {
    warnings.push({
      field: 'url',
      message: `The address looks like a ${platformLabels[urlPlatform]} page, but the platform is ${platformLabels[site.platform]}. Check one or the other.`,
    });
  }

  for (const other of context.otherSites ?? []) {
    if (other.id === site.id || !sameAccount(site, other)) continue;
    const described = `"${other.accountName}" (${platformLabels[other.platform]})`;
    if (other.status === 'active') {
      problems.push({ field: 'url', message: `This account is already in the register as ${described}. Open that site instead of adding it again.` });
    } else {
      warnings.push({ field: 'url', message: `The register has this account as ${described}, terminated ${other.terminatedOn}. Adding it again records that it was re-established.` });
    }
  }

  return problems.length > 0 ? { ok: false, problems, warnings } : { ok: true, site, warnings };
}

/** Same platform and the same page (ignoring case, "www." or "m.", a trailing slash and any "#" part) or the same handle. */
function sameAccount(a: Site, b: Site): boolean {
  if (a.platform !== b.platform) return false;
  if (a.platform === 'other' && a.otherPlatformName?.toLowerCase() !== b.otherPlatformName?.toLowerCase()) return false;
  const page = (site: Site) => {
    const url = readWebAddress(site.url);
    return url ? `${url.hostname.replace(/^(www|m)\./, '')}${url.pathname.replace(/\/+$/, '')}${url.search}`.toLowerCase() : site.url.toLowerCase();
  };
  const handle = (site: Site) => site.handle?.trim().replace(/^@/, '').toLowerCase() || null;
  return page(a) === page(b) || (handle(a) !== null && handle(a) === handle(b));
}

/** How the register names a site in lists and reports: "City of Norwalk (Facebook)". */
export function siteDisplayName(site: Pick<Site, 'accountName' | 'platform' | 'otherPlatformName'>): string {
  const platform: string = site.platform === 'other' ? (site.otherPlatformName ?? platformLabels.other) : platformLabels[site.platform];
  return `${site.accountName} (${platform})`;
}
