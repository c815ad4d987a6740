import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { decryptJson } from '../../../shared/crypto/envelope';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { RecordStore, SaveFailed } from '../../../renderer/src/ledger/record-store';
import { newId } from '../../../renderer/src/ledger/random';
import { version3ReadModel } from './earlier-read-models';
import { readModelDifferences } from '../crash/read-model-comparison';
import { listingsIn, ReadModelDatabase, versionsOf } from '../../../renderer/src/read-model/database';
import { syncReadModel } from '../../../renderer/src/read-model/sync';
import { inProcessLedger } from '../../support/in-process-ledger';
import { header } from '../services/ledger-fixtures';

const noteSchema = z.object({ title: z.string(), body: z.string() });
let dataDir: string;
let ledger: ReturnType<typeof inProcessLedger>['api'];
let keys: Awaited<ReturnType<typeof deriveLedgerKeys>>;
let db: ReadModelDatabase;
const ledgerId = 'ledger-norwalk-1';

function openWith(recordsKey: CryptoKey) {
  return async (table: string, recordId: string, ciphertext: Uint8Array) =>
    recordVersionPayloadSchema.parse(await decryptJson(recordsKey, ciphertext, { table, recordId }));
}

async function sync(marker: { instanceId: string; lastSeq: number } | null = null) {
  return syncReadModel({ ledger, db, ledgerId, instanceId: newId, marker, open: openWith(keys.records) });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-readmodel-'));
  ledger = inProcessLedger(dataDir).api;
  const created = await ledger.vaultCreate({ header: header(), events: [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }] });
  expect(created.ok).toBe(true);
  keys = await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), ledgerId);
  db = new ReadModelDatabase(`test-${newId()}`);
  await sync();
});

afterEach(async () => {
  db.close();
  await db.delete();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('records with versions', () => {
  it('keeps every version readable, with what each one changed', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const id = newId();
    await store.save({ table: 'note', recordId: id, data: { title: 'First', body: 'one' }, clear: {}, reason: 'created' });
    await store.save({ table: 'note', recordId: id, data: { title: 'First', body: 'two' }, clear: {}, reason: 'corrected the body' });
    expect(await store.get('note', id, noteSchema)).toEqual({ title: 'First', body: 'two' });
    const versions = await store.versions('note', id, noteSchema);
    expect(versions.map((v) => [v.version, v.reason, v.changed])).toEqual([
      [1, 'created', ['body', 'title']],
      [2, 'corrected the body', ['body']],
    ]);
    expect(versions[0]!.data.body).toBe('one');
  });

  it('gives two saves of the same record in flight (a double-clicked Save) different version numbers', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const id = newId();
    await Promise.all([
      store.save({ table: 'note', recordId: id, data: { title: 'a', body: '1' }, clear: {}, reason: 'first click' }),
      store.save({ table: 'note', recordId: id, data: { title: 'a', body: '2' }, clear: {}, reason: 'second click' }),
    ]);
    expect((await store.versions('note', id, noteSchema)).map((v) => v.reason)).toEqual(['first click', 'second click']);
  });

  it('keeps every version when the read model could not be written after the journal took a save', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice', async () => {
      await sync();
    });
    const id = newId();
    await store.save({ table: 'note', recordId: id, data: { title: 'a', body: '1' }, clear: {}, reason: 'v1' });
    const realBulkPut = db.records.bulkPut.bind(db.records);
    db.records.bulkPut = (() => Promise.reject(new DOMException("Quota exceeded", "QuotaExceededError"))) as unknown as typeof db.records.bulkPut;
    await store.save({ table: 'note', recordId: id, data: { title: 'a', body: '2' }, clear: {}, reason: 'v2, journal only' });
    db.records.bulkPut = realBulkPut;
    await store.save({ table: 'note', recordId: id, data: { title: 'a', body: '3' }, clear: {}, reason: 'v3' });
    const versions = await store.versions('note', id, noteSchema);
    expect(versions.map((v) => [v.version, v.reason])).toEqual([
      [1, 'v1'],
      [2, 'v2, journal only'],
      [3, 'v3'],
    ]);
    // And a rebuild from the journal agrees.
    db.close();
    await db.delete();
    db = new ReadModelDatabase(db.name);
    await sync();
    expect((await new RecordStore(ledger, db, keys.records, 'alice').versions('note', id, noteSchema)).map((v) => v.data.body)).toEqual(['1', '2', '3']);
  });

  it('writes a batch as one journal append: all of it or none of it', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const batch = Array.from({ length: 1_000 }, (_, i) => ({ table: 'note', recordId: newId(), data: { title: `n${i}`, body: 'x' }, clear: {}, reason: 'imported' }));
    const saved = await store.saveAll(batch);
    expect(saved).toHaveLength(1_000);
    expect(new Set(saved.map((s) => s.seq)).size).toBe(1_000);
    expect(await db.records.count()).toBe(1_000);
  });

  it('saves records made under new ids as version 1 without looking for earlier ones, beside edits that find theirs', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const edited = newId();
    await store.save({ table: 'note', recordId: edited, data: { title: 'a', body: '1' }, clear: {}, reason: 'v1' });
    const lookedUp: string[][] = [];
    const realBulkGet = db.records.bulkGet.bind(db.records);
    db.records.bulkGet = ((ids: string[]) => {
      lookedUp.push([...ids]);
      return realBulkGet(ids);
    }) as typeof db.records.bulkGet;
    const made = Array.from({ length: 3 }, () => newId());
    const saved = await store.saveAll([
      ...made.map((recordId, i) => ({ table: 'note', recordId, data: { title: `n${i}`, body: 'x' }, clear: {}, reason: 'imported', isNew: true as const })),
      { table: 'note', recordId: edited, data: { title: 'a', body: '2' }, clear: {}, reason: 'v2' },
    ]);
    expect(lookedUp).toEqual([[edited]]);
    expect(saved.map((s) => s.version)).toEqual([1, 1, 1, 2]);
    expect(await store.get('note', made[2]!, noteSchema)).toEqual({ title: 'n2', body: 'x' });
    expect((await store.versions('note', edited, noteSchema)).map((v) => v.data.body)).toEqual(['1', '2']);
  });

  it('stores nothing when the journal refuses the save, and says why', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const refusing = { ...ledger, journalAppend: async () => ({ ok: false as const, error: { code: 'storage_failure' as const, message: 'The disk is full; nothing was saved.' } }) };
    const failing = new RecordStore(refusing, db, keys.records, 'alice');
    const before = await db.records.count();
    await expect(failing.save({ table: 'note', recordId: newId(), data: { title: 't', body: 'b' }, clear: {}, reason: 'r' })).rejects.toThrow(SaveFailed);
    await expect(failing.save({ table: 'note', recordId: newId(), data: { title: 't', body: 'b' }, clear: {}, reason: 'r' })).rejects.toThrow('The disk is full');
    expect(await db.records.count()).toBe(before);
    expect(await store.list('note', noteSchema)).toEqual([]);
  });

  it('never puts plaintext into the journal or the read model', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const id = newId();
    await store.save({ table: 'note', recordId: id, data: { title: 'Jane Doe said something', body: 'secret words' }, clear: { status: 'open' }, reason: 'created' });
    const journal = await ledger.journalRead({ afterSeq: 0, limit: 100 });
    const asText = JSON.stringify((await db.records.get(id))!) + (journal.ok ? journal.value.entries.map((e) => new TextDecoder().decode(e.payload ?? new Uint8Array())).join('') : '');
    expect(asText).not.toContain('Jane Doe');
    expect(asText).not.toContain('secret words');
  });
});

describe('rebuilding the read model from the journal', () => {
  it('rebuilds everything after IndexedDB was wiped, and says why', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    for (let i = 0; i < 5; i++) await store.save({ table: 'note', recordId: `n${i}`, data: { title: `t${i}`, body: 'b' }, clear: {}, reason: 'created' });
    const meta = (await db.meta.get('state'))!;
    db.close();
    await db.delete();
    db = new ReadModelDatabase(db.name);
    const outcome = await sync({ instanceId: meta.instanceId, lastSeq: meta.lastSeq });
    expect(outcome.rebuiltBecause).toMatch(/wiped/);
    expect(await new RecordStore(ledger, db, keys.records, 'alice').list('note', noteSchema)).toHaveLength(5);
  });

  it('rebuilds a record whose versions straddle the pages it is read in, exactly as the saves left it', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const head = async () => {
      const read = await ledger.journalHead({});
      if (!read.ok) throw new Error(read.error.message);
      return read.value.seq;
    };
    // Fill the journal up to just before the first page ends (pages are 1,000 entries).
    const filler = 997 - (await head());
    await store.saveAll(Array.from({ length: filler }, (_, i) => ({ table: 'note', recordId: `f${i}`, data: { title: `f${i}`, body: 'b' }, clear: {}, reason: 'created' })));
    expect(await head()).toBe(997);
    // Versions at 998, 999, 1000 (the first page's end) and 1001, 1002 (the second page's start).
    for (let v = 1; v <= 5; v++) await store.save({ table: 'note', recordId: 'x', data: { title: `x version ${v}`, body: 'b' }, clear: { n: v }, reason: v === 1 ? 'created' : `edit ${v}` });
    expect(await head()).toBe(1002);

    const rebuilt = new ReadModelDatabase(`rebuilt-${newId()}`);
    try {
      await syncReadModel({ ledger, db: rebuilt, ledgerId, instanceId: newId, marker: null, open: openWith(keys.records) });
      expect(await readModelDifferences(db, rebuilt)).toEqual([]);
      const x = await rebuilt.records.get('x');
      expect(x).toMatchObject({ version: 5, seq: 1002, createdAt: (await db.records.get('x'))!.createdAt, clear: { n: 5 } });
      expect((await versionsOf(rebuilt, 'x').toArray()).map((row) => [row.seq, row.version])).toEqual([
        [998, 1],
        [999, 2],
        [1000, 3],
        [1001, 4],
        [1002, 5],
      ]);
    } finally {
      rebuilt.close();
      await rebuilt.delete();
    }
  });

  it('replays only what it missed when it is behind', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    await store.save({ table: 'note', recordId: 'a', data: { title: 'a', body: 'b' }, clear: {}, reason: 'created' });
    // Another window (or a crash before the read model was updated) appended directly.
    const other = new RecordStore(ledger, new ReadModelDatabase(`other-${newId()}`), keys.records, 'alice');
    await other.save({ table: 'note', recordId: 'b', data: { title: 'b', body: 'b' }, clear: {}, reason: 'created' });
    const outcome = await sync();
    expect(outcome.rebuiltBecause).toBeNull();
    expect(outcome.applied).toBe(1);
    expect((await store.list('note', noteSchema)).map((n) => n.title).sort()).toEqual(['a', 'b']);
  });

  it('rebuilds when the store belongs to another ledger', async () => {
    await db.meta.put({ key: 'state', ledgerId: 'some-other-ledger', instanceId: 'x', lastSeq: 1 });
    const outcome = await sync();
    expect(outcome.rebuiltBecause).toMatch(/another ledger/);
  });

  it('reports a record whose ciphertext was damaged, by id, and opens everything else', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    await store.save({ table: 'note', recordId: 'good', data: { title: 'good', body: 'b' }, clear: {}, reason: 'created' });
    // A record sealed under another key stands in for one whose bytes were flipped on disk:
    // the journal's own chain is intact, only this payload cannot be opened.
    const otherKeys = await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), ledgerId);
    await new RecordStore(ledger, new ReadModelDatabase(`other-${newId()}`), otherKeys.records, 'alice').save({
      table: 'note',
      recordId: 'damaged',
      data: { title: 'x', body: 'y' },
      clear: {},
      reason: 'created',
    });
    await store.save({ table: 'note', recordId: 'also-good', data: { title: 'also good', body: 'b' }, clear: {}, reason: 'created' });
    db.close();
    await db.delete();
    db = new ReadModelDatabase(db.name);
    const outcome = await sync();
    expect(outcome.unreadable.map((u) => u.recordId)).toEqual(['damaged']);
    expect((await new RecordStore(ledger, db, keys.records, 'alice').list('note', noteSchema)).map((n) => n.title).sort()).toEqual(['also good', 'good']);
  });

  it('reports only the record whose bytes were flipped in the journal file, by id, and opens the rest', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    for (const id of ['first', 'flipped', 'last']) await store.save({ table: 'note', recordId: id, data: { title: id, body: 'b' }, clear: {}, reason: 'created' });
    const folder = join(dataDir, 'vault', 'journal');
    const segment = join(folder, readdirSync(folder).sort()[0]!);
    const lines = readFileSync(segment, 'utf8').split('\n');
    const index = lines.findIndex((line) => line.includes('"recordId":"flipped"'));
    const entry = JSON.parse(lines[index]!) as { payload: string };
    const bytes = Buffer.from(entry.payload, 'base64');
    bytes[bytes.length - 5]! ^= 0x01;
    entry.payload = bytes.toString('base64');
    lines[index] = JSON.stringify(entry);
    writeFileSync(segment, lines.join('\n'));

    // A fresh process opens the edited journal; the read model is rebuilt from it.
    ledger = inProcessLedger(dataDir).api;
    db.close();
    await db.delete();
    db = new ReadModelDatabase(db.name);
    const outcome = await sync();
    expect(outcome.unreadable.map((u) => u.recordId)).toEqual(['flipped']);
    expect((await new RecordStore(ledger, db, keys.records, 'alice').list('note', noteSchema)).map((n) => n.title).sort()).toEqual(['first', 'last']);
  });
});

describe('listings: the clear fields lists read without the ciphertext', () => {
  it('are written with every save and rebuilt with the read model', async () => {
    const store = new RecordStore(ledger, db, keys.records, 'alice');
    const id = newId();
    await store.save({ table: 'note', recordId: id, data: { title: 'A', body: 'b' }, clear: { status: 'open' }, reason: 'created' });
    await store.save({ table: 'note', recordId: id, data: { title: 'A', body: 'c' }, clear: { status: 'closed' }, reason: 'closed it' });
    expect(await db.listings.where('table').equals('note').toArray()).toEqual([expect.objectContaining({ id, clear: { status: 'closed' } })]);
    expect(JSON.stringify(await db.listings.toArray())).not.toContain('ciphertext');

    db.close();
    await db.delete();
    db = new ReadModelDatabase(db.name);
    await sync({ instanceId: 'gone', lastSeq: 3 });
    expect((await db.listings.get(id))?.clear).toEqual({ status: 'closed' });
  });

  it('are filled from the records when a read model made before listings existed is opened', async () => {
    const name = `test-v1-${newId()}`;
    const { default: Dexie } = await import('dexie');
    const old = new Dexie(name);
    old.version(1).stores({ meta: 'key', records: 'id, table, [table+updatedAt]', versions: '[recordId+seq], recordId, seq', audit: 'seq, recordId, type, actor', unreadable: 'seq' });
    await old.table('records').put({ id: 'r1', table: 'removal', version: 1, createdAt: 'x', updatedAt: 'y', updatedBy: 'alice', seq: 2, clear: { status: 'logged' }, ciphertext: new Uint8Array([1]) });
    old.close();
    const upgraded = new ReadModelDatabase(name);
    expect(await upgraded.listings.get('r1')).toEqual({ id: 'r1', table: 'removal', updatedAt: 'y', listedAt: 'y', clear: { status: 'logged' } });
    upgraded.close();
    await upgraded.delete();
  });

  it('get the date lists order them by when a read model made before it was indexed is opened, and keep their versions findable', async () => {
    const name = `test-v3-${newId()}`;
    const { default: Dexie } = await import('dexie');
    const old = version3ReadModel(name);
    await old.table('listings').bulkPut([
      { id: 'removed', table: 'removal', updatedAt: '2026-03-01T00:00:00.000Z', clear: { removedAt: '2026-01-05T10:00:00.000Z', seenAt: '2026-01-04T10:00:00.000Z' } },
      { id: 'only-seen', table: 'removal', updatedAt: '2026-03-01T00:00:00.000Z', clear: { removedAt: null, seenAt: '2026-01-07T10:00:00.000Z' } },
      { id: 'site', table: 'site', updatedAt: '2026-02-01T00:00:00.000Z', clear: { name: 'Facebook' } },
    ]);
    await old.table('versions').bulkPut([
      { recordId: 'removed', version: 2, seq: 9, at: '2026-03-01T00:00:00.000Z', actor: 'alice' },
      { recordId: 'removed', version: 1, seq: 4, at: '2026-01-05T10:00:00.000Z', actor: 'alice' },
      { recordId: 'only-seen', version: 1, seq: 6, at: '2026-01-07T10:00:00.000Z', actor: 'bob' },
    ]);
    old.close();
    const upgraded = new ReadModelDatabase(name);
    // Found by the primary key now that the indexes that repeated it are gone: a record's versions oldest first, and a table's listings.
    expect((await versionsOf(upgraded, 'removed').toArray()).map((row) => row.seq)).toEqual([4, 9]);
    expect((await versionsOf(upgraded, ['removed', 'only-seen', 'removed']).toArray()).map((row) => [row.recordId, row.seq])).toEqual([
      ['only-seen', 6],
      ['removed', 4],
      ['removed', 9],
    ]);
    expect(await versionsOf(upgraded, []).count()).toBe(0);
    expect(await listingsIn(upgraded, 'site').primaryKeys()).toEqual(['site']);
    expect((await listingsIn(upgraded, 'removal').primaryKeys()).sort()).toEqual(['only-seen', 'removed']);
    const newestFirst = await upgraded.listings.where('[table+listedAt]').between(['removal', Dexie.minKey], ['removal', Dexie.maxKey]).reverse().toArray();
    expect(newestFirst.map((row) => [row.id, row.listedAt])).toEqual([
      ['only-seen', '2026-01-07T10:00:00.000Z'],
      ['removed', '2026-01-05T10:00:00.000Z'],
    ]);
    expect((await upgraded.listings.get('site'))?.listedAt).toBe('2026-02-01T00:00:00.000Z');
    upgraded.close();
    await upgraded.delete();
  });
});
