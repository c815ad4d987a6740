import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { signCheckpoint, verifyCheckpoint } from '../../../shared/crypto/checkpoint';
import { compareWithCheckpoint } from '../../../shared/journal/checkpoint-comparison';
import { Journal } from '../../../electron/services/journal';
import { events } from '../services/ledger-fixtures';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function journalWith(count: number, first = 0) {
  const dir = mkdtempSync(join(tmpdir(), 'records-ledger-checkpoint-'));
  dirs.push(dir);
  const journal = new Journal(dir);
  await journal.open();
  await journal.append(events(count, { first }));
  return journal;
}

async function hashAt(journal: Journal, seq: number): Promise<string | null> {
  const [entry] = await journal.read(seq - 1, 1);
  return entry && entry.seq === seq ? entry.hash : null;
}

describe('a signed checkpoint', () => {
  it('matches the journal it was taken from, and still matches after more entries', async () => {
    const keys = await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), 'ledger-1');
    const journal = await journalWith(50);
    const head = journal.head();
    const checkpoint = await signCheckpoint(keys.audit, { ledgerId: 'ledger-1', seq: head.seq, hash: head.hash, createdAt: '2026-01-01T00:00:00.000Z' });
    await journal.append(events(10, { first: 50 }));
    const checked = await verifyCheckpoint(keys.audit, JSON.parse(JSON.stringify(checkpoint)), 'ledger-1');
    expect(checked.ok).toBe(true);
    expect(compareWithCheckpoint(checkpoint, journal.head(), await hashAt(journal, checkpoint.seq)).kind).toBe('matches');
  });

  it('catches a rewritten journal whose chain is self-consistent, which verification alone cannot', async () => {
    const original = await journalWith(50);
    const checkpoint = { ...original.head(), createdAt: '2026-01-01T00:00:00.000Z' };
    // Someone rebuilds the journal from scratch with one event changed: every link verifies.
    const forged = await journalWith(50, 1);
    const report = await forged.verify();
    expect(report.verdict).toBe('intact');
    const outcome = compareWithCheckpoint(checkpoint, forged.head(), await hashAt(forged, checkpoint.seq));
    expect(outcome.kind).toBe('rewritten');
    expect(outcome.message).toContain('rewritten');
  });

  it('catches a journal whose tail was cut off', async () => {
    const original = await journalWith(50);
    const checkpoint = { ...original.head(), createdAt: '2026-01-01T00:00:00.000Z' };
    const shorter = await journalWith(40);
    const outcome = compareWithCheckpoint(checkpoint, shorter.head(), await hashAt(shorter, checkpoint.seq));
    expect(outcome).toEqual({ kind: 'truncated', message: expect.stringContaining('ends at entry 40') });
  });
});
