import type { PolicyVersion } from '../policy/norwalk-v1';
import { listLinks } from './links';
import { formatMoment, momentMillis, parseLocalMoment, type Moment, type MomentEntry } from './moments';
import {
  citationMissingMessage,
  momentsAfterPosting,
  removalSchema,
  valueAtField,
  type Removal,
  type RemovalProblem,
} from './removal';
import type { RemovalDraft } from './removal-draft';

/**
 * Checking a draft before it is saved: every problem at once, each naming the
 * field in the words of the form, so the clerk can fix them in one pass. The
 * clock and the policy version come in as arguments: the same draft checked
 * at the same moment against the same policy always gives the same answer.
 */
export type RemovalCheckContext = {
  now: Date;
  /** The policy version in force when the content was removed. */
  policy: PolicyVersion;
};

export type RemovalFromDraft = { ok: true; removal: Removal } | { ok: false; problems: RemovalProblem[] };

/** The order of the form, so problems are listed top to bottom as the clerk meets them. */
const formOrder = [
  'siteId',
  'contentKind',
  'permalink',
  'parentContext',
  'poster',
  'moments',
  'content',
  'links',
  'attachments',
  'ocr',
  'categories',
  'policyVersionId',
  'attestation',
  'notes',
  'reviewTrail',
  'status',
  'id',
];

const momentFields: [field: string, label: string][] = [['moments.posted', 'when it was posted'], ...momentsAfterPosting];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function blank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  // A time with only its zone set is untouched: the zone comes preset with the City's.
  if (typeof value === 'object' && 'local' in value) return blank(value.local);
  if (typeof value === 'object' && !Array.isArray(value)) return Object.values(value).every(blank);
  return false;
}

function textOrNothing(value: string | undefined): string | undefined {
  return blank(value) ? undefined : value;
}

/** Turns the draft into the shape of a record, reading typed times; what cannot be read is reported, not guessed. */
function candidateFromDraft(draft: RemovalDraft, policy: PolicyVersion) {
  const problems: RemovalProblem[] = [];
  const reported = new Set<string>();

  const readTime = (entry: MomentEntry | undefined, field: string): Moment | undefined => {
    if (!entry || blank(entry.local)) return undefined;
    const reading = parseLocalMoment(entry.local, entry.zone, entry.choice);
    if (reading.status === 'ok') return reading.moment;
    const label = momentFields.find(([known]) => known === field)?.[1] ?? 'the date and time';
    problems.push({ field, message: `${capitalize(label)}: ${reading.message}` });
    reported.add(field);
    return undefined;
  };
  const part = <T extends object>(value: T | undefined, build: (value: T) => object): object | undefined =>
    value === undefined || blank(value) ? undefined : build(value);
  const posterField = (value: string | { unknown: true; reason: string } | undefined) => (typeof value === 'string' ? textOrNothing(value) : value);

  const trail = draft.reviewTrail ?? {};
  const content = draft.content ?? '';
  const candidate = {
    id: draft.id,
    status: draft.status ?? 'logged',
    siteId: draft.siteId,
    contentKind: textOrNothing(draft.contentKind),
    permalink: textOrNothing(draft.permalink?.trim()),
    parentContext: textOrNothing(draft.parentContext),
    poster: {
      displayName: posterField(draft.poster?.displayName),
      username: posterField(draft.poster?.username),
      platformUserId: posterField(draft.poster?.platformUserId),
      profileUrl: posterField(typeof draft.poster?.profileUrl === 'string' ? draft.poster.profileUrl.trim() : draft.poster?.profileUrl),
    },
    moments: {
      posted: readTime(draft.moments?.posted, 'moments.posted'),
      seen: readTime(draft.moments?.seen, 'moments.seen'),
      removed: readTime(draft.moments?.removed, 'moments.removed'),
    },
    content,
    links: listLinks(content),
    attachments: draft.attachments ?? [],
    ocr: part(draft.ocr, (ocr) => ocr),
    categories: (draft.categories ?? []).map((choice) => ({ categoryId: choice.categoryId, citation: textOrNothing(choice.citation) })),
    policyVersionId: textOrNothing(draft.policyVersionId) ?? policy.id,
    attestation: draft.attestation,
    notes: textOrNothing(draft.notes),
    seriesId: textOrNothing(draft.seriesId),
    reviewTrail: {
      flagged: { by: trail.flagged?.by, at: readTime(trail.flagged?.at, 'reviewTrail.flagged.at') },
      managerNotified: part(trail.managerNotified, (notified) => ({ who: notified.who, at: readTime(notified.at, 'reviewTrail.managerNotified.at') })),
      counsel: part(trail.counsel, (counsel) => ({
        who: counsel.who,
        at: readTime(counsel.at, 'reviewTrail.counsel.at'),
        direction: counsel.direction,
      })),
      noCounselReason: textOrNothing(trail.noCounselReason),
      decision: part(trail.decision, (decision) => ({
        outcome: textOrNothing(decision.outcome),
        carriedOutBy: decision.carriedOutBy,
        at: readTime(decision.at, 'reviewTrail.decision.at'),
      })),
    },
  };
  return { candidate, problems, reported };
}

function contextProblems(candidate: Record<string, unknown>, { now, policy }: RemovalCheckContext, already: RemovalProblem[]): RemovalProblem[] {
  const problems: RemovalProblem[] = [];
  const policyName = `${policy.title} (version ${policy.version})`;

  if (candidate.policyVersionId !== policy.id) {
    problems.push({
      field: 'policyVersionId',
      message: `This removal names policy version "${String(candidate.policyVersionId)}", but is being checked against ${policyName}. Use the policy version that was in force when the content was removed.`,
    });
  }

  const choices = Array.isArray(candidate.categories) ? (candidate.categories as { categoryId?: unknown; citation?: unknown }[]) : [];
  choices.forEach((choice, index) => {
    if (typeof choice.categoryId !== 'string' || choice.categoryId === '') return;
    const category = policy.categories.find((known) => known.id === choice.categoryId);
    if (!category) {
      problems.push({
        field: `categories.${index}.categoryId`,
        message: `"${choice.categoryId}" is not a category in ${policyName}. Choose one of that policy's categories.`,
      });
      return;
    }
    const field = `categories.${index}.citation`;
    if (category.requiresCitation && blank(choice.citation) && !already.some((problem) => problem.field === field)) {
      problems.push({ field, message: citationMissingMessage(category.label) });
    }
  });

  const nowMillis = now.getTime();
  for (const [field, label] of momentFields) {
    const moment = valueAtField(candidate, field) as Moment | undefined;
    if (!moment || typeof moment.utc !== 'string') continue;
    const millis = momentMillis(moment);
    if (millis > nowMillis) {
      const nowThere = formatMoment({ utc: now.toISOString(), zone: moment.zone });
      problems.push({
        field,
        message: `${capitalize(label)} (${formatMoment(moment)}) is in the future; it is now ${nowThere}. Check the date, the time and AM or PM, and the time zone.`,
      });
    }
  }
  const confirmedAt = valueAtField(candidate, 'ocr.confirmedAt');
  if (typeof confirmedAt === 'string' && Date.parse(confirmedAt) > nowMillis) {
    problems.push({ field: 'ocr.confirmedAt', message: 'The text read from the screenshot is marked as checked at a time in the future; check it again.' });
  }
  return problems;
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function inFormOrder(problems: RemovalProblem[]): RemovalProblem[] {
  const rank = (problem: RemovalProblem) => {
    const index = formOrder.indexOf(problem.field.split('.')[0] ?? '');
    return index === -1 ? formOrder.length : index;
  };
  const unique = problems.filter(
    (problem, index) => problems.findIndex((other) => other.field === problem.field && other.message === problem.message) === index,
  );
  return unique.map((problem, index) => ({ problem, index })).sort((a, b) => rank(a.problem) - rank(b.problem) || a.index - b.index).map(({ problem }) => problem);
}

function check(draft: RemovalDraft, context: RemovalCheckContext): { problems: RemovalProblem[]; removal: Removal | null } {
  const { candidate, problems, reported } = candidateFromDraft(draft, context.policy);
  const parsed = removalSchema.safeParse(candidate);
  const all = [...problems];
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const field = fieldOf(issue.path);
    // A time already reported as unreadable would only be reported again as missing.
    if ([...reported].some((known) => field === known || field.startsWith(`${known}.`))) continue;
    all.push({ field, message: issue.message });
  }
  all.push(...contextProblems(candidate, context, all));
  const ordered = inFormOrder(all);
  return { problems: ordered, removal: ordered.length === 0 && parsed.success ? parsed.data : null };
}

/** Every problem standing between this draft and a saved record; an empty list means it can be saved. */
export function validateRemoval(draft: RemovalDraft, context: RemovalCheckContext): RemovalProblem[] {
  return check(draft, context).problems;
}

/** The record to save, with its links listed and its policy version filled in, or the problems to fix first. */
export function removalFromDraft(draft: RemovalDraft, context: RemovalCheckContext): RemovalFromDraft {
  const { problems, removal } = check(draft, context);
  return removal ? { ok: true, removal } : { ok: false, problems };
}
