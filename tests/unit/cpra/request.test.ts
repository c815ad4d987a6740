import { describe, expect, it } from 'vitest';
import { requestClock } from '../../../shared/cpra/deadlines';
import { seededHolidays } from '../../../shared/cpra/holiday-seed';
import { batesNumber, determinationConflict, disclosureNotAllowed, nextRequestNumber, type CpraRequest } from '../../../shared/cpra/request';

const clock = { timeZone: 'America/Los_Angeles', holidays: seededHolidays(2026, 2027) };
const by = { userId: 'u1', name: 'Connie Counsel' };
const approved = { id: 'x', kind: 'text' as const, recordId: 'r1', field: 'content' as const, start: 0, end: 4, exemptionId: 'gc-7927-700', proposedBy: { kind: 'person' as const, person: by }, review: { status: 'approved' as const, by, at: '2026-12-02T18:00:00.000Z' } };
const attached = { recordId: 'r1', version: 1, payloadHash: 'a'.repeat(64), attachedAt: '2026-12-02T18:00:00.000Z', attachedBy: by };
const determined = (outcome: 'release' | 'release_in_part' | 'deny' | 'no_records'): CpraRequest['determination'] => ({ outcome, releaseOn: '2026-12-20', responsible: [], explanation: '', madeOn: '2026-12-09', by });

describe('a request’s clock', () => {
  const request = { receivedAt: '2026-12-01T17:00:00.000Z', extension: null, status: 'searching' as const, determination: null };

  it('counts down to the due day while the determination is outstanding', () => {
    expect(requestClock(request, { ...clock, today: '2026-12-09' })).toMatchObject({ due: '2026-12-11', determinedOn: null, counter: { days: 2, state: 'due_soon' } });
    expect(requestClock(request, { ...clock, today: '2026-12-14' }).counter).toMatchObject({ state: 'overdue', text: '3 days overdue' });
  });

  it('stops once the determination is made, so a request answered on time is never shown overdue', () => {
    const clockNow = requestClock({ ...request, status: 'determined', determination: determined('release') }, { ...clock, today: '2027-01-20' });
    expect(clockNow).toMatchObject({ due: '2026-12-11', determinedOn: '2026-12-09', counter: null });
  });

  it('stops when the request is withdrawn', () => {
    expect(requestClock({ ...request, status: 'withdrawn' }, { ...clock, today: '2027-01-20' }).counter).toBeNull();
  });
});

describe('a determination that contradicts the request', () => {
  it('refuses "released" while an approved redaction withholds part of a record: that is a denial in part', () => {
    expect(determinationConflict('release', { redactions: [approved], responsive: [attached] })).toMatch(/release in part.*7922\.540/);
    expect(determinationConflict('release_in_part', { redactions: [approved], responsive: [attached] })).toBeNull();
    expect(determinationConflict('release', { redactions: [{ ...approved, review: { status: 'proposed' } }], responsive: [attached] })).toBeNull();
  });

  it('refuses "no records" while records are attached', () => {
    expect(determinationConflict('no_records', { redactions: [], responsive: [attached] })).toMatch(/1 record is attached/);
    expect(determinationConflict('no_records', { redactions: [], responsive: [] })).toBeNull();
  });
});

describe('when a disclosure may be made', () => {
  it('needs a determination that releases records', () => {
    expect(disclosureNotAllowed({ determination: null, redactions: [], responsive: [attached] })).toMatch(/Record the determination/);
    expect(disclosureNotAllowed({ determination: determined('deny'), redactions: [], responsive: [attached] })).toMatch(/Request denied/);
    expect(disclosureNotAllowed({ determination: determined('release'), redactions: [approved], responsive: [attached] })).toMatch(/release in part/);
    expect(disclosureNotAllowed({ determination: determined('release_in_part'), redactions: [approved], responsive: [attached] })).toBeNull();
  });
});

describe('numbers staff quote', () => {
  it('numbers requests per year and pages by Bates number from the start', () => {
    expect(nextRequestNumber(['PRA-2026-009', 'PRA-2025-044'], '2026-12-01')).toBe('PRA-2026-010');
    expect(nextRequestNumber(['PRA-2026-009'], '2027-01-04')).toBe('PRA-2027-001');
    expect(batesNumber({ prefix: 'NOR', start: 120 }, 0)).toBe('NOR000120');
    expect(batesNumber({ prefix: '', start: 99_999_999 }, 1)).toBe('100000000');
  });
});
