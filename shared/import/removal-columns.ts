import { DateTime } from 'luxon';
import type { CsvImportRow } from '../export/csv';
import type { PolicyVersion } from '../policy/norwalk-v1';
import { policyInForce, type PolicyRegister } from '../policy/policy-versions';
import { momentToEntry, parseLocalMoment, type MomentEntry } from '../removals/moments';
import { readPermalink } from '../removals/permalink';
import { attachmentMediaTypes, contentKinds, decisionOutcomeLabels, decisionOutcomes, type ContentKind, type DecisionOutcome } from '../removals/removal';
import type { RemovalDraft } from '../removals/removal-draft';
import { siteDisplayName, type Site } from '../sites/site';

/**
 * The columns of a clerk's spreadsheet that can become parts of a removal,
 * and how one row of it is read into a removal draft. Reading is strict where
 * the record is evidence (sites, categories, times are matched, never
 * guessed) and says, for each refusal, the row, the column and what to change.
 *
 * Attestation: a row is imported only when the spreadsheet itself records
 * that the remover confirmed the removal was not based on viewpoint (a column
 * saying yes, and who). The clerk doing the import cannot confirm it for
 * every row at once on the mapping screen, because the attestation is the
 * remover's own statement about each removal, and a blanket tick by someone
 * else would put words in the record that nobody said.
 */

export const importFieldKeys = [
  'site',
  'contentKind',
  'permalink',
  'parentContext',
  'posterDisplayName',
  'posterUsername',
  'posterPlatformUserId',
  'posterProfileUrl',
  'posted',
  'seen',
  'removed',
  'content',
  'categories',
  'citation',
  'notes',
  'flaggedBy',
  'flaggedAt',
  'managerNotifiedWho',
  'managerNotifiedAt',
  'counselWho',
  'counselAt',
  'counselDirection',
  'noCounselReason',
  'decisionOutcome',
  'decisionBy',
  'decisionAt',
  'attested',
  'attestedBy',
  'screenshots',
] as const;
export type ImportFieldKey = (typeof importFieldKeys)[number];

export interface ImportField {
  key: ImportFieldKey;
  /** What the mapping screen calls it. */
  label: string;
  /** Where it goes in a removal record (dotted), to name the column a record's problem came from. */
  recordField: string;
  /** Header names clerks use for it, compared ignoring case, spaces and punctuation. */
  synonyms: readonly string[];
}

export const importFields: readonly ImportField[] = [
  { key: 'site', label: 'Site', recordField: 'siteId', synonyms: ['site', 'city site', 'social media site', 'page', 'account', 'city account', 'platform account', 'channel'] },
  { key: 'contentKind', label: 'Kind of content', recordField: 'contentKind', synonyms: ['kind', 'type', 'content type', 'content kind', 'kind of content', 'post type'] },
  { key: 'permalink', label: 'Permalink', recordField: 'permalink', synonyms: ['permalink', 'link', 'url', 'post url', 'comment url', 'link to comment', 'link to post', 'web address'] },
  { key: 'parentContext', label: 'Parent post or thread', recordField: 'parentContext', synonyms: ['parent', 'parent post', 'original post', 'thread', 'in reply to', 'replying to', 'context', 'parent post or thread'] },
  { key: 'posterDisplayName', label: "Poster's display name", recordField: 'poster.displayName', synonyms: ['display name', 'name', 'poster', 'poster name', 'commenter', 'author', 'posted by', 'full name', 'poster display name'] },
  { key: 'posterUsername', label: "Poster's username or screen name", recordField: 'poster.username', synonyms: ['username', 'user name', 'screen name', 'screenname', 'handle', 'user', 'poster username', 'poster handle', 'user handle'] },
  { key: 'posterPlatformUserId', label: "Poster's user ID on the platform", recordField: 'poster.platformUserId', synonyms: ['user id', 'userid', 'platform user id', 'account id', 'profile id', 'poster id'] },
  { key: 'posterProfileUrl', label: "Poster's profile address", recordField: 'poster.profileUrl', synonyms: ['profile', 'profile url', 'profile link', 'profile address', 'poster url', 'poster profile'] },
  { key: 'posted', label: 'Posted (date and time)', recordField: 'moments.posted', synonyms: ['posted', 'posted on', 'posted at', 'date posted', 'time posted', 'post date', 'comment date', 'date of post', 'created'] },
  { key: 'seen', label: 'Seen by staff (date and time)', recordField: 'moments.seen', synonyms: ['seen', 'seen on', 'seen at', 'date seen', 'found', 'found on', 'discovered', 'noticed', 'observed', 'seen by staff'] },
  {
    key: 'removed',
    label: 'Removed (date and time)',
    recordField: 'moments.removed',
    synonyms: ['removed', 'removed on', 'removed at', 'date removed', 'time removed', 'removal date', 'date of removal', 'deleted', 'deleted on', 'date deleted', 'hidden on', 'date hidden'],
  },
  { key: 'content', label: 'Content (exactly as posted)', recordField: 'content', synonyms: ['content', 'comment', 'text', 'message', 'post', 'post text', 'comment text', 'body', 'what was posted', 'removed content'] },
  {
    key: 'categories',
    label: 'Policy categories',
    recordField: 'categories',
    synonyms: ['category', 'categories', 'reason', 'reasons', 'reason for removal', 'removal reason', 'policy category', 'policy categories', 'violation', 'policy violation'],
  },
  { key: 'citation', label: 'Citation of the law relied on', recordField: 'categories.citation', synonyms: ['citation', 'law', 'legal citation', 'statute', 'code section', 'law cited'] },
  { key: 'notes', label: 'Notes', recordField: 'notes', synonyms: ['notes', 'note', 'remarks', 'internal notes', 'staff notes'] },
  { key: 'flaggedBy', label: 'Flagged by', recordField: 'reviewTrail.flagged.by', synonyms: ['flagged by', 'reported by', 'found by', 'identified by', 'flagger'] },
  { key: 'flaggedAt', label: 'Flagged (date and time)', recordField: 'reviewTrail.flagged.at', synonyms: ['flagged', 'flagged on', 'flagged at', 'date flagged', 'time flagged'] },
  {
    key: 'managerNotifiedWho',
    label: 'City Manager or designee notified',
    recordField: 'reviewTrail.managerNotified.who',
    synonyms: ['manager notified', 'city manager notified', 'designee notified', 'designee', 'notified', 'who was notified', 'city manager or designee notified'],
  },
  {
    key: 'managerNotifiedAt',
    label: 'City Manager notified (date and time)',
    recordField: 'reviewTrail.managerNotified.at',
    synonyms: ['manager notified on', 'manager notified at', 'date manager notified', 'notified on', 'notified at', 'date notified'],
  },
  { key: 'counselWho', label: 'Counsel consulted', recordField: 'reviewTrail.counsel.who', synonyms: ['counsel', 'counsel consulted', 'attorney', 'city attorney', 'attorney consulted', 'legal counsel'] },
  { key: 'counselAt', label: 'Counsel consulted (date and time)', recordField: 'reviewTrail.counsel.at', synonyms: ['counsel consulted on', 'counsel consulted at', 'date counsel consulted', 'counsel date', 'date of counsel'] },
  { key: 'counselDirection', label: 'Direction from counsel', recordField: 'reviewTrail.counsel.direction', synonyms: ['direction', 'counsel direction', 'direction from counsel', 'counsel advice', 'legal advice', 'advice'] },
  {
    key: 'noCounselReason',
    label: 'Why counsel was not consulted',
    recordField: 'reviewTrail.noCounselReason',
    synonyms: ['no counsel reason', 'reason counsel not consulted', 'why counsel was not consulted', 'why no counsel', 'reason no counsel'],
  },
  { key: 'decisionOutcome', label: 'Decision (remove, restrict or leave up)', recordField: 'reviewTrail.decision.outcome', synonyms: ['decision', 'outcome', 'action', 'action taken', 'decision outcome'] },
  {
    key: 'decisionBy',
    label: 'Decision carried out by',
    recordField: 'reviewTrail.decision.carriedOutBy',
    synonyms: ['removed by', 'carried out by', 'deleted by', 'hidden by', 'remover', 'moderator', 'staff member', 'decision carried out by', 'action by'],
  },
  {
    key: 'decisionAt',
    label: 'Decision carried out (date and time)',
    recordField: 'reviewTrail.decision.at',
    synonyms: ['decision date', 'decision at', 'decided on', 'carried out on', 'carried out at', 'action date', 'date of decision'],
  },
  {
    key: 'attested',
    label: 'Remover confirmed: not based on viewpoint (yes or no)',
    recordField: 'attestation.notBasedOnViewpoint',
    synonyms: ['attested', 'attestation', 'not based on viewpoint', 'viewpoint neutral', 'viewpoint attestation', 'viewpoint confirmed', 'not viewpoint'],
  },
  { key: 'attestedBy', label: 'Confirmed by (who attested)', recordField: 'attestation.attestedBy', synonyms: ['attested by', 'attestation by', 'confirmed by', 'attesting staff'] },
  {
    key: 'screenshots',
    label: 'Screenshot file names',
    recordField: 'attachments',
    synonyms: ['screenshot', 'screenshots', 'screenshot file', 'screenshot files', 'screenshot file name', 'screenshot file names', 'image', 'images', 'attachment', 'attachments', 'file', 'files'],
  },
];

/** The fields that hold a date and time. */
export const momentImportFields: readonly ImportFieldKey[] = ['posted', 'seen', 'removed', 'flaggedAt', 'managerNotifiedAt', 'counselAt', 'decisionAt'];

export function importFieldOf(key: ImportFieldKey): ImportField {
  return importFields.find((field) => field.key === key)!;
}

/** Which spreadsheet column holds each field; a field without a column is not in the file. */
export type ColumnMapping = Partial<Record<ImportFieldKey, string>>;

/**
 * Fields that must have a column for an import to be possible; each inner
 * list holds alternatives (the site can be read from the permalink, the
 * content can be a screenshot).
 */
export const requiredImportFields: readonly (readonly ImportFieldKey[])[] = [
  ['site', 'permalink'],
  ['contentKind'],
  ['posted'],
  ['seen'],
  ['content', 'screenshots'],
  ['categories'],
  ['flaggedBy'],
  ['flaggedAt'],
  ['attested'],
];

/** The fields a file cannot be imported without, by label; empty when every required field has a column. */
export function missingRequiredFields(mapping: ColumnMapping, columns: readonly string[]): string[] {
  const present = new Set(columns);
  const mapped = (key: ImportFieldKey) => {
    const column = mapping[key];
    return column !== undefined && present.has(column);
  };
  return requiredImportFields
    .filter((alternatives) => !alternatives.some(mapped))
    .map((alternatives) => alternatives.map((key) => `“${importFieldOf(key).label}”`).join(' or '));
}

function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A first guess at which column holds which field, from the header names, for
 * the clerk to check on the mapping screen. Exact names win; then a header
 * that contains a known name as whole words ("Date of removal (PST)"). Each
 * column and each field is used once.
 */
export function guessMapping(columns: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  const normalized = columns.map((column) => ({ column, name: normalizeHeader(column) })).filter(({ name }) => name !== '');
  const namesOf = (field: ImportField) => [...field.synonyms, field.label, field.key].map(normalizeHeader);

  for (const field of importFields) {
    const names = new Set(namesOf(field));
    const found = normalized.find(({ column, name }) => !used.has(column) && names.has(name));
    if (found) {
      mapping[field.key] = found.column;
      used.add(found.column);
    }
  }

  // A header that is exactly another field's name ("Screen name" when the username already has a column) is not guessed again.
  const allNames = new Set(importFields.flatMap(namesOf));
  for (const header of normalized) if (allNames.has(header.name)) used.add(header.column);

  // Longer names first, so "date removed" in "Date removed (PST)" beats "removed".
  const candidates = importFields
    .flatMap((field) => namesOf(field).map((name) => ({ field, name })))
    .sort((a, b) => b.name.length - a.name.length);
  for (const { field, name } of candidates) {
    if (mapping[field.key] !== undefined) continue;
    const pattern = new RegExp(`(^| )${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( |$)`);
    const found = normalized.find((header) => !used.has(header.column) && header.name.split(' ').length <= name.split(' ').length + 2 && pattern.test(header.name));
    if (found) {
      mapping[field.key] = found.column;
      used.add(found.column);
    }
  }
  return mapping;
}

/** One thing wrong with one row, as the import report shows it. */
export interface RowProblem {
  /** The spreadsheet row (the header is row 1). */
  row: number;
  /** The column it was read from, or null when the field has no column. */
  column: string | null;
  /** The removal field it concerns, or null for the row as a whole. */
  field: ImportFieldKey | null;
  message: string;
}

export interface RowContext {
  /** The Sites register. */
  sites: readonly Site[];
  /** The policy version the rows are checked against when no register is given, or a row's date cannot be read. */
  policy: PolicyVersion;
  /** The policy register: each row is then checked against the version in force when it was removed. */
  register?: PolicyRegister;
  /** The zone the spreadsheet's times were written in. */
  timeZone: string;
  /** The file's name, quoted in each record's reason and in "unknown" poster fields. */
  fileName: string;
  newId: () => string;
  /** Names of the files in the chosen screenshots folder, or null when no folder was chosen. */
  screenshotFiles?: readonly string[] | null;
}

export type RowReading =
  | { ok: true; draft: RemovalDraft; screenshots: string[]; warnings: RowProblem[] }
  /** `draft` holds what could be read, so the record's own rules can add their problems to the report too. */
  | { ok: false; problems: RowProblem[]; draft: RemovalDraft; warnings: RowProblem[] };

const YES = new Set(['yes', 'y', 'true', 'x', '✓', '✔', '1', 'confirmed', 'attested']);
const NO = new Set(['no', 'n', 'false', '0', 'not confirmed']);

const SCREENSHOT_TYPES: Record<string, (typeof attachmentMediaTypes)[number]> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/** The kind of file a screenshot's name says it is, or null when it cannot be attached. */
export function screenshotMediaType(fileName: string): (typeof attachmentMediaTypes)[number] | null {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  return SCREENSHOT_TYPES[extension] ?? null;
}

function comparable(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function webAddressKey(text: string): string | null {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text.trim()) ? text.trim() : `https://${text.trim()}`);
  } catch {
    return null;
  }
  if (!url.hostname.includes('.')) return null;
  return `${url.hostname.replace(/^(www|m)\./, '')}${url.pathname.replace(/\/+$/, '')}`.toLowerCase();
}

type SiteIndex = Map<string, Set<string>>;
const siteIndexes = new WeakMap<readonly Site[], SiteIndex>();

/** Every way a clerk may have written a site, built once per register: 10,000 rows share it. */
function siteIndexOf(sites: readonly Site[]): SiteIndex {
  const cached = siteIndexes.get(sites);
  if (cached) return cached;
  const index: SiteIndex = new Map();
  const add = (key: string | null, id: string) => {
    if (!key) return;
    index.set(key, (index.get(key) ?? new Set()).add(id));
  };
  for (const site of sites) {
    add(comparable(site.accountName), site.id);
    add(comparable(siteDisplayName(site)), site.id);
    add(comparable(site.id), site.id);
    const handle = site.handle?.trim().replace(/^@/, '');
    if (handle) {
      add(comparable(handle), site.id);
      add(comparable(`@${handle}`), site.id);
    }
    const url = webAddressKey(site.url);
    if (url) add(`url:${url}`, site.id);
  }
  siteIndexes.set(sites, index);
  return index;
}

type SiteMatch = { ok: true; siteId: string } | { ok: false; message: string };

function registeredSitesList(sites: readonly Site[]): string {
  return sites.length === 0 ? 'No site is registered yet: add the City’s sites in Sites first.' : `Registered sites: ${sites.map((site) => siteDisplayName(site)).join('; ')}.`;
}

function matchSite(value: string, sites: readonly Site[]): SiteMatch {
  const index = siteIndexOf(sites);
  // A site named by its name or handle needs no web address read: most rows, 10,000 to a file.
  const byName = index.get(comparable(value));
  const url = byName ? null : webAddressKey(value);
  const ids = byName ?? (url ? index.get(`url:${url}`) : undefined);
  if (ids && ids.size === 1) return { ok: true, siteId: [...ids][0]! };
  if (ids && ids.size > 1) {
    const names = sites.filter((site) => ids.has(site.id)).map((site) => siteDisplayName(site));
    return { ok: false, message: `The site “${value.trim()}” could be any of ${names.join('; ')}. Write the site’s handle or web address instead, so it names one.` };
  }
  return { ok: false, message: `The site “${value.trim()}” is not in the Sites register. ${registeredSitesList(sites)} Match it to a registered account name, handle or web address.` };
}

type CategoryIndex = Map<string, string>;
const categoryIndexes = new WeakMap<PolicyVersion, CategoryIndex>();

function categoryKey(text: string): string {
  return text.trim().toLowerCase().replace(/_/g, ' ').replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ');
}

function categoryIndexOf(policy: PolicyVersion): CategoryIndex {
  const cached = categoryIndexes.get(policy);
  if (cached) return cached;
  const index: CategoryIndex = new Map();
  for (const category of policy.categories) {
    index.set(categoryKey(category.label), category.id);
    index.set(categoryKey(category.id), category.id);
  }
  categoryIndexes.set(policy, index);
  return index;
}

/**
 * The categories a cell names, separated by ";" or ",". Some labels contain a
 * comma themselves ("Political campaigns, candidates or ballot measures"),
 * so the longest run of pieces that names a category is taken first.
 */
export function readCategories(cell: string, policy: PolicyVersion): { ids: string[]; unknown: string[] } {
  const index = categoryIndexOf(policy);
  const pieces = cell.split(/[;,]/).map((piece) => piece.trim());
  const ids: string[] = [];
  const unknown: string[] = [];
  let start = 0;
  while (start < pieces.length) {
    if (pieces[start] === '') {
      start += 1;
      continue;
    }
    let taken = 0;
    for (let end = pieces.length; end > start; end--) {
      const id = index.get(categoryKey(pieces.slice(start, end).join(',')));
      if (id) {
        if (!ids.includes(id)) ids.push(id);
        taken = end - start;
        break;
      }
    }
    if (taken === 0) {
      unknown.push(pieces[start]!);
      taken = 1;
    }
    start += taken;
  }
  return { ids, unknown };
}

function categoriesList(policy: PolicyVersion): string {
  return policy.categories.map((category) => category.label).join('; ');
}

const OFFSET_TIME = /^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

export type MomentRead = { ok: true; entry: MomentEntry } | { ok: false; message: string };

/**
 * A date and time as a spreadsheet holds it, read in the chosen zone; a time
 * written with its UTC offset is exact, and is shown in the chosen zone.
 */
export function readSpreadsheetMoment(cell: string, timeZone: string): MomentRead {
  const text = cell.trim();
  if (OFFSET_TIME.test(text)) {
    const exact = DateTime.fromISO(text.replace(' ', 'T').replace(/\s+/g, ''), { setZone: true });
    if (exact.isValid) return { ok: true, entry: momentToEntry({ utc: exact.toUTC().toISO() ?? '', zone: timeZone }) };
  }
  const reading = parseLocalMoment(text, timeZone);
  if (reading.status === 'ok') return { ok: true, entry: momentToEntry(reading.moment) };
  if (reading.status === 'ambiguous') {
    return { ok: false, message: `${reading.message} A spreadsheet cannot choose, so write it with its UTC offset (for example ${exampleWithOffset(reading.earlier.utc, timeZone)} for the first).` };
  }
  if (reading.reason === 'has_zone') {
    return {
      ok: false,
      message: `“${text}” names a time zone the import cannot read. Write the time without a zone (it is read in ${timeZone}, as chosen on the import screen), or with its UTC offset, for example 2025-03-04T14:05-08:00.`,
    };
  }
  return { ok: false, message: reading.message };
}

const ISO_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const US_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? +(\d{1,2}):(\d{2})(?::(\d{2}))? *([ap])\.?m\.?$/i;

/**
 * The two ways nearly every spreadsheet writes a time, turned into the form's
 * own text without a time-zone library: reading 10,000 rows twice over with
 * one is most of an import's time. The record's check reads this text
 * exactly as it reads a typed time, skipped and repeated hours included.
 */
function quickMomentEntry(text: string, timeZone: string): MomentEntry | null {
  const two = (value: number) => String(value).padStart(2, '0');
  const entry = (year: string, month: number, day: number, hour: number, minute: string, second: string | undefined): MomentEntry | null => {
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || Number(minute) > 59 || (second !== undefined && Number(second) > 59)) return null;
    return { local: `${year}-${two(month)}-${two(day)}T${two(hour)}:${minute}${second !== undefined ? `:${second}` : ''}`, zone: timeZone };
  };
  const iso = ISO_LOCAL.exec(text);
  if (iso) return entry(iso[1]!, Number(iso[2]), Number(iso[3]), Number(iso[4]), iso[5]!, iso[6]);
  const us = US_LOCAL.exec(text);
  if (us) {
    const hour = Number(us[4]);
    if (hour < 1 || hour > 12) return null;
    const afternoon = us[7]!.toLowerCase() === 'p';
    return entry(us[3]!, Number(us[1]), Number(us[2]), (hour % 12) + (afternoon ? 12 : 0), us[5]!, us[6]);
  }
  return null;
}

/**
 * The entry to keep for a spreadsheet time: the quick reading when the text
 * is in a common form (the record's check then judges it), else the full
 * reading with its own message.
 */
export function spreadsheetMomentEntry(cell: string, timeZone: string): MomentRead {
  const quick = quickMomentEntry(cell.trim(), timeZone);
  return quick ? { ok: true, entry: quick } : readSpreadsheetMoment(cell, timeZone);
}

function exampleWithOffset(utc: string, zone: string): string {
  return DateTime.fromISO(utc, { zone: 'utc' }).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

function readContentKind(cell: string): ContentKind | null {
  const text = cell.trim().toLowerCase();
  return (contentKinds as readonly string[]).includes(text) ? (text as ContentKind) : null;
}

const OUTCOME_WORDS: Record<string, DecisionOutcome> = {
  removed: 'remove',
  restricted: 'restrict',
  'left up': 'leave_up',
  'leave it up': 'leave_up',
  'kept up': 'leave_up',
};

function readOutcome(cell: string): DecisionOutcome | null {
  const text = cell.trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');
  for (const outcome of decisionOutcomes) {
    if (text === outcome.replace('_', ' ') || text === decisionOutcomeLabels[outcome].toLowerCase()) return outcome;
  }
  return OUTCOME_WORDS[text] ?? null;
}

function matchScreenshot(name: string, files: readonly string[]): string | null {
  if (files.includes(name)) return name;
  const lower = name.toLowerCase();
  return files.find((file) => file.toLowerCase() === lower) ?? null;
}

/**
 * One spreadsheet row as a removal draft, with every problem found while
 * reading it. The draft is then checked by removalFromDraft like one typed in
 * the form; screenshots are returned by name, to be attached at import.
 */
export function removalDraftFromRow(row: CsvImportRow, mapping: ColumnMapping, context: RowContext): RowReading {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const columnOf = (key: ImportFieldKey): string | null => mapping[key] ?? null;
  const cell = (key: ImportFieldKey): string => {
    const column = mapping[key];
    return column === undefined ? '' : (row.values[column] ?? '');
  };
  const filled = (key: ImportFieldKey): string | undefined => (cell(key).trim() === '' ? undefined : cell(key));
  const problem = (key: ImportFieldKey | null, message: string) => problems.push({ row: row.row, column: key ? columnOf(key) : null, field: key, message });

  // Each removal is judged by the policy version in force when it was removed (or, if not removed, seen).
  const policy = ((): PolicyVersion => {
    const when = filled('removed') ?? filled('seen');
    if (!context.register || when === undefined) return context.policy;
    const read = readSpreadsheetMoment(when, context.timeZone);
    const moment = read.ok ? parseLocalMoment(read.entry.local, read.entry.zone, read.entry.choice) : null;
    if (moment?.status !== 'ok') return context.policy;
    const found = policyInForce(context.register, moment.moment.utc);
    return found.ok ? found.policy : context.policy;
  })();

  const moment = (key: ImportFieldKey): MomentEntry | undefined => {
    const text = filled(key);
    if (text === undefined) return undefined;
    const read = spreadsheetMomentEntry(text, context.timeZone);
    if (read.ok) return read.entry;
    problem(key, `${importFieldOf(key).label}: ${read.message}`);
    return undefined;
  };

  let siteId: string | undefined;
  const siteCell = filled('site');
  if (siteCell !== undefined) {
    const match = matchSite(siteCell, context.sites);
    if (match.ok) siteId = match.siteId;
    else problem('site', match.message);
  } else if (filled('permalink') !== undefined) {
    siteId = readPermalink(cell('permalink'), context.sites).siteId ?? undefined;
    if (siteId === undefined) {
      problem('site', `The site is not given, and the permalink does not show which registered site it is on. Add the site to the row. ${registeredSitesList(context.sites)}`);
    }
  }

  let contentKind: string | undefined = filled('contentKind');
  if (contentKind !== undefined) {
    const kind = readContentKind(contentKind);
    if (kind) contentKind = kind;
    else problem('contentKind', `“${contentKind.trim()}” is not a kind of content the ledger records. Write one of: ${contentKinds.join(', ')}.`);
  }

  const unknownBecause = { unknown: true as const, reason: `Not recorded in the imported spreadsheet ${context.fileName}, row ${row.row}` };
  const posterPart = (key: ImportFieldKey) => filled(key)?.trim() ?? unknownBecause;

  const categoryCell = filled('categories');
  const categories: { categoryId: string; citation?: string }[] = [];
  if (categoryCell !== undefined) {
    const read = readCategories(categoryCell, policy);
    if (read.unknown.length > 0) {
      const names = read.unknown.map((name) => `“${name}”`).join(', ');
      problem(
        'categories',
        `${names} ${read.unknown.length === 1 ? 'is not a category' : 'are not categories'} in ${policy.title} (version ${policy.version}). ` +
          `Use the category names (or their ids), separated by “;”: ${categoriesList(policy)}.`,
      );
    }
    const citation = filled('citation')?.trim();
    const needsCitation = read.ids.filter((id) => policy.categories.find((category) => category.id === id)?.requiresCitation);
    // A citation given with categories that do not ask for one is kept on the first, so nothing typed is lost.
    const citedIds = needsCitation.length > 0 ? needsCitation : read.ids.slice(0, 1);
    for (const id of read.ids) categories.push(citation && citedIds.includes(id) ? { categoryId: id, citation } : { categoryId: id });
    if (citation && needsCitation.length === 0 && read.ids.length > 0) {
      const label = policy.categories.find((category) => category.id === read.ids[0])?.label ?? read.ids[0];
      warnings.push({ row: row.row, column: columnOf('citation'), field: 'citation', message: `Row ${row.row}: the citation is kept with “${label}”, although that category does not ask for one.` });
    }
  }

  const yesNo = filled('attested')?.trim().toLowerCase();
  let attestation: RemovalDraft['attestation'];
  if (yesNo !== undefined && YES.has(yesNo)) {
    const by = filled('attestedBy')?.trim() ?? filled('decisionBy')?.trim();
    if (by === undefined) {
      problem('attestedBy', 'The row says the remover confirmed the removal was not based on viewpoint, but not who. Add who confirmed it (or who removed it) to the row.');
    }
    attestation = { notBasedOnViewpoint: true, attestedBy: by ?? '' };
  } else if (yesNo !== undefined && !NO.has(yesNo)) {
    problem('attested', `“${filled('attested')?.trim()}” does not say yes or no. Write “yes” where the remover confirmed the removal was not based on the viewpoint expressed.`);
  } else {
    problem(
      'attested',
      'The spreadsheet must record the remover’s confirmation that this removal was not based on the viewpoint expressed, and this row does not. ' +
        `Add a column (for example “Not based on viewpoint”) with “yes” for each removal the remover confirmed, map it to “${importFieldOf('attested').label}”, and import again. A row without it cannot be imported.`,
    );
  }

  const removed = moment('removed');
  const decisionBy = filled('decisionBy');
  let outcome: string | undefined;
  const outcomeCell = filled('decisionOutcome');
  if (outcomeCell !== undefined) {
    const read = readOutcome(outcomeCell);
    if (read) outcome = read;
    else problem('decisionOutcome', `“${outcomeCell.trim()}” is not a decision the ledger records. Write remove, restrict or leave up.`);
  } else if (decisionBy !== undefined && removed !== undefined) {
    // A log of removals that says who removed it, and when, records a decision to remove.
    outcome = 'remove';
  }
  const decisionAt = moment('decisionAt') ?? (outcome === 'remove' || outcome === 'restrict' ? removed : undefined);

  const screenshots: string[] = [];
  const named = (filled('screenshots') ?? '')
    .split(/[;\n]/)
    .map((name) => name.trim().split(/[\\/]/).pop() ?? '')
    .filter((name) => name !== '');
  const missing: string[] = [];
  for (const name of named) {
    if (!screenshotMediaType(name)) {
      problem('screenshots', `“${name}” cannot be attached: only PNG, JPEG, WebP and GIF images and PDF files can. Save the screenshot in one of those formats.`);
      continue;
    }
    if (context.screenshotFiles === undefined || context.screenshotFiles === null) continue;
    const found = matchScreenshot(name, context.screenshotFiles);
    if (found) screenshots.push(found);
    else missing.push(name);
  }
  if (named.length > 0 && (context.screenshotFiles === undefined || context.screenshotFiles === null)) {
    problem('screenshots', `The row names ${named.length === 1 ? 'a screenshot' : 'screenshots'} (${named.join(', ')}), but no folder with the screenshots was chosen. Choose the folder on the import screen and check the rows again.`);
  } else if (missing.length > 0) {
    problem('screenshots', `${missing.map((name) => `“${name}”`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the chosen screenshots folder. Check the file name in the spreadsheet, or choose the folder that holds it.`);
  }

  const managerWho = filled('managerNotifiedWho');
  const managerAt = moment('managerNotifiedAt');
  const counselWho = filled('counselWho');
  const counselAt = moment('counselAt');
  const counselDirection = filled('counselDirection');
  const flaggedAt = moment('flaggedAt');
  const posted = moment('posted');
  const seen = moment('seen');

  const draft: RemovalDraft = {
    id: context.newId(),
    status: outcome !== undefined ? 'logged' : 'in_review',
    siteId,
    contentKind,
    permalink: filled('permalink')?.trim(),
    parentContext: filled('parentContext'),
    poster: {
      displayName: posterPart('posterDisplayName'),
      username: posterPart('posterUsername'),
      platformUserId: posterPart('posterPlatformUserId'),
      profileUrl: posterPart('posterProfileUrl'),
    },
    moments: { posted, seen, removed },
    // Exactly as in the cell: quoted content is evidence and is never trimmed.
    content: cell('content'),
    categories,
    policyVersionId: policy.id,
    attestation,
    notes: filled('notes'),
    reviewTrail: {
      flagged: { by: filled('flaggedBy')?.trim(), at: flaggedAt },
      managerNotified: managerWho !== undefined || managerAt !== undefined ? { who: managerWho?.trim(), at: managerAt } : undefined,
      counsel: counselWho !== undefined || counselAt !== undefined || counselDirection !== undefined ? { who: counselWho?.trim(), at: counselAt, direction: counselDirection } : undefined,
      noCounselReason: filled('noCounselReason'),
      decision: outcome !== undefined ? { outcome, carriedOutBy: decisionBy?.trim(), at: decisionAt } : undefined,
    },
  };
  return problems.length > 0 ? { ok: false, problems, draft, warnings } : { ok: true, draft, screenshots, warnings };
}

/** Record fields, longest first, to find the import field a record problem is about. */
const byRecordField = importFields
  .flatMap((field) => {
    const paths = [field.recordField];
    // Problems about a whole group name the group; the first field of it has the column.
    if (field.key === 'flaggedBy') paths.push('reviewTrail.flagged');
    if (field.key === 'managerNotifiedWho') paths.push('reviewTrail.managerNotified');
    if (field.key === 'counselWho') paths.push('reviewTrail.counsel');
    if (field.key === 'decisionOutcome') paths.push('reviewTrail.decision');
    if (field.key === 'attested') paths.push('attestation');
    if (field.key === 'content') paths.push('links');
    if (field.key === 'posterDisplayName') paths.push('poster');
    return paths.map((path) => ({ path, key: field.key }));
  })
  .sort((a, b) => b.path.length - a.path.length);

/** The import field a record problem's field path is about, or null when no column holds it. */
export function importFieldForRecordField(recordField: string): ImportFieldKey | null {
  // "categories.0.citation" and "categories.0.categoryId" come from the categories and citation columns.
  const path = recordField.replace(/^categories\.\d+\.citation$/, 'categories.citation').replace(/^categories\.\d+(\.categoryId)?$/, 'categories');
  const found = byRecordField.find(({ path: known }) => path === known || path.startsWith(`${known}.`));
  return found?.key ?? null;
}
