import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { roleLabels, roles, USER_TABLE, userSchema, type Role, type User } from '../../../../shared/users/user';
import type { PassphraseVerdict } from '../../../../shared/vault/passphrase-policy';
import { ErrorMessage, Field } from '../../components/Field';
import { NewPassphraseField } from '../../components/PassphraseField';
import type { Session } from '../../vault/session';
import { addUser, removeUser, resetPassphrase } from '../../vault/vault-operations';

type Action = { kind: 'add' } | { kind: 'reset'; user: User } | { kind: 'remove'; user: User } | null;

/** Administrators add people, reset their passphrases and remove them; past actions stay attributed. */
export function UsersPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [users, setUsers] = useState<User[]>([]);
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<string | null>(null);

  const reload = useCallback(async () => setUsers((await session.records.list(USER_TABLE, userSchema)).sort((a, b) => a.fullName.localeCompare(b.fullName))), [session]);
  useEffect(() => void reload(), [reload]);

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title" tabIndex={-1}>Users</h1>
      <p>
        Roles decide what each screen offers. On a shared computer they are a matter of procedure, not encryption: anyone
        with a passphrase can read the ledger.
      </p>
      {message && <p role="status">{message}</p>}
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
                    <button type="button" onClick={() => setAction({ kind: 'reset', user })} aria-label={`Reset the passphrase of ${user.fullName}`}>
                      Reset passphrase
                    </button>{' '}
                    <button type="button" onClick={() => setAction({ kind: 'remove', user })} aria-label={`Remove ${user.fullName}`}>
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
        <button type="button" className="primary" onClick={() => setAction({ kind: 'add' })}>
          Add a user
        </button>
      </div>
      {action && (
        <UserActionForm
          key={`${action.kind}-${'user' in action ? action.user.id : ''}`}
          ledger={ledger}
          session={session}
          action={action}
          onDone={(text) => {
            setAction(null);
            setMessage(text);
            void reload();
          }}
          onCancel={() => setAction(null)}
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
      <h2 id="user-action-title">{title}</h2>
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
