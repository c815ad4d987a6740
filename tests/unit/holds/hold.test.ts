import { describe, expect, it } from 'vitest';
import { heldRecordIds, holdSchema, holdsOn, releaseHold, type Hold } from '../../../shared/holds/hold';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { aListing } from '../removals/fixtures';

const LA = 'America/Los_Angeles';

function listing(id: string, overrides: Partial<RemovalListing> = {}): RemovalListing {
  return aListing({
    id,
    siteId: 'facebook',
    categoryIds: ['threats'],
    policyVersionId: 'v1',
    postedAt: '2026-03-01T17:00:00.000Z',
    seenAt: '2026-03-01T18:00:00.000Z',
    removedAt: '2026-03-01T19:00:00.000Z',
    posterToken: 'token-jane',
    ...overrides,
  });
}

function hold(scope: Hold['scope'], released: Hold['released'] = null): Hold {
  return holdSchema.parse({
    id: `hold-${scope.kind}`,
    matter: { name: 'Doe v. City of Norwalk', number: 'BC123456' },
    placedBy: { name: 'Ana Ortiz', title: 'Deputy City Attorney' },
    placedAt: '2026-04-01T16:00:00.000Z',
    reason: 'Litigation is reasonably anticipated.',
    scope,
    released,
  });
}

describe('what a legal hold covers', () => {
  it('covers chosen records, and only those', () => {
    const held = heldRecordIds([hold({ kind: 'records', recordIds: ['a'] })], [listing('a'), listing('b')], LA);
    expect([...held]).toEqual(['a']);
  });

  it('covers every removal of a poster, including one logged after the hold was placed', () => {
    const later = listing('later', { removedAt: '2026-09-01T19:00:00.000Z' });
    const held = heldRecordIds([hold({ kind: 'poster', posterToken: 'token-jane', description: 'jane' })], [listing('a'), later, listing('c', { posterToken: 'token-other' }), listing('d', { posterToken: null })], LA);
    expect([...held].sort()).toEqual(['a', 'later']);
  });

  it('covers every removal on a site', () => {
    expect([...heldRecordIds([hold({ kind: 'site', siteId: 'youtube' })], [listing('a'), listing('b', { siteId: 'youtube' })], LA)]).toEqual(['b']);
  });

  it('reads a period as whole days in the City’s time zone, both ends included', () => {
    const rows = [
      listing('march-31-late', { removedAt: '2026-04-01T06:30:00.000Z' }),
      listing('april-1', { removedAt: '2026-04-01T07:30:00.000Z' }),
      listing('seen-only', { removedAt: null, decision: null, status: 'in_review', seenAt: '2026-04-30T20:00:00.000Z' }),
    ];
    expect([...heldRecordIds([hold({ kind: 'period', from: '2026-04-01', to: '2026-04-30' })], rows, LA)].sort()).toEqual(['april-1', 'seen-only']);
  });

  it('stops covering anything once released, and keeps the release on record', () => {
    const placed = hold({ kind: 'records', recordIds: ['a'] });
    const released = releaseHold(placed, { by: { name: 'Ana Ortiz', title: 'Deputy City Attorney' }, at: '2026-08-01T16:00:00.000Z', reason: 'Case dismissed with prejudice.' });
    if (!released.ok) throw new Error(released.message);
    expect(holdsOn([released.hold], listing('a'), LA)).toEqual([]);
    expect(released.hold.released?.reason).toBe('Case dismissed with prejudice.');
    expect(releaseHold(released.hold, released.hold.released)).toEqual({ ok: false, message: expect.stringContaining('already released') });
  });

  it('refuses a release dated before the hold, and a hold without its matter number', () => {
    const placed = hold({ kind: 'records', recordIds: ['a'] });
    expect(releaseHold(placed, { by: { name: 'A', title: 'B' }, at: '2026-03-01T00:00:00.000Z', reason: 'x' })).toEqual({ ok: false, message: expect.stringContaining('before it was placed') });
    const missing = holdSchema.safeParse({ ...placed, matter: { name: 'Doe v. City', number: ' ' } });
    expect(missing.success ? '' : missing.error.issues[0]?.message).toContain('matter or case number');
  });
});
