import { DateTime } from 'luxon';
import type { JobRequest } from '../../../shared/jobs/jobs';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { REMOVAL_TABLE, removalSchema } from '../../../shared/removals/removal';
import { removalDate } from '../../../shared/removals/removal-listing';
import {
  backupsHoldContentUntil,
  DISPOSED_TABLE,
  DISPOSITION_TABLE,
  dispositionBatchSchema,
  disposedStubSchema,
  executionRefusal,
  MAX_RECORDS_IN_BATCH,
  partitionForExecution,
  withApproval,
  type ApprovalKind,
  type Approvals,
  type DispositionBatch,
  type DisposedStub,
  type LeftOut,
  type RecordNow,
} from '../../../shared/retention/disposition';
import { nextBatchNumber, requestHoldName, type AssessedRecord } from '../../../shared/retention/schedule-status';
import type { DispositionAction } from '../../../shared/retention/series';
import { bytesToHex } from '../../../shared/encoding';
import { openRequestsIndex } from '../cpra/requests';
import type { Change } from '../ledger/record-store';
import type { Session } from '../vault/session';
import { versionsOf } from '../read-model/database';

/**
 * Disposition batches as the records manager works them: list, approve,
 * execute. Execution seals the stubs and the batch's executed version here
 * (the only place with keys) and hands them to main's "dispose" job, which
 * appends them and destroys what they replace, resuming after a crash.
 */

const cityDay = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(CITY_TIME_ZONE).toISODate() ?? instant.slice(0, 10);

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

function batchChange(batch: DispositionBatch, reason: string): Change {
  return { table: DISPOSITION_TABLE, recordId: batch.id, data: batch, clear: { number: batch.number, action: batch.action, status: batch.execution ? 'executed' : batch.approvedAt ? 'approved' : 'awaiting_approval' }, reason };
}

export async function loadBatches(session: Session): Promise<DispositionBatch[]> {
  const batches = await session.records.list(DISPOSITION_TABLE, dispositionBatchSchema);
  return batches.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Lists the eligible records of one series as a new batch awaiting approval (at most one journal batch's worth). */
export async function listBatch(
  session: Session,
  options: { eligible: readonly AssessedRecord[]; action: DispositionAction; existingNumbers: readonly string[]; now: Date; newId: () => string },
): Promise<DispositionBatch> {
  const chosen = options.eligible.filter((a) => a.eligibility.status === 'eligible').slice(0, MAX_RECORDS_IN_BATCH);
  const rows = await session.db.records.bulkGet(chosen.map((a) => a.listing.id));
  const records = await Promise.all(
    chosen.map(async (assessed, index) => {
      const row = rows[index];
      if (!row || assessed.eligibility.status !== 'eligible') throw new Error(`Record ${assessed.listing.id} is no longer in the read model.`);
      return {
        recordId: row.id,
        table: row.table,
        seriesId: assessed.series.id,
        seriesCode: assessed.series.code,
        removedOn: cityDay(removalDate(assessed.listing)),
        eligibleOn: assessed.eligibility.eligibleOn,
        version: row.version,
        contentHash: await sha256Hex(new Uint8Array(row.ciphertext)),
        attachmentCount: assessed.listing.attachmentCount,
      };
    }),
  );
  const today = cityDay(options.now.toISOString());
  const batch = dispositionBatchSchema.parse({
    id: options.newId(),
    number: nextBatchNumber(options.existingNumbers, today),
    action: options.action,
    createdBy: { userId: session.user.id, name: session.user.fullName },
    createdAt: options.now.toISOString(),
    records,
    approvals: { cityAttorney: null, legislativeBody: null, departmentHead: null },
    approvedAt: null,
    execution: null,
  });
  await session.records.save(batchChange(batch, `Destruction list ${batch.number} prepared`));
  return batch;
}

export async function recordApproval<K extends ApprovalKind>(session: Session, batch: DispositionBatch, kind: K, approval: NonNullable<Approvals[K]>, now: Date): Promise<DispositionBatch> {
  if (batch.execution) throw new Error(`Batch ${batch.number} was already executed; its approvals can no longer change.`);
  const updated = dispositionBatchSchema.parse(withApproval(batch, kind, approval, now.toISOString()));
  await session.records.save(batchChange(updated, `Approval recorded: ${kind}`));
  return updated;
}

export interface PreparedExecution {
  /** The job for main, or null when every record was left out (only the batch's own version is saved). */
  job: Extract<JobRequest, { kind: 'dispose' }> | null;
  batch: DispositionBatch;
  stubs: DisposedStub[];
  leftOut: LeftOut[];
}

/**
 * Everything the execution writes, sealed: re-checks each listed record as it
 * is now, builds its stub from every version it ever had (their payload hashes
 * and every file any version named), and the batch's executed version.
 */
export async function prepareExecution(
  session: Session,
  batch: DispositionBatch,
  options: { assessed: ReadonlyMap<string, AssessedRecord>; now: Date; backupGenerations: number | null },
): Promise<PreparedExecution> {
  const refusal = executionRefusal(batch, session.user.role);
  if (refusal) throw new Error(refusal);
  const rows = await session.db.records.bulkGet(batch.records.map((r) => r.recordId));
  // Read again now, not when the screen opened: a record attached to a request since must not be destroyed.
  const openRequestsFor = await openRequestsIndex(session);
  const now = new Map<string, RecordNow>();
  rows.forEach((row) => {
    if (!row) return;
    const assessed = options.assessed.get(row.id);
    const requests = openRequestsFor(row.id).map(requestHoldName);
    now.set(row.id, {
      version: row.version,
      disposed: row.table === DISPOSED_TABLE,
      heldBy: [...new Set([...(assessed?.heldBy ?? []), ...requests])],
      eligible: assessed?.eligibility.status === 'eligible',
    });
  });
  const { dispose, leftOut } = partitionForExecution(batch, now);
  const executedAt = options.now.toISOString();
  const attachmentIds = new Set<string>();
  const stubs: DisposedStub[] = [];
  for (const listed of dispose) {
    const versions = await session.records.versions(REMOVAL_TABLE, listed.recordId, removalSchema);
    const files = new Map<string, { sha256: string; bytes: number; kind: string }>();
    for (const version of versions) {
      for (const file of version.data.attachments) {
        attachmentIds.add(file.attachmentId);
        if (file.thumbnailId) attachmentIds.add(file.thumbnailId);
        files.set(file.attachmentId, { sha256: file.sha256, bytes: file.bytes, kind: file.kind });
      }
    }
    stubs.push(
      disposedStubSchema.parse({
        recordId: listed.recordId,
        table: listed.table,
        action: batch.action,
        seriesId: listed.seriesId,
        seriesCode: listed.seriesCode,
        removedOn: listed.removedOn,
        eligibleOn: listed.eligibleOn,
        batchId: batch.id,
        batchNumber: batch.number,
        disposedAt: executedAt,
        destroyedVersions: await destroyedVersions(session, listed.recordId),
        destroyedFiles: [...files.values()],
      }),
    );
  }
  const executed = dispositionBatchSchema.parse({
    ...batch,
    execution: {
      executedBy: { userId: session.user.id, name: session.user.fullName },
      executedAt,
      disposedIds: stubs.map((s) => s.recordId),
      leftOut,
      backupsHoldContentUntil: stubs.length ? backupsHoldContentUntil(executedAt, CITY_TIME_ZONE, options.backupGenerations) : null,
    },
  });
  if (stubs.length === 0) return { job: null, batch: executed, stubs, leftOut };
  const changes: Change[] = [
    ...stubs.map((stub) => ({
      table: DISPOSED_TABLE,
      recordId: stub.recordId,
      data: stub,
      clear: { seriesId: stub.seriesId, removedOn: stub.removedOn, batchId: stub.batchId, action: stub.action, disposedAt: stub.disposedAt },
      reason: `${batch.action === 'destroy' ? 'Destroyed' : 'Transferred to the City’s archives'} by batch ${batch.number}`,
    })),
    batchChange(executed, `Batch ${batch.number} executed`),
  ];
  const { events } = await session.records.seal(changes);
  return {
    job: {
      kind: 'dispose',
      batchId: batch.id,
      events,
      recordIds: stubs.map((s) => s.recordId),
      attachmentIds: [...attachmentIds],
      backupsHoldContentUntil: executed.execution?.backupsHoldContentUntil ?? null,
    },
    batch: executed,
    stubs,
    leftOut,
  };
}

/** Every journal payload of the record, by seq and hash: the read model keeps the hash; older rows ask the journal. */
async function destroyedVersions(session: Session, recordId: string): Promise<Array<{ seq: number; payloadHash: string }>> {
  const rows = await versionsOf(session.db, recordId).toArray();
  return Promise.all(
    rows.map(async (row) => {
      if (row.payloadHash) return { seq: row.seq, payloadHash: row.payloadHash };
      const read = await session.records.journalEntry(row.seq);
      if (!read?.payloadHash) throw new Error(`Version ${row.version} of record ${recordId} has no payload hash in the journal.`);
      return { seq: row.seq, payloadHash: read.payloadHash };
    }),
  );
}

/** After main's job finished (or nothing was to be destroyed): the read model, search and drafts forget what was destroyed. */
export async function finishExecution(session: Session, prepared: PreparedExecution): Promise<void> {
  if (!prepared.job) {
    await session.records.save(batchChange(prepared.batch, `Batch ${prepared.batch.number} executed: every record was left out`));
    return;
  }
  await session.records.refresh();
  const ids = prepared.stubs.map((s) => s.recordId);
  const stubSeqs = new Map<string, number>();
  (await session.db.records.bulkGet(ids)).forEach((row) => row && stubSeqs.set(row.id, row.seq));
  await versionsOf(session.db, ids).modify((row) => {
      if (row.seq < (stubSeqs.get(row.recordId) ?? 0)) row.destroyed = true;
    });
  for (const id of ids) {
    session.search?.remove(id);
    // A correction left unfinished holds the content too, encrypted: it goes with the record.
    await session.drafts.discard(id);
  }
}
