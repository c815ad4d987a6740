import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptJson } from '../../../shared/crypto/envelope';
import { HOLD_TABLE, holdSchema } from '../../../shared/holds/hold';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { JobRequest, JobStatus } from '../../../shared/jobs/jobs';
import { listLinks } from '../../../shared/removals/links';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import { listingFromClear } from '../../../shared/removals/removal-listing';
import { DISPOSED_TABLE, disposedStubSchema } from '../../../shared/retention/disposition';
import { assessRetention, scheduleSeries } from '../../../shared/retention/schedule-status';
import { newId } from '../../../renderer/src/ledger/random';
import { listingsIn, ReadModelDatabase, versionsOf } from '../../../renderer/src/read-model/database';
import { syncReadModel } from '../../../renderer/src/read-model/sync';
import { saveRemoval } from '../../../renderer/src/removals/save-removal';
import { finishExecution, listBatch, prepareExecution, recordApproval } from '../../../renderer/src/retention/disposition-batches';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';
import { aRemoval, LA } from '../removals/fixtures';

const CANARY = 'CANARY-destroy-me-7f3a';
let ledger: LedgerApi;
let session: Session;
let opened: Awaited<ReturnType<typeof unitLedger>>;
let dataDir: string;

function removal(id: string, removedUtc: string, attachmentId: string | null): Removal {
  const base = aRemoval();
  const at = { utc: removedUtc, zone: LA };
  return {
    ...base,
    id,
    content: `${CANARY} ${id}`,
    links: listLinks(`${CANARY} ${id}`),
    moments: { posted: at, seen: at, removed: at },
    reviewTrail: { ...base.reviewTrail, flagged: { by: 'Dana Clerk', at }, managerNotified: { who: 'Lee', at }, counsel: { ...base.reviewTrail.counsel!, at }, decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at } },
    attachments: attachmentId ? [{ ...base.attachments[0]!, attachmentId, thumbnailId: `${attachmentId}-thumb` }] : [],
  };
}

async function runJob(job: JobRequest): Promise<JobStatus> {
  const started = await ledger.jobStart({ actor: session.user.id, job });
  if (!started.ok) throw new Error(started.error.message);
  let status = started.value;
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const polled = await ledger.jobStatus({ id: status.id });
    if (!polled.ok) throw new Error(polled.error.message);
    status = polled.value;
  }
  return status;
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeEach(async () => {
  opened = await unitLedger('records-ledger-dispose-');
  ({ ledger, dataDir } = opened);
  session = await opened.openSession('records_manager');
});

afterEach(() => opened.close());

async function assessedNow(today: string) {
  const rows = await listingsIn(session.db, REMOVAL_TABLE).toArray();
  const listings = rows.map((row) => listingFromClear(row.id, row.clear)!);
  const holds = await session.records.list(HOLD_TABLE, holdSchema);
  return assessRetention(listings, scheduleSeries([]), { today, timeZone: LA, holds });
}

describe('executing an approved disposition batch', () => {
  it('destroys the content, every version and every file of each record, leaves a stub, and leaves out a record held after approval', async () => {
    for (const [id, file] of [['r1', 'file-1'], ['r2', null], ['r3', 'file-3']] as const) {
      if (file) {
        for (const stored of [file, `${file}-thumb`]) expect((await ledger.attachmentPut({ id: stored, bytes: new TextEncoder().encode(`${CANARY} encrypted-file ${stored}`) })).ok).toBe(true);
      }
      await saveRemoval(session, removal(id, '2024-03-05T20:00:00.000Z', file), 'created');
    }
    // A correction: both versions must go.
    await saveRemoval(session, { ...removal('r1', '2024-03-05T20:00:00.000Z', 'file-1'), notes: `${CANARY} corrected` }, 'corrected');

    const batch = await listBatch(session, { eligible: await assessedNow('2026-04-01'), action: 'destroy', existingNumbers: [], now: new Date('2026-04-01T17:00:00Z'), newId });
    expect(batch.records.map((r) => r.recordId).sort()).toEqual(['r1', 'r2', 'r3']);
    let approved = await recordApproval(session, batch, 'cityAttorney', { name: 'A. Attorney', date: '2026-04-10', reference: 'CA-26-17' }, new Date('2026-04-10T17:00:00Z'));
    approved = await recordApproval(session, approved, 'legislativeBody', { body: 'City Council', resolution: '26-41', date: '2026-04-15' }, new Date('2026-04-15T17:00:00Z'));
    approved = await recordApproval(session, approved, 'departmentHead', { name: 'T. Devoy', title: 'City Clerk', date: '2026-04-16' }, new Date('2026-04-16T17:00:00Z'));

    // Counsel holds r3 after the list was approved.
    await session.records.save({
      table: HOLD_TABLE,
      recordId: 'hold-1',
      data: holdSchema.parse({ id: 'hold-1', matter: { name: 'Doe v. City of Norwalk', number: '26-CV-9' }, placedBy: { name: 'Carl', title: 'Counsel' }, placedAt: '2026-04-17T17:00:00.000Z', reason: 'Anticipated litigation.', scope: { kind: 'records', recordIds: ['r3'] }, released: null }),
      clear: { released: false },
      reason: 'Legal hold placed',
    });

    const clerk = { ...session, user: { ...session.user, role: 'clerk' as const } };
    const assessed = new Map((await assessedNow('2026-04-20')).map((a) => [a.listing.id, a]));
    await expect(prepareExecution(clerk, approved, { assessed, now: new Date('2026-04-20T17:00:00Z'), backupGenerations: 7 })).rejects.toThrow('Only a records manager');

    const prepared = await prepareExecution(session, approved, { assessed, now: new Date('2026-04-20T17:00:00Z'), backupGenerations: 7 });
    expect(prepared.leftOut).toEqual([{ recordId: 'r3', reason: 'It is held by Doe v. City of Norwalk (26-CV-9).' }]);
    expect(prepared.job!.attachmentIds.sort()).toEqual(['file-1', 'file-1-thumb']);
    const status = await runJob(prepared.job!);
    expect(status.state, status.error?.message).toBe('done');
    await finishExecution(session, prepared);

    // The stubs stand where the records were; the held record is untouched.
    const stub = await session.records.get(DISPOSED_TABLE, 'r1', disposedStubSchema);
    expect(stub).toMatchObject({ batchNumber: batch.number, action: 'destroy', removedOn: '2024-03-05', eligibleOn: '2026-03-05' });
    expect(stub!.destroyedVersions).toHaveLength(2);
    expect(stub!.destroyedFiles).toEqual([{ sha256: 'a'.repeat(64), bytes: 120_000, kind: 'screenshot' }]);
    expect(await session.records.get(REMOVAL_TABLE, 'r1', removalSchema)).toBeNull();
    expect((await listingsIn(session.db, REMOVAL_TABLE).primaryKeys())).toEqual(['r3']);
    expect(await ledger.attachmentGet({ id: 'file-1' })).toMatchObject({ ok: false });
    expect(await ledger.attachmentGet({ id: 'file-3' })).toMatchObject({ ok: true });

    // The chain still verifies, and nothing of the destroyed content is left in any file of the vault folder.
    const verified = await runJob({ kind: 'verifyJournal' });
    expect(verified.result).toMatchObject({ kind: 'verifyJournal', report: { verdict: 'intact' } });
    const journal = await ledger.journalRead({ afterSeq: 0, limit: 5_000 });
    expect(journal.ok && journal.value.entries.filter((e) => (e.recordId === 'r1' || e.recordId === 'r2') && e.type === 'removal.version').map((e) => e.payload)).toEqual([null, null, null]);
    for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(`encrypted-file file-1`), file).toBe(false);

    // A read model rebuilt from the journal agrees: stubs, no unreadable entries.
    const rebuilt = new ReadModelDatabase(`test-${newId()}`);
    const outcome = await syncReadModel({ ledger, db: rebuilt, ledgerId: session.ledgerId, instanceId: newId, marker: null, open: async (table, recordId, ciphertext) => recordVersionPayloadSchema.parse(await decryptJson(session.keys.records, ciphertext, { table, recordId })) });
    expect(outcome.unreadable).toEqual([]);
    expect((await rebuilt.records.get('r1'))?.table).toBe(DISPOSED_TABLE);
    expect((await versionsOf(rebuilt, 'r1').toArray()).filter((v) => v.destroyed)).toHaveLength(2);
    rebuilt.close();
    await rebuilt.delete();
  });
});
