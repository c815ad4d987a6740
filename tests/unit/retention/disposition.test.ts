import { describe, expect, it } from 'vitest';
import {
  backupsHoldContentUntil,
  batchStatus,
  dispositionBatchSchema,
  executionRefusal,
  missingApprovals,
  partitionForExecution,
  withApproval,
  type DispositionBatch,
  type RecordNow,
} from '../../../shared/retention/disposition';

const HASH = 'a'.repeat(64);
const listed = (recordId: string, version = 1) => ({
  recordId,
  table: 'removal',
  seriesId: 'series-removed-content',
  seriesCode: 'SM-REM',
  removedOn: '2024-03-05',
  eligibleOn: '2026-03-05',
  version,
  contentHash: HASH,
  attachmentCount: 0,
});

function aBatch(records = [listed('r1'), listed('r2'), listed('r3')]): DispositionBatch {
  return dispositionBatchSchema.parse({
    id: 'batch-1',
    number: 'DB-2026-001',
    action: 'destroy',
    createdBy: { userId: 'u1', name: 'Rita Records' },
    createdAt: '2026-04-01T16:00:00.000Z',
    records,
    approvals: { cityAttorney: null, legislativeBody: null, departmentHead: null },
    approvedAt: null,
    execution: null,
  });
}

function approved(batch = aBatch()): DispositionBatch {
  let b = withApproval(batch, 'cityAttorney', { name: 'Arnold Alvarez-Glasman', date: '2026-04-10', reference: 'CA-2026-17' }, '2026-04-10T17:00:00.000Z');
  b = withApproval(b, 'legislativeBody', { body: 'City Council', resolution: '26-41', date: '2026-04-15' }, '2026-04-15T17:00:00.000Z');
  return withApproval(b, 'departmentHead', { name: 'Theresa Devoy', title: 'City Clerk', date: '2026-04-16' }, '2026-04-16T17:00:00.000Z');
}

const asNow = (version = 1, changes: Partial<RecordNow> = {}): RecordNow => ({ version, heldBy: [], eligible: true, disposed: false, ...changes });

describe('approving a disposition batch', () => {
  it('names every approval still missing, and is approved only when the last of the three is recorded', () => {
    const batch = aBatch();
    expect(missingApprovals(batch)).toEqual([
      'The city attorney’s written consent',
      'The legislative body’s approval by resolution',
      'The department head’s approval',
    ]);
    const partly = withApproval(batch, 'cityAttorney', { name: 'A. Attorney', date: '2026-04-10', reference: 'CA-1' }, '2026-04-10T17:00:00.000Z');
    expect(batchStatus(partly)).toBe('awaiting_approval');
    expect(partly.approvedAt).toBeNull();
    const full = approved();
    expect(batchStatus(full)).toBe('approved');
    expect(full.approvedAt).toBe('2026-04-16T17:00:00.000Z');
  });
});

describe('who may execute a batch, and when', () => {
  it('refuses execution without both approvals the statute requires, naming what is missing', () => {
    const onlyCouncil = withApproval(aBatch(), 'legislativeBody', { body: 'City Council', resolution: '26-41', date: '2026-04-15' }, '2026-04-15T17:00:00.000Z');
    const refusal = executionRefusal(onlyCouncil, 'records_manager');
    expect(refusal).toContain('Gov. Code 34090');
    expect(refusal).toContain('The city attorney’s written consent');
    expect(refusal).not.toContain('legislative body');
  });

  it('refuses every role but the records manager, even with every approval recorded', () => {
    for (const role of ['clerk', 'counsel', 'administrator'] as const) {
      expect(executionRefusal(approved(), role)).toBe('Only a records manager may execute a disposition batch.');
    }
    expect(executionRefusal(approved(), 'records_manager')).toBeNull();
  });

  it('refuses a transfer batch, which would take the records out of the ledger before the archives have them', () => {
    expect(executionRefusal({ ...approved(), action: 'transfer' }, 'records_manager')).toContain('cannot yet write the archival package');
  });

  it('refuses to execute a batch twice', () => {
    const done = { ...approved(), execution: { executedBy: { userId: 'u2', name: 'Rita' }, executedAt: '2026-04-20T17:00:00.000Z', disposedIds: ['r1'], leftOut: [], backupsHoldContentUntil: null } };
    expect(executionRefusal(done, 'records_manager')).toContain('already executed');
  });
});

describe('what execution disposes of', () => {
  it('leaves out and names a record held, changed, gone, already disposed of or no longer eligible since the list was approved', () => {
    const batch = approved(aBatch([listed('ok'), listed('held'), listed('changed'), listed('gone'), listed('done'), listed('moved')]));
    const now = new Map<string, RecordNow>([
      ['ok', asNow()],
      ['held', asNow(1, { heldBy: ['Doe v. City of Norwalk (24-CV-1)'] })],
      ['changed', asNow(2)],
      ['done', asNow(1, { disposed: true })],
      ['moved', asNow(1, { eligible: false })],
    ]);
    const { dispose, leftOut } = partitionForExecution(batch, now);
    expect(dispose.map((r) => r.recordId)).toEqual(['ok']);
    expect(Object.fromEntries(leftOut.map((l) => [l.recordId, l.reason]))).toEqual({
      held: 'It is held by Doe v. City of Norwalk (24-CV-1).',
      changed: 'It was changed after it was listed (version 1 was listed; it is now at version 2).',
      gone: 'It is no longer in the ledger.',
      done: 'It was already disposed of by another batch.',
      moved: 'It is no longer eligible for disposition under its series.',
    });
  });
});

describe('how long backups still hold destroyed content', () => {
  it('is the rotation’s number of daily generations after the execution day, in the City’s calendar', () => {
    // 11 PM on December 31 in Los Angeles is already January 1 in UTC.
    expect(backupsHoldContentUntil('2027-01-01T07:00:00.000Z', 'America/Los_Angeles', 7)).toBe('2027-01-07');
    expect(backupsHoldContentUntil('2027-01-01T07:00:00.000Z', 'America/Los_Angeles', null)).toBeNull();
  });
});
