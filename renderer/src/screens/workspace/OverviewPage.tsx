import { useEffect, useState } from 'react';
import type { Session } from '../../vault/session';
import { recoveryKeyConfirmed } from '../../vault/vault-operations';

/** Where the ledger stands: its size, the local index, anything that could not be read. */
export function OverviewPage({ session }: { session: Session }) {
  const [counts, setCounts] = useState<{ entries: number; records: number } | null>(null);
  const [recoveryKept, setRecoveryKept] = useState(true);

  useEffect(() => {
    let current = true;
    void Promise.all([session.db.audit.count(), session.db.records.count()]).then(([entries, records]) => current && setCounts({ entries, records }));
    void recoveryKeyConfirmed(session).then((kept) => current && setRecoveryKept(kept));
    return () => {
      current = false;
    };
  }, [session]);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title" tabIndex={-1}>{session.ledgerName}</h1>
      <p>
        {session.cityName}. Signed in as {session.user.fullName}.
      </p>
      {session.rebuiltBecause && (
        <p role="status" className="notice">
          {session.rebuiltBecause} It was rebuilt from the journal; nothing is missing.
        </p>
      )}
      {!recoveryKept && (
        <p role="alert" className="warning">
          The recovery key was never confirmed as written down. If every passphrase were lost, the records could not be
          opened. {session.user.role === 'administrator' ? 'Make a new recovery key under Users.' : 'Ask an administrator to make a new recovery key.'}
        </p>
      )}
      {session.unreadable.length > 0 && (
        <div role="alert" className="warning">
          <p>
            {session.unreadable.length} journal {session.unreadable.length === 1 ? 'entry' : 'entries'} could not be read; everything else opened. Run
            Verify ledger and restore from a backup if needed.
          </p>
          <ul>
            {session.unreadable.slice(0, 20).map((u) => (
              <li key={u.seq}>
                Entry {u.seq}, record {u.recordId ?? '(none)'}: {u.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <dl className="facts">
        <dt>Journal entries</dt>
        <dd>{counts?.entries ?? '…'}</dd>
        <dt>Records</dt>
        <dd>{counts?.records ?? '…'}</dd>
      </dl>
    </section>
  );
}
