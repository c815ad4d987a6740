import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { roleLabels, roles, USER_TABLE, userSchema, type Role, type User } from '../../../../shared/users/user';
import type { PassphraseVerdict } from '../../../../shared/vault/passphrase-policy';
import { ErrorMessage, Field, StatusMessage } from '../../components/Field';
import { NewPassphraseField } from '../../components/PassphraseField';
import type { Session } from '../../vault/session';
import { RecoveryKeyScreen } from '../RecoveryKeyScreen';
import { addUser, removeUser, replaceRecoveryKey, resetPassphrase } from '../../vault/vault-operations';

type Action = { kind: 'add' } | { kind: 'reset'; user: User } | { kind: 'remove'; user: User } | null;

/** Administrators add people, reset their passphrases and remove them; past actions stay attributed. */
export function UsersPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [users, setUsers] = useState<User[]>([]);
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const start = (next: NonNullable<Action>) => {
    opener.current = document.activeElement as HTMLElement | null;
    setAction(next);
  };
  const close = () => {
    setAction(null);
    // Back to the button that opened the form, or to the page heading if that button is gone.
    requestAnimationFrame(() => (opener.current?.isConnected ? opener.current : heading.current)?.focus());
  };

  const reload = useCallback(async () => setUsers((await session.records.list(USER_TABLE, userSchema)).sort((a, b) => a.fullName.localeCompare(b.fullName))), [session]);
  useEffect(() => void reload(), [reload]);

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" tabIndex={-1} ref={heading}>
        Users
      </h1>
      <p>
        Roles decide what each screen offers. On a shared computer they are a matter of procedure, not encryption: anyone
        with a passphrase can read the ledger.
      </p>
      <StatusMessage message={message} />
      <table>
        <caption className="visually-hidden">People who can open the ledger</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.fullName}</td>
              <td>{roleLabels[user.role]}</td>
              <td>{user.status === 'active' ? 'Active' : 'Removed'}</td>
              <td>
                {user.status === 'active' && user.id !== session.user.id && (
                  <>
                    <button type="button" onClick={() => start({ kind: 'reset', user })} aria-label={`Reset the passphrase of ${user.fullName}`}>
                      Reset passphrase
                    </button>{' '}
                    <button type="button" onClick={() => start({ kind: 'remove', user })} aria-label={`Remove ${user.fullName}`}>
                      Remove
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="primary" onClick={() => start({ kind: 'add' })}>
          Add a user
        </button>
      </div>
      <RecoveryKeyPanel ledger={ledger} session={session} onDone={setMessage} />
      {action && (
        <UserActionForm
          key={`${action.kind}-${'user' in action ? action.user.id : ''}`}
          ledger={ledger}
          session={session}
          action={action}
          onDone={(text) => {
            close();
            setMessage(text);
            void reload();
          }}
          onCancel={close}
        />
      )}
    </section>
  );
}

function UserActionForm({ ledger, session, action, onDone, onCancel }: { ledger: LedgerApi; session: Session; action: NonNullable<Action>; onDone: (message: string) => void; onCancel: () => void }) {
  const [fullName, setFullName] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [passphrase, setPassphrase] = useState('');
  const [verdict, setVerdict] = useState<PassphraseVerdict | null>(null);
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const title = action.kind === 'add' ? 'Add a user' : action.kind === 'reset' ? `Reset the passphrase of ${action.user.fullName}` : `Remove ${action.user.fullName}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (action.kind === 'add' && !fullName.trim()) return setError('Enter the full name.');
    if (action.kind !== 'remove' && !verdict?.acceptable) return setError(verdict?.message ?? 'Choose a passphrase for them.');
    if (action.kind !== 'remove' && !confirm) return setError('Confirm with your own passphrase.');
    setBusy(true);
    try {
      if (action.kind === 'add') {
        const added = await addUser(ledger, session, { fullName, role, passphrase, confirmPassphrase: confirm });
        onDone(`${added.fullName} was added as ${roleLabels[added.role]}. Give them their passphrase in person.`);
      } else if (action.kind === 'reset') {
        await resetPassphrase(ledger, session, { user: action.user, newPassphrase: passphrase, confirmPassphrase: confirm });
        onDone(`The passphrase of ${action.user.fullName} was reset.`);
      } else {
        await removeUser(ledger, session, action.user);
        onDone(`${action.user.fullName} was removed. Their past actions stay attributed to them.`);
      }
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'That did not work.');
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="user-action-title">
      <h2 id="user-action-title" tabIndex={-1} ref={titleRef}>
        {title}
      </h2>
      {action.kind === 'add' && (
        <>
          <Field label="Full name" value={fullName} onChange={(e) => setFullName(e.target.value)} autoComplete="off" />
          <div className="field">
            <label htmlFor="new-user-role">Role</label>
            <select id="new-user-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      {action.kind !== 'remove' && (
        <>
          <NewPassphraseField label="Their passphrase" value={passphrase} onChange={setPassphrase} userInputs={[fullName, session.cityName]} onVerdict={setVerdict} />
          <Field label="Your own passphrase, to confirm" type="password" autoComplete="current-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
        </>
      )}
      {action.kind === 'remove' && <p>Their key slot is deleted; they can no longer open the ledger. Everything they did stays in the journal under their name.</p>}
      <ErrorMessage message={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {action.kind === 'add' ? 'Add' : action.kind === 'reset' ? 'Reset passphrase' : 'Remove'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Replacing the recovery key: when the printed kit is lost, was never confirmed, or was seen by the wrong person. */
function RecoveryKeyPanel({ ledger, session, onDone }: { ledger: LedgerApi; session: Session; onDone: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newKey, setNewKey] = useState<string | null>(null);

  if (newKey) {
    return (
      <RecoveryKeyScreen
        ledger={ledger}
        recoveryKey={newKey}
        ledgerId={session.ledgerId}
        cityName={session.cityName}
        ledgerName={session.ledgerName}
        actor={session.user.id}
        headingLevel={2}
        onConfirmed={() => {
          setNewKey(null);
          setOpen(false);
          onDone('The new recovery key is in force; the old one no longer opens the ledger.');
        }}
      />
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!confirm) return setError('Confirm with your own passphrase.');
    setBusy(true);
    setError(null);
    try {
      setNewKey(await replaceRecoveryKey(ledger, session, confirm));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The recovery key could not be replaced.');
    } finally {
      setBusy(false);
      setConfirm('');
    }
  }

  return (
    <div className="panel">
      <h2>Recovery key</h2>
      <p>If every passphrase is lost, the recovery key is the only way into the ledger. Make a new one if the printed Recovery Kit is lost or was seen by someone who should not have it.</p>
      {open ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label="Your own passphrase, to make a new recovery key" type="password" autoComplete="current-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          <ErrorMessage message={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              Make the new recovery key
            </button>
            <button type="button" onClick={() => setOpen(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" onClick={() => setOpen(true)}>
          Make a new recovery key
        </button>
      )}
    </div>
  );
}
