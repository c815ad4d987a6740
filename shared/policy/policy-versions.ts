import { DateTime } from 'luxon';
import { z } from 'zod';
import { norwalkPolicyV1, policyVersionSchema, removalCategoryIdSchema, type PolicyVersion, type RemovalCategoryId } from './norwalk-v1';

/**
 * The policy as versioned data. The City may amend its policy at any time, but
 * a removal is judged by the words in force when it was made, and reports must
 * quote those words years later. So versions are only ever added, never
 * edited, and each takes effect on a date.
 *
 * An effective date is a calendar date in the City's time zone: a version
 * effective 1 July governs a removal made at 9 p.m. on 30 June in Norwalk as
 * the old one, although it is already 1 July in UTC.
 */
export const POLICY_TIME_ZONE = 'America/Los_Angeles';

/** Versions in the order they took effect: version 1 first. */
export const policyRegisterSchema = z
  .array(policyVersionSchema)
  .min(1, 'The policy register must hold at least version 1.')
  .superRefine((versions, context) => {
    versions.forEach((policy, index) => {
      if (policy.version !== index + 1) {
        context.addIssue({ code: 'custom', path: [index, 'version'], message: `Expected version ${index + 1} here, found version ${policy.version}.` });
      }
      const previous = versions[index - 1];
      if (previous && policy.effectiveDate <= previous.effectiveDate) {
        context.addIssue({
          code: 'custom',
          path: [index, 'effectiveDate'],
          message: `Version ${policy.version} takes effect ${policy.effectiveDate}, not after version ${previous.version} (${previous.effectiveDate}).`,
        });
      }
      if (versions.findIndex((other) => other.id === policy.id) !== index) {
        context.addIssue({ code: 'custom', path: [index, 'id'], message: `The id "${policy.id}" is used by more than one version.` });
      }
    });
  });
export type PolicyRegister = z.infer<typeof policyRegisterSchema>;

/** What the ledger starts with: the policy as shipped. */
export const initialPolicyRegister: PolicyRegister = [norwalkPolicyV1];

/**
 * What an administrator submits to add a version. Dropping a category is
 * allowed (the City may narrow its rules) but never by accident: each dropped
 * category must be named with the reason, because removals already made under
 * it still cite it.
 */
export const policyVersionProposalSchema = z.object({
  policy: policyVersionSchema,
  retiredCategories: z
    .array(
      z.object({
        id: removalCategoryIdSchema,
        reason: z.string().trim().min(1, 'Say why this category is no longer in the policy.').max(2000),
      }),
    )
    .default([]),
});
export type PolicyVersionProposal = z.input<typeof policyVersionProposalSchema>;

export interface PolicyProblem {
  /** Where the problem is, as a dotted path into the proposal ("policy.categories.3.clause"), or "" for the whole. */
  field: string;
  message: string;
}

export type AddPolicyVersionResult = { ok: true; register: PolicyRegister } | { ok: false; problems: PolicyProblem[] };

/**
 * Adds a new version to the end of the register, or says everything that is
 * wrong with it. The register passed in is not changed.
 *
 * An effective date in the past is accepted (the City may record an amendment
 * late), but records already saved keep the version they were saved with.
 */
export function addPolicyVersion(register: PolicyRegister, proposal: PolicyVersionProposal): AddPolicyVersionResult {
  const latest = register.at(-1);
  if (!latest) return { ok: false, problems: [{ field: '', message: 'The policy register is empty: version 1 must be in it before another can be added.' }] };

  // Blank texts are checked first, in words a person can act on: the schema
  // alone would only say "too small", and would let a clause of spaces through,
  // leaving reports with nothing to quote.
  const problems: PolicyProblem[] = blankTextProblems(proposal);
  const parsed = policyVersionProposalSchema.safeParse(proposal);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path.join('.');
      if (!problems.some((problem) => problem.field === field)) problems.push({ field, message: issue.message });
    }
  }
  if (!parsed.success || problems.length > 0) return { ok: false, problems };

  const { policy, retiredCategories } = parsed.data;
  const add = (field: string, message: string) => problems.push({ field, message });

  if (policy.version !== latest.version + 1) {
    add('policy.version', `This would be version ${latest.version + 1} (the latest is version ${latest.version}), not version ${policy.version}.`);
  }
  const sameId = register.find((existing) => existing.id === policy.id);
  if (sameId) add('policy.id', `Version ${sameId.version} already uses the id "${policy.id}". Give the new version its own id.`);
  if (policy.effectiveDate <= latest.effectiveDate) {
    add(
      'policy.effectiveDate',
      `The effective date must be after ${latest.effectiveDate}, when version ${latest.version} took effect. ` +
        'A version cannot take effect before the one it replaces.',
    );
  }
  policy.categories.forEach((category, index) => {
    if (policy.categories.findIndex((other) => other.id === category.id) !== index) {
      add(`policy.categories.${index}.id`, `The category "${category.id}" is listed more than once.`);
    }
  });

  const newIds = new Set(policy.categories.map((category) => category.id));
  const latestIds = new Set(latest.categories.map((category) => category.id));
  const retiredIds = new Set(retiredCategories.map((retired) => retired.id));
  for (const category of latest.categories) {
    if (!newIds.has(category.id) && !retiredIds.has(category.id)) {
      add(
        'retiredCategories',
        `Version ${latest.version} has the category "${category.label}" (${category.id}) and this version leaves it out. ` +
          'If the City dropped it on purpose, list it as retired with the reason; otherwise add it back.',
      );
    }
  }
  retiredCategories.forEach((retired, index) => {
    if (newIds.has(retired.id)) add(`retiredCategories.${index}.id`, `"${retired.id}" is listed as retired but is still in this version. Remove it from one of the two lists.`);
    else if (!latestIds.has(retired.id)) add(`retiredCategories.${index}.id`, `"${retired.id}" is not in version ${latest.version}, so it cannot be retired.`);
  });

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, register: [...register, policy] };
}

function blankTextProblems(proposal: PolicyVersionProposal): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const isBlank = (text: unknown) => typeof text !== 'string' || text.trim().length === 0;
  const policy = (proposal as { policy?: Partial<PolicyVersion> } | undefined)?.policy;
  if (!policy) return [{ field: 'policy', message: 'The new version has no policy text.' }];
  const texts: Array<[keyof PolicyVersion, string]> = [
    ['title', 'Enter the policy title.'],
    ['disclaimer', 'Enter the disclaimer text exactly as the policy words it.'],
    ['retentionClause', 'Enter the retention clause exactly as the policy words it.'],
    ['blockingClause', 'Enter the blocking clause exactly as the policy words it.'],
  ];
  for (const [field, message] of texts) if (isBlank(policy[field])) problems.push({ field: `policy.${field}`, message });
  (Array.isArray(policy.categories) ? policy.categories : []).forEach((category, index) => {
    const name = isBlank(category?.label) ? (category?.id ?? `number ${index + 1}`) : category.label.trim();
    if (isBlank(category?.label)) problems.push({ field: `policy.categories.${index}.label`, message: `Enter a name for the category "${name}".` });
    if (isBlank(category?.clause)) {
      problems.push({ field: `policy.categories.${index}.clause`, message: `Enter the clause text for "${name}" exactly as the policy words it.` });
    }
  });
  return problems;
}

export type PolicyInForce = { ok: true; policy: PolicyVersion } | { ok: false; message: string };

// A moment without an offset would be read in whatever zone the computer is
// set to, so the answer could change from one desk to the next.
const momentSchema = z.iso.datetime({ offset: true });

/**
 * The version in force at a moment (an ISO 8601 date-time with "Z" or an
 * offset, e.g. a removal's "removed at"): the latest version whose effective
 * date, in the City's time zone, is on or before that moment's date there.
 */
export function policyInForce(register: PolicyRegister, at: string, timeZone: string = POLICY_TIME_ZONE): PolicyInForce {
  const moment = DateTime.fromISO(at, { setZone: true });
  if (!momentSchema.safeParse(at).success || !moment.isValid) {
    return { ok: false, message: `"${at}" is not a date and time with its time zone, so the ledger cannot tell which policy version applies.` };
  }
  const local = moment.setZone(timeZone);
  if (!local.isValid) return { ok: false, message: `"${timeZone}" is not a time zone the ledger knows.` };
  const day = local.toISODate();
  let found: PolicyVersion | undefined;
  for (const policy of register) {
    if (policy.effectiveDate <= (day ?? '')) found = policy;
  }
  if (found) return { ok: true, policy: found };
  const first = register[0];
  return {
    ok: false,
    message: first
      ? `No policy version was in force on ${day}: the earliest in the ledger, version ${first.version}, takes effect ${first.effectiveDate}. ` +
        'Check the date, or ask an administrator to record the policy that applied then.'
      : 'The policy register is empty.',
  };
}

/** The version a record cites, by its id. */
export function policyVersionById(register: PolicyRegister, id: string): PolicyVersion | undefined {
  return register.find((policy) => policy.id === id);
}

/** The categories a version lets a block rest on. */
export function blockEligibleCategoryIds(policy: PolicyVersion): RemovalCategoryId[] {
  return policy.categories.filter((category) => category.blockEligible).map((category) => category.id);
}
