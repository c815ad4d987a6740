import { deflateSync, crc32 } from 'node:zlib';
import { DateTime } from 'luxon';
import { HOLD_TABLE, holdSchema, releaseHold, type Hold } from '../../../shared/holds/hold';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { listLinks } from '../../../shared/removals/links';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import { listingFromClear } from '../../../shared/removals/removal-listing';
import { assessRetention, scheduleSeries, type AssessedRecord } from '../../../shared/retention/schedule-status';
import { prepareAttachment } from '../../../renderer/src/attachments/attachment-files';
import { removalChange, saveRemoval } from '../../../renderer/src/removals/save-removal';
import { finishExecution, listBatch, loadBatches, prepareExecution, recordApproval } from '../../../renderer/src/retention/disposition-batches';
import type { Session } from '../../../renderer/src/vault/session';
import { encodePng } from '../attachments/image-fixtures';
import { aRemoval } from '../removals/fixtures';
import { listingsIn } from '../../../renderer/src/read-model/database';

/**
 * What people do in the ledger, done the way the app does it: the
 * renderer's own code (saving removals and their screenshots, corrections,
 * an import's one batch, legal holds, a disposition taken through its
 * approvals to main's destruction job), over the preview's HTTP transport.
 * Every choice comes from the campaign's seeded random numbers.
 */
export const operationKinds = [
  'log a removal with screenshots',
  'correct a removal',
  'import removals',
  'place a legal hold',
  'release a legal hold',
  'execute a disposition',
] as const;
export type OperationKind = (typeof operationKinds)[number];

const WEIGHTS: Record<OperationKind, number> = {
  'log a removal with screenshots': 30,
  'correct a removal': 20,
  'import removals': 10,
  'place a legal hold': 8,
  'release a legal hold': 4,
  'execute a disposition': 12,
};

export interface Workplace {
  session: Session;
  ledger: LedgerApi;
  random: () => number;
  /** The campaign's clock: moves one minute at each reading, so every "when" is in order. */
  now: () => Date;
  newId: (prefix: string) => string;
}

const USERNAMES = ['watchdeals99', 'watch_deals99', 'norwalk_neighbor', 'civic.voice', 'ramona_r', 'anon4721'];
const WORDS = ['street', 'sweeping', 'council', 'park', 'deals', 'watches', 'library', 'budget', 'permit', 'traffic', 'noise', 'crosswalk'];
/** Sized so a disposition batch stays a few seconds' work at most. */
const MAX_LISTED = 12;

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const cityDay = (at: Date) => DateTime.fromJSDate(at, { zone: CITY_TIME_ZONE }).toISODate()!;

/** A PNG of random pixels: it does not compress, so screenshots are tens to hundreds of KB, as real ones are. */
export function noisyPng(random: () => number, width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Uint8Array) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, deflate, no filter, no interlace
  const rowBytes = width * 4 + 1;
  const pixels = Buffer.alloc(rowBytes * height);
  for (let i = 0; i + 4 <= pixels.length; i += 4) pixels.writeUInt32LE((random() * 0x1_0000_0000) >>> 0, i);
  // Each row starts with its filter byte: 0, none.
  for (let row = 0; row < height; row++) pixels[row * rowBytes] = 0;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', new Uint8Array(0))]));
}

/** A removal as a clerk logs it; about half are old enough (over two years) for the retention schedule to reach them. */
function aNewRemoval(work: Workplace, attachments: Removal['attachments']): Removal {
  const { random } = work;
  const old = random() < 0.5;
  const removed = old ? Date.UTC(2023, 0, 1) + random() * 365 * 86_400_000 : Date.UTC(2025, 5, 1) + random() * 300 * 86_400_000;
  const at = { utc: new Date(Math.floor(removed / 1000) * 1000).toISOString(), zone: CITY_TIME_ZONE };
  const base = aRemoval();
  const content = Array.from({ length: between(random, 4, 40) }, () => pick(random, WORDS)).join(' ') + ` www.example.com/${work.newId('p')}`;
  return removalSchema.parse({
    ...base,
    id: work.newId('removal'),
    poster: { ...base.poster, username: pick(random, USERNAMES) },
    content,
    links: listLinks(content),
    moments: { posted: at, seen: at, removed: at },
    reviewTrail: {
      ...base.reviewTrail,
      flagged: { by: 'Dana Clerk', at },
      managerNotified: { who: 'Assistant City Manager Lee', at },
      counsel: { ...base.reviewTrail.counsel!, at },
      decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk', at },
    },
    attachments,
  });
}

/** Stores screenshots as the attachment picker does: identified, fingerprinted, encrypted, with a thumbnail each. */
async function screenshots(work: Workplace, count: number): Promise<Removal['attachments']> {
  const stored: Removal['attachments'] = [];
  for (let i = 0; i < count; i++) {
    const width = between(work.random, 40, 160);
    const height = between(work.random, 40, 120);
    const prepared = await prepareAttachment({ name: `screenshot ${i + 1}.png`, bytes: noisyPng(work.random, width, height) }, 'screenshot', {
      ledger: work.ledger,
      recordsKey: work.session.keys.records,
      // Node has no image decoder; the browser's answer, as the attachment tests give it.
      decode: async () => ({ ok: true, width, height, thumbnail: encodePng(4, 3) }),
      newId: () => work.newId('file'),
    });
    if (!prepared.ok) throw new Error(prepared.message);
    stored.push(prepared.attachment);
  }
  return stored;
}

async function removalIds(session: Session): Promise<string[]> {
  return (await listingsIn(session.db, REMOVAL_TABLE).primaryKeys()).sort();
}

async function holdsInLedger(session: Session): Promise<Hold[]> {
  return (await session.records.list(HOLD_TABLE, holdSchema)).sort((a, b) => a.id.localeCompare(b.id));
}

async function assessNow(session: Session, today: string): Promise<AssessedRecord[]> {
  const rows = await listingsIn(session.db, REMOVAL_TABLE).toArray();
  const listings = rows.map((row) => listingFromClear(row.id, row.clear)).filter((l) => l !== null);
  return assessRetention(listings, scheduleSeries([]), { today, timeZone: CITY_TIME_ZONE, holds: await holdsInLedger(session) });
}

/** The operations that make sense in the ledger as it is now. */
export async function possibleOperations(work: Workplace): Promise<OperationKind[]> {
  const removals = (await removalIds(work.session)).length;
  const holds = await holdsInLedger(work.session);
  const pendingBatch = (await loadBatches(work.session)).some((b) => !b.execution);
  const due = pendingBatch || (await assessNow(work.session, cityDay(work.now()))).some((a) => a.eligibility.status === 'eligible');
  return operationKinds.filter((kind) => {
    if (kind === 'correct a removal' || kind === 'place a legal hold') return removals > 0;
    if (kind === 'release a legal hold') return holds.some((h) => h.released === null);
    if (kind === 'execute a disposition') return due;
    return true;
  });
}

export function chooseOperation(random: () => number, possible: readonly OperationKind[]): OperationKind {
  const total = possible.reduce((sum, kind) => sum + WEIGHTS[kind], 0);
  let roll = random() * total;
  for (const kind of possible) {
    roll -= WEIGHTS[kind];
    if (roll < 0) return kind;
  }
  return possible.at(-1)!;
}

/** Does one operation; resolves with what it did, in words. Throws when a step fails (as the screen would show an error). */
export async function perform(kind: OperationKind, work: Workplace): Promise<string> {
  const { session, random } = work;
  switch (kind) {
    case 'log a removal with screenshots': {
      const removal = aNewRemoval(work, await screenshots(work, between(random, 0, 2)));
      await saveRemoval(session, removal, 'Logged');
      return `logged ${removal.id} with ${removal.attachments.length} screenshot(s)`;
    }
    case 'correct a removal': {
      const id = pick(random, await removalIds(session));
      const current = await session.records.get(REMOVAL_TABLE, id, removalSchema);
      if (!current) throw new Error(`Removal ${id} is listed but cannot be read.`);
      const added = random() < 0.3 ? await screenshots(work, 1) : [];
      await saveRemoval(session, { ...current, notes: `Corrected at ${work.now().toISOString()}`, attachments: [...current.attachments, ...added] }, 'Corrected');
      return `corrected ${id}${added.length ? ' and added a screenshot' : ''}`;
    }
    case 'import removals': {
      const removals = Array.from({ length: between(random, 2, 30) }, () => aNewRemoval(work, []));
      await session.records.saveAll(await Promise.all(removals.map((removal) => removalChange(session, removal, 'Imported'))));
      return `imported ${removals.length} removals in one batch`;
    }
    case 'place a legal hold': {
      const ids = await removalIds(session);
      const recordIds = [...new Set(Array.from({ length: between(random, 1, 3) }, () => pick(random, ids)))];
      const hold = holdSchema.parse({
        id: work.newId('hold'),
        matter: { name: 'Doe v. City of Norwalk', number: `26-CV-${between(random, 1, 999)}` },
        placedBy: { name: 'Connie Counsel', title: 'Deputy City Attorney' },
        placedAt: work.now().toISOString(),
        reason: 'Litigation is reasonably anticipated.',
        scope: { kind: 'records', recordIds },
        released: null,
      });
      await session.records.save({ table: HOLD_TABLE, recordId: hold.id, data: hold, clear: { released: false }, reason: 'Legal hold placed' });
      return `placed ${hold.id} on ${recordIds.join(', ')}`;
    }
    case 'release a legal hold': {
      const hold = pick(random, (await holdsInLedger(session)).filter((h) => h.released === null));
      const released = releaseHold(hold, { by: { name: 'Connie Counsel', title: 'Deputy City Attorney' }, at: work.now().toISOString(), reason: 'The case was dismissed with prejudice.' });
      if (!released.ok) throw new Error(released.message);
      await session.records.save({ table: HOLD_TABLE, recordId: hold.id, data: released.hold, clear: { released: true }, reason: 'Legal hold released' });
      return `released ${hold.id}`;
    }
    case 'execute a disposition':
      return executeDisposition(work);
  }
}

/** Lists a batch (or takes up one listed before), records the three approvals, executes it through main's job and finishes it in the read model. */
async function executeDisposition(work: Workplace): Promise<string> {
  const { session, ledger } = work;
  const batches = await loadBatches(session);
  let batch = batches.find((b) => !b.execution);
  if (!batch) {
    const listedAt = work.now();
    const eligible = (await assessNow(session, cityDay(listedAt))).filter((a) => a.eligibility.status === 'eligible').slice(0, MAX_LISTED);
    batch = await listBatch(session, { eligible, action: 'destroy', existingNumbers: batches.map((b) => b.number), now: listedAt, newId: () => work.newId('batch') });
  }
  const day = cityDay(work.now());
  if (!batch.approvals.cityAttorney) batch = await recordApproval(session, batch, 'cityAttorney', { name: 'A. Attorney', date: day, reference: 'CA-26-17' }, work.now());
  if (!batch.approvals.legislativeBody) batch = await recordApproval(session, batch, 'legislativeBody', { body: 'City Council', resolution: '26-41', date: day }, work.now());
  if (!batch.approvals.departmentHead) batch = await recordApproval(session, batch, 'departmentHead', { name: 'T. Devoy', title: 'City Clerk', date: day }, work.now());
  const executedAt = work.now();
  const assessed = new Map((await assessNow(session, cityDay(executedAt))).map((a) => [a.listing.id, a]));
  const prepared = await prepareExecution(session, batch, { assessed, now: executedAt, backupGenerations: null });
  if (prepared.job) {
    const started = await ledger.jobStart({ actor: session.user.id, job: prepared.job });
    if (!started.ok) throw new Error(started.error.message);
    let status = started.value;
    const giveUp = Date.now() + 30_000;
    while (status.state === 'running') {
      if (Date.now() > giveUp) throw new Error(`The disposition job was still running after 30 s: ${JSON.stringify(status.progress)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const polled = await ledger.jobStatus({ id: status.id });
      if (!polled.ok) throw new Error(polled.error.message);
      status = polled.value;
    }
    if (status.state !== 'done') throw new Error(`The disposition job ended ${status.state}: ${status.error?.message ?? ''}`);
  }
  await finishExecution(session, prepared);
  return `executed ${batch.number}: ${prepared.stubs.length} destroyed, ${prepared.leftOut.length} left out`;
}
