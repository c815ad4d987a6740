import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailOf, journalEntriesRead } from '../../../renderer/src/read-model/audit-trail';
import { version3ReadModel } from './earlier-read-models';
import { ReadModelDatabase } from '../../../renderer/src/read-model/database';
import { newId } from '../../../renderer/src/ledger/random';
import type { Session } from '../../../renderer/src/vault/session';
import { unitLedger } from '../../support/unit-session';

let ledger: Awaited<ReturnType<typeof unitLedger>>;
let session: Session;

beforeEach(async () => {
  ledger = await unitLedger('records-ledger-audit-trail-');
  session = await ledger.openSession('clerk');
});
afterEach(() => ledger.close());

const note = (body: string) => ({ table: 'note', recordId: 'note-1', data: { body }, clear: {}, reason: 'edited' });

describe("a record's audit trail", () => {
  it('lists each version and every other journal entry naming the record, in journal order, each once', async () => {
    await session.records.save(note('first'));
    const printed = await ledger.ledger.journalAppend({ events: [{ type: 'audit.print', actor: 'user-counsel', recordId: 'note-1', payload: null }] });
    expect(printed.ok).toBe(true);
    await session.records.save(note('second'));
    // The read model takes in the print entry when it catches up, as at the next unlock.
    session = await ledger.openSession('clerk');

    const trail = await auditTrailOf(session.db, 'note', 'note-1');
    expect(trail.map((row) => [row.type, row.actor])).toEqual([
      ['note.version', 'user-clerk'],
      ['audit.print', 'user-counsel'],
      ['note.version', 'user-clerk'],
    ]);
    expect(trail.map((row) => row.seq)).toEqual([...trail.map((row) => row.seq)].sort((a, b) => a - b));
  });

  it('is the same after the read model is rebuilt from the journal', async () => {
    await session.records.save(note('first'));
    await ledger.ledger.journalAppend({ events: [{ type: 'audit.print', actor: 'user-counsel', recordId: 'note-1', payload: null }] });
    await session.records.save(note('second'));
    session = await ledger.openSession('clerk');
    const before = await auditTrailOf(session.db, 'note', 'note-1');

    session.db.close();
    await session.db.delete();
    session = await ledger.openSession('clerk');
    expect(await auditTrailOf(session.db, 'note', 'note-1')).toEqual(before);
    const head = await ledger.ledger.journalHead({});
    if (!head.ok) throw new Error(head.error.message);
    expect(await journalEntriesRead(session.db)).toBe(head.value.seq);
  });

  it('loses its doubled version entries when a read model written by an earlier release is opened', async () => {
    const name = `test-v3-${newId()}`;
    const old = version3ReadModel(name);
    await old.table('versions').put({ recordId: 'r1', version: 1, seq: 2, at: '2026-01-01T00:00:00.000Z', actor: 'alice' });
    await old.table('audit').bulkPut([
      { seq: 2, at: '2026-01-01T00:00:00.000Z', actor: 'alice', type: 'removal.version', recordId: 'r1' },
      { seq: 3, at: '2026-01-01T00:01:00.000Z', actor: 'alice', type: 'audit.export', recordId: 'r1' },
    ]);
    old.close();
    const upgraded = new ReadModelDatabase(name);
    expect((await auditTrailOf(upgraded, 'removal', 'r1')).map((row) => [row.seq, row.type])).toEqual([
      [2, 'removal.version'],
      [3, 'audit.export'],
    ]);
    upgraded.close();
    await upgraded.delete();
  });
});
