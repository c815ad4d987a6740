import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { PassphraseVerdict } from '../../../shared/vault/passphrase-policy';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { NewPassphraseField } from '../components/PassphraseField';
import type { SyncProgress } from '../read-model/sync';
import type { Session } from '../vault/session';
import { recoverWithRecoveryKey, unlockWithPassphrase, VaultError, type ReadyStatus } from '../vault/vault-operations';

/** Pick your name, type your passphrase. "Forgot passphrase" opens with the recovery key. */
export function UnlockScreen({ ledger, status, notice, onUnlocked }: { ledger: LedgerApi; status: ReadyStatus; notice: string | null; onUnlocked: (session: Session) => void }) {
  const users = status.slots.filter((slot) => slot.kind === 'user');
  const [slotId, setSlotId] = useState(users[0]?.id ?? '');
  const [passphrase, setPassphrase] = useState('');
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [verdict, setVerdict] = useState<PassphraseVerdict | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const heading = useRef<HTMLHeadingElement>(null);
  const passphraseInput = useRef<HTMLInputElement>(null);
  const recoveryInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const tick = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(tick);
  }, [waitUntil]);

  useEffect(() => heading.current?.focus(), [mode]);

  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));
  const progress = (p: SyncProgress) => setBusy(p.total > 0 ? `Bringing the local index up to date: ${p.applied} of ${p.total} entries…` : 'Opening…');

  async function attempt(run: () => Promise<Session>) {
    setError(null);
    setBusy('Checking…');
    try {
      onUnlocked(await run());
    } catch (failure) {
      setBusy(null);
      setError(failure instanceof Error ? failure.message : 'The ledger could not be opened.');
      // Back to the field to try again (the busy button had taken focus away).
      requestAnimationFrame(() => (mode === 'passphrase' ? passphraseInput : recoveryInput).current?.focus());
      if (failure instanceof VaultError && failure.retryAfterSeconds > 0) {
        setWaitUntil(Date.now() + failure.retryAfterSeconds * 1000);
        setNow(Date.now());
      }
    }
  }

  function submitPassphrase(event: FormEvent) {
    event.preventDefault();
    if (!passphrase) return setError('Type your passphrase.');
    void attempt(() => unlockWithPassphrase(ledger, status, slotId, passphrase, progress)).finally(() => setPassphrase(''));
  }

  function submitRecovery(event: FormEvent) {
    event.preventDefault();
    if (!recoveryKey.trim()) return setError('Type the recovery key from the Recovery Kit.');
    if (!verdict?.acceptable) return setError(verdict?.message ?? 'Choose a new passphrase.');
    if (confirm !== newPassphrase) return setError('The two new passphrases are not the same.');
    void attempt(() => recoverWithRecoveryKey(ledger, status, { userSlotId: slotId, recoveryKey, newPassphrase }, progress));
  }

  const chosen = users.find((u) => u.id === slotId);
  return (
    <section aria-labelledby="unlock-title">
      <h1 id="unlock-title" ref={heading} tabIndex={-1}>
        {mode === 'passphrase' ? `Unlock ${status.ledgerName}` : 'Open with the recovery key'}
      </h1>
      <p>{status.cityName}</p>
      <StatusMessage message={notice} />
      <fieldset className="user-picker">
        <legend>Who are you?</legend>
        {users.map((slot) => (
          <label key={slot.id} className="radio">
            <input type="radio" name="user" value={slot.id} checked={slot.id === slotId} onChange={() => setSlotId(slot.id)} />
            {slot.label}
          </label>
        ))}
      </fieldset>
      {mode === 'passphrase' ? (
        <form key="passphrase" onSubmit={submitPassphrase} noValidate>
          <Field
            label="Passphrase"
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            inputRef={passphraseInput}
            aria-invalid={error ? true : undefined}
            aria-errormessage={error ? 'unlock-error' : undefined}
          />
          <p id="unlock-error" role="alert" className="error-message">
            {error ?? ''}
          </p>
          <StatusMessage message={busy} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy !== null || secondsLeft > 0}>
              {secondsLeft > 0 ? `Unlock (wait ${secondsLeft} s)` : 'Unlock'}
            </button>
            <button type="button" className="link-button" onClick={() => (setMode('recovery'), setError(null))}>
              Forgot passphrase?
            </button>
          </div>
        </form>
      ) : (
        <form key="recovery" onSubmit={submitRecovery} noValidate>
          <p>Type the recovery key from the Recovery Kit, then choose a new passphrase for {chosen?.label ?? 'yourself'}.</p>
          <Field
            label="Recovery key"
            value={recoveryKey}
            onChange={(e) => setRecoveryKey(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            hint="Groups of five letters and digits, as printed. Dashes and spaces are optional."
            inputRef={recoveryInput}
          />
          <NewPassphraseField label="New passphrase" value={newPassphrase} onChange={setNewPassphrase} userInputs={[chosen?.label ?? '', status.cityName]} onVerdict={setVerdict} />
          <Field label="Type the new passphrase again" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
          <ErrorMessage message={error} />
          <StatusMessage message={busy} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy !== null || secondsLeft > 0}>
              Open and set the new passphrase
            </button>
            <button type="button" onClick={() => (setMode('passphrase'), setError(null))}>
              Back
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
