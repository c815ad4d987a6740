import { HOLD_TABLE, holdSchema } from '../../../shared/holds/hold';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { JobStatus } from '../../../shared/jobs/jobs';
import type { NewEvent } from '../../../shared/journal/entry';
import { loadBatches } from '../../../renderer/src/retention/disposition-batches';
import type { Session } from '../../../renderer/src/vault/session';

/** Runs a job through the channel, as the window's job hook does, until it ends. */
async function runJob(ledger: LedgerApi, actor: string, job: { kind: 'verifyJournal' }): Promise<JobStatus> {
  const started = await ledger.jobStart({ actor, job });
  if (!started.ok) throw new Error(`The verification could not start: ${started.error.message}`);
  let status = started.value;
  const giveUp = Date.now() + 30_000;
  while (status.state === 'running') {
    if (Date.now() > giveUp) throw new Error('The verification was still running after 30 s.');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const polled = await ledger.jobStatus({ id: status.id });
    if (!polled.ok) throw new Error(`The verification's status could not be read: ${polled.error.message}`);
    status = polled.value;
  }
  return status;
}

/**
 * Walks the whole chain through the journal-verify job. Returns what is
 * wrong (nothing when it is intact and covers `headSeq` entries) and the
 * audit entry main writes for the verification, which is then part of the
 * ledger like any acknowledged write.
 */
export async function verifyChain(ledger: LedgerApi, actor: string, headSeq: number): Promise<{ problems: string[]; auditEntry: { seq: number; event: NewEvent } | null }> {
  const status = await runJob(ledger, actor, { kind: 'verifyJournal' });
  const problems: string[] = [];
  const report = status.result?.kind === 'verifyJournal' ? status.result.report : null;
  if (status.state !== 'done' || !report) return { problems: [`the chain could not be verified: ${status.state} ${status.error?.message ?? ''}`], auditEntry: null };
  if (report.verdict !== 'intact') problems.push(`the chain does not verify: ${JSON.stringify(report)}`);
  if (report.entriesChecked !== headSeq) problems.push(`verification checked ${report.entriesChecked} entries where the journal has ${headSeq}`);
  const read = await ledger.journalRead({ afterSeq: headSeq, limit: 1 });
  const entry = read.ok ? read.value.entries[0] : undefined;
  if (!entry || entry.type !== 'audit.verify') {
    problems.push(`after the verification, seq ${headSeq + 1} is ${entry ? entry.type : 'missing'} where its audit.verify entry belongs`);
    return { problems, auditEntry: null };
  }
  return { problems, auditEntry: { seq: entry.seq, event: { type: entry.type, actor: entry.actor, recordId: entry.recordId, payload: entry.payload } } };
}

/** A disposition never takes a record that a legal hold in force at its execution covered. */
export async function heldRecordsDisposed(session: Session): Promise<string[]> {
  const holds = await session.records.list(HOLD_TABLE, holdSchema);
  const problems: string[] = [];
  for (const batch of await loadBatches(session)) {
    const execution = batch.execution;
    if (!execution) continue;
    const at = Date.parse(execution.executedAt);
    for (const hold of holds) {
      const inForce = Date.parse(hold.placedAt) <= at && (hold.released === null || Date.parse(hold.released.at) > at);
      const covered = hold.scope.kind === 'records' || hold.scope.kind === 'search' ? hold.scope.recordIds : [];
      const taken = inForce ? covered.filter((id) => execution.disposedIds.includes(id)) : [];
      if (taken.length) problems.push(`disposition ${batch.number} destroyed ${taken.join(', ')} while ${hold.id} held them`);
    }
  }
  return problems;
}
