import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DisposalService } from '../../electron/services/disposal';
import { VaultStore } from '../../electron/services/vault-store';
import type { NewEvent } from '../../shared/journal/entry';
import type { BenchRow } from '../results';
import { benchHeader } from './storage';

/**
 * Main's side of executing a disposition batch at scale: a ledger of 100,000
 * removals (one 1 KB encrypted version each) with 10,000 screenshots, from
 * which a batch of 10,000 records is destroyed: the stubs appended, every
 * segment holding their content rewritten and synced, the files deleted. The
 * window's preparation (sealing the stubs) is measured apart from this.
 */
const BUDGET_SECONDS = 30;
const APPEND_BATCH = 1_000;

export async function destructionRow({ quick }: { quick: boolean }): Promise<BenchRow> {
  const records = quick ? 10_000 : 100_000;
  const destroyed = records / 10;
  const root = mkdtempSync(join(tmpdir(), 'records-ledger-bench-destroy-'));
  try {
    const vault = new VaultStore(join(root, 'data'));
    await vault.create(benchHeader, [{ type: 'vault.created', actor: 'bench', recordId: null, payload: null }]);
    const { journal, attachments } = await vault.open();
    for (let first = 0; first < records; first += APPEND_BATCH) {
      const events: NewEvent[] = Array.from({ length: APPEND_BATCH }, (_, i) => ({ type: 'removal.version', actor: 'bench', recordId: `rec-${first + i}`, payload: randomBytes(1_024) }));
      await journal.append(events);
    }
    // Every tenth record is destroyed, so the batch touches every segment, as an old year spread through the journal would.
    const recordIds = Array.from({ length: destroyed }, (_, i) => `rec-${i * 10}`);
    const attachmentIds = recordIds.map((id) => `file-${id}`);
    for (const id of attachmentIds) await attachments.put(id, randomBytes(16_384));
    const events: NewEvent[] = [
      ...recordIds.map((recordId) => ({ type: 'disposed.version', actor: 'bench', recordId, payload: randomBytes(400) })),
      { type: 'disposition.version', actor: 'bench', recordId: 'bench-batch', payload: randomBytes(2_000) },
    ];
    const started = performance.now();
    const outcome = await new DisposalService({ vault }).execute('bench', { batchId: 'bench-batch', events, recordIds, attachmentIds, backupsHoldContentUntil: null });
    const seconds = (performance.now() - started) / 1000;
    if (outcome.payloadsDestroyed !== destroyed || outcome.filesDestroyed !== destroyed) {
      throw new Error(`The destruction bench destroyed ${outcome.payloadsDestroyed} payloads and ${outcome.filesDestroyed} files; expected ${destroyed} of each.`);
    }
    return {
      operation: `execute a ${destroyed.toLocaleString('en-US')}-record destruction in a ${records.toLocaleString('en-US')}-entry journal (main)`,
      measured: seconds,
      unit: 's',
      budget: BUDGET_SECONDS,
      withinBudget: seconds <= BUDGET_SECONDS,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
