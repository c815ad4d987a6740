import { expect } from 'vitest';
import { HOLD_TABLE } from '../../../shared/holds/hold';
import { REMOVAL_TABLE } from '../../../shared/removals/removal';
import { DISPOSED_TABLE, DISPOSITION_TABLE, disposedStubSchema } from '../../../shared/retention/disposition';
import { SERIES_TABLE } from '../../../shared/retention/series';
import { differencesFromRebuild } from './read-model-rebuild';
import type { Outcome, SoakContext } from './user-operations';
import { retentionView } from './user-operations';
import { listingsIn } from '../../../renderer/src/read-model/database';

/**
 * What must hold after every operation of the soak, and what is checked in
 * full every K operations and at the end. The cheap checks run every time:
 * the journal's new links, the count of records in every state, and the
 * stored state of whatever the operation touched. The full ones read
 * everything: main's own verification of the journal on disk, the read model
 * against a rebuild from the journal, every record against the model, the
 * app's retention schedule against the model's, and search.
 */

/** Records in each state, as the read model lists them, against the model's. */
async function checkCounts({ desk, model }: SoakContext): Promise<void> {
  const db = desk.session('clerk').db;
  const count = (table: string) => listingsIn(db, table).count();
  const [removal, disposed, hold, series, disposition, holds, batches] = await Promise.all([
    count(REMOVAL_TABLE),
    count(DISPOSED_TABLE),
    count(HOLD_TABLE),
    count(SERIES_TABLE),
    count(DISPOSITION_TABLE),
    listingsIn(db, HOLD_TABLE).toArray(),
    listingsIn(db, DISPOSITION_TABLE).toArray(),
  ]);
  expect({
    removal,
    disposed,
    hold,
    holdReleased: holds.filter((h) => h.clear.released === true).length,
    series,
    disposition,
    batchExecuted: batches.filter((b) => b.clear.status === 'executed').length,
    batchApproved: batches.filter((b) => b.clear.status === 'approved').length,
  }, 'records by state').toEqual(model.counts());
}

/** The stored state of each record the operation touched, against the model. */
async function checkTouched({ desk, model }: SoakContext, touched: readonly string[]): Promise<void> {
  const db = desk.session('clerk').db;
  const rows = await db.records.bulkGet([...touched]);
  touched.forEach((id, index) => {
    const row = rows[index];
    const removal = model.removals.get(id);
    const hold = model.holds.get(id);
    const batch = model.batches.get(id);
    if (removal?.destroyed) {
      expect(row, `${id} is a stub`).toMatchObject({ table: DISPOSED_TABLE, clear: { batchId: removal.destroyed.batchId } });
    } else if (removal) {
      expect(row && { table: row.table, version: row.version, seriesId: row.clear.seriesId, siteId: row.clear.siteId }, `removal ${id}`).toEqual({
        table: REMOVAL_TABLE,
        version: removal.version,
        seriesId: removal.seriesId,
        siteId: removal.siteId,
      });
    } else if (hold) {
      expect(row?.clear.released, `hold ${id} released`).toBe(hold.released);
    } else if (batch) {
      expect(row?.clear.status, `batch ${batch.number}`).toBe(batch.executed ? 'executed' : batch.approvals === 3 ? 'approved' : 'awaiting_approval');
    } else if (model.series.has(id)) {
      expect(row?.table, `series ${id}`).toBe(SERIES_TABLE);
    } else {
      expect(row, `${id} was never acknowledged, so nothing of it is stored`).toBeUndefined();
    }
  });
}

/** Up to `count` items spread evenly over the list: a sample that does not draw on the operations' random numbers. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!);
}

export async function checkAfterEveryOperation(context: SoakContext, outcome: Outcome | null): Promise<void> {
  await context.chain.checkNewEntries();
  await checkCounts(context);
  if (outcome) await checkTouched(context, outcome.touched);
}

/** Everything, read in full. */
export async function checkEverything(context: SoakContext): Promise<void> {
  const { desk, model, chain } = context;
  const session = desk.session('records_manager');

  // Main's own walk of the journal on disk: what a restart or a backup would read.
  const verified = await desk.runJob(session.user.id, { kind: 'verifyJournal' });
  expect(verified.state, verified.error?.message).toBe('done');
  expect(verified.result).toMatchObject({ kind: 'verifyJournal', report: { verdict: 'intact', firstBrokenLink: null, sequenceGaps: [] } });
  await chain.checkNewEntries();

  // Main writes events of its own (the verification just now is one): the read model takes them in when it next catches up.
  await session.records.refresh();
  expect(await differencesFromRebuild(desk.ledger, session), 'the read model against a rebuild from the journal').toEqual([]);

  await checkTouched(context, [...model.removals.keys(), ...model.holds.keys(), ...model.batches.keys(), ...[...model.series.keys()].filter((id) => id !== 'series-removed-content')]);

  // The app's retention schedule and the model's, record by record.
  const view = await retentionView(session, model.today);
  const seen = new Map(view.assessed.map((a) => [a.listing.id, a.eligibility]));
  for (const record of model.live()) {
    const eligibility = seen.get(record.id);
    const held = model.heldBy(record).length > 0;
    const on = model.eligibleOn(record);
    const expected = held ? 'held' : on === null ? 'permanent' : model.today >= on ? 'eligible' : 'retained';
    expect(eligibility?.status, `retention of ${record.id} on ${model.today}`).toBe(expected);
    if (eligibility && 'eligibleOn' in eligibility && on !== null) expect(eligibility.eligibleOn, `eligible date of ${record.id}`).toBe(on);
  }
  expect(seen.size, 'records the schedule assessed').toBe(model.live().length);

  // Nothing was destroyed before its day, and what was destroyed is gone.
  for (const record of model.destroyed()) {
    const stub = await session.records.get(DISPOSED_TABLE, record.id, disposedStubSchema);
    expect(stub, `the stub of ${record.id}`).not.toBeNull();
    expect(stub!.eligibleOn <= record.destroyed!.day, `${record.id} destroyed on ${record.destroyed!.day}, eligible ${stub!.eligibleOn}`).toBe(true);
    expect(stub!.eligibleOn).toBe(model.eligibleOn(record));
  }

  // Search finds what is there and nothing that was destroyed.
  for (const record of [...spread(model.live(), 10), ...spread(model.destroyed(), 10)]) {
    const results = await desk.search.search(record.word, 500_000);
    expect(results?.ids.includes(record.id), `search for ${record.id}`).toBe(record.destroyed === null);
  }
}
