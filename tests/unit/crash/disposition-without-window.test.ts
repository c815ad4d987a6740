import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOLD_TABLE, holdSchema } from '../../../shared/holds/hold';
import type { JobRequest } from '../../../shared/jobs/jobs';
import { draftFromRemoval } from '../../../shared/removals/removal-draft';
import { REMOVAL_TABLE, type Removal } from '../../../shared/removals/removal';
import { listingFromClear } from '../../../shared/removals/removal-listing';
import { DISPOSED_TABLE } from '../../../shared/retention/disposition';
import { assessRetention, scheduleSeries } from '../../../shared/retention/schedule-status';
import { newId } from '../../../renderer/src/ledger/random';
import { saveRemoval } from '../../../renderer/src/removals/save-removal';
import { finishExecution, listBatch, prepareExecution, recordApproval, type PreparedExecution } from '../../../renderer/src/retention/disposition-batches';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';
import { aRemoval, LA } from '../removals/fixtures';
import { readModelDifferences } from './read-model-comparison';
import { rebuildFromJournal } from './renderer-side';
import { listingsIn, versionsOf } from '../../../renderer/src/read-model/database';

/**
 * What the crash campaign (preview-kill.test.ts) found about dispositions,
 * each pinned by one deterministic case. A disposition is executed by
 * main's job; the window then "finishes" it in its own read model and
 * drafts. When the window never sees the job end (the preview was killed
 * and main finished the batch at its next start, or the page was reloaded
 * while the job ran) that never happens, and syncing does not make up for it.
 */
let opened: Awaited<ReturnType<typeof unitLedger>>;
let session: Session;

function oldRemoval(id: string): Removal {
  const at = { utc: '2023-05-10T18:00:00.000Z', zone: LA };
  const base = aRemoval();
  return {
    ...base,
    id,
    moments: { posted: at, seen: at, removed: at },
    reviewTrail: { ...base.reviewTrail, flagged: { by: 'Dana Clerk', at }, managerNotified: { who: 'Lee', at }, counsel: { ...base.reviewTrail.counsel!, at }, decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at } },
    attachments: [],
  };
}

/** Two old removals (one corrected), listed, approved and prepared for execution: the state just before the records manager's click. */
async function preparedDisposition(): Promise<PreparedExecution> {
  await saveRemoval(session, oldRemoval('r1'), 'Logged');
  await saveRemoval(session, { ...oldRemoval('r1'), notes: 'Corrected once.' }, 'Corrected');
  await saveRemoval(session, oldRemoval('r2'), 'Logged');
  const assess = async () => {
    const rows = await listingsIn(session.db, REMOVAL_TABLE).toArray();
    const listings = rows.map((row) => listingFromClear(row.id, row.clear)!);
    return assessRetention(listings, scheduleSeries([]), { today: '2026-04-20', timeZone: LA, holds: await session.records.list(HOLD_TABLE, holdSchema) });
  };
  let batch = await listBatch(session, { eligible: await assess(), action: 'destroy', existingNumbers: [], now: new Date('2026-04-20T16:00:00Z'), newId });
  batch = await recordApproval(session, batch, 'cityAttorney', { name: 'A. Attorney', date: '2026-04-20', reference: 'CA-26-17' }, new Date('2026-04-20T16:01:00Z'));
  batch = await recordApproval(session, batch, 'legislativeBody', { body: 'City Council', resolution: '26-41', date: '2026-04-20' }, new Date('2026-04-20T16:02:00Z'));
  batch = await recordApproval(session, batch, 'departmentHead', { name: 'T. Devoy', title: 'City Clerk', date: '2026-04-20' }, new Date('2026-04-20T16:03:00Z'));
  const assessed = new Map((await assess()).map((a) => [a.listing.id, a]));
  return prepareExecution(session, batch, { assessed, now: new Date('2026-04-20T16:04:00Z'), backupGenerations: null });
}

/** Main runs the job to its end, as it does when started again after a crash. */
async function mainExecutes(job: JobRequest): Promise<void> {
  const started = await opened.ledger.jobStart({ actor: session.user.id, job });
  if (!started.ok) throw new Error(started.error.message);
  let status = started.value;
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const polled = await opened.ledger.jobStatus({ id: status.id });
    if (!polled.ok) throw new Error(polled.error.message);
    status = polled.value;
  }
  expect(status.state, status.error?.message).toBe('done');
}

async function differencesFromRebuild(): Promise<string[]> {
  const rebuilt = await rebuildFromJournal(opened.ledger, `rebuilt-${newId()}`, session.keys);
  try {
    return await readModelDifferences(session.db, rebuilt.db);
  } finally {
    rebuilt.db.close();
    await rebuilt.db.delete();
  }
}

beforeEach(async () => {
  opened = await unitLedger('records-ledger-disposition-window-');
  session = await opened.openSession('records_manager');
});

afterEach(() => opened.close());

describe('a disposition, as the window sees it afterwards', () => {
  it("leaves the window's read model equal to a rebuild from the journal when the window saw the batch through", async () => {
    const prepared = await preparedDisposition();
    await mainExecutes(prepared.job!);
    await finishExecution(session, prepared);

    expect(await differencesFromRebuild()).toEqual([]);
  });

  it('marks every destroyed version in the window when main finished the batch without the window (killed, or the page reloaded)', async () => {
    const prepared = await preparedDisposition();
    await mainExecutes(prepared.job!);
    // The window is gone before it hears the job end; at the next unlock it syncs with the journal.
    session = await opened.openSession('records_manager');

    const marks: Record<string, boolean[]> = {};
    for (const id of ['r1', 'r2']) {
      const stub = await session.db.records.get(id);
      expect(stub?.table).toBe(DISPOSED_TABLE);
      const before = (await versionsOf(session.db, id).toArray()).filter((v) => v.seq < stub!.seq);
      marks[id] = before.map((v) => v.destroyed === true);
    }
    // r1 had two versions and r2 one; a rebuild from the journal marks all three destroyed.
    expect(marks).toEqual({ r1: [true, true], r2: [true] });
  });

  it('keeps no unfinished correction of a destroyed record in the window when main finished the batch without the window', async () => {
    const prepared = await preparedDisposition();
    // A clerk had begun correcting r1: the draft holds its content.
    await session.drafts.save({ ...draftFromRemoval(oldRemoval('r1')), notes: 'A correction in progress.' }, new Date('2026-04-20T16:05:00Z'));
    expect((await session.drafts.mine()).map((d) => d.id)).toContain('r1');
    await mainExecutes(prepared.job!);
    session = await opened.openSession('records_manager');

    expect((await session.drafts.mine()).map((d) => d.id)).not.toContain('r1');
  });
});
