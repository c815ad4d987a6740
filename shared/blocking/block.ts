import { DateTime } from 'luxon';
import { z } from 'zod';
import { POLICY_TIME_ZONE, policyInForce, type PolicyRegister } from '../policy/policy-versions';
import { checkBlockEligibility, type BlockEligibility, type BlockingSettings, type RemovalForBlocking } from './eligibility';

/**
 * The block register: each block of a poster on a City site, the removals it
 * rests on, who decided it, when it is to be reviewed, and its lifting. A
 * block limits someone's access to a public forum, so the record must show
 * it followed the policy's rule and was not about viewpoint.
 */
export const BLOCK_TABLE = 'block';

const person = (role: string) =>
  z.object({
    name: z.string().trim().min(1, `Enter the name of the person who ${role}.`).max(200),
    title: z.string().trim().min(1, 'Enter their title.').max(200),
  });

const utcMoment = (what: string) => z.iso.datetime(`Enter ${what} as a date and time.`);

/** The poster as the site shows them; each part "when available", but at least one. */
export const blockedPosterSchema = z
  .object({
    displayName: z.string().trim().max(500).nullable().default(null),
    username: z.string().trim().max(500).nullable().default(null),
    platformUserId: z.string().trim().max(500).nullable().default(null),
    profileUrl: z.string().trim().max(2000).nullable().default(null),
  })
  .refine((poster) => Object.values(poster).some((value) => value), {
    message: 'Enter at least one way to identify the poster: display name, username, platform user id or profile address.',
  });
export type BlockedPoster = z.infer<typeof blockedPosterSchema>;

export const unblockSchema = z.object({
  by: person('lifted the block'),
  at: utcMoment('when the block was lifted'),
  reason: z.string().trim().min(1, 'Say why the poster is unblocked (for example: review found the block no longer needed).').max(5000),
});
export type Unblock = z.infer<typeof unblockSchema>;

export const blockSchema = z
  .object({
    id: z.string().min(1).max(64),
    siteId: z.string().min(1).max(64),
    poster: blockedPosterSchema,
    decidedBy: person('decided the block'),
    decidedAt: utcMoment('when the block was decided'),
    /** The version in force at the decision, whose blocking clause the decision applied. */
    policyVersionId: z.string().min(1),
    removalIds: z.array(z.string().min(1)).min(1, 'Choose the removals this block rests on.'),
    /** The decider's statement that the block is not because of the poster's views. */
    notForViewpoint: z.literal(true, {
      error: 'Confirm that the block is not because the poster disagreed with the City or gave a contrary opinion or point of view.',
    }),
    reviewOn: z.iso.date('Enter the review date as a date (year-month-day).'),
    notes: z.string().max(20_000).default(''),
    unblocked: unblockSchema.nullable().default(null),
  })
  .superRefine((block, context) => {
    if (new Set(block.removalIds).size !== block.removalIds.length) {
      context.addIssue({ code: 'custom', path: ['removalIds'], message: 'A removal is listed more than once; each counts once.' });
    }
    const decisionDay = cityDay(block.decidedAt);
    if (decisionDay && block.reviewOn <= decisionDay) {
      context.addIssue({ code: 'custom', path: ['reviewOn'], message: `The review date must be after the day of the decision (${decisionDay}).` });
    }
    if (block.unblocked && millis(block.unblocked.at) < millis(block.decidedAt)) {
      context.addIssue({ code: 'custom', path: ['unblocked', 'at'], message: 'The block cannot be lifted before it was decided.' });
    }
  });
export type Block = z.infer<typeof blockSchema>;
export type BlockInput = z.input<typeof blockSchema>;

export interface BlockProblem {
  field: string;
  message: string;
}

export interface BlockContext {
  /** The poster's removals, found through the blind index. */
  removals: readonly RemovalForBlocking[];
  policies: PolicyRegister;
  settings?: BlockingSettings;
}

export type BlockCheck =
  | { ok: true; block: Block; eligibility: BlockEligibility }
  | { ok: false; problems: BlockProblem[]; eligibility: BlockEligibility | null };

/**
 * Every rule for recording a block: the record itself, the policy's blocking
 * rule at the time of the decision, and that each removal relied on really
 * supports it.
 */
export function checkBlock(input: BlockInput, context: BlockContext): BlockCheck {
  const parsed = blockSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })), eligibility: null };
  }
  const block = parsed.data;
  const eligibility = checkBlockEligibility({
    siteId: block.siteId,
    removals: context.removals,
    policies: context.policies,
    at: block.decidedAt,
    ...(context.settings ? { settings: context.settings } : {}),
  });
  const problems: BlockProblem[] = [];
  if (!eligibility.allowed) problems.push({ field: 'removalIds', message: eligibility.message });

  const countingIds = new Set(eligibility.counting.map((removal) => removal.removalId));
  for (const id of block.removalIds) {
    if (countingIds.has(id)) continue;
    const notCounting = eligibility.notCounting.find((removal) => removal.removalId === id);
    problems.push({
      field: 'removalIds',
      message: notCounting
        ? `${notCounting.reference} cannot support this block: ${notCounting.reason}`
        : `The removal "${id}" is not among this poster's removals. Choose from the removals listed.`,
    });
  }
  const reliedOn = block.removalIds.filter((id) => countingIds.has(id)).length;
  if (eligibility.allowed && reliedOn < eligibility.required) {
    const more = eligibility.counting.filter((removal) => !block.removalIds.includes(removal.removalId)).map((removal) => removal.reference);
    problems.push({
      field: 'removalIds',
      message: `Choose at least ${eligibility.required} removals that support the block (${reliedOn} chosen). Also eligible: ${more.join(', ')}.`,
    });
  }

  const inForce = policyInForce(context.policies, block.decidedAt);
  if (inForce.ok && inForce.policy.id !== block.policyVersionId) {
    problems.push({
      field: 'policyVersionId',
      message: `The decision was made under policy version ${inForce.policy.version} (${inForce.policy.id}), which the block must cite.`,
    });
  } else if (!inForce.ok) {
    problems.push({ field: 'decidedAt', message: inForce.message });
  }

  return problems.length > 0 ? { ok: false, problems, eligibility } : { ok: true, block, eligibility };
}

export type UnblockResult = { ok: true; block: Block } | { ok: false; problems: BlockProblem[] };

/** Lifts a block. The block stays in the register with its lifting recorded: the decision and its end are both public records. */
export function recordUnblock(block: Block, unblock: z.input<typeof unblockSchema>): UnblockResult {
  if (block.unblocked) {
    return { ok: false, problems: [{ field: 'unblocked', message: `This block was already lifted on ${cityDay(block.unblocked.at)} by ${block.unblocked.by.name}.` }] };
  }
  const parsed = blockSchema.safeParse({ ...block, unblocked: unblock });
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })) };
  return { ok: true, block: parsed.data };
}

/** A block still in force whose review date has come (today is the City's date, year-month-day). */
export function isDueForReview(block: Block, today: string): boolean {
  return block.unblocked === null && block.reviewOn <= today;
}

function millis(iso: string): number {
  return DateTime.fromISO(iso, { setZone: true }).toMillis();
}

function cityDay(iso: string): string | null {
  return DateTime.fromISO(iso, { setZone: true }).setZone(POLICY_TIME_ZONE).toISODate();
}
