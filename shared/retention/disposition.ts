import { DateTime } from 'luxon';
import { z } from 'zod';
import { hexSha256Schema } from '../encoding';
import type { Role } from '../users/user';
import { dispositionActionSchema, dispositionActionLabels, type DispositionAction } from './series';

/**
 * Disposition: taking records that have reached the end of their retention
 * period out of the ledger, only after the approvals Gov. Code 34090 asks
 * for. Records staff list a batch; the city attorney consents in writing, the
 * legislative body approves by resolution and the department head signs; only
 * then may the records manager execute it. Execution re-checks every record:
 * one held or changed since the list was approved is left out and named.
 *
 * A batch is a record of its own (table "disposition"), versioned like any
 * other, so its listing, each approval and its execution are in the journal.
 * What remains of each disposed record is a stub (table "disposed", same
 * record id): which series, which dates, which batch, and the hashes of every
 * journal payload and file that was destroyed, so the chain and the evidence
 * of what once existed both survive.
 */
export const DISPOSITION_TABLE = 'disposition';
export const DISPOSED_TABLE = 'disposed';

/** One event batch in the journal holds at most 10,000 entries: the stubs plus the batch's own executed version. */
export const MAX_RECORDS_IN_BATCH = 9_999;

const calendarDay = z.iso.date('Enter the date as year-month-day.');
const personName = (who: string) => z.string().trim().min(1, `Enter the name of ${who}.`).max(200);

/** One record as the destruction list shows it: never its content, only what identifies it. */
export const listedRecordSchema = z.object({
  recordId: z.string().min(1).max(64),
  /** The table the record lives in ("removal"). */
  table: z.string().min(1).max(32),
  seriesId: z.string().min(1).max(64),
  seriesCode: z.string().min(1).max(40),
  /** City calendar days. */
  removedOn: calendarDay,
  eligibleOn: calendarDay,
  /** The version listed: a record changed after it was listed is left out at execution. */
  version: z.number().int().min(1),
  /** SHA-256 of the listed version's encrypted payload, as the journal holds it. */
  contentHash: hexSha256Schema,
  attachmentCount: z.number().int().min(0),
});
export type ListedRecord = z.infer<typeof listedRecordSchema>;

export const cityAttorneyConsentSchema = z.object({
  name: personName('the city attorney who consented'),
  date: calendarDay,
  reference: z.string().trim().min(1, 'Enter the reference of the written consent (a letter or memo number).').max(200),
});
export const legislativeApprovalSchema = z.object({
  body: z.string().trim().min(1, 'Enter the body that approved it (for example: City Council).').max(200),
  resolution: z.string().trim().min(1, 'Enter the number of the resolution that approved the destruction.').max(200),
  date: calendarDay,
});
export const departmentHeadApprovalSchema = z.object({
  name: personName('the department head who approved it'),
  title: z.string().trim().min(1, 'Enter the department head’s title.').max(200),
  date: calendarDay,
});

export const approvalsSchema = z.object({
  cityAttorney: cityAttorneyConsentSchema.nullable(),
  legislativeBody: legislativeApprovalSchema.nullable(),
  departmentHead: departmentHeadApprovalSchema.nullable(),
});
export type Approvals = z.infer<typeof approvalsSchema>;
export type ApprovalKind = keyof Approvals;

export const actorSchema = z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(200) });
export type Actor = z.infer<typeof actorSchema>;

export const leftOutSchema = z.object({ recordId: z.string().min(1).max(64), reason: z.string().min(1).max(1000) });
export type LeftOut = z.infer<typeof leftOutSchema>;

export const executionSchema = z.object({
  executedBy: actorSchema,
  executedAt: z.iso.datetime({ offset: true }),
  disposedIds: z.array(z.string().min(1).max(64)),
  leftOut: z.array(leftOutSchema),
  /** The last day a backup made before the execution may still hold what was destroyed (YYYY-MM-DD), or null when no backups are kept. */
  backupsHoldContentUntil: calendarDay.nullable(),
});
export type Execution = z.infer<typeof executionSchema>;

export const dispositionBatchSchema = z.object({
  id: z.string().min(1).max(64),
  /** What records staff and the council call it, e.g. "DB-2026-003". */
  number: z.string().trim().min(1).max(40),
  action: dispositionActionSchema,
  createdBy: actorSchema,
  createdAt: z.iso.datetime({ offset: true }),
  records: z.array(listedRecordSchema).min(1, 'A batch lists at least one record.').max(MAX_RECORDS_IN_BATCH),
  approvals: approvalsSchema,
  /** When the last of the three approvals was recorded: the moment the list was approved. */
  approvedAt: z.iso.datetime({ offset: true }).nullable(),
  execution: executionSchema.nullable(),
});
export type DispositionBatch = z.infer<typeof dispositionBatchSchema>;

export type BatchStatus = 'awaiting_approval' | 'approved' | 'executed';
export const batchStatusLabels: Record<BatchStatus, string> = {
  awaiting_approval: 'Awaiting approval',
  approved: 'Approved, not yet executed',
  executed: 'Executed',
};

export function batchStatus(batch: DispositionBatch): BatchStatus {
  if (batch.execution) return 'executed';
  return batch.approvedAt ? 'approved' : 'awaiting_approval';
}

export const approvalLabels: Record<ApprovalKind, string> = {
  cityAttorney: 'The city attorney’s written consent',
  legislativeBody: 'The legislative body’s approval by resolution',
  departmentHead: 'The department head’s approval',
};

/** What is still missing before the batch may be executed, in words; empty when all are recorded. */
export function missingApprovals(batch: Pick<DispositionBatch, 'approvals'>): string[] {
  return (Object.keys(approvalLabels) as ApprovalKind[]).filter((kind) => batch.approvals[kind] === null).map((kind) => approvalLabels[kind]);
}

/** The batch with one more approval recorded; approvedAt is set when it completes the three. */
export function withApproval<K extends ApprovalKind>(batch: DispositionBatch, kind: K, approval: NonNullable<Approvals[K]>, now: string): DispositionBatch {
  const approvals = { ...batch.approvals, [kind]: approval };
  const complete = missingApprovals({ approvals }).length === 0;
  return { ...batch, approvals, approvedAt: batch.approvedAt ?? (complete ? now : null) };
}

/** Why this person may not execute the batch now, or null when they may. */
export function executionRefusal(batch: DispositionBatch, role: Role): string | null {
  if (batch.execution) return `Batch ${batch.number} was already executed.`;
  // The batch's own state first: it is what anyone looking at it needs to know.
  const missing = missingApprovals(batch);
  if (missing.length > 0) {
    return `Batch ${batch.number} cannot be executed before the approvals Gov. Code 34090 requires are recorded. Missing: ${missing.join('; ')}.`;
  }
  if (role !== 'records_manager') return 'Only a records manager may execute a disposition batch.';
  // Executing removes the content from the ledger; for a transfer that is only safe once the archives hold it.
  if (batch.action === 'transfer') {
    return `Batch ${batch.number} is a transfer to the City’s archives, and this version cannot yet write the archival package (BagIt) the archives receive. Nothing was removed; keep the records until a version that can is installed.`;
  }
  return null;
}

/** A listed record as it stands at execution. Absent when it is no longer in the ledger. */
export interface RecordNow {
  version: number;
  /** The matters and requests that hold it now. */
  heldBy: readonly string[];
  /** Whether the schedule still says it may be disposed of today (its series may have changed). */
  eligible: boolean;
  /** Already a stub: disposed of by another batch. */
  disposed: boolean;
}

/**
 * Which listed records are disposed of, and which are left out and why: a
 * record held, changed, gone or no longer eligible since the list was
 * approved is never disposed of on the strength of an approval that did not
 * see it as it is now.
 */
export function partitionForExecution(batch: DispositionBatch, now: ReadonlyMap<string, RecordNow>): { dispose: ListedRecord[]; leftOut: LeftOut[] } {
  const dispose: ListedRecord[] = [];
  const leftOut: LeftOut[] = [];
  for (const listed of batch.records) {
    const current = now.get(listed.recordId);
    const reason = !current
      ? 'It is no longer in the ledger.'
      : current.disposed
        ? 'It was already disposed of by another batch.'
        : current.heldBy.length > 0
          ? `It is held by ${current.heldBy.join(' and ')}.`
          : current.version !== listed.version
            ? `It was changed after it was listed (version ${listed.version} was listed; it is now at version ${current.version}).`
            : !current.eligible
              ? 'It is no longer eligible for disposition under its series.'
              : null;
    if (reason) leftOut.push({ recordId: listed.recordId, reason });
    else dispose.push(listed);
  }
  return { dispose, leftOut };
}

/** What remains of a disposed record: enough to prove what existed and what became of it, nothing of its content. */
export const disposedStubSchema = z.object({
  recordId: z.string().min(1).max(64),
  /** The table it was in ("removal"). */
  table: z.string().min(1).max(32),
  action: dispositionActionSchema,
  seriesId: z.string().min(1).max(64),
  seriesCode: z.string().min(1).max(40),
  removedOn: calendarDay,
  eligibleOn: calendarDay,
  batchId: z.string().min(1).max(64),
  batchNumber: z.string().min(1).max(40),
  disposedAt: z.iso.datetime({ offset: true }),
  /** The journal entries whose payloads were destroyed, by sequence number and payload hash (the hash stays in the chain). */
  destroyedVersions: z.array(z.object({ seq: z.number().int().min(1), payloadHash: hexSha256Schema })),
  /** The files that were destroyed: each original's SHA-256 as the record kept it. */
  destroyedFiles: z.array(z.object({ sha256: hexSha256Schema, bytes: z.number().int().min(0), kind: z.string().min(1).max(40) })),
});
export type DisposedStub = z.infer<typeof disposedStubSchema>;

export function describeAction(action: DispositionAction): string {
  return dispositionActionLabels[action];
}

/**
 * Backups made before an execution still hold what it destroyed. The backup
 * folder keeps `generations` backups, one a day at most, so the last of those
 * is rotated out `generations` days after the execution at the latest; main's
 * rotation removes any that remain by then, whatever the count.
 */
export function backupsHoldContentUntil(executedAt: string, timeZone: string, generations: number | null): string | null {
  if (generations === null || generations <= 0) return null;
  const day = DateTime.fromISO(executedAt, { zone: 'utc' }).setZone(timeZone);
  return day.isValid ? day.plus({ days: generations }).toISODate() : null;
}
