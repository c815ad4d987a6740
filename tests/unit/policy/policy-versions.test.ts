import { describe, expect, it } from 'vitest';
import { norwalkPolicyV1, type PolicyVersion } from '../../../shared/policy/norwalk-v1';
import {
  addPolicyVersion,
  blockEligibleCategoryIds,
  initialPolicyRegister,
  policyInForce,
  policyRegisterSchema,
  policyVersionById,
  type PolicyRegister,
} from '../../../shared/policy/policy-versions';

function version2(changes: Partial<PolicyVersion> = {}): PolicyVersion {
  return {
    ...structuredClone(norwalkPolicyV1),
    id: 'norwalk-social-media-policy-v2',
    version: 2,
    effectiveDate: '2026-07-01',
    ...changes,
  };
}

function registerWithVersion2(): PolicyRegister {
  const result = addPolicyVersion(initialPolicyRegister, { policy: version2() });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.register;
}

function problemsOf(result: ReturnType<typeof addPolicyVersion>) {
  if (result.ok) throw new Error('expected the version to be refused');
  return result.problems;
}

describe('the policy register', () => {
  it('starts with the shipped Norwalk policy as version 1', () => {
    expect(initialPolicyRegister).toEqual([norwalkPolicyV1]);
    expect(policyRegisterSchema.safeParse(initialPolicyRegister).success).toBe(true);
  });

  it('refuses a register whose versions are out of order, misnumbered or share an id', () => {
    const v2 = version2();
    expect(policyRegisterSchema.safeParse([v2, norwalkPolicyV1]).success).toBe(false);
    expect(policyRegisterSchema.safeParse([norwalkPolicyV1, { ...v2, effectiveDate: norwalkPolicyV1.effectiveDate }]).success).toBe(false);
    expect(policyRegisterSchema.safeParse([norwalkPolicyV1, { ...v2, id: norwalkPolicyV1.id }]).success).toBe(false);
    expect(policyRegisterSchema.safeParse([]).success).toBe(false);
  });

  it('finds a version by the id a record cites', () => {
    const register = registerWithVersion2();
    expect(policyVersionById(register, 'norwalk-social-media-policy-v2')?.version).toBe(2);
    expect(policyVersionById(register, 'no-such-version')).toBeUndefined();
  });

  it('lists the block-eligible categories of a version', () => {
    expect(blockEligibleCategoryIds(norwalkPolicyV1).sort()).toEqual(['defamation', 'illegal_activity', 'sexual_content', 'solicitation_of_commerce']);
  });
});

describe('adding a version', () => {
  it('appends a valid version 2 without changing the register it was given', () => {
    const before = structuredClone(initialPolicyRegister);
    const register = registerWithVersion2();
    expect(register.map((policy) => policy.version)).toEqual([1, 2]);
    expect(initialPolicyRegister).toEqual(before);
    expect(policyRegisterSchema.safeParse(register).success).toBe(true);
  });

  it('refuses an effective date that is not after the latest version', () => {
    for (const effectiveDate of ['2000-01-01', '1999-12-31']) {
      const problems = problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ effectiveDate }) }));
      expect(problems).toEqual([expect.objectContaining({ field: 'policy.effectiveDate', message: expect.stringContaining('must be after 2000-01-01') })]);
    }
  });

  it('refuses an effective date that is not a date', () => {
    const problems = problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ effectiveDate: '1 July 2026' }) }));
    expect(problems.map((problem) => problem.field)).toEqual(['policy.effectiveDate']);
  });

  it('refuses a version that drops a category without saying so, and names it', () => {
    const policy = version2({ categories: norwalkPolicyV1.categories.filter((category) => category.id !== 'off_topic') });
    const problems = problemsOf(addPolicyVersion(initialPolicyRegister, { policy }));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('"Off-topic comment" (off_topic)');
    expect(problems[0]?.message).toContain('list it as retired with the reason');
  });

  it('accepts a dropped category when it is listed as retired with a reason', () => {
    const policy = version2({ categories: norwalkPolicyV1.categories.filter((category) => category.id !== 'off_topic') });
    const result = addPolicyVersion(initialPolicyRegister, { policy, retiredCategories: [{ id: 'off_topic', reason: 'Council resolution 26-41 removed it.' }] });
    expect(result.ok).toBe(true);
  });

  it('refuses a retirement without a reason, of a category still present, or of one the latest version never had', () => {
    const withoutOffTopic = version2({ categories: norwalkPolicyV1.categories.filter((category) => category.id !== 'off_topic') });
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: withoutOffTopic, retiredCategories: [{ id: 'off_topic', reason: '   ' }] }))).toEqual([
      expect.objectContaining({ field: 'retiredCategories.0.reason', message: 'Say why this category is no longer in the policy.' }),
    ]);
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2(), retiredCategories: [{ id: 'threats', reason: 'x' }] }))[0]?.message).toContain(
      'still in this version',
    );

    const register = addPolicyVersion(initialPolicyRegister, { policy: withoutOffTopic, retiredCategories: [{ id: 'off_topic', reason: 'dropped' }] });
    if (!register.ok) throw new Error('setup');
    const version3 = { ...withoutOffTopic, id: 'v3', version: 3, effectiveDate: '2027-01-01' };
    expect(problemsOf(addPolicyVersion(register.register, { policy: version3, retiredCategories: [{ id: 'off_topic', reason: 'again' }] }))[0]?.message).toContain(
      'is not in version 2',
    );
  });

  it('refuses empty or blank clause texts, naming each', () => {
    const categories = structuredClone(norwalkPolicyV1.categories);
    categories[2]!.clause = '';
    categories[4]!.clause = '   \n ';
    const problems = problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ categories, blockingClause: ' ', disclaimer: '' }) }));
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'policy.categories.2.clause', message: 'Enter the clause text for "Profane language or content" exactly as the policy words it.' },
        { field: 'policy.categories.4.clause', message: 'Enter the clause text for "Sexual content" exactly as the policy words it.' },
        { field: 'policy.blockingClause', message: 'Enter the blocking clause exactly as the policy words it.' },
        { field: 'policy.disclaimer', message: 'Enter the disclaimer text exactly as the policy words it.' },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('refuses a blank category name', () => {
    const categories = structuredClone(norwalkPolicyV1.categories);
    categories[0]!.label = ' ';
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ categories }) }))).toEqual([
      { field: 'policy.categories.0.label', message: 'Enter a name for the category "off_topic".' },
    ]);
  });

  it('refuses a wrong version number, a reused id and a category listed twice', () => {
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ version: 3 }) }))[0]?.message).toBe(
      'This would be version 2 (the latest is version 1), not version 3.',
    );
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ id: norwalkPolicyV1.id }) }))[0]?.message).toContain('already uses the id');
    const categories = [...norwalkPolicyV1.categories, norwalkPolicyV1.categories[0]!];
    expect(problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ categories }) }))[0]?.message).toBe('The category "off_topic" is listed more than once.');
  });

  it('refuses a category the ledger does not know, without throwing', () => {
    const categories = [...norwalkPolicyV1.categories, { ...norwalkPolicyV1.categories[0]!, id: 'harassment' }] as unknown as PolicyVersion['categories'];
    const problems = problemsOf(addPolicyVersion(initialPolicyRegister, { policy: version2({ categories }) }));
    expect(problems[0]?.field).toBe('policy.categories.12.id');
  });

  it('may change wording and block eligibility, and keeps the old wording in version 1', () => {
    const categories = norwalkPolicyV1.categories.map((category) =>
      category.id === 'threats' ? { ...category, clause: 'Threats of violence.', blockEligible: true } : category,
    );
    const result = addPolicyVersion(initialPolicyRegister, { policy: version2({ categories }) });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(blockEligibleCategoryIds(result.register[1]!)).toContain('threats');
    expect(result.register[0]!.categories.find((category) => category.id === 'threats')?.clause).toBe(norwalkPolicyV1.categories.at(-2)?.clause);
  });
});

describe('the version in force', () => {
  const register = registerWithVersion2();

  it('is version 1 before version 2 takes effect and version 2 from then on', () => {
    expect(policyInForce(register, '2026-03-15T18:00:00Z')).toEqual({ ok: true, policy: register[0] });
    expect(policyInForce(register, '2026-07-01T07:00:00Z')).toEqual({ ok: true, policy: register[1] });
    expect(policyInForce(register, '2030-01-01T00:00:00Z')).toEqual({ ok: true, policy: register[1] });
  });

  it("reads the effective date in the City's time zone, not UTC", () => {
    // 9 p.m. on 30 June in Norwalk is already 1 July in UTC.
    const result = policyInForce(register, '2026-07-01T04:00:00Z');
    expect(result.ok && result.policy.version).toBe(1);
    expect(policyInForce(register, '2026-06-30T21:00:00-07:00')).toEqual(result);
    const inNewYork = policyInForce(register, '2026-07-01T04:00:00Z', 'America/New_York');
    expect(inNewYork.ok && inNewYork.policy.version).toBe(2);
  });

  it('keeps the version in force when a removal was made, after later versions are added', () => {
    const removedAt = '2026-05-02T16:30:00Z';
    const before = policyInForce(initialPolicyRegister, removedAt);
    expect(before.ok && before.policy.id).toBe(norwalkPolicyV1.id);
    const after = policyInForce(register, removedAt);
    expect(after.ok && after.policy.id).toBe(norwalkPolicyV1.id);
  });

  it('says so when nothing was in force yet', () => {
    const result = policyInForce(register, '1999-11-03T12:00:00Z');
    expect(result).toEqual({ ok: false, message: expect.stringContaining('No policy version was in force on 1999-11-03') });
  });

  it('refuses a moment without a time zone, or that is not a date, with a message', () => {
    expect(policyInForce(register, '2026-03-15T18:00:00').ok).toBe(false);
    expect(policyInForce(register, 'yesterday')).toEqual({ ok: false, message: expect.stringContaining('"yesterday" is not a date and time') });
    expect(policyInForce(register, '2026-02-30T10:00:00Z').ok).toBe(false);
  });

  it('refuses an unknown time zone', () => {
    expect(policyInForce(register, '2026-03-15T18:00:00Z', 'Mars/Olympus')).toEqual({ ok: false, message: expect.stringContaining('Mars/Olympus') });
  });
});
