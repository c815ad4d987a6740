import { useState } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { signCheckpoint, verifyCheckpoint } from '../../../../shared/crypto/checkpoint';
import { compareWithCheckpoint, type CheckpointOutcome } from '../../../../shared/journal/checkpoint-comparison';
import type { VerificationReport } from '../../../../shared/journal/entry';
import { utf8 } from '../../../../shared/encoding';
import { ErrorMessage, StatusMessage } from '../../components/Field';
import { JobProgress } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import { saveDocument } from '../../ledger/save-document';
import { makePdf } from '../../pdf/pdf-client';
import type { Session } from '../../vault/session';

interface Comparison {
  seq: number;
  hash: string;
  createdAt: string;
  /** What the journal holds at the checkpoint's entry, if it still has one. */
  journalHash: string | null;
  outcome: CheckpointOutcome | { kind: 'invalid'; message: string };
}

/** Walks the whole journal, compares it with a signed checkpoint, and prints the result. */
export function VerifyPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const job = useJob(ledger, session.user.id);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const report: VerificationReport | null = job.status?.state === 'done' && job.status.result?.kind === 'verifyJournal' ? job.status.result.report : null;

  async function compare(file: File) {
    setError(null);
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch {
      setComparison({ seq: 0, hash: '', createdAt: '', journalHash: null, outcome: { kind: 'invalid', message: `${file.name} is not a checkpoint file.` } });
      return;
    }
    const checked = await verifyCheckpoint(session.keys.audit, value, session.ledgerId);
    if (!checked.ok) {
      setComparison({ seq: 0, hash: '', createdAt: '', journalHash: null, outcome: { kind: 'invalid', message: checked.message } });
      return;
    }
    const { checkpoint } = checked;
    const head = await ledger.journalHead({});
    const entry = await ledger.journalRead({ afterSeq: checkpoint.seq - 1, limit: 1 });
    if (!head.ok || !entry.ok) return setError('The journal could not be read.');
    const found = entry.value.entries[0];
    const journalHash = found && found.seq === checkpoint.seq ? found.hash : null;
    const outcome = compareWithCheckpoint(checkpoint, head.value, journalHash);
    setComparison({ seq: checkpoint.seq, hash: checkpoint.hash, createdAt: checkpoint.createdAt, journalHash, outcome });
  }

  async function exportCheckpoint() {
    setError(null);
    const head = await ledger.journalHead({});
    if (!head.ok) return setError(head.error.message);
    const checkpoint = await signCheckpoint(session.keys.audit, { ledgerId: session.ledgerId, seq: head.value.seq, hash: head.value.hash, createdAt: new Date().toISOString() });
    const path = await saveDocument(ledger, session.user.id, `Checkpoint ${session.ledgerName} entry ${head.value.seq}.json`, utf8(JSON.stringify(checkpoint, null, 2)), 'Signed audit checkpoint');
    setMessage(path ? `Saved a signed checkpoint of entry ${head.value.seq} to ${path}. Keep a copy away from this computer.` : null);
  }

  async function printReport() {
    if (!report) return;
    setError(null);
    try {
      const bytes = await makePdf('auditReport', {
        cityName: session.cityName,
        ledgerName: session.ledgerName,
        ledgerId: session.ledgerId,
        ranBy: session.user.fullName,
        ranAt: job.status?.finishedAt ?? new Date().toISOString(),
        ...report,
        checkpoint: comparison
          ? {
              seq: comparison.seq,
              hash: comparison.hash,
              signedAt: comparison.createdAt,
              outcome: comparison.outcome.kind,
              journalHash: comparison.journalHash,
              detail: comparison.outcome.message,
            }
          : null,
      });
      const path = await saveDocument(ledger, session.user.id, `Audit verification report ${session.ledgerName}.pdf`, bytes, 'Audit verification report');
      setMessage(path ? `Saved the audit verification report to ${path}.` : null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The report could not be made.');
    }
  }

  return (
    <section aria-labelledby="verify-title">
      <h1 id="verify-title" tabIndex={-1}>Verify ledger</h1>
      <p>Checks every journal entry against the one before it, so any change, removal or reordering is found.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void job.start({ kind: 'verifyJournal' })} disabled={job.running}>
          Verify the journal
        </button>
        <button type="button" onClick={() => void exportCheckpoint()}>
          Save a signed checkpoint
        </button>
      </div>
      <ErrorMessage message={error ?? job.error} />
      <StatusMessage message={message} />
      <JobProgress status={job.status} onCancel={() => void job.cancel()} />
      {report && (
        <div className="panel" aria-labelledby="report-title">
          <h2 id="report-title">{report.verdict === 'intact' ? 'The journal is intact' : 'The journal is BROKEN'}</h2>
          <dl className="facts">
            <dt>Entries checked</dt>
            <dd>{report.entriesChecked}</dd>
            <dt>Last entry</dt>
            <dd>
              {report.head.seq} <code>{report.head.hash}</code>
            </dd>
            {report.firstBrokenLink && (
              <>
                <dt>First broken entry</dt>
                <dd>
                  Entry {report.firstBrokenLink.seq}: {report.firstBrokenLink.problem}. Expected <code>{report.firstBrokenLink.expected}</code>, found <code>{report.firstBrokenLink.found}</code>.
                </dd>
              </>
            )}
            <dt>Gaps in the sequence</dt>
            <dd>{report.sequenceGaps.length === 0 ? 'None' : report.sequenceGaps.map((g) => `after ${g.after} comes ${g.next}`).join('; ')}</dd>
            <dt>Clock went backwards</dt>
            <dd>{report.timeWentBackwards.length === 0 ? 'Never' : report.timeWentBackwards.map((t) => `entry ${t.seq}: ${t.at} is before ${t.previousAt}`).join('; ')}</dd>
            <dt>Unreadable lines</dt>
            <dd>{report.unreadableLines.length === 0 ? 'None' : report.unreadableLines.map((u) => `${u.segment} line ${u.line}: ${u.problem}`).join('; ')}</dd>
          </dl>
          <div className="field">
            <label htmlFor="checkpoint-file">Compare with a signed checkpoint file</label>
            <input id="checkpoint-file" type="file" accept=".json,application/json" onChange={(e) => e.target.files?.[0] && void compare(e.target.files[0])} />
          </div>
          {comparison && (
            <p role="status" className={comparison.outcome.kind === 'matches' ? 'notice' : 'warning'}>
              {comparison.outcome.message}
            </p>
          )}
          <button type="button" onClick={() => void printReport()}>
            Save the audit verification report (PDF)
          </button>
        </div>
      )}
    </section>
  );
}
