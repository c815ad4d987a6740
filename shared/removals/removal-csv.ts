import { toSpreadsheetCsv, type CsvColumn } from '../export/csv';
import type { PolicyVersion } from '../policy/norwalk-v1';
import { suspiciousReasonLabels } from './links';
import { formatMoment, type Moment } from './moments';
import { decisionOutcomeLabels, isUnknown, removalStatusLabels, type Removal, type UnknownBecause } from './removal';

/**
 * The removals list as a spreadsheet: one row per removal, every field the
 * record keeps, text exactly as recorded. toSpreadsheetCsv puts a quote in
 * front of any cell a spreadsheet would run as a formula; nothing else in the
 * text changes, so "<script>", a right-to-left override or a zero-width space
 * arrives in the cell as the poster wrote it.
 *
 * Fields that hold several items (links, categories, attachments) put one item
 * per line inside the cell, which spreadsheets show as lines in one cell.
 */

export interface RemovalCsvRow {
  removal: Removal;
  /** The site's name as the City's register of sites gives it. */
  siteName: string;
  platform: string;
  /** The policy version the record cites (removal.policyVersionId). */
  policy: PolicyVersion;
  /** The record's version number in the ledger. */
  version: number;
}

const LINE = '\n';

/** "Unknown: <reason>" for a part of the poster's identity that could not be captured. */
export function knownOrReason(value: string | UnknownBecause): string {
  return isUnknown(value) ? `Unknown: ${value.reason}` : value;
}

function zoned(moment: Moment | undefined): string {
  return moment ? formatMoment(moment) : '';
}

export function categoryLabel(policy: PolicyVersion, categoryId: string): string {
  return policy.categories.find((category) => category.id === categoryId)?.label ?? `${categoryId} (not in ${policyVersionName(policy)})`;
}

export function policyVersionName(policy: PolicyVersion): string {
  return `${policy.title}, version ${policy.version} (in force from ${policy.effectiveDate})`;
}

function categoriesCell(row: RemovalCsvRow): string {
  return row.removal.categories
    .map((choice) => categoryLabel(row.policy, choice.categoryId) + (choice.citation ? ` (citation: ${choice.citation})` : ''))
    .join(LINE);
}

/** Every address found in the content, in the order it appears; the ones set aside as suspicious say why. */
export function linkLines(removal: Removal): string[] {
  const all = [
    ...removal.links.links.map((link) => ({ ...link, warning: null as string | null })),
    ...removal.links.suspicious.map((link) => ({ ...link, warning: suspiciousReasonLabels[link.reason] })),
  ];
  return all.sort((a, b) => a.start - b.start).map((link) => describeLink(link.text, link.url, link.warning));
}

function describeLink(text: string, url: string, warning: string | null): string {
  const shown = text === url ? text : `${text} (leads to ${url})`;
  return warning ? `${shown} — suspicious: ${warning}` : shown;
}

function attachmentsCell(removal: Removal): string {
  return removal.attachments.map((file) => `${file.fileName} (${file.kind}, ${file.mediaType}, ${file.bytes} bytes, SHA-256 ${file.sha256})`).join(LINE);
}

export const removalCsvColumns: readonly CsvColumn<RemovalCsvRow>[] = [
  { header: 'Record ID', value: (row) => row.removal.id },
  { header: 'Status', value: (row) => removalStatusLabels[row.removal.status] },
  { header: 'Site', value: (row) => row.siteName },
  { header: 'Platform', value: (row) => row.platform },
  { header: 'Content kind', value: (row) => row.removal.contentKind },
  { header: 'Permalink', value: (row) => row.removal.permalink },
  { header: 'Posted', value: (row) => zoned(row.removal.moments.posted) },
  { header: 'Posted (UTC)', value: (row) => row.removal.moments.posted.utc },
  { header: 'Seen', value: (row) => zoned(row.removal.moments.seen) },
  { header: 'Seen (UTC)', value: (row) => row.removal.moments.seen.utc },
  { header: 'Removed', value: (row) => zoned(row.removal.moments.removed) },
  { header: 'Removed (UTC)', value: (row) => row.removal.moments.removed?.utc },
  { header: 'Poster display name', value: (row) => knownOrReason(row.removal.poster.displayName) },
  { header: 'Poster username', value: (row) => knownOrReason(row.removal.poster.username) },
  { header: 'Poster user ID', value: (row) => knownOrReason(row.removal.poster.platformUserId) },
  { header: 'Poster profile URL', value: (row) => knownOrReason(row.removal.poster.profileUrl) },
  { header: 'In reply to', value: (row) => row.removal.parentContext },
  { header: 'Content', value: (row) => row.removal.content },
  { header: 'Links in the content', value: (row) => linkLines(row.removal).join(LINE) },
  { header: 'Categories', value: categoriesCell },
  { header: 'Policy version', value: (row) => policyVersionName(row.policy) },
  { header: 'Not based on viewpoint: confirmed by', value: (row) => row.removal.attestation.attestedBy },
  { header: 'Flagged by', value: (row) => row.removal.reviewTrail.flagged.by },
  { header: 'Flagged at', value: (row) => zoned(row.removal.reviewTrail.flagged.at) },
  { header: 'City Manager or designee notified', value: (row) => row.removal.reviewTrail.managerNotified?.who },
  { header: 'Notified at', value: (row) => zoned(row.removal.reviewTrail.managerNotified?.at) },
  { header: 'Counsel consulted', value: (row) => row.removal.reviewTrail.counsel?.who },
  { header: 'Counsel consulted at', value: (row) => zoned(row.removal.reviewTrail.counsel?.at) },
  { header: 'Counsel direction', value: (row) => row.removal.reviewTrail.counsel?.direction },
  { header: 'Why counsel was not consulted', value: (row) => row.removal.reviewTrail.noCounselReason },
  { header: 'Decision', value: (row) => (row.removal.reviewTrail.decision ? decisionOutcomeLabels[row.removal.reviewTrail.decision.outcome] : '') },
  { header: 'Decision carried out by', value: (row) => row.removal.reviewTrail.decision?.carriedOutBy },
  { header: 'Decision carried out at', value: (row) => zoned(row.removal.reviewTrail.decision?.at) },
  { header: 'Attachments', value: (row) => attachmentsCell(row.removal) },
  { header: 'Text read from screenshot', value: (row) => row.removal.ocr?.text },
  { header: 'Screenshot text checked by', value: (row) => row.removal.ocr?.confirmedBy },
  { header: 'Notes', value: (row) => row.removal.notes },
  { header: 'Record version', value: (row) => row.version },
];

/** The CSV text; save it with csvFileBytes (UTF-8 with the byte order mark Excel needs). */
export function removalsCsv(rows: readonly RemovalCsvRow[]): string {
  return toSpreadsheetCsv(removalCsvColumns, rows);
}
