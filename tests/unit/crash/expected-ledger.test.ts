import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../shared/encoding';
import type { NewEvent } from '../../../shared/journal/entry';
import type { DataFolderOnDisk, JournalLineOnDisk } from './data-folder';
import { ExpectedLedger } from './expected-ledger';
import type { Write } from './write-log';

/**
 * The crash campaign's judge, on folders made by hand: it must see each
 * way a crash could lose or half-write something, or the campaign passing
 * would prove nothing.
 */
const HEADER = { format: 'records-ledger-vault', ledgerId: 'ledger-1' };
const bytes = (...values: number[]) => new Uint8Array(values);
const event = (recordId: string | null, payload: Uint8Array | null, type = 'removal.version'): NewEvent => ({ type, actor: 'rita', recordId, payload });

function lines(firstSeq: number, batchId: string, events: NewEvent[], destroyed: Set<string> = new Set()): JournalLineOnDisk[] {
  return events.map((e, index) => ({
    segment: 'segment-000001.jsonl',
    line: firstSeq + index,
    seq: firstSeq + index,
    type: e.type,
    actor: e.actor,
    recordId: e.recordId,
    batch: { id: batchId, index, size: events.length },
    payloadHash: e.payload ? createHash('sha256').update(e.payload).digest('hex') : null,
    payload: e.payload && !destroyed.has(e.recordId ?? '') ? bytesToBase64(e.payload) : null,
  }));
}

function folder(journal: JournalLineOnDisk[], files: Record<string, Uint8Array> = {}, more: Partial<DataFolderOnDisk> = {}): DataFolderOnDisk {
  return {
    journal,
    otherJournalFiles: [],
    attachmentFiles: new Map(Object.entries(files).map(([name, b]) => [name, Buffer.from(b)])),
    disposalFiles: [],
    destructions: [],
    vaultFiles: ['header.json', 'header.backup.json', 'journal', 'attachments'],
    dataFolderFiles: ['vault', 'records-ledger.lock'],
    header: HEADER,
    unreadable: [],
    ...more,
  };
}

const append = (events: NewEvent[], outcome: Write['outcome'], firstSeq: number | null = null): Write => ({ kind: 'append', events, firstSeq, operation: 'a test', outcome });
const attachment = (id: string, b: Uint8Array, outcome: Write['outcome']): Write => ({ kind: 'attachment', id, bytes: b, operation: 'a test', outcome });

const created = [event(null, null, 'vault.created')];
const first = [event('r1', bytes(1, 2, 3)), event('r2', bytes(4, 5, 6))];
const second = [event('r1', bytes(7, 8, 9))];

function ledgerWith(writes: Write[]): { model: ExpectedLedger; inDoubt: Write[] } {
  const model = new ExpectedLedger(HEADER);
  const inDoubt = model.acknowledge([append(created, 'acknowledged', 1), ...writes]);
  return { model, inDoubt };
}

describe('judging a data folder after a crash', () => {
  it('passes a folder that holds exactly what was acknowledged', () => {
    const { model, inDoubt } = ledgerWith([append(first, 'acknowledged', 2), attachment('f1', bytes(9, 9), 'acknowledged')]);
    const report = model.reconcile(folder([...lines(1, 'b0', created), ...lines(2, 'b1', first)], { 'f1.bin': bytes(9, 9) }), inDoubt, null);
    expect(report.problems).toEqual([]);
  });

  it('reports an acknowledged entry that is gone, and one whose payload changed', () => {
    const { model, inDoubt } = ledgerWith([append(first, 'acknowledged', 2)]);
    const changed = lines(2, 'b1', first);
    changed[0] = { ...changed[0]!, payload: bytesToBase64(bytes(1, 2, 4)) };
    const report = model.reconcile(folder([...lines(1, 'b0', created), changed[0]]), inDoubt, null);
    expect(report.problems).toEqual([expect.stringContaining('seq 2 (from "a test") differs from what was acknowledged: payload'), expect.stringContaining('acknowledged entry seq 3 (removal.version r2')]);
  });

  it('takes in a write in doubt that is wholly there, and is content when it is wholly absent', () => {
    const whole = ledgerWith([append(first, 'in doubt')]);
    const found = whole.model.reconcile(folder([...lines(1, 'b0', created), ...lines(2, 'b1', first)]), whole.inDoubt, null);
    expect(found).toMatchObject({ problems: [], adopted: [expect.stringContaining('2 journal entries from seq 2')] });
    expect(whole.model.lastSeq).toBe(3);

    const absent = ledgerWith([append(first, 'in doubt')]);
    expect(absent.model.reconcile(folder(lines(1, 'b0', created)), absent.inDoubt, null).problems).toEqual([]);
  });

  it('reports half a batch, and entries nobody sent', () => {
    const half = ledgerWith([append(first, 'in doubt')]);
    const report = half.model.reconcile(folder([...lines(1, 'b0', created), lines(2, 'b1', first)[0]!]), half.inDoubt, null);
    expect(report.problems).toEqual([expect.stringContaining('half a batch is in the journal: seq 2-2 hold 1 of batch b1')]);

    const stranger = ledgerWith([]);
    const extra = stranger.model.reconcile(folder([...lines(1, 'b0', created), ...lines(2, 'b9', second)]), stranger.inDoubt, null);
    expect(extra.problems).toEqual([expect.stringContaining('are in the journal, but nobody sent them')]);
  });

  it('reports an attachment half written, one acknowledged and missing, and one nobody stored', () => {
    const { model, inDoubt } = ledgerWith([attachment('f1', bytes(1, 2, 3, 4), 'in doubt'), attachment('f2', bytes(5, 6), 'acknowledged')]);
    const report = model.reconcile(folder(lines(1, 'b0', created), { 'f1.bin': bytes(1, 2), 'f3.bin': bytes(7) }), inDoubt, null);
    expect(report.problems).toEqual([
      expect.stringContaining('attachment f1 (2 bytes) is there, but not as it was sent: half written'),
      expect.stringContaining('attachment f3 (1 bytes) is there, but nobody stored it'),
      expect.stringContaining('acknowledged attachment f2 is missing'),
    ]);
  });

  it('counts a temp file cut short as a leftover, but reports one that holds bytes nobody sent', () => {
    const { model, inDoubt } = ledgerWith([attachment('f1', bytes(1, 2, 3, 4), 'in doubt')]);
    const report = model.reconcile(folder(lines(1, 'b0', created), { '.f1.bin.tmp-0123456789abcdef': bytes(1, 2), '.f2.bin.tmp-0123456789abcdef': bytes(1) }), inDoubt, null);
    expect(report.leftoverTemps).toBe(2);
    expect(report.problems).toEqual([expect.stringContaining('.f2.bin.tmp-0123456789abcdef, which is not part of anything sent')]);
  });

  it('expects a finished disposition to have destroyed every earlier payload and file of its records, and no more', () => {
    const job = { kind: 'dispose' as const, batchId: 'batch-1', events: [event('r1', bytes(20), 'disposed.version'), event('batch-1', bytes(21), 'disposition.version')], recordIds: ['r1'], attachmentIds: ['f1'], backupsHoldContentUntil: null };
    const { model, inDoubt } = ledgerWith([append(first, 'acknowledged', 2), attachment('f1', bytes(1), 'acknowledged'), { kind: 'dispose', job, jobId: null, firstSeq: null, operation: 'a test', outcome: 'in doubt' }]);
    const notDestroyed = model.reconcile(folder([...lines(1, 'b0', created), ...lines(2, 'b1', first), ...lines(4, 'b2', job.events)], { 'f1.bin': bytes(1) }, { destructions: ['batch-1'] }), inDoubt, null);
    expect(notDestroyed.problems).toEqual([
      expect.stringContaining('seq 2 (from "a test") differs from what was acknowledged: payload is AQID, expected null'),
      expect.stringContaining('attachment f1 was destroyed by a disposition but is still there'),
    ]);
  });

  it('reports a disposition left unfinished, files the app does not write, and a changed vault header', () => {
    const { model, inDoubt } = ledgerWith([]);
    const report = model.reconcile(
      folder(lines(1, 'b0', created), {}, { disposalFiles: ['batch-1.json'], vaultFiles: ['header.json', 'vault.creating-ab'], header: { ...HEADER, ledgerId: 'other' } }),
      inDoubt,
      null,
    );
    expect(report.problems).toEqual([
      expect.stringContaining('the vault folder holds vault.creating-ab'),
      expect.stringContaining('the vault header is no longer the one the ledger was created with'),
      expect.stringContaining('the folder of dispositions in progress still holds batch-1.json'),
    ]);
  });
});
