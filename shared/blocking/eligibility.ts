import { DateTime } from 'luxon';
import { z } from 'zod';
import type { PolicyVersion } from '../policy/norwalk-v1';
import { POLICY_TIME_ZONE, policyInForce, policyVersionById, type PolicyRegister } from '../policy/policy-versions';

/**
 * The policy's blocking rule: "The City may block specific users, but only to
 * the extent that such users' comments are determined by the City to
 * repeatedly be defamatory, obscene, or for purposes of posting spam,
 * promoting illegal activity, or soliciting commerce. In no event shall a user
 * be blocked for disagreeing with or providing a contrary opinion or point of
 * view."
 *
 * "Repeatedly" becomes a number the City sets (at least 2), counted per site:
 * a block is on one site, so it rests on removals from that site. Each removal
 * is judged by its own policy version, because a category that supported a
 * block when the removal was made still does after the policy changes.
 */
export const blockingSettingsSchema = z.object({
  minimumRemovals: z
    .number()
    .int('Enter a whole number of removals.')
    .min(2, 'The policy allows a block only for repeated removals, so the minimum is 2.')
    .max(100)
    .default(2),
});
export type BlockingSettings = z.infer<typeof blockingSettingsSchema>;
export const defaultBlockingSettings: BlockingSettings = blockingSettingsSchema.parse({});

/** What the rule needs to know about one of the poster's removals. */
export const removalForBlockingSchema = z.object({
  id: z.string().min(1),
  /** How staff refer to it ("R-2026-0042"); the id when absent. */
  reference: z.string().min(1).optional(),
  siteId: z.string().min(1),
  removedAt: z.iso.datetime({ offset: true }),
  /** The policy version in force when it was removed. */
  policyVersionId: z.string().min(1),
  categoryIds: z.array(z.string().min(1)),
  /** The review trail's decision: content that was left up was not removed, and cannot count. */
  decision: z.enum(['remove', 'restrict', 'leave_up']).default('remove'),
});
export type RemovalForBlocking = z.input<typeof removalForBlockingSchema>;

export interface CountingRemoval {
  removalId: string;
  reference: string;
  removedAt: string;
  /** The block-eligible categories it was removed under, named as its own policy version names them. */
  categories: Array<{ id: string; label: string }>;
}

export interface NotCountingRemoval {
  removalId: string;
  reference: string;
  removedAt: string;
  reason: string;
}

export interface BlockEligibility {
  allowed: boolean;
  /** The minimum the City set. */
  required: number;
  counting: CountingRemoval[];
  notCounting: NotCountingRemoval[];
  /** How many more block-eligible removals on this site a block would need; 0 when allowed. */
  missing: number;
  /** The blocking clause of the version in force at the decision, quoted exactly. */
  blockingClause: string;
  /** The whole answer in words a clerk can act on. */
  message: string;
}

export interface BlockEligibilityQuestion {
  /** The site the block would be on. */
  siteId: string;
  /** The poster's removals, found through the blind index; removals from other sites may be included and are listed as not counting. */
  removals: readonly RemovalForBlocking[];
  policies: PolicyRegister;
  /** When the block is being decided (ISO 8601 with offset): removals after it cannot support it. */
  at: string;
  settings?: BlockingSettings;
  /** The City's time zone, for dates in the message. */
  timeZone?: string;
}

export const VIEWPOINT_NEVER_A_REASON = 'Disagreeing with the City, or giving a contrary opinion or point of view, is never a reason to block.';

/** Whether a poster may be blocked on a site, with every removal sorted into counting or not and why. */
export function checkBlockEligibility(question: BlockEligibilityQuestion): BlockEligibility {
  const settings = question.settings ?? defaultBlockingSettings;
  const timeZone = question.timeZone ?? POLICY_TIME_ZONE;
  const required = settings.minimumRemovals;
  const decidedAt = DateTime.fromISO(question.at, { setZone: true });
  const inForce = policyInForce(question.policies, question.at, timeZone);
  const currentPolicy = inForce.ok ? inForce.policy : question.policies.at(-1);
  const blockingClause = currentPolicy?.blockingClause ?? '';

  const counting: CountingRemoval[] = [];
  const notCounting: NotCountingRemoval[] = [];
  const seen = new Set<string>();
  for (const input of question.removals) {
    if (seen.has(input.id)) continue;
    seen.add(input.id);
    const reference = input.reference ?? input.id;
    const parsed = removalForBlockingSchema.safeParse(input);
    if (!parsed.success) {
      notCounting.push({ removalId: input.id, reference, removedAt: input.removedAt, reason: 'its record is incomplete (removal time, policy version or categories), so it cannot be weighed.' });
      continue;
    }
    const removal = parsed.data;
    const verdict = judgeRemoval(removal, question.siteId, decidedAt, question.policies);
    if ('reason' in verdict) notCounting.push({ removalId: removal.id, reference, removedAt: removal.removedAt, reason: verdict.reason });
    else counting.push({ removalId: removal.id, reference, removedAt: removal.removedAt, categories: verdict.categories });
  }
  counting.sort((a, b) => DateTime.fromISO(a.removedAt).toMillis() - DateTime.fromISO(b.removedAt).toMillis());

  if (!decidedAt.isValid) {
    return {
      allowed: false,
      required,
      counting: [],
      notCounting,
      missing: required,
      blockingClause,
      message: `The time of the decision ("${question.at}") cannot be read, so the ledger cannot weigh this block. Enter the date and time of the decision.`,
    };
  }

  const missing = Math.max(0, required - counting.length);
  const allowed = missing === 0 && currentPolicy !== undefined;
  const message = explain({ allowed, required, counting, notCounting: notCounting.length, missing, policy: currentPolicy, timeZone });
  return { allowed, required, counting, notCounting, missing, blockingClause, message };
}

function judgeRemoval(
  removal: z.output<typeof removalForBlockingSchema>,
  siteId: string,
  decidedAt: DateTime,
  policies: PolicyRegister,
): { reason: string } | { categories: CountingRemoval['categories'] } {
  if (removal.siteId !== siteId) return { reason: 'it was removed from another site; a block on this site rests only on removals from this site.' };
  if (removal.decision === 'leave_up') return { reason: 'the content was left up, so it was not removed.' };
  const removedAt = DateTime.fromISO(removal.removedAt, { setZone: true });
  if (decidedAt.isValid && removedAt > decidedAt) return { reason: 'it was removed after the time of this decision.' };
  const policy = policyVersionById(policies, removal.policyVersionId);
  if (!policy) return { reason: `it cites policy version "${removal.policyVersionId}", which is not in the ledger's policy register.` };
  const eligible = policy.categories.filter((category) => category.blockEligible && removal.categoryIds.includes(category.id));
  if (eligible.length === 0) {
    const names = removal.categoryIds.map((id) => policy.categories.find((category) => category.id === id)?.label ?? id);
    const removedAs = names.length > 0 ? `it was removed as ${listInWords(names.map((name) => `“${name}”`))}` : 'it has no category';
    return { reason: `${removedAs}; the policy lets a block rest only on ${eligibleInWords(policy)}.` };
  }
  return { categories: eligible.map((category) => ({ id: category.id, label: category.label })) };
}

function explain(facts: {
  allowed: boolean;
  required: number;
  counting: CountingRemoval[];
  notCounting: number;
  missing: number;
  policy: PolicyVersion | undefined;
  timeZone: string;
}): string {
  const { allowed, required, counting, notCounting, missing, policy, timeZone } = facts;
  if (!policy) return `The ledger has no policy version to apply, so it cannot allow a block. ${VIEWPOINT_NEVER_A_REASON}`;
  const described = counting.map(
    (removal) => `${removal.reference} (removed ${formatDay(removal.removedAt, timeZone)}: ${removal.categories.map((category) => category.label).join(', ')})`,
  );
  const others = notCounting > 0 ? ` ${notCounting === 1 ? '1 other removal does' : `${notCounting} other removals do`} not count; each is listed with the reason.` : '';
  const quote = ` The policy (version ${policy.version}) says: “${policy.blockingClause}”`;
  if (allowed) {
    return (
      `This poster has ${removalCount(counting.length)} on this site under categories that can support a block: ${described.join('; ')}.${others} ` +
      `The policy allows the block. Record who decided it and a date to review it. ${VIEWPOINT_NEVER_A_REASON}${quote}`
    );
  }
  const have =
    counting.length === 0
      ? 'This poster has no removals on this site that can support a block'
      : `This poster has ${removalCount(counting.length)} on this site that can: ${described.join('; ')}`;
  return (
    `A block is refused: the policy allows blocking only for repeated removals of ${eligibleInWords(policy)}, ` +
    `and the City requires at least ${required}. ${have}. ${missing} more ${missing === 1 ? 'is' : 'are'} needed.${others} ` +
    `${VIEWPOINT_NEVER_A_REASON}${quote}`
  );
}

function eligibleInWords(policy: PolicyVersion): string {
  const labels = policy.categories.filter((category) => category.blockEligible).map((category) => category.label.toLowerCase());
  return labels.length > 0 ? `content removed as ${listInWords(labels, 'or')}` : 'no category at all (this policy version allows no blocks)';
}

function listInWords(items: string[], conjunction = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items.at(-1)}`;
}

function removalCount(count: number): string {
  return count === 1 ? '1 removal' : `${count} removals`;
}

function formatDay(iso: string, timeZone: string): string {
  return DateTime.fromISO(iso, { setZone: true }).setZone(timeZone).setLocale('en-US').toFormat('d LLL yyyy');
}
