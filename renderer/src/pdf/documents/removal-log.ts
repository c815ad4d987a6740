import { DateTime } from 'luxon';
import { z } from 'zod';
import { policyVersionSchema, type PolicyVersion } from '../../../../shared/policy/norwalk-v1';
import { formatMoment, timeZoneSchema, type Moment } from '../../../../shared/removals/moments';
import {
  decisionOutcomeLabels,
  isUnknown,
  removalSchema,
  removalStatusLabels,
  VIEWPOINT_ATTESTATION,
  type Removal,
  type UnknownBecause,
} from '../../../../shared/removals/removal';
import { categoryLabel, linkLines, policyVersionName } from '../../../../shared/removals/removal-csv';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, ContentTable, DocumentDefinition, Inline, TableCell } from '../doc-definition';
import { framedDocument, pageNumberText, PRODUCT_NAME } from './common';
import { keyValueTable, listTable } from './tables';
import { visibleRuns, visibleText } from './visible-text';

/** Bump when the log's layout or wording changes; printed in its footer. */
export const REMOVAL_LOG_FORMAT_VERSION = 1;

export const REMOVAL_LOG_TITLE = 'Removal log';

/** More than this is better split by period: pdfmake lays the whole document out in memory at once. */
export const MAX_REMOVALS_IN_LOG = 5_000;

export const removalLogEntrySchema = z.object({
  removal: removalSchema,
  /** The site's name as the City's register of sites gives it. */
  siteName: z.string().min(1).max(500),
  platform: z.string().min(1).max(200),
  /** The record's version number in the ledger. */
  version: z.number().int().positive(),
});
export type RemovalLogEntry = z.infer<typeof removalLogEntrySchema>;

const calendarDate = z.iso.date({ error: 'Dates must be written YYYY-MM-DD.' });

export const removalLogInputSchema = z
  .object({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    /** The City's zone: the period's dates are calendar days there. */
    timeZone: timeZoneSchema,
    /** Both days included. */
    period: z.object({ from: calendarDate, to: calendarDate }).refine((period) => period.from <= period.to, {
      message: 'The period must start on or before the day it ends.',
    }),
    /** Who made the log (a user's name). */
    generatedBy: z.string().min(1).max(200),
    /** The filters besides the period, in words ("Site: …; Category: …"); absent when the log holds every removal of the period. */
    selection: z.string().max(2000).optional(),
    /** When it was made, as it should be printed: the caller owns the clock. */
    generatedAt: z.string().min(1).max(100),
    /** Every policy version the removals cite, so each clause is quoted in its own version's words. */
    policies: z.array(policyVersionSchema).min(1, 'Give the policy versions the removals cite.'),
    /** The removals to list (already filtered); any dated outside the period are left out. */
    removals: z
      .array(removalLogEntrySchema)
      .max(MAX_REMOVALS_IN_LOG, `A removal log can hold at most ${MAX_REMOVALS_IN_LOG.toLocaleString('en-US')} removals. Choose a shorter period.`),
  })
  .superRefine((input, ctx) => {
    const known = new Set(input.policies.map((policy) => policy.id));
    input.removals.forEach((entry, index) => {
      if (!known.has(entry.removal.policyVersionId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['removals', index, 'removal', 'policyVersionId'],
          message: 'The policy version this removal cites was not given, so its clauses cannot be quoted.',
        });
      }
    });
  });
export type RemovalLogInput = z.infer<typeof removalLogInputSchema>;

/** What the log says about characters it cannot print as themselves. */
export const INVISIBLE_CHARACTERS_NOTE =
  'Invisible and direction-changing characters in the content (for example U+202E, which reverses the text after it, and U+200B, a zero-width space) ' +
  'are printed in this log as their code, such as [U+202E], in a different colour, so nothing is hidden and no text is reordered. ' +
  'The record itself keeps them exactly as written.';

const HASH_STYLE = { fontSize: 8 } as const;
const QUOTE_COLOR = '#333333';
const SECTION_FILL = '#e6e6e6';
const LABEL_WIDTH = 128;

/** The instant a removal is dated by: when it was removed, or when staff saw it if it never was. */
export function logMoment(removal: Removal): Moment {
  return removal.moments.removed ?? removal.moments.seen;
}

function dayIn(moment: Moment, timeZone: string): string {
  return DateTime.fromISO(moment.utc, { zone: 'utc' }).setZone(timeZone).toISODate() ?? '';
}

/** The removals of the period, oldest first: the order the log prints them in. */
export function removalsInPeriod(input: Pick<RemovalLogInput, 'removals' | 'period' | 'timeZone'>): RemovalLogEntry[] {
  const { from, to } = input.period;
  return input.removals
    .map((entry) => ({ entry, day: dayIn(logMoment(entry.removal), input.timeZone), at: Date.parse(logMoment(entry.removal).utc) }))
    .filter(({ day }) => day >= from && day <= to)
    .sort((a, b) => a.at - b.at || (a.entry.removal.id < b.entry.removal.id ? -1 : a.entry.removal.id > b.entry.removal.id ? 1 : 0))
    .map(({ entry }) => entry);
}

function longDate(isoDate: string): string {
  return DateTime.fromISO(isoDate).toFormat('MMMM d, yyyy', { locale: 'en-US' });
}

export function periodText(period: RemovalLogInput['period'], timeZone: string): string {
  const days = period.from === period.to ? longDate(period.from) : `${longDate(period.from)} to ${longDate(period.to)}`;
  return `${days} (calendar days in ${timeZone})`;
}

export function removalLogDocument(input: RemovalLogInput): DocumentDefinition {
  const entries = removalsInPeriod(input);
  const policies = new Map(input.policies.map((policy) => [policy.id, policy]));
  const period = periodText(input.period, input.timeZone);

  const definition = framedDocument({
    documentTitle: REMOVAL_LOG_TITLE,
    formatVersion: REMOVAL_LOG_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${REMOVAL_LOG_TITLE}: ${input.ledgerName} (${input.cityName}), ${input.period.from} to ${input.period.to}`,
    subject: 'Content removed from the City’s social media sites in a period, as kept under its Social Media Policy.',
    content: [
      { text: REMOVAL_LOG_TITLE, style: 'documentTitle' },
      { text: 'Content removed from the City’s social media sites, as kept under the City’s Social Media Policy.', style: 'documentSubtitle' },
      keyValueTable([
        ['City', visibleText(input.cityName)],
        ['Ledger', visibleText(input.ledgerName)],
        ['Period', period],
        ['Which removals', input.selection ? visibleText(`Only those matching: ${input.selection}`) : 'Every removal of the period'],
        ['Made by', visibleText(input.generatedBy)],
        ['Made at', visibleText(input.generatedAt)],
        ['Removals in this log', String(entries.length)],
      ]),
      { text: 'Summary', style: 'heading' },
      ...summary(entries, input.policies),
      { text: 'About this log', style: 'heading' },
      aboutThisLog(),
      ...(entries.length === 0
        ? [{ text: 'No removals are dated in this period.', style: 'note', margin: [0, 12, 0, 0] } satisfies Content]
        : [
            { text: 'Removals, oldest first', style: 'heading', pageBreak: 'before' } satisfies Content,
            ...entries.map((entry, index) => removalSection(entry, index, entries.length, policies, input.timeZone)),
          ]),
    ],
  });
  // The frame's footer names the product; a log is filed by ledger, so its footer names the ledger too.
  definition.footer = (currentPage, pageCount) => ({
    margin: [54, 24, 54, 0],
    columns: [
      {
        width: '*',
        style: 'pageFrame',
        noWrap: true,
        text: [`${PRODUCT_NAME}: `, ...visibleRuns(input.ledgerName, { maxLength: 60, briefOmission: true }), ` · ${REMOVAL_LOG_TITLE} · document format ${REMOVAL_LOG_FORMAT_VERSION}`],
      },
      { width: 'auto', text: pageNumberText(currentPage, pageCount), style: 'pageFrame', alignment: 'right' },
    ],
    columnGap: 12,
  });
  return definition;
}

function aboutThisLog(): Content {
  return {
    style: 'note',
    ul: [
      'Each removal is dated by when it was removed; content left up, or still awaiting a decision, is dated by when staff saw it.',
      'Times are shown in the time zone they were recorded in, followed by the same moment in UTC.',
      'Each category’s clause is quoted from the policy version the removal was made under, in that version’s words.',
      `Each remover confirmed: “${VIEWPOINT_ATTESTATION}”`,
      'Content, names and addresses are printed exactly as recorded. Addresses are text only: nothing in this log can be clicked or opened.',
      INVISIBLE_CHARACTERS_NOTE,
    ],
  };
}

function summary(entries: RemovalLogEntry[], policies: PolicyVersion[]): Content[] {
  const byCategory = new Map<string, number>();
  const bySite = new Map<string, number>();
  const byOutcome = new Map<string, number>();
  for (const { removal, siteName } of entries) {
    for (const id of new Set(removal.categories.map((choice) => choice.categoryId))) byCategory.set(id, (byCategory.get(id) ?? 0) + 1);
    bySite.set(siteName, (bySite.get(siteName) ?? 0) + 1);
    const outcome = removal.reviewTrail.decision ? decisionOutcomeLabels[removal.reviewTrail.decision.outcome] : removalStatusLabels.in_review;
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  }
  const largestFirst = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return [
    listTable({
      headers: ['Category', 'Removals'],
      widths: ['*', 70],
      rows: largestFirst(byCategory).map(([id, count]) => [summaryCategoryLabel(id, policies), String(count)]),
      whenEmpty: 'No removals, so no categories.',
    }),
    { text: 'A removal in two categories is counted once in each, so the categories can add up to more than the number of removals.', style: 'note', margin: [0, 2, 0, 8] },
    {
      stack: [
        listTable({
          headers: ['Site', 'Removals'],
          widths: ['*', 70],
          rows: largestFirst(bySite).map(([site, count]) => [visibleText(site), String(count)]),
          whenEmpty: 'No removals, so no sites.',
        }),
      ],
      margin: [0, 0, 0, 8],
    },
    listTable({
      headers: ['Decision', 'Removals'],
      widths: ['*', 70],
      rows: largestFirst(byOutcome).map(([outcome, count]) => [outcome, String(count)]),
      whenEmpty: 'No removals, so no decisions.',
    }),
  ];
}

/** The newest version's name for a category: the summary spans removals made under different versions. */
function summaryCategoryLabel(id: string, policies: PolicyVersion[]): Content {
  const newestFirst = [...policies].sort((a, b) => b.version - a.version);
  const label = newestFirst.map((policy) => policy.categories.find((category) => category.id === id)?.label).find((found) => found !== undefined);
  return visibleText(label ?? id);
}

function removalSection(entry: RemovalLogEntry, index: number, total: number, policies: Map<string, PolicyVersion>, timeZone: string): ContentTable {
  const { removal } = entry;
  // The schema refuses a removal whose version is missing; this only satisfies the type.
  const policy = policies.get(removal.policyVersionId);
  const trail = removal.reviewTrail;
  const rows: Array<[string, Content]> = [
    ['Record ID', visibleText(removal.id)],
    ['Record version', String(entry.version)],
    ['Status', removalStatusLabels[removal.status]],
    ['Site', { text: [...visibleRuns(entry.siteName), ' (', ...visibleRuns(entry.platform), ')'] }],
    ['Content kind', removal.contentKind],
    ['Permalink', removal.permalink ? visibleText(removal.permalink) : notRecorded('No permalink recorded.')],
    ['Posted', momentText(removal.moments.posted)],
    ['Seen by staff', momentText(removal.moments.seen)],
    ['Removed', removal.moments.removed ? momentText(removal.moments.removed) : notRecorded(trail.decision?.outcome === 'leave_up' ? 'Not removed: left up.' : 'Not removed: awaiting a decision.')],
    ['Poster display name', knownOrReason(removal.poster.displayName)],
    ['Poster username', knownOrReason(removal.poster.username)],
    ['Poster user ID', knownOrReason(removal.poster.platformUserId)],
    ['Poster profile address', knownOrReason(removal.poster.profileUrl)],
  ];
  if (removal.parentContext !== undefined) rows.push(['In reply to', verbatim(removal.parentContext)]);
  rows.push(['Content', removal.content === '' ? notRecorded('No text recorded: the content is in the attached files.') : verbatim(removal.content)]);
  const links = linkLines(removal);
  rows.push(['Links in the content', links.length === 0 ? notRecorded('None.') : { stack: links.map((line) => visibleText(line)) }]);
  if (removal.ocr) {
    rows.push([
      'Text read from a screenshot',
      { stack: [verbatim(removal.ocr.text), { text: ['Checked against the image by ', ...visibleRuns(removal.ocr.confirmedBy), '.'], style: 'note' }] },
    ]);
  }
  rows.push(['Categories', policy ? categoriesText(removal, policy) : notRecorded('The policy version was not given.')]);
  rows.push(['Policy version', policy ? visibleText(policyVersionName(policy)) : visibleText(removal.policyVersionId)]);
  rows.push(['Not based on viewpoint', { text: ['Confirmed by ', ...visibleRuns(removal.attestation.attestedBy)] }]);
  rows.push(['Flagged', { text: ['By ', ...visibleRuns(trail.flagged.by), `, ${momentText(trail.flagged.at)}`] }]);
  rows.push([
    'City Manager or designee notified',
    trail.managerNotified ? { text: [...visibleRuns(trail.managerNotified.who), `, ${momentText(trail.managerNotified.at)}`] } : notRecorded('Not recorded.'),
  ]);
  if (trail.counsel) {
    rows.push([
      'Counsel consulted',
      { stack: [{ text: [...visibleRuns(trail.counsel.who), `, ${momentText(trail.counsel.at)}`] }, { text: ['Direction: ', ...visibleRuns(trail.counsel.direction, { multiline: true })] }] },
    ]);
  } else {
    rows.push(['Counsel consulted', trail.noCounselReason ? { text: ['No. Why not: ', ...visibleRuns(trail.noCounselReason, { multiline: true })] } : notRecorded('No.')]);
  }
  rows.push([
    'Decision',
    trail.decision
      ? { text: [`${decisionOutcomeLabels[trail.decision.outcome]}, carried out by `, ...visibleRuns(trail.decision.carriedOutBy), `, ${momentText(trail.decision.at)}`] }
      : notRecorded('Awaiting a decision.'),
  ]);
  rows.push(['Attachments', removal.attachments.length === 0 ? notRecorded('None.') : { stack: removal.attachments.map(attachmentText) }]);
  if (removal.notes !== undefined) rows.push(['Notes', verbatim(removal.notes)]);

  const heading: Inline[] = [
    `Removal ${index + 1} of ${total} · `,
    ...visibleRuns(removal.id),
    ` · ${DateTime.fromISO(logMoment(removal).utc, { zone: 'utc' }).setZone(timeZone).toFormat('MMMM d, yyyy', { locale: 'en-US' })}`,
  ];
  return {
    margin: [0, 10, 0, 0],
    table: {
      // The heading row repeats on each page a long removal runs onto, so every page says whose fields it holds.
      headerRows: 1,
      keepWithHeaderRows: 1,
      widths: [LABEL_WIDTH, '*'],
      body: [
        [{ text: heading, bold: true, colSpan: 2, fillColor: SECTION_FILL }, {}],
        ...rows.map(([label, value]): TableCell[] => [{ text: label, style: 'label' }, value]),
      ],
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.75 : 0.25),
      vLineWidth: () => 0,
      hLineColor: () => '#999999',
      paddingLeft: (i) => (i === 0 ? 4 : 8),
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

function momentText(moment: Moment): string {
  return `${formatMoment(moment)} (UTC ${moment.utc})`;
}

function notRecorded(words: string): Content {
  return { text: words, italics: true };
}

function verbatim(text: string): Content {
  return visibleText(text, { multiline: true });
}

function knownOrReason(value: string | UnknownBecause): Content {
  return isUnknown(value) ? { text: [{ text: 'Unknown: ', italics: true }, ...visibleRuns(value.reason, { multiline: true })] } : visibleText(value);
}

function categoriesText(removal: Removal, policy: PolicyVersion): Content {
  return {
    stack: removal.categories.map((choice) => {
      const category = policy.categories.find((candidate) => candidate.id === choice.categoryId);
      const lines: Content[] = [{ text: visibleRuns(categoryLabel(policy, choice.categoryId)), bold: true }];
      if (category) lines.push({ text: ['“', ...visibleRuns(category.clause, { multiline: true }), '”'], color: QUOTE_COLOR, margin: [8, 0, 0, 0] });
      if (choice.citation) lines.push({ text: ['Law cited: ', ...visibleRuns(choice.citation)], margin: [8, 0, 0, 0] });
      return { stack: lines, margin: [0, 0, 0, 3] };
    }),
  };
}

function attachmentText(file: Removal['attachments'][number]): Content {
  return {
    stack: [
      { text: [...visibleRuns(file.fileName), ` (${file.kind}, ${file.mediaType}, ${file.bytes.toLocaleString('en-US')} bytes)`] },
      { ...visibleText(`SHA-256 ${file.sha256}`), ...HASH_STYLE },
    ],
    margin: [0, 0, 0, 2],
  };
}
