import { describe, expect, it } from 'vitest';
import {
  blockingSettingsSchema,
  checkBlockEligibility,
  defaultBlockingSettings,
  VIEWPOINT_NEVER_A_REASON,
  type RemovalForBlocking,
} from '../../../shared/blocking/eligibility';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';
import { addPolicyVersion, initialPolicyRegister, type PolicyRegister } from '../../../shared/policy/policy-versions';

const site = 'site-facebook';
const decidedAt = '2026-04-10T17:00:00Z';

function removal(id: string, categoryIds: string[], changes: Partial<RemovalForBlocking> = {}): RemovalForBlocking {
  return {
    id,
    reference: `R-${id}`,
    siteId: site,
    removedAt: '2026-03-03T18:30:00Z',
    policyVersionId: norwalkPolicyV1.id,
    categoryIds,
    ...changes,
  };
}

function ask(removals: RemovalForBlocking[], extra: { policies?: PolicyRegister; at?: string; minimumRemovals?: number } = {}) {
  return checkBlockEligibility({
    siteId: site,
    removals,
    policies: extra.policies ?? initialPolicyRegister,
    at: extra.at ?? decidedAt,
    settings: blockingSettingsSchema.parse({ minimumRemovals: extra.minimumRemovals }),
  });
}

describe('the blocking setting', () => {
  it('defaults to 2 removals', () => {
    expect(defaultBlockingSettings.minimumRemovals).toBe(2);
  });

  it('refuses fewer than 2, since the policy says "repeatedly"', () => {
    const result = blockingSettingsSchema.safeParse({ minimumRemovals: 1 });
    expect(result.error?.issues[0]?.message).toBe('The policy allows a block only for repeated removals, so the minimum is 2.');
    expect(blockingSettingsSchema.safeParse({ minimumRemovals: 2.5 }).success).toBe(false);
    expect(blockingSettingsSchema.parse({ minimumRemovals: 3 }).minimumRemovals).toBe(3);
  });
});

describe('whether a poster may be blocked', () => {
  it('allows a block on two removals in block-eligible categories on the site', () => {
    const answer = ask([
      removal('1', ['solicitation_of_commerce']),
      removal('2', ['defamation', 'profanity'], { removedAt: '2026-03-20T16:00:00Z' }),
    ]);
    expect(answer.allowed).toBe(true);
    expect(answer.missing).toBe(0);
    expect(answer.counting.map((r) => r.removalId)).toEqual(['1', '2']);
    expect(answer.counting[1]?.categories).toEqual([{ id: 'defamation', label: 'Defamatory statements' }]);
    expect(answer.message).toContain('This poster has 2 removals on this site under categories that can support a block');
    expect(answer.message).toContain('R-1 (removed 3 Mar 2026: Solicitation of commerce (spam))');
    expect(answer.message).toContain(VIEWPOINT_NEVER_A_REASON);
  });

  it.each([['sexual_content'], ['solicitation_of_commerce'], ['illegal_activity'], ['defamation']])('counts %s', (category) => {
    expect(ask([removal('1', [category]), removal('2', [category])]).allowed).toBe(true);
  });

  it('refuses with one removal, says how many are missing, which count, and quotes the blocking clause', () => {
    const answer = ask([removal('1', ['illegal_activity'])]);
    expect(answer.allowed).toBe(false);
    expect(answer.missing).toBe(1);
    expect(answer.counting.map((r) => r.reference)).toEqual(['R-1']);
    expect(answer.blockingClause).toBe(norwalkPolicyV1.blockingClause);
    expect(answer.message).toContain('A block is refused');
    expect(answer.message).toContain('This poster has 1 removal on this site that can: R-1 (removed 3 Mar 2026: Illegal activity)');
    expect(answer.message).toContain('1 more is needed.');
    expect(answer.message).toContain('Disagreeing with the City, or giving a contrary opinion or point of view, is never a reason to block.');
    expect(answer.message).toContain(`“${norwalkPolicyV1.blockingClause}”`);
  });

  it('refuses a poster whose removals are all for reasons that cannot support a block, explaining each', () => {
    const answer = ask([removal('1', ['off_topic']), removal('2', ['political_campaign']), removal('3', ['profanity', 'threats'])]);
    expect(answer.allowed).toBe(false);
    expect(answer.missing).toBe(2);
    expect(answer.counting).toEqual([]);
    expect(answer.message).toContain('This poster has no removals on this site that can support a block. 2 more are needed.');
    expect(answer.message).toContain('3 other removals do not count');
    expect(answer.notCounting.find((r) => r.removalId === '3')?.reason).toBe(
      'it was removed as “Profane language or content” and “Threats of violence”; the policy lets a block rest only on content removed as sexual content, solicitation of commerce (spam), illegal activity or defamatory statements.',
    );
  });

  it('refuses a poster with no removals at all', () => {
    const answer = ask([]);
    expect(answer.allowed).toBe(false);
    expect(answer.missing).toBe(2);
  });

  it('counts only removals from the site the block is on', () => {
    const answer = ask([removal('1', ['defamation']), removal('2', ['defamation'], { siteId: 'site-instagram' })]);
    expect(answer.allowed).toBe(false);
    expect(answer.notCounting).toEqual([expect.objectContaining({ removalId: '2', reason: expect.stringContaining('another site') })]);
  });

  it('does not count content that was left up, but counts a restriction', () => {
    expect(ask([removal('1', ['defamation']), removal('2', ['defamation'], { decision: 'leave_up' })]).allowed).toBe(false);
    expect(ask([removal('1', ['defamation']), removal('2', ['defamation'], { decision: 'restrict' })]).allowed).toBe(true);
  });

  it('does not count removals made after the decision', () => {
    const answer = ask([removal('1', ['defamation']), removal('2', ['defamation'], { removedAt: '2026-04-11T09:00:00Z' })]);
    expect(answer.allowed).toBe(false);
    expect(answer.notCounting[0]?.reason).toContain('after the time of this decision');
  });

  it('counts the same removal once, however often it is passed in', () => {
    expect(ask([removal('1', ['defamation']), removal('1', ['defamation'])]).allowed).toBe(false);
  });

  it('honours a higher minimum', () => {
    const two = [removal('1', ['defamation']), removal('2', ['sexual_content'])];
    const answer = ask(two, { minimumRemovals: 3 });
    expect(answer.allowed).toBe(false);
    expect(answer.required).toBe(3);
    expect(answer.message).toContain('the City requires at least 3');
  });

  it("judges each removal by its own policy version's categories", () => {
    // Version 2 no longer lets defamation support a block, but lets threats.
    const categories = norwalkPolicyV1.categories.map((category) =>
      category.id === 'defamation' ? { ...category, blockEligible: false } : category.id === 'threats' ? { ...category, blockEligible: true } : category,
    );
    const added = addPolicyVersion(initialPolicyRegister, { policy: { ...norwalkPolicyV1, id: 'v2', version: 2, effectiveDate: '2026-04-01', categories } });
    if (!added.ok) throw new Error(JSON.stringify(added.problems));
    const policies = added.register;

    const answer = ask(
      [
        removal('old-defamation', ['defamation']),
        removal('new-defamation', ['defamation'], { policyVersionId: 'v2', removedAt: '2026-04-05T12:00:00Z' }),
        removal('old-threat', ['threats']),
        removal('new-threat', ['threats'], { policyVersionId: 'v2', removedAt: '2026-04-06T12:00:00Z' }),
      ],
      { policies },
    );
    expect(answer.counting.map((r) => r.removalId)).toEqual(['old-defamation', 'new-threat']);
    expect(answer.allowed).toBe(true);
  });

  it('does not count a removal that cites a policy version the ledger does not have', () => {
    const answer = ask([removal('1', ['defamation']), removal('2', ['defamation'], { policyVersionId: 'norwalk-v9' })]);
    expect(answer.allowed).toBe(false);
    expect(answer.notCounting[0]?.reason).toContain('"norwalk-v9", which is not in the ledger');
  });

  it('does not count an incomplete removal record, without throwing', () => {
    const broken = { ...removal('2', ['defamation']), removedAt: 'last Tuesday' };
    const answer = ask([removal('1', ['defamation']), broken]);
    expect(answer.allowed).toBe(false);
    expect(answer.notCounting[0]?.reason).toContain('incomplete');
  });

  it('refuses when the time of the decision cannot be read', () => {
    const answer = ask([removal('1', ['defamation']), removal('2', ['defamation'])], { at: 'now' });
    expect(answer.allowed).toBe(false);
    expect(answer.message).toContain('cannot be read');
  });

  it('writes dates in the City time zone', () => {
    // 11:30 p.m. on 2 March in Norwalk is 3 March in UTC.
    const answer = ask([removal('1', ['defamation'], { removedAt: '2026-03-03T07:30:00Z' })]);
    expect(answer.message).toContain('R-1 (removed 2 Mar 2026: Defamatory statements)');
  });

  it('shows hostile text in a reference as plain text, unchanged', () => {
    const answer = ask([removal('1', ['defamation'], { reference: '<script>alert(1)</script>' })]);
    expect(answer.message).toContain('<script>alert(1)</script> (removed');
  });
});
