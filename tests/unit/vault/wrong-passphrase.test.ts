import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../shared/encoding';
import { newKdfParams, unwrapDataKey, wrapDataKey } from '../../../shared/crypto/key-slots';
import type { KeySlot } from '../../../shared/vault/header';
import { inProcessLedger } from '../../support/in-process-ledger';
import { header, manualClock, recoverySlot } from '../services/ledger-fixtures';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function ledgerWithRealSlot() {
  const dataDir = mkdtempSync(join(tmpdir(), 'records-ledger-wrong-'));
  dirs.push(dataDir);
  const clock = manualClock();
  const { api } = inProcessLedger(dataDir, { now: clock.now });
  const dataKey = crypto.getRandomValues(new Uint8Array(32));
  // The slot key stands for what Argon2id makes of the right passphrase; a wrong passphrase gives other bytes.
  const rightSlotKey = crypto.getRandomValues(new Uint8Array(32));
  const slot: KeySlot = {
    id: 'alice',
    kind: 'user',
    userId: 'alice',
    label: 'Alice Clerk',
    kdf: newKdfParams(crypto.getRandomValues(new Uint8Array(16)), { memoryKiB: 65536, iterations: 3, parallelism: 1 }),
    wrapped: await wrapDataKey(dataKey, rightSlotKey, 'alice', crypto.getRandomValues(new Uint8Array(12))),
    createdAt: '2025-03-01T09:00:00.000Z',
  };
  const created = await api.vaultCreate({ header: header({ slots: [slot, recoverySlot()] }), events: [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }] });
  expect(created.ok).toBe(true);
  return { api, clock, dataDir, dataKey, rightSlotKey };
}

/** One try as the unlock screen makes it: fetch the slot, try the key, tell main how it went. */
async function attempt(api: Awaited<ReturnType<typeof ledgerWithRealSlot>>['api'], slotKey: Uint8Array) {
  const material = await api.vaultUnlockMaterial({ slotId: 'alice' });
  if (!material.ok) return { refused: material.error.message, opened: null };
  const opened = await unwrapDataKey(material.value.slot, slotKey);
  const report = await api.vaultReportUnlock({ slotId: 'alice', outcome: opened ? 'success' : 'failure' });
  return { refused: null, opened, retryAfter: report.ok ? report.value.retryAfterSeconds : -1 };
}

describe('a wrong passphrase', () => {
  it.each([1, 10, 100])('%i times: each is refused and recorded, nothing else changes, and the right one still opens', async (times) => {
    const { api, clock, dataDir, dataKey, rightSlotKey } = await ledgerWithRealSlot();
    const headerBefore = readFileSync(join(dataDir, 'vault', 'header.json'), 'utf8');
    for (let i = 0; i < times; i++) {
      const result = await attempt(api, crypto.getRandomValues(new Uint8Array(32)));
      expect(result.refused).toBeNull();
      expect(result.opened).toBeNull();
      // Wait out the growing delay, as a patient person would.
      clock.advance(((result.retryAfter ?? 0) + 1) * 1000);
    }
    expect(readFileSync(join(dataDir, 'vault', 'header.json'), 'utf8')).toBe(headerBefore);
    const journal = await api.journalRead({ afterSeq: 0, limit: 5_000 });
    expect(journal.ok && journal.value.entries.filter((e) => e.type === 'audit.unlock_failed').length).toBe(times);
    const right = await attempt(api, rightSlotKey);
    expect(right.opened && bytesToHex(right.opened)).toBe(bytesToHex(dataKey));
  });

  it('is met with a growing delay that main enforces, naming how long to wait', async () => {
    const { api } = await ledgerWithRealSlot();
    for (let i = 0; i < 4; i++) await attempt(api, crypto.getRandomValues(new Uint8Array(32)));
    const refused = await attempt(api, crypto.getRandomValues(new Uint8Array(32)));
    expect(refused.refused).toMatch(/Too many wrong passphrases\. Try again in \d+ seconds/);
  });
});
