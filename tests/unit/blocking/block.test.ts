import { describe, expect, it } from 'vitest';
import { blockSchema, checkBlock, isDueForReview, recordUnblock, type Block, type BlockInput } from '../../../shared/blocking/block';
import type { RemovalForBlocking } from '../../../shared/blocking/eligibility';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';
import { initialPolicyRegister } from '../../../shared/policy/policy-versions';

const removals: RemovalForBlocking[] = [
  { id: 'r1', reference: 'R-2026-0001', siteId: 'fb', removedAt: '2026-02-01T18:00:00Z', policyVersionId: norwalkPolicyV1.id, categoryIds: ['solicitation_of_commerce'] },
  { id: 'r2', reference: 'R-2026-0007', siteId: 'fb', removedAt: '2026-02-14T18:00:00Z', policyVersionId: norwalkPolicyV1.id, categoryIds: ['solicitation_of_commerce'] },
  { id: 'r3', reference: 'R-2026-0009', siteId: 'fb', removedAt: '2026-02-20T18:00:00Z', policyVersionId: norwalkPolicyV1.id, categoryIds: ['off_topic'] },
  { id: 'r4', reference: 'R-2026-0011', siteId: 'fb', removedAt: '2026-03-01T18:00:00Z', policyVersionId: norwalkPolicyV1.id, categoryIds: ['illegal_activity'] },
];
const context = { removals, policies: initialPolicyRegister };

function blockInput(changes: Partial<BlockInput> = {}): BlockInput {
  return {
    id: 'block-1',
    siteId: 'fb',
    poster: { username: '@cheap_pills_4u' },
    decidedBy: { name: 'Jesus Gomez', title: 'City Manager' },
    decidedAt: '2026-03-10T18:00:00Z',
    policyVersionId: norwalkPolicyV1.id,
    removalIds: ['r1', 'r2'],
    notForViewpoint: true,
    reviewOn: '2026-09-10',
    ...changes,
  };
}

function problems(input: BlockInput) {
  const result = checkBlock(input, context);
  if (result.ok) throw new Error('expected the block to be refused');
  return result.problems;
}

function recorded(): Block {
  const result = checkBlock(blockInput(), context);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.block;
}

describe('recording a block', () => {
  it('records a block that rests on two eligible removals on the site', () => {
    const result = checkBlock(blockInput(), context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.block).toEqual(
      expect.objectContaining({
        removalIds: ['r1', 'r2'],
        unblocked: null,
        notes: '',
        poster: { displayName: null, username: '@cheap_pills_4u', platformUserId: null, profileUrl: null },
      }),
    );
    expect(result.eligibility.allowed).toBe(true);
  });

  it('refuses a block with one eligible removal and says what is missing', () => {
    const found = problems(blockInput({ removalIds: ['r1'], decidedAt: '2026-02-10T18:00:00Z' }));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('A block is refused');
    expect(found[0]?.message).toContain('1 more is needed');
  });

  it('refuses to rest on a removal that cannot support a block, naming it and why', () => {
    const found = problems(blockInput({ removalIds: ['r1', 'r3'] }));
    expect(found).toEqual([
      { field: 'removalIds', message: expect.stringMatching(/^R-2026-0009 cannot support this block: it was removed as “Off-topic comment”/) },
      { field: 'removalIds', message: 'Choose at least 2 removals that support the block (1 chosen). Also eligible: R-2026-0007, R-2026-0011.' },
    ]);
  });

  it("refuses a removal that is not the poster's", () => {
    expect(problems(blockInput({ removalIds: ['r1', 'r2', 'someone-else'] }))).toEqual([
      { field: 'removalIds', message: 'The removal "someone-else" is not among this poster\'s removals. Choose from the removals listed.' },
    ]);
  });

  it('requires the attestation that the block is not about viewpoint', () => {
    expect(problems({ ...blockInput(), notForViewpoint: false } as unknown as BlockInput)).toEqual([
      { field: 'notForViewpoint', message: expect.stringContaining('not because the poster disagreed with the City') },
    ]);
  });

  it('requires who decided, with their title', () => {
    expect(problems(blockInput({ decidedBy: { name: '', title: '' } })).map((p) => p.field)).toEqual(['decidedBy.name', 'decidedBy.title']);
  });

  it('requires some way to identify the poster', () => {
    expect(problems(blockInput({ poster: { displayName: ' ', username: null } }))).toEqual([
      { field: 'poster', message: expect.stringContaining('at least one way to identify the poster') },
    ]);
  });

  it('requires a review date after the day of the decision, in the City time zone', () => {
    expect(problems(blockInput({ reviewOn: '2026-03-10' }))[0]?.message).toBe('The review date must be after the day of the decision (2026-03-10).');
    // 5 p.m. on 10 March in Norwalk is 11 March in UTC; the 11th is still a later day.
    expect(checkBlock(blockInput({ decidedAt: '2026-03-11T00:30:00Z', reviewOn: '2026-03-11' }), context).ok).toBe(true);
    expect(problems(blockInput({ reviewOn: 'in six months' }))[0]?.field).toBe('reviewOn');
  });

  it('refuses a removal listed twice', () => {
    expect(problems(blockInput({ removalIds: ['r1', 'r1', 'r2'] }))[0]?.message).toBe('A removal is listed more than once; each counts once.');
  });

  it('requires the decision time in UTC', () => {
    expect(problems(blockInput({ decidedAt: '2026-03-10 10:00' }))[0]?.field).toBe('decidedAt');
  });

  it('must cite the policy version in force at the decision', () => {
    expect(problems(blockInput({ policyVersionId: 'norwalk-v7' }))).toEqual([
      { field: 'policyVersionId', message: `The decision was made under policy version 1 (${norwalkPolicyV1.id}), which the block must cite.` },
    ]);
  });

  it('refuses a decision dated before any policy was in force', () => {
    const early = problems(blockInput({ decidedAt: '1999-06-01T18:00:00Z', reviewOn: '1999-12-01' }));
    expect(early.some((p) => p.field === 'decidedAt' && p.message.includes('No policy version was in force'))).toBe(true);
  });
});

describe('lifting a block', () => {
  it('records who lifted it, when and why, and keeps the block', () => {
    const result = recordUnblock(recorded(), {
      by: { name: 'Alex Rivera', title: 'Communications & Public Affairs Director' },
      at: '2026-09-10T17:00:00Z',
      reason: 'Six-month review: no further violations.',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.block.unblocked?.reason).toBe('Six-month review: no further violations.');
    expect(result.block.removalIds).toEqual(['r1', 'r2']);
  });

  it('needs a reason and a person', () => {
    const result = recordUnblock(recorded(), { by: { name: ' ', title: 'Director' }, at: '2026-09-10T17:00:00Z', reason: '' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(['unblocked.by.name', 'unblocked.reason']);
  });

  it('refuses a lifting dated before the decision, even within the same second', () => {
    const result = recordUnblock(recorded(), { by: { name: 'A', title: 'B' }, at: '2026-03-10T17:59:59.500Z', reason: 'x' });
    expect(result).toEqual({ ok: false, problems: [{ field: 'unblocked.at', message: 'The block cannot be lifted before it was decided.' }] });
  });

  it('refuses to lift a block twice', () => {
    const once = recordUnblock(recorded(), { by: { name: 'Alex Rivera', title: 'Director' }, at: '2026-09-10T17:00:00Z', reason: 'Review.' });
    if (!once.ok) throw new Error('setup');
    const twice = recordUnblock(once.block, { by: { name: 'B', title: 'C' }, at: '2026-09-11T17:00:00Z', reason: 'Again.' });
    expect(twice).toEqual({ ok: false, problems: [{ field: 'unblocked', message: 'This block was already lifted on 2026-09-10 by Alex Rivera.' }] });
  });
});

describe('blocks due for review', () => {
  it('are blocks in force whose review date has come', () => {
    const block = recorded();
    expect(isDueForReview(block, '2026-09-09')).toBe(false);
    expect(isDueForReview(block, '2026-09-10')).toBe(true);
    const lifted = blockSchema.parse({ ...block, unblocked: { by: { name: 'A', title: 'B' }, at: '2026-06-01T00:00:00Z', reason: 'x' } });
    expect(isDueForReview(lifted, '2026-12-01')).toBe(false);
  });
});
