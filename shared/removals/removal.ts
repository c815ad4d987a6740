import { z } from 'zod';
import { hexSha256Schema } from '../encoding';
import { contentLinksSchema } from './links';
import { compareMoments, formatMoment, momentSchema, momentSchemaFor, type Moment } from './moments';
import { attachmentMediaTypes, MAX_ATTACHMENT_BYTES } from '../attachments/media-types';

/**
 * A removal record: what the Social Media Policy requires the City to keep
 * when it removes content from one of its sites ("the time, date and identity
 * (including username or screenname) of the poster, when available"), plus the
 * review trail the policy's Content Management section describes.
 *
 * This schema is what a saved record must satisfy. Rules that need more than
 * the record itself (the clock, the policy version's category list) are
 * checked by validateRemoval.
 */
export const REMOVAL_TABLE = 'removal';

export const MAX_CONTENT_CHARACTERS = 100_000;
export const MAX_NOTE_CHARACTERS = 20_000;
export const MAX_NAME_CHARACTERS = 500;
export { MAX_ATTACHMENT_BYTES } from '../attachments/media-types';

/** The reason the issue gives for acting without counsel, offered to the clerk as the usual answer. */
export const EXPRESS_VIOLATION_REASON = 'The content expressly violated the Social Media Policy.';

/** What the remover affirms; the policy: "posts from the public may not be regulated based on their viewpoint". */
export const VIEWPOINT_ATTESTATION =
  'I confirm that this content was not removed or restricted because of the viewpoint it expressed, even if negative or critical of the City or an official.';

export type RemovalProblem = { field: string; message: string };

/**
 * Characters as people count them closely enough: Unicode code points, so an
 * emoji or a letter outside the basic plane counts once rather than twice.
 */
export function countCharacters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function formatSize(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function nameOf(label: string) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .max(MAX_NAME_CHARACTERS, `${capitalize(label)} is too long: keep it under ${formatCount(MAX_NAME_CHARACTERS)} characters.`);
}

function noteOf(label: string) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .min(1, `Enter ${label}.`)
    .refine((text) => countCharacters(text) <= MAX_NOTE_CHARACTERS, {
      error: `${capitalize(label)} is too long: keep it under ${formatCount(MAX_NOTE_CHARACTERS)} characters.`,
    });
}

/** Quoted text is kept exactly as written: never trimmed, only limited in length. */
function verbatimOf(label: string, tooLong: (characters: number) => string) {
  return z.string({ error: `Enter ${label}.` }).superRefine((text, ctx) => {
    const characters = countCharacters(text);
    if (characters > MAX_CONTENT_CHARACTERS) ctx.addIssue({ code: 'custom', message: tooLong(characters) });
  });
}

export function contentTooLongMessage(characters: number): string {
  return `The content is too long to keep as text: ${formatCount(characters)} characters, and a record holds at most ${formatCount(MAX_CONTENT_CHARACTERS)}. Attach the full content as a file (for example a PDF) instead, and paste an excerpt here.`;
}

export const contentKinds = ['post', 'comment', 'reply', 'review', 'message', 'other'] as const;
export const contentKindSchema = z.enum(contentKinds, {
  error: 'Choose what kind of content it was: post, comment, reply, review, message or other.',
});
export type ContentKind = z.infer<typeof contentKindSchema>;
export const contentKindLabels: Record<ContentKind, string> = { post: 'Post', comment: 'Comment', reply: 'Reply', review: 'Review', message: 'Message', other: 'Other' };

export const removalStatuses = ['in_review', 'logged'] as const;
export const removalStatusSchema = z.enum(removalStatuses, { error: 'Say whether the removal is awaiting a decision or decided and logged.' });
export type RemovalStatus = z.infer<typeof removalStatusSchema>;
export const removalStatusLabels: Record<RemovalStatus, string> = {
  in_review: 'Awaiting decision',
  logged: 'Decided and logged',
};

/**
 * The poster's identity is kept "when available": each part is either known,
 * or marked unknown with the reason, so a gap in the record is explained
 * rather than silent.
 */
export function unknownBecauseSchemaFor(label: string) {
  return z.object({
    unknown: z.literal(true),
    reason: z
      .string({ error: `Say why ${label} is unknown.` })
      .trim()
      .min(1, `Say why ${label} is unknown (for example: the account was deleted before it could be captured).`)
      .max(2000, `The reason ${label} is unknown is too long: keep it under 2,000 characters.`),
  });
}
export type UnknownBecause = z.infer<ReturnType<typeof unknownBecauseSchemaFor>>;

function whenAvailable<T extends z.ZodType>(label: string, value: T) {
  return z.union([value, unknownBecauseSchemaFor(label)], { error: `Enter ${label}, or mark it unknown and say why.` });
}

export function isUnknown(value: unknown): value is UnknownBecause {
  return typeof value === 'object' && value !== null && (value as { unknown?: unknown }).unknown === true;
}

const webAddressOf = (label: string) =>
  z.httpUrl({ error: `${capitalize(label)} must be a web address starting with https:// or http://.` });

export const posterSchema = z.object(
  {
    displayName: whenAvailable("the poster's display name", nameOf("the poster's display name")),
    username: whenAvailable("the poster's username or screen name", nameOf("the poster's username or screen name")),
    platformUserId: whenAvailable("the poster's user ID on the platform", nameOf("the poster's user ID on the platform")),
    profileUrl: whenAvailable("the poster's profile address", webAddressOf("the poster's profile address")),
  },
  { error: 'Enter what is known about the poster: display name, username, user ID and profile address (or mark each unknown and say why).' },
);
export type Poster = z.infer<typeof posterSchema>;

export { attachmentMediaTypes } from '../attachments/media-types';
export const attachmentKinds = ['screenshot', 'original'] as const;

/** A file kept with the record. The bytes are stored encrypted elsewhere; the record keeps the evidence about them. */
export const attachmentSchema = z
  .object({
    attachmentId: z
      .string({ error: 'The file has lost its link to the stored copy; attach it again.' })
      .min(1, 'The file has lost its link to the stored copy; attach it again.')
      .max(64, 'The file has lost its link to the stored copy; attach it again.'),
    fileName: nameOf('the file name'),
    mediaType: z.enum(attachmentMediaTypes, {
      error: 'Only PNG, JPEG, WebP and GIF images and PDF files can be attached. SVG images and web pages are refused because they can carry scripts.',
    }),
    bytes: z.number({ error: 'The file size is missing; attach the file again.' }).int(),
    sha256: z.string({ error: "The file's SHA-256 fingerprint is missing or damaged; attach the file again." }).refine((digest) => hexSha256Schema.safeParse(digest).success, {
      error: "The file's SHA-256 fingerprint is missing or damaged; attach the file again.",
    }),
    kind: z.enum(attachmentKinds, { error: 'Say whether the file is a screenshot or an original exported from the platform.' }),
    /** A small picture derived from an image, stored encrypted apart from the original; the original is never altered. */
    thumbnailId: z.string().min(1).max(64).optional(),
    /** Pixel size of an image, as decoded when it was attached: proof that the bytes are the picture they claim to be. */
    width: z.number().int().positive().optional(),
    height: z.number().int().positive().optional(),
  })
  .superRefine((file, ctx) => {
    const name = typeof file.fileName === 'string' && file.fileName.trim() ? `"${file.fileName.trim()}"` : 'The file';
    if (typeof file.bytes !== 'number') return;
    if (file.bytes <= 0) {
      ctx.addIssue({ code: 'custom', path: ['bytes'], message: `${name} is empty (0 bytes), so there is nothing to keep. Attach the file again from where it was saved.` });
    } else if (file.bytes > MAX_ATTACHMENT_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['bytes'],
        message: `${name} is ${formatSize(file.bytes)}; each file can be at most ${formatSize(MAX_ATTACHMENT_BYTES)}. Attach a smaller screenshot, or split a PDF into parts.`,
      });
    }
  }, { when: () => true });
export type Attachment = z.infer<typeof attachmentSchema>;

/** Text read from a screenshot, kept only once a person has checked it against the image. */
export const ocrSchema = z.object({
  text: z.string({ error: 'Enter the text read from the screenshot.' }).min(1, 'The text read from the screenshot is empty; remove it or type the text.').refine(
    (text) => countCharacters(text) <= MAX_CONTENT_CHARACTERS,
    { error: `The text read from the screenshot is too long: keep it under ${formatCount(MAX_CONTENT_CHARACTERS)} characters.` },
  ),
  confirmedBy: nameOf('who checked the text read from the screenshot'),
  confirmedAt: z.iso.datetime({ offset: false, error: 'Confirm the text read from the screenshot.' }),
});
export type OcrText = z.infer<typeof ocrSchema>;

export const OTHER_APPLICABLE_LAW = 'other_applicable_law';

export function citationMissingMessage(categoryLabel: string): string {
  return `${categoryLabel}: enter the citation of the law relied on (for example Cal. Penal Code § 422).`;
}

export const categoryChoiceSchema = z.object({
  /** A category id from the record's policy version. */
  categoryId: z.string({ error: 'Choose a policy category.' }).min(1, 'Choose a policy category.'),
  /** The law relied on, required where the category asks for one ("other applicable law"). */
  citation: z.string().trim().max(2000, 'The citation is too long: keep it under 2,000 characters.').optional(),
});
export type CategoryChoice = z.infer<typeof categoryChoiceSchema>;

export const decisionOutcomes = ['remove', 'restrict', 'leave_up'] as const;
export const decisionOutcomeSchema = z.enum(decisionOutcomes, { error: 'Choose the decision: remove, restrict or leave up.' });
export type DecisionOutcome = z.infer<typeof decisionOutcomeSchema>;
export const decisionOutcomeLabels: Record<DecisionOutcome, string> = { remove: 'Remove', restrict: 'Restrict', leave_up: 'Leave up' };

export const reviewTrailSchema = z.object(
  {
    flagged: z.object(
      { by: nameOf('who flagged it'), at: momentSchemaFor('when it was flagged') },
      { error: 'Enter who flagged it and when.' },
    ),
    managerNotified: z
      .object({
        who: nameOf('which City Manager or designee was notified'),
        at: momentSchemaFor('when the City Manager or designee was notified'),
      })
      .optional(),
    counsel: z
      .object({
        who: nameOf('which counsel was consulted'),
        at: momentSchemaFor('when counsel was consulted'),
        direction: noteOf('the direction counsel gave'),
      })
      .optional(),
    /** Why counsel was not consulted, when it was not (usually: the content expressly violated the policy). */
    noCounselReason: noteOf('why counsel was not consulted').optional(),
    decision: z
      .object({
        outcome: decisionOutcomeSchema,
        carriedOutBy: nameOf('who carried out the decision'),
        at: momentSchemaFor('when the decision was carried out'),
      })
      .optional(),
  },
  { error: 'Enter the review trail: who flagged it and when.' },
);
export type ReviewTrail = z.infer<typeof reviewTrailSchema>;

const LOST_ID = 'The record has lost its identifier; copy its content into a new removal.';

export const removalSchema = z
  .object({
    id: z.string({ error: LOST_ID }).min(1, LOST_ID).max(64, LOST_ID),
    status: removalStatusSchema,
    siteId: z.string({ error: 'Choose the site it was on.' }).min(1, 'Choose the site it was on.'),
    contentKind: contentKindSchema,
    permalink: webAddressOf('the permalink').optional(),
    /** The post or thread it replied to, quoted so a reader years later can judge "off-topic". */
    parentContext: verbatimOf('the parent post or thread', (characters) =>
      `The parent post or thread is too long to keep as text: ${formatCount(characters)} characters, and the limit is ${formatCount(MAX_CONTENT_CHARACTERS)}. Attach it as a file instead and quote the relevant part.`,
    ).optional(),
    poster: posterSchema,
    moments: z.object(
      {
        posted: momentSchemaFor('when it was posted'),
        seen: momentSchemaFor('when staff saw it'),
        /** Absent while awaiting a decision, and when the decision was to leave it up. */
        removed: momentSchemaFor('when it was removed').optional(),
      },
      { error: 'Enter when it was posted and when staff saw it.' },
    ),
    /** Exactly as posted: never trimmed, normalised or rendered. Empty only when a screenshot holds it. */
    content: verbatimOf('the content', contentTooLongMessage),
    /** Derived from the content with listLinks when the record is saved. */
    links: contentLinksSchema,
    attachments: z.array(attachmentSchema),
    ocr: ocrSchema.optional(),
    categories: z.array(categoryChoiceSchema, { error: 'Choose at least one policy category.' }).min(1, 'Choose at least one policy category the content violated.'),
    policyVersionId: z.string({ error: 'The policy version is missing.' }).min(1, 'The policy version is missing.'),
    attestation: z.object(
      {
        notBasedOnViewpoint: z.literal(true, { error: 'The remover must confirm that the removal is not based on the viewpoint the content expressed.' }),
        attestedBy: nameOf('who confirmed the removal is not based on viewpoint'),
      },
      { error: 'The remover must confirm that the removal is not based on the viewpoint the content expressed.' },
    ),
    notes: noteOf('the notes').optional(),
    reviewTrail: reviewTrailSchema,
    /** The retention series it belongs to; absent means the default series for removed content. Changed only by a recorded decision. */
    seriesId: z.string().min(1).max(64).optional(),
  })
  // Runs even when single fields are wrong, so a clerk sees every problem at once.
  .superRefine((record, ctx) => {
    for (const problem of removalRuleProblems(record)) {
      ctx.addIssue({ code: 'custom', path: problem.field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)), message: problem.message });
    }
  }, { when: () => true });
export type Removal = z.infer<typeof removalSchema>;

type Loose = Record<string, unknown>;

function loose(value: unknown): Loose {
  return typeof value === 'object' && value !== null ? (value as Loose) : {};
}

function momentAt(value: unknown): Moment | null {
  const parsed = momentSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

function filled(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

/** The moments that cannot come before the content was posted, with what they are called. */
export const momentsAfterPosting: [field: string, label: string][] = [
  ['moments.seen', 'when staff saw it'],
  ['moments.removed', 'when it was removed'],
  ['reviewTrail.flagged.at', 'when it was flagged'],
  ['reviewTrail.managerNotified.at', 'when the City Manager or designee was notified'],
  ['reviewTrail.counsel.at', 'when counsel was consulted'],
  ['reviewTrail.decision.at', 'when the decision was carried out'],
];

export function valueAtField(record: unknown, field: string): unknown {
  return field.split('.').reduce<unknown>((value, part) => loose(value)[part], record);
}

/**
 * The rules that tie a record's fields together. It reads the record
 * defensively because it also runs on records whose single fields are wrong.
 */
export function removalRuleProblems(input: unknown): RemovalProblem[] {
  const record = loose(input);
  const trail = loose(record.reviewTrail);
  const problems: RemovalProblem[] = [];

  const posted = momentAt(valueAtField(record, 'moments.posted'));
  if (posted) {
    for (const [field, label] of momentsAfterPosting) {
      const moment = momentAt(valueAtField(record, field));
      if (moment && compareMoments(moment, posted) < 0) {
        problems.push({
          field,
          message: `${capitalize(label)} (${formatMoment(moment)}) is before it was posted (${formatMoment(posted)}). Check both dates, times and time zones.`,
        });
      }
    }
  }

  const attachments = Array.isArray(record.attachments) ? record.attachments : [];
  if (typeof record.content === 'string' && record.content.trim() === '' && attachments.length === 0) {
    problems.push({ field: 'content', message: 'Paste the content exactly as it was posted, or attach a screenshot of it.' });
  }

  const categories = Array.isArray(record.categories) ? record.categories.map(loose) : [];
  const seenCategories = new Set<unknown>();
  categories.forEach((choice, index) => {
    if (seenCategories.has(choice.categoryId)) {
      problems.push({ field: `categories.${index}.categoryId`, message: 'This policy category is chosen twice; remove one of them.' });
    }
    seenCategories.add(choice.categoryId);
    if (choice.categoryId === OTHER_APPLICABLE_LAW && !filled(choice.citation)) {
      problems.push({ field: `categories.${index}.citation`, message: citationMissingMessage('Other applicable law') });
    }
  });

  const logged = record.status === 'logged';
  const counselRecorded = trail.counsel !== undefined;
  const noCounselReasonGiven = filled(trail.noCounselReason);
  if (counselRecorded && noCounselReasonGiven) {
    problems.push({
      field: 'reviewTrail.noCounselReason',
      message: 'Counsel was consulted, so clear the reason for not consulting counsel.',
    });
  } else if (logged && !counselRecorded && !noCounselReasonGiven) {
    problems.push({
      field: 'reviewTrail.counsel',
      message: `Record which counsel was consulted, when, and the direction given; or, if counsel was not consulted, give the reason (usually: "${EXPRESS_VIOLATION_REASON}").`,
    });
  }
  if (logged && trail.managerNotified === undefined) {
    problems.push({ field: 'reviewTrail.managerNotified', message: 'Record which City Manager or designee was notified, and when.' });
  }

  const decision = loose(trail.decision);
  if (logged && trail.decision === undefined) {
    problems.push({ field: 'reviewTrail.decision', message: 'Record the decision (remove, restrict or leave up), who carried it out and when.' });
  }
  const removed = momentAt(valueAtField(record, 'moments.removed'));
  const carriedOut = momentAt(decision.at);
  if (decision.outcome === 'leave_up' && valueAtField(record, 'moments.removed') !== undefined) {
    problems.push({ field: 'moments.removed', message: 'The decision was to leave it up, so clear when it was removed.' });
  } else if ((decision.outcome === 'remove' || decision.outcome === 'restrict') && valueAtField(record, 'moments.removed') === undefined) {
    problems.push({ field: 'moments.removed', message: 'Enter when it was removed.' });
  } else if (removed && carriedOut && decision.outcome !== 'leave_up' && compareMoments(removed, carriedOut) !== 0) {
    problems.push({
      field: 'reviewTrail.decision.at',
      message: `When the decision was carried out (${formatMoment(carriedOut)}) and when it was removed (${formatMoment(removed)}) are the same event, so they must match. Correct one of them.`,
    });
  }
  return problems;
}
