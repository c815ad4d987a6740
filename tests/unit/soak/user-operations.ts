import { DateTime } from 'luxon';
import { expect } from 'vitest';
import { HOLD_TABLE, holdSchema, releaseHold, type HoldScope } from '../../../shared/holds/hold';
import { norwalkPolicyV1 } from '../../../shared/policy/norwalk-v1';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { REMOVAL_TABLE, removalSchema, type Attachment, type Removal } from '../../../shared/removals/removal';
import { draftFromRemoval, type RemovalDraft } from '../../../shared/removals/removal-draft';
import { listingFromClear, posterTokenOf, type RemovalListing } from '../../../shared/removals/removal-listing';
import { removalFromDraft } from '../../../shared/removals/validate-removal';
import {
  DISPOSED_TABLE,
  DISPOSITION_TABLE,
  disposedStubSchema,
  dispositionBatchSchema,
  executionRefusal,
  type ApprovalKind,
  type Approvals,
} from '../../../shared/retention/disposition';
import { assessRetention, scheduleSeries } from '../../../shared/retention/schedule-status';
import { GOV_CODE_34090, recordSeriesSchema, SERIES_TABLE } from '../../../shared/retention/series';
import { prepareAttachment } from '../../../renderer/src/attachments/attachment-files';
import { openRequestsIndex } from '../../../renderer/src/cpra/requests';
import { saveRemoval } from '../../../renderer/src/removals/save-removal';
import { finishExecution, listBatch, loadBatches, prepareExecution, recordApproval } from '../../../renderer/src/retention/disposition-batches';
import type { Session } from '../../../renderer/src/vault/session';
import { encodePng } from '../attachments/image-fixtures';
import { aDraft } from '../removals/fixtures';
import type { JournalChain } from './journal-chain';
import type { SeededRandom } from './seeded-random';
import type { SignedInLedger } from './signed-in-ledger';
import { addDays, covers, type LeftOutBecause, type ModelHoldScope, type ModelRemoval, type SoakModel } from './soak-model';
import { listingsIn } from '../../../renderer/src/read-model/database';

/**
 * What the soak's clerk, counsel and records manager do, each through the
 * same renderer functions the screens call (saveRemoval, prepareAttachment,
 * the hold and series saves the forms make, listBatch, recordApproval,
 * prepareExecution and main's dispose job, finishExecution, search). An
 * operation updates the model only once the app acknowledged it, and checks
 * on the spot what only it can see (a refusal that must change nothing, the
 * records a batch must list, what an execution must leave out).
 */

export interface SoakContext {
  desk: SignedInLedger;
  model: SoakModel;
  random: SeededRandom;
  chain: JournalChain;
  /** The next number for ids and search words, so a replayed run uses the same ones. */
  nextNumber(): number;
}

export interface Outcome {
  /** What happened, in a line, for the replay log. */
  did: string;
  /** The records whose stored state the operation changed or must not have changed. */
  touched: string[];
}

type Operation = (context: SoakContext) => Promise<Outcome | null>;

const POSTERS = ['watchdeals99', 'norwalk_neighbor', 'j.doe', 'CityWatcher', 'spam-bot-7', 'ana.garcia', 'mr_pothole', 'Civic1'];
const SITES = ['site-facebook', 'site-instagram', 'site-nextdoor'];
const LA = CITY_TIME_ZONE;

/** 3 p.m. in Norwalk on the soak's day: after every time the day's removals carry. */
function nowOn(day: string): Date {
  return DateTime.fromISO(`${day}T15:00`, { zone: LA }).toJSDate();
}

const letters = (n: number) => n.toString(26).replace(/./g, (c) => String.fromCharCode(97 + parseInt(c, 26)));

/** A word only one record has: letters, so search may treat it as a word with typos, and long enough to be unique. */
function searchWordFor(n: number): string {
  return `kestrel${letters(n)}zz`;
}

function draftFor(options: { id: string; word: string; username: string; siteId: string; day: string; attachments: Attachment[] }): RemovalDraft {
  const base = aDraft();
  const at = (time: string) => ({ local: `${options.day}T${time}`, zone: LA });
  return {
    ...base,
    id: options.id,
    siteId: options.siteId,
    poster: { ...base.poster, username: options.username, displayName: `Poster ${options.username}` },
    moments: { posted: at('08:00'), seen: at('08:30'), removed: at('09:30') },
    content: `Removed comment ${options.word}: buy cheap watches now at www.example.com/deals`,
    attachments: options.attachments,
    reviewTrail: {
      ...base.reviewTrail,
      flagged: { by: 'Dana Clerk', at: at('08:35') },
      managerNotified: { who: 'Assistant City Manager Lee', at: at('08:45') },
      counsel: { who: 'City Attorney Ortiz', at: at('09:00'), direction: 'Remove as commercial solicitation.' },
      decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at: at('09:30') },
    },
  };
}

function checked(draft: RemovalDraft, day: string): Removal {
  const result = removalFromDraft({ ...draft, status: 'logged', policyVersionId: norwalkPolicyV1.id }, { now: nowOn(day), policy: norwalkPolicyV1 });
  if (!result.ok) throw new Error(`The soak's removal was refused: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return result.removal;
}

async function currentRemoval(session: Session, id: string): Promise<Removal> {
  const removal = await session.records.get(REMOVAL_TABLE, id, removalSchema);
  if (!removal) throw new Error(`Removal ${id} is not in the read model.`);
  return removal;
}

/** The Retention page's view, as it loads it: every listing, the stored series, holds, open requests and batches, assessed today. */
export async function retentionView(session: Session, today: string) {
  const [rows, stored, holds, openRequestsFor, batches] = await Promise.all([
    listingsIn(session.db, REMOVAL_TABLE).toArray(),
    session.records.list(SERIES_TABLE, recordSeriesSchema),
    session.records.list(HOLD_TABLE, holdSchema),
    openRequestsIndex(session),
    loadBatches(session),
  ]);
  const listings = rows.map((row) => listingFromClear(row.id, row.clear)).filter((l): l is RemovalListing => l !== null);
  const series = scheduleSeries(stored);
  const assessed = assessRetention(listings, series, { today, timeZone: LA, holds, openRequestsFor });
  const inOpenBatches = new Set(batches.filter((b) => !b.execution).flatMap((b) => b.records.map((r) => r.recordId)));
  return { assessed, byId: new Map(assessed.map((a) => [a.listing.id, a] as const)), inOpenBatches, batches, series };
}

const logRemoval =
  (withScreenshot: boolean): Operation =>
  async ({ desk, model, random, nextNumber }) => {
    const session = desk.session('clerk');
    const n = nextNumber();
    const id = `removal-${n}`;
    const word = searchWordFor(n);
    const day = addDays(model.today, -random.int(0, 3 * 365 + 60));
    const attachments: Attachment[] = [];
    if (withScreenshot) {
      const [width, height] = [random.int(2, 40), random.int(2, 30)];
      let file = 0;
      const prepared = await prepareAttachment({ name: `screenshot ${n}.png`, bytes: encodePng(width, height) }, 'by-contents', {
        ledger: desk.ledger,
        recordsKey: session.keys.records,
        // Node cannot decode images; the decoder's verdict is stood in for, the storing is the app's.
        decode: async () => ({ ok: true, width, height, thumbnail: encodePng(2, 2) }),
        newId: () => `file-${n}-${++file}`,
      });
      if (!prepared.ok) throw new Error(`The screenshot was refused: ${prepared.message}`);
      attachments.push(prepared.attachment);
    }
    const username = random.pick(POSTERS);
    const siteId = random.pick(SITES);
    const removal = checked(draftFor({ id, word, username, siteId, day, attachments }), model.today);
    const saved = await saveRemoval(session, removal, 'Logged');
    expect(saved.version).toBe(1);
    model.removals.set(id, {
      id,
      word,
      username,
      siteId,
      removedDay: day,
      seriesId: 'series-removed-content',
      version: 1,
      files: attachments.flatMap((a) => [a.attachmentId, ...(a.thumbnailId ? [a.thumbnailId] : [])]),
      hasDraft: false,
      destroyed: null,
    });
    return { did: `logged ${id} removed ${day}${withScreenshot ? ' with a screenshot' : ''}`, touched: [id] };
  };

const correctRemoval: Operation = async ({ desk, model, random }) => {
  const live = model.live();
  if (live.length === 0) return null;
  const record = random.pick(live);
  const session = desk.session('clerk');
  const current = await currentRemoval(session, record.id);
  const reason = `Corrected the notes on ${model.today}`;
  // As the record page starts a correction: the saved record back in the form, from the version shown.
  const draft: RemovalDraft = { ...draftFromRemoval(current), correction: { ofVersion: record.version, reason }, notes: `Checked again on ${model.today}.` };
  const row = await session.db.records.get(record.id);
  expect(row?.version, 'the correction starts from the version on screen').toBe(draft.correction!.ofVersion);
  const saved = await saveRemoval(session, checked(draft, model.today), reason);
  await session.drafts.discard(record.id);
  record.version += 1;
  record.hasDraft = false;
  expect(saved.version).toBe(record.version);
  return { did: `corrected ${record.id} (version ${record.version})`, touched: [record.id] };
};

const leaveCorrectionAsDraft: Operation = async ({ desk, model, random }) => {
  const live = model.live().filter((r) => !r.hasDraft);
  if (live.length === 0) return null;
  const record = random.pick(live);
  const session = desk.session('clerk');
  const current = await currentRemoval(session, record.id);
  await session.drafts.save({ ...draftFromRemoval(current), correction: { ofVersion: record.version, reason: 'Started, not finished' }, notes: 'Half-typed correction' }, nowOn(model.today));
  record.hasDraft = true;
  return { did: `left a correction of ${record.id} as a draft`, touched: [record.id] };
};

const placeHold: Operation = async ({ desk, model, random, nextNumber }) => {
  const live = model.live();
  if (live.length === 0) return null;
  const session = desk.session('counsel');
  const kind = random.weighted({ records: 5, poster: 2, site: 1, period: 2 });
  const anchor = random.pick(live);
  let scope: HoldScope;
  let modelScope: ModelHoldScope;
  switch (kind) {
    case 'records': {
      const ids = random.some(live, random.int(1, 3)).map((r) => r.id);
      scope = { kind: 'records', recordIds: ids };
      modelScope = { kind: 'records', recordIds: ids };
      break;
    }
    case 'poster': {
      const token = await posterTokenOf(session.keys.blindIndex, anchor.username);
      scope = { kind: 'poster', posterToken: token!, description: `Every removal of ${anchor.username}` };
      modelScope = { kind: 'poster', username: anchor.username };
      break;
    }
    case 'site':
      scope = { kind: 'site', siteId: anchor.siteId };
      modelScope = { kind: 'site', siteId: anchor.siteId };
      break;
    case 'period': {
      const from = addDays(anchor.removedDay, -random.int(0, 20));
      const to = addDays(from, random.int(0, 60));
      scope = { kind: 'period', from, to };
      modelScope = { kind: 'period', from, to };
      break;
    }
  }
  const n = nextNumber();
  const hold = holdSchema.parse({
    id: `hold-${n}`,
    matter: { name: `Matter ${n} v. City of Norwalk`, number: `26-CV-${n}` },
    placedBy: { name: 'Connie Counsel', title: 'Deputy City Attorney' },
    placedAt: nowOn(model.today).toISOString(),
    reason: 'Litigation is reasonably anticipated.',
    scope,
    released: null,
  });
  await session.records.save({ table: HOLD_TABLE, recordId: hold.id, data: hold, clear: { released: false }, reason: 'Legal hold placed' });
  model.holds.set(hold.id, { id: hold.id, matter: `${hold.matter.name} (${hold.matter.number})`, scope: modelScope, released: false });
  const covered = live.filter((r) => covers(modelScope, r)).map((r) => r.id);
  return { did: `placed ${hold.id} on ${kind} (${covered.length} records)`, touched: [hold.id] };
};

const releaseAHold: Operation = async ({ desk, model, random }) => {
  const active = model.activeHolds();
  if (active.length === 0) return null;
  const chosen = random.pick(active);
  const session = desk.session('counsel');
  const stored = await session.records.get(HOLD_TABLE, chosen.id, holdSchema);
  if (!stored) throw new Error(`Hold ${chosen.id} is not in the read model.`);
  const released = releaseHold(stored, { by: { name: 'Connie Counsel', title: 'Deputy City Attorney' }, at: nowOn(model.today).toISOString(), reason: 'The case was dismissed with prejudice.' });
  if (!released.ok) throw new Error(released.message);
  await session.records.save({ table: HOLD_TABLE, recordId: chosen.id, data: released.hold, clear: { released: true }, reason: 'Legal hold released' });
  chosen.released = true;
  // Releasing twice is refused, and says who released it.
  expect(releaseHold(released.hold, { by: { name: 'X', title: 'Y' }, at: nowOn(model.today).toISOString(), reason: 'Again' })).toMatchObject({ ok: false });
  return { did: `released ${chosen.id}`, touched: [chosen.id] };
};

const addSeries: Operation = async ({ desk, model, random, nextNumber }) => {
  const session = desk.session('records_manager');
  const n = nextNumber();
  const permanent = random.chance(0.2);
  const transfer = permanent || random.chance(0.15);
  const period = permanent ? ({ kind: 'permanent' } as const) : ({ kind: 'for', years: random.int(2, 6), months: random.int(0, 11), days: random.int(0, 30) } as const);
  const trigger = random.pick(['removal_date', 'end_of_calendar_year'] as const);
  const series = recordSeriesSchema.parse({
    id: `series-${n}`,
    code: `SM-${n}`,
    title: `Removed content kept ${permanent ? 'permanently' : `${period.kind === 'for' ? period.years : 0} years`}`,
    covers: 'Removals the records manager files here.',
    period,
    trigger,
    disposition: transfer ? 'transfer' : 'destroy',
    citation: `Resolution 26-${n}`,
  });
  await session.records.save({ table: SERIES_TABLE, recordId: series.id, data: series, clear: { code: series.code }, reason: 'Series added to the retention schedule' });
  model.series.set(series.id, { id: series.id, code: series.code, period: series.period, trigger, disposition: series.disposition });
  return { did: `added series ${series.code} (${JSON.stringify(series.period)}, ${trigger}, ${series.disposition})`, touched: [series.id] };
};

/** A destroy period under two years is refused by name, and nothing is saved. */
const refuseShortSeries: Operation = async ({ random }) => {
  const parsed = recordSeriesSchema.safeParse({
    id: 'series-too-short',
    code: 'SM-SHORT',
    title: 'Too short',
    covers: 'Nothing',
    period: { kind: 'for', years: random.int(0, 1), months: random.int(0, 11), days: random.int(0, 30) },
    trigger: 'removal_date',
    disposition: 'destroy',
    citation: 'None',
  });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((i) => i.message).join(' ')).toContain(GOV_CODE_34090);
  return { did: 'a destroy series under two years was refused', touched: ['series-too-short'] };
};

const assignSeries: Operation = async ({ desk, model, random }) => {
  const live = model.live();
  if (live.length === 0 || model.series.size < 2) return null;
  const record = random.pick(live);
  const target = random.pick([...model.series.values()].filter((s) => s.id !== record.seriesId));
  const session = desk.session('records_manager');
  const current = await currentRemoval(session, record.id);
  const saved = await saveRemoval(session, { ...current, seriesId: target.id }, `Retention series changed to ${target.code}: filed under the wrong series`);
  record.seriesId = target.id;
  record.version += 1;
  expect(saved.version).toBe(record.version);
  return { did: `moved ${record.id} to ${target.code}`, touched: [record.id] };
};

const listABatch: Operation = async ({ desk, model, random, nextNumber }) => {
  const session = desk.session('records_manager');
  const view = await retentionView(session, model.today);
  const withWork = [...model.series.values()].filter((s) => model.listable(s.id).length > 0);
  const series = withWork.length > 0 ? random.pick(withWork) : random.pick([...model.series.values()]);
  const eligible = view.assessed.filter((a) => a.series.id === series.id && a.eligibility.status === 'eligible' && !view.inOpenBatches.has(a.listing.id));
  // The app and the model, each on its own, must agree on what may be disposed of today.
  expect(eligible.map((a) => a.listing.id).sort(), `eligible in ${series.code} on ${model.today}`).toEqual(model.listable(series.id));
  if (eligible.length === 0) return { did: `nothing eligible in ${series.code}`, touched: [] };
  const n = nextNumber();
  const batch = await listBatch(session, { eligible, action: series.disposition, existingNumbers: view.batches.map((b) => b.number), now: nowOn(model.today), newId: () => `batch-${n}` });
  model.batches.set(batch.id, { id: batch.id, number: batch.number, action: batch.action, listed: new Map(batch.records.map((r) => [r.recordId, r.version])), approvals: 0, executed: false });
  return { did: `listed ${batch.number} (${batch.action}) with ${batch.records.length} records of ${series.code}`, touched: [batch.id] };
};

const APPROVALS: { [K in ApprovalKind]: (day: string, n: number) => NonNullable<Approvals[K]> } = {
  cityAttorney: (day, n) => ({ name: 'A. Attorney', date: day, reference: `CA-${n}` }),
  legislativeBody: (day, n) => ({ body: 'City Council', resolution: `R-${n}`, date: day }),
  departmentHead: (day) => ({ name: 'T. Devoy', title: 'City Clerk', date: day }),
};

const recordAnApproval: Operation = async ({ desk, model, random, nextNumber }) => {
  const waiting = [...model.batches.values()].filter((b) => !b.executed && b.approvals < 3);
  if (waiting.length === 0) return null;
  const chosen = random.pick(waiting);
  const session = desk.session(random.pick(['counsel', 'records_manager'] as const));
  const batch = await session.records.get(DISPOSITION_TABLE, chosen.id, dispositionBatchSchema);
  if (!batch) throw new Error(`Batch ${chosen.id} is not in the read model.`);
  const missing = (Object.keys(APPROVALS) as ApprovalKind[]).filter((kind) => batch.approvals[kind] === null);
  expect(missing).toHaveLength(3 - chosen.approvals);
  const kind = random.pick(missing);
  const updated = await recordApproval(session, batch, kind, APPROVALS[kind](model.today, nextNumber()) as never, nowOn(model.today));
  chosen.approvals += 1;
  expect(updated.approvedAt !== null).toBe(chosen.approvals === 3);
  return { did: `recorded ${kind} for ${chosen.number}`, touched: [chosen.id] };
};

const REASONS: Record<LeftOutBecause, RegExp> = {
  gone: /no longer in the ledger/,
  already_disposed: /already disposed of/,
  held: /^It is held by /,
  changed: /changed after it was listed/,
  not_eligible: /no longer eligible/,
};

const executeABatch: Operation = async ({ desk, model, random, chain }) => {
  const ready = [...model.batches.values()].filter((b) => !b.executed && b.approvals === 3 && b.action === 'destroy');
  if (ready.length === 0) return null;
  const chosen = random.pick(ready);
  const session = desk.session('records_manager');
  const batch = (await session.records.get(DISPOSITION_TABLE, chosen.id, dispositionBatchSchema))!;
  expect(executionRefusal(batch, 'records_manager')).toBeNull();
  const expected = model.expectedExecution(chosen);
  // Stated on its own, whatever the app decides: what goes is eligible today and held by nothing.
  for (const id of expected.dispose) {
    const record = model.removals.get(id)!;
    expect(model.heldBy(record), `${id} is held`).toEqual([]);
    expect(model.eligibleOn(record)! <= model.today, `${id} is eligible`).toBe(true);
  }
  const view = await retentionView(session, model.today);
  const prepared = await prepareExecution(session, batch, { assessed: view.byId, now: nowOn(model.today), backupGenerations: null });
  expect(prepared.stubs.map((s) => s.recordId).sort(), `disposed by ${chosen.number}`).toEqual(expected.dispose);
  expect(new Map(prepared.leftOut.map((l) => [l.recordId, l.reason])), `left out of ${chosen.number}`).toEqual(
    new Map([...expected.leftOut].map(([id, because]) => [id, expect.stringMatching(REASONS[because])])),
  );
  if (prepared.job) {
    const status = await desk.runJob(session.user.id, prepared.job);
    expect(status.state, status.error?.message).toBe('done');
  }
  await finishExecution(session, prepared);

  chosen.executed = true;
  model.tally.leftOut += expected.leftOut.size;
  model.tally.heldAtExecution += [...expected.leftOut.values()].filter((b) => b === 'held').length;
  for (const id of expected.dispose) {
    const record = model.removals.get(id)!;
    const stub = await session.records.get(DISPOSED_TABLE, id, disposedStubSchema);
    expect(stub, `the stub of ${id}`).toMatchObject({ batchId: chosen.id, removedOn: record.removedDay, eligibleOn: model.eligibleOn(record) });
    // Every version's payload left the journal; the chain keeps each one's hash.
    expect(stub!.destroyedVersions).toHaveLength(record.version);
    const entries = await chain.recheck(stub!.destroyedVersions.map((v) => v.seq));
    expect(entries.map((e) => [e.payload, e.payloadHash])).toEqual(stub!.destroyedVersions.map((v) => [null, v.payloadHash]));
    for (const file of record.files) expect((await desk.ledger.attachmentGet({ id: file })).ok, `file ${file} of ${id}`).toBe(false);
    expect(await session.drafts.load(id), `the draft of ${id}`).toBeNull();
    record.destroyed = { batchId: chosen.id, day: model.today };
    record.hasDraft = false;
    model.tally.destroyed += 1;
  }
  return { did: `executed ${chosen.number}: ${expected.dispose.length} destroyed, ${expected.leftOut.size} left out`, touched: [chosen.id, ...chosen.listed.keys()] };
};

/** Executions the app must refuse, each leaving the journal exactly as it was. */
const refusedExecution: Operation = async ({ desk, model, random }) => {
  const batches = [...model.batches.values()];
  const cases = [
    ...batches.filter((b) => !b.executed && b.approvals === 3 && b.action === 'destroy').map((b) => ({ batch: b, role: 'clerk' as const, refusal: /Only a records manager/ })),
    ...batches.filter((b) => !b.executed && b.approvals < 3).map((b) => ({ batch: b, role: 'records_manager' as const, refusal: /cannot be executed before the approvals.*Missing:/ })),
    ...batches.filter((b) => !b.executed && b.approvals === 3 && b.action === 'transfer').map((b) => ({ batch: b, role: 'records_manager' as const, refusal: /transfer to the City’s archives/ })),
    ...batches.filter((b) => b.executed).map((b) => ({ batch: b, role: 'records_manager' as const, refusal: /already executed/ })),
  ];
  if (cases.length === 0) return null;
  const { batch: chosen, role, refusal } = random.pick(cases);
  const session = desk.session(role);
  const batch = (await session.records.get(DISPOSITION_TABLE, chosen.id, dispositionBatchSchema))!;
  const before = await desk.ledger.journalHead({});
  // Refused before any record is assessed: the page's assessment does not enter into it.
  await expect(prepareExecution(session, batch, { assessed: new Map(), now: nowOn(model.today), backupGenerations: null })).rejects.toThrow(refusal);
  expect(await desk.ledger.journalHead({})).toEqual(before);
  model.tally.refusals += 1;
  return { did: `execution of ${chosen.number} by the ${role} was refused`, touched: [chosen.id, ...chosen.listed.keys()] };
};

const passTime: Operation = async ({ model, random }) => {
  const days = random.int(1, 10);
  model.today = addDays(model.today, days);
  return { did: `${days} days passed: it is ${model.today}`, touched: [] };
};

const search: Operation = async ({ desk, model, random }) => {
  const live = model.live();
  const destroyed = model.destroyed();
  const checks: Array<{ record: ModelRemoval; found: boolean }> = [];
  if (live.length) checks.push({ record: random.pick(live), found: true });
  if (destroyed.length) checks.push({ record: random.pick(destroyed), found: false });
  if (checks.length === 0) return null;
  for (const { record, found } of checks) {
    const results = await desk.search.search(record.word, 500_000);
    expect(results, 'a search nobody superseded is answered').not.toBeNull();
    expect(results!.ids.includes(record.id), `search for ${record.word} ${found ? 'finds' : 'no longer finds'} ${record.id}`).toBe(found);
  }
  return { did: `searched for ${checks.map((c) => c.record.id).join(' and ')}`, touched: [] };
};

const lockAndUnlock: Operation = async ({ desk, model }) => {
  await desk.lockAndUnlock();
  expect((await desk.search.ready).count, 'removals indexed at unlock').toBe(model.live().length);
  return { did: 'locked and unlocked', touched: [] };
};

const loseReadModel: Operation = async ({ desk, model }) => {
  await desk.loseReadModelAndUnlock();
  expect((await desk.search.ready).count, 'removals indexed after the rebuild').toBe(model.live().length);
  return { did: 'the read model was lost and rebuilt from the journal at unlock', touched: [] };
};

/** How often each operation is chosen: mostly logging and looking things up, as in a clerk's week. */
export const operations = {
  logRemoval: { weight: 18, run: logRemoval(false) },
  logRemovalWithScreenshot: { weight: 12, run: logRemoval(true) },
  correctRemoval: { weight: 9, run: correctRemoval },
  leaveCorrectionAsDraft: { weight: 3, run: leaveCorrectionAsDraft },
  placeHold: { weight: 4, run: placeHold },
  releaseHold: { weight: 4, run: releaseAHold },
  addSeries: { weight: 1, run: addSeries },
  refuseShortSeries: { weight: 1, run: refuseShortSeries },
  assignSeries: { weight: 4, run: assignSeries },
  listBatch: { weight: 3, run: listABatch },
  recordApproval: { weight: 8, run: recordAnApproval },
  executeBatch: { weight: 5, run: executeABatch },
  refusedExecution: { weight: 2, run: refusedExecution },
  passTime: { weight: 6, run: passTime },
  search: { weight: 8, run: search },
  lockAndUnlock: { weight: 1, run: lockAndUnlock },
  loseReadModel: { weight: 0.25, run: loseReadModel },
} satisfies Record<string, { weight: number; run: Operation }>;

export type OperationName = keyof typeof operations;
