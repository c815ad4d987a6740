import { z } from 'zod';
import { momentEntrySchema, momentToEntry, type MomentEntry } from './moments';
import { removalStatusSchema, type Removal } from './removal';

/**
 * A removal as it is being typed. The autosaved draft must hold anything the
 * form can hold, so nothing a clerk typed is lost: every part is optional, no
 * length is limited, and times are kept as typed (a time the clocks skipped
 * is still kept, to be corrected). validateRemoval says what stands between a
 * draft and a saved record.
 */
const whenAvailableDraftSchema = z.union([z.string(), z.object({ unknown: z.literal(true), reason: z.string() })]);

export const removalDraftSchema = z.object({
  id: z.string().min(1),
  /**
   * Set when the draft corrects a saved record: the version it started from
   * (a correction of an older version must not overwrite a newer one) and
   * the reason the clerk is giving for the change.
   */
  correction: z.object({ ofVersion: z.number().int().min(1), reason: z.string() }).optional(),
  /** What it becomes when saved: "logged" once decided, "in_review" while awaiting a decision. */
  status: removalStatusSchema.optional(),
  siteId: z.string().optional(),
  contentKind: z.string().optional(),
  permalink: z.string().optional(),
  parentContext: z.string().optional(),
  poster: z
    .object({
      displayName: whenAvailableDraftSchema,
      username: whenAvailableDraftSchema,
      platformUserId: whenAvailableDraftSchema,
      profileUrl: whenAvailableDraftSchema,
    })
    .partial()
    .optional(),
  moments: z.object({ posted: momentEntrySchema, seen: momentEntrySchema, removed: momentEntrySchema }).partial().optional(),
  content: z.string().optional(),
  attachments: z
    .array(
      z
        .object({ attachmentId: z.string(), fileName: z.string(), mediaType: z.string(), bytes: z.number(), sha256: z.string(), kind: z.string(), thumbnailId: z.string(), width: z.number(), height: z.number() })
        .partial(),
    )
    .optional(),
  ocr: z.object({ text: z.string(), confirmedBy: z.string(), confirmedAt: z.string() }).partial().optional(),
  categories: z.array(z.object({ categoryId: z.string(), citation: z.string().optional() })).optional(),
  policyVersionId: z.string().optional(),
  attestation: z.object({ notBasedOnViewpoint: z.boolean(), attestedBy: z.string() }).partial().optional(),
  notes: z.string().optional(),
  /** Carried through a correction unchanged: a series changes only by a recorded decision, never by editing. */
  seriesId: z.string().optional(),
  reviewTrail: z
    .object({
      flagged: z.object({ by: z.string(), at: momentEntrySchema }).partial(),
      managerNotified: z.object({ who: z.string(), at: momentEntrySchema }).partial(),
      counsel: z.object({ who: z.string(), at: momentEntrySchema, direction: z.string() }).partial(),
      noCounselReason: z.string(),
      decision: z.object({ outcome: z.string(), carriedOutBy: z.string(), at: momentEntrySchema }).partial(),
    })
    .partial()
    .optional(),
});
export type RemovalDraft = z.infer<typeof removalDraftSchema>;

function entryOrNothing(moment: Removal['moments']['posted'] | undefined): MomentEntry | undefined {
  return moment ? momentToEntry(moment) : undefined;
}

/** A saved record back in the form, to correct it as a new version. */
export function draftFromRemoval(removal: Removal): RemovalDraft {
  const trail = removal.reviewTrail;
  return {
    id: removal.id,
    status: removal.status,
    siteId: removal.siteId,
    contentKind: removal.contentKind,
    permalink: removal.permalink,
    parentContext: removal.parentContext,
    poster: { ...removal.poster },
    moments: {
      posted: momentToEntry(removal.moments.posted),
      seen: momentToEntry(removal.moments.seen),
      removed: entryOrNothing(removal.moments.removed),
    },
    content: removal.content,
    attachments: removal.attachments.map((file) => ({ ...file })),
    ocr: removal.ocr ? { ...removal.ocr } : undefined,
    categories: removal.categories.map((choice) => ({ ...choice })),
    policyVersionId: removal.policyVersionId,
    attestation: { ...removal.attestation },
    notes: removal.notes,
    seriesId: removal.seriesId,
    reviewTrail: {
      flagged: { by: trail.flagged.by, at: momentToEntry(trail.flagged.at) },
      managerNotified: trail.managerNotified ? { who: trail.managerNotified.who, at: momentToEntry(trail.managerNotified.at) } : undefined,
      counsel: trail.counsel ? { who: trail.counsel.who, at: momentToEntry(trail.counsel.at), direction: trail.counsel.direction } : undefined,
      noCounselReason: trail.noCounselReason,
      decision: trail.decision
        ? { outcome: trail.decision.outcome, carriedOutBy: trail.decision.carriedOutBy, at: momentToEntry(trail.decision.at) }
        : undefined,
    },
  };
}
