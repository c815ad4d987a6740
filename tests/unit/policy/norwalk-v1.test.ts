import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { norwalkPolicyV1, removalCategoryIds } from '../../../shared/policy/norwalk-v1';

const policyText = readFileSync(new URL('../../../docs/policy/city-of-norwalk-social-media-policy.txt', import.meta.url), 'utf8');

describe('the City of Norwalk policy, version 1', () => {
  it.each(norwalkPolicyV1.categories.map((c) => [c.id, c.clause]))('quotes the %s clause exactly as the policy words it', (_id, clause) => {
    expect(policyText).toContain(clause);
  });

  it('quotes the disclaimer, retention and blocking clauses exactly', () => {
    expect(policyText).toContain(norwalkPolicyV1.disclaimer);
    expect(policyText).toContain(norwalkPolicyV1.retentionClause);
    expect(policyText).toContain(norwalkPolicyV1.blockingClause);
  });

  it('has every removal category the policy lists, plus other applicable law, once each', () => {
    expect(norwalkPolicyV1.categories.map((c) => c.id)).toEqual([...removalCategoryIds]);
  });

  it('lets only the categories the blocking clause names support a block', () => {
    const eligible = norwalkPolicyV1.categories.filter((c) => c.blockEligible).map((c) => c.id).sort();
    expect(eligible).toEqual(['defamation', 'illegal_activity', 'sexual_content', 'solicitation_of_commerce']);
  });

  it('requires a citation only for other applicable law', () => {
    expect(norwalkPolicyV1.categories.filter((c) => c.requiresCitation).map((c) => c.id)).toEqual(['other_applicable_law']);
  });
});
