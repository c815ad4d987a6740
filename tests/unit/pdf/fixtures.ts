import type { AuditReportInput } from '../../../renderer/src/pdf/documents/audit-report';
import type { RecoveryKitInput } from '../../../renderer/src/pdf/documents/recovery-kit';
import type { Approvals, DispositionBatch, DisposedStub, LeftOut, ListedRecord } from '../../../shared/retention/disposition';
import type { RecordSeries } from '../../../shared/retention/series';

/** Markup, a script URL, a right-to-left override and zero-width characters: what a hostile name could hold. */
export const HOSTILE = '<script>alert(1)</script> javascript:alert(1) \u202Eevil\u202C z\u200Bw\u200Dx\uFEFF';

export const RECOVERY_KEY = 'ABCDE-FGHJK-MNPQR-STVWX-YZ012-34567-89ABC-DEFGH';

export function recoveryKitInput(overrides: Partial<RecoveryKitInput> = {}): RecoveryKitInput {
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    ledgerId: '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b',
    createdAt: 'June 3, 2026',
    recoveryKey: RECOVERY_KEY,
    ...overrides,
  };
}

export const hash = (hexDigit: string) => hexDigit.repeat(64);

export function auditReportInput(overrides: Partial<AuditReportInput> = {}): AuditReportInput {
  return {
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    ledgerId: '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b',
    ranBy: 'Maria Lopez',
    ranAt: 'June 3, 2026 at 2:05 PM',
    entriesChecked: 1200,
    head: { seq: 1200, hash: hash('a') },
    firstBrokenLink: null,
    sequenceGaps: [],
    timeWentBackwards: [],
    unreadableLines: [],
    verdict: 'intact',
    checkpoint: null,
    ...overrides,
  };
}

/** A record series as records staff would enter it: two years after removal, then destroyed. */
export function aSeries(overrides: Partial<RecordSeries> = {}): RecordSeries {
  return {
    id: 'series-removed-content',
    code: 'SM-REM',
    title: 'Social media content removed under the Social Media Policy',
    covers: 'Posts, comments and other content removed from City Social Media Sites, with the poster’s identity and the review trail.',
    period: { kind: 'for', years: 2, months: 0, days: 0 },
    trigger: 'removal_date',
    disposition: 'destroy',
    citation: 'Resolution 24-17',
    ...overrides,
  };
}

/** A ledger record id: 32 hex digits, numbered so each is easy to find in the text. */
export const recordId = (index: number) => `${String(index).padStart(6, '0')}${'ab'.repeat(13)}`;

/** The content hash of a record: 64 hex digits that differ from record to record. */
export const contentHash = (index: number) => `${index.toString(16).padStart(8, '0')}${'c'.repeat(56)}`;

export function listedRecords(count: number, series: RecordSeries = aSeries()): ListedRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    recordId: recordId(i + 1),
    table: 'removal',
    seriesId: series.id,
    seriesCode: series.code,
    removedOn: '2024-03-15',
    eligibleOn: '2026-03-15',
    version: 1 + (i % 3),
    contentHash: contentHash(i + 1),
    attachmentCount: i % 2,
  }));
}

export const RECORDED_APPROVALS: Approvals = {
  cityAttorney: { name: 'Jane Ortiz', date: '2026-05-04', reference: 'CA memo 2026-14' },
  legislativeBody: { body: 'City Council', resolution: 'Resolution 26-31', date: '2026-05-12' },
  departmentHead: { name: 'Sam Lee', title: 'Director of Communications', date: '2026-05-13' },
};

export const NO_APPROVALS: Approvals = { cityAttorney: null, legislativeBody: null, departmentHead: null };

export function aBatch(overrides: Partial<DispositionBatch> = {}): DispositionBatch {
  return {
    id: 'batch-1',
    number: 'DB-2026-003',
    action: 'destroy',
    createdBy: { userId: 'user-records', name: 'Robin Records' },
    createdAt: '2026-05-01T16:30:00.000Z',
    records: listedRecords(3),
    approvals: NO_APPROVALS,
    approvedAt: null,
    execution: null,
    ...overrides,
  };
}

/** The batch with its approvals recorded and carried out at `executedAt`, leaving out `leftOut`. */
export function anExecutedBatch(batch: DispositionBatch, leftOut: LeftOut[] = [], backupsHoldContentUntil: string | null = '2026-06-14'): DispositionBatch {
  const left = new Set(leftOut.map((one) => one.recordId));
  return {
    ...batch,
    approvals: RECORDED_APPROVALS,
    approvedAt: '2026-05-13T17:00:00.000Z',
    execution: {
      executedBy: { userId: 'user-manager', name: 'Morgan Manager' },
      executedAt: '2026-05-15T18:45:00.000Z',
      disposedIds: batch.records.filter((record) => !left.has(record.recordId)).map((record) => record.recordId),
      leftOut,
      backupsHoldContentUntil,
    },
  };
}

/** What remains of each disposed record of an executed batch: two journal payloads and, for some, a file. */
export function stubsOf(batch: DispositionBatch): DisposedStub[] {
  const disposed = new Set(batch.execution?.disposedIds ?? []);
  return batch.records
    .filter((record) => disposed.has(record.recordId))
    .map((record, i) => ({
      recordId: record.recordId,
      table: record.table,
      action: batch.action,
      seriesId: record.seriesId,
      seriesCode: record.seriesCode,
      removedOn: record.removedOn,
      eligibleOn: record.eligibleOn,
      batchId: batch.id,
      batchNumber: batch.number,
      disposedAt: batch.execution?.executedAt ?? '',
      destroyedVersions: [
        { seq: 10 + i * 2, payloadHash: `${(i + 1).toString(16).padStart(8, '0')}${'d'.repeat(56)}` },
        { seq: 11 + i * 2, payloadHash: `${(i + 1).toString(16).padStart(8, '0')}${'e'.repeat(56)}` },
      ],
      destroyedFiles: Array.from({ length: record.attachmentCount }, () => ({ sha256: `${(i + 1).toString(16).padStart(8, '0')}${'f'.repeat(56)}`, bytes: 120_000, kind: 'screenshot' })),
    }));
}
