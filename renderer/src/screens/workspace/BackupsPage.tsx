import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import type { Settings } from '../../../../shared/settings';
import { ErrorMessage, Field, StatusMessage } from '../../components/Field';
import { JobProgress } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import type { Session } from '../../vault/session';

type BackupFile = { file: string; bytes: number; modifiedAt: string };

/** Back up now, daily backups, and checking a backup file without restoring it. */
export function BackupsPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [folder, setFolder] = useState('');
  const [generations, setGenerations] = useState('7');
  const [daily, setDaily] = useState(false);
  const [canChoose, setCanChoose] = useState(false);
  const [backups, setBackups] = useState<BackupFile[]>([]);
  const [checkFile, setCheckFile] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const backup = useJob(ledger, session.user.id);
  const check = useJob(ledger, session.user.id);

  const listBackups = useCallback(
    async (where: string) => {
      if (!where) return setBackups([]);
      const listed = await ledger.backupList({ folder: where });
      setBackups(listed.ok ? listed.value.backups : []);
    },
    [ledger],
  );

  useEffect(() => {
    void ledger.settingsGet({}).then((result) => {
      if (!result.ok) return setError(result.error.message);
      setSettings(result.value);
      setFolder(result.value.backupFolder ?? '');
      setGenerations(String(result.value.backupGenerations));
      setDaily(result.value.dailyBackup);
      void listBackups(result.value.backupFolder ?? '');
    });
    setCanChoose(typeof window.ledger !== 'undefined');
  }, [ledger, listBackups]);

  async function choose() {
    const chosen = await ledger.folderChoose({});
    if (chosen.ok && chosen.value.path) setFolder(chosen.value.path);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    // A "saved" left over from the last save must not stand beside this one's error.
    setMessage(null);
    const keep = Number(generations);
    if (!Number.isInteger(keep) || keep < 1 || keep > 365) return setError('Keep between 1 and 365 backups.');
    if (daily && !folder.trim()) return setError('Choose a folder for the daily backups.');
    const result = await ledger.settingsSet({ backupFolder: folder.trim() || null, backupGenerations: keep, dailyBackup: daily });
    if (!result.ok) return setError(result.error.message);
    setSettings(result.value);
    setMessage('Backup settings saved.');
  }

  async function backUpNow() {
    setError(null);
    setMessage(null);
    if (!folder.trim()) return setError('Choose the folder to back up to.');
    const done = await backup.start({ kind: 'backup', folder: folder.trim(), automatic: false });
    if (done?.state === 'done' && done.result?.kind === 'backup') {
      setMessage(`Backed up and checked: ${done.result.backup.file}.`);
      void listBackups(folder.trim());
    }
  }

  return (
    <section aria-labelledby="backups-title">
      <h1 id="backups-title" tabIndex={-1}>Backups</h1>
      <p>
        A backup is one file. The records in it are encrypted: they open only with a passphrase of this ledger or its
        recovery key. The names of its users and the dates of its entries can be read without one.
      </p>
      <form onSubmit={(e) => void save(e)} noValidate className="panel">
        {/* Until the stored settings arrive, typing would be overwritten by them. */}
        <fieldset disabled={settings === null} className="plain">
          <Field label="Backup folder" value={folder} onChange={(e) => setFolder(e.target.value)} hint="The full path of a folder, ideally on another drive." spellCheck={false}>
            {canChoose && (
              <button type="button" onClick={() => void choose()}>
                Choose…
              </button>
            )}
          </Field>
          <Field label="Backups to keep" type="number" min={1} max={365} value={generations} onChange={(e) => setGenerations(e.target.value)} />
          <label className="checkbox">
            <input type="checkbox" checked={daily} onChange={(e) => setDaily(e.target.checked)} /> Back up automatically every day
          </label>
          {settings?.lastBackupAt && <p>Last backup: {settings.lastBackupAt}</p>}
          <div className="actions">
            <button type="submit">Save backup settings</button>
            <button type="button" className="primary" onClick={() => void backUpNow()} disabled={backup.running}>
              Back up now
            </button>
          </div>
        </fieldset>
      </form>
      <ErrorMessage message={error ?? backup.error} />
      <StatusMessage message={message} />
      <JobProgress status={backup.status} onCancel={() => void backup.cancel()} />
      {backups.length > 0 && (
        <table>
          <caption>Backups in {folder}</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Written</th>
            </tr>
          </thead>
          <tbody>
            {backups.map((b) => (
              <tr key={b.file}>
                <td>{b.file}</td>
                <td>{(b.bytes / 1_000_000).toFixed(2)} MB</td>
                <td>{b.modifiedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="panel"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (checkFile.trim()) void check.start({ kind: 'verifyBackup', file: checkFile.trim() });
        }}
      >
        <h2>Verify a backup</h2>
        <Field label="Backup file to verify" value={checkFile} onChange={(e) => setCheckFile(e.target.value)} spellCheck={false} hint="Checks every byte of the file without restoring it." />
        <button type="submit" disabled={check.running}>
          Verify the backup
        </button>
        <ErrorMessage message={check.error} />
        <JobProgress status={check.status} onCancel={() => void check.cancel()} />
        {check.status?.state === 'done' && check.status.result?.kind === 'verifyBackup' && (
          <p role="status">
            The backup is intact: {check.status.result.backup.journalEntries} journal entries and {check.status.result.backup.attachments} attachments, made{' '}
            {check.status.result.backup.createdAt}.
          </p>
        )}
      </form>
    </section>
  );
}
