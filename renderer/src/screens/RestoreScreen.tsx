import { useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { ErrorMessage, Field } from '../components/Field';
import { JobProgress } from '../components/JobProgress';
import { useJob } from '../hooks/useJob';

/** On a fresh install: check a backup file, then restore it. Nothing is written until the whole file checks out. */
export function RestoreScreen({ ledger, onRestored, onCancel }: { ledger: LedgerApi; onRestored: () => void; onCancel: () => void }) {
  const [file, setFile] = useState('');
  const [error, setError] = useState<string | null>(null);
  const check = useJob(ledger, 'system');
  const restore = useJob(ledger, 'system');
  const checked = check.status?.state === 'done' && check.status.result?.kind === 'verifyBackup' ? check.status.result.backup : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file.trim()) return setError('Type the full path of the backup file.');
    setError(null);
    await check.start({ kind: 'verifyBackup', file: file.trim() });
  }

  async function runRestore() {
    const done = await restore.start({ kind: 'restore', file: file.trim() });
    if (done?.state === 'done') onRestored();
  }

  return (
    <section aria-labelledby="restore-title">
      <h1 id="restore-title">Restore from a backup</h1>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Backup file" value={file} onChange={(e) => setFile(e.target.value)} hint="The full path of a .rlbackup file, for example on a USB drive." spellCheck={false} />
        <ErrorMessage message={error ?? check.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={check.running || restore.running}>
            Check the backup
          </button>
          <button type="button" onClick={onCancel} disabled={restore.running}>
            Back
          </button>
        </div>
      </form>
      <JobProgress status={check.status} onCancel={() => void check.cancel()} />
      {checked && (
        <div className="panel">
          <h2>The backup is intact</h2>
          <dl>
            <dt>Made</dt>
            <dd>{checked.createdAt}</dd>
            <dt>Journal entries</dt>
            <dd>{checked.journalEntries}</dd>
            <dt>Attachments</dt>
            <dd>{checked.attachments}</dd>
          </dl>
          <button type="button" className="primary" onClick={() => void runRestore()} disabled={restore.running}>
            Restore this backup
          </button>
          <ErrorMessage message={restore.error} />
          <JobProgress status={restore.status} onCancel={() => void restore.cancel()} />
        </div>
      )}
    </section>
  );
}
