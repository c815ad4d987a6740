import { useRef, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { PassphraseVerdict } from '../../../shared/vault/passphrase-policy';
import { ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../components/Field';
import { NewPassphraseField } from '../components/PassphraseField';
import { createLedger, type CreatedLedger } from '../vault/vault-operations';

/** First run: the city, the ledger, and its first administrator. */
export function SetupScreen({ ledger, onCreated, onCancel }: { ledger: LedgerApi; onCreated: (created: CreatedLedger & { adminName: string; cityName: string; ledgerName: string }) => void; onCancel: () => void }) {
  const [cityName, setCityName] = useState('');
  const [ledgerName, setLedgerName] = useState('Social media removals');
  const [fullName, setFullName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [verdict, setVerdict] = useState<PassphraseVerdict | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [step, setStep] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!cityName.trim()) found.cityName = 'Enter the name of the city.';
    if (!ledgerName.trim()) found.ledgerName = 'Give the ledger a name.';
    if (!fullName.trim()) found.fullName = 'Enter your full name.';
    if (!verdict?.acceptable) found.passphrase = verdict?.message ?? 'Choose a passphrase.';
    if (confirm !== passphrase) found.confirm = 'The two passphrases are not the same.';
    setErrors(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(form.current);
    setFailure(null);
    try {
      const created = await createLedger(ledger, { cityName, ledgerName, fullName, passphrase }, setStep);
      onCreated({ ...created, adminName: fullName.trim(), cityName: cityName.trim(), ledgerName: ledgerName.trim() });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The ledger could not be created.');
      setStep(null);
    }
  }

  return (
    <section aria-labelledby="setup-title">
      <h1 id="setup-title">Create the ledger</h1>
      <p>You will be its first administrator. You can add clerks, counsel and records staff afterwards.</p>
      <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
        <Field label="City" value={cityName} onChange={(e) => setCityName(e.target.value)} error={errors.cityName} autoComplete="organization" />
        <Field label="Ledger name" value={ledgerName} onChange={(e) => setLedgerName(e.target.value)} error={errors.ledgerName} />
        <Field label="Your full name" value={fullName} onChange={(e) => setFullName(e.target.value)} error={errors.fullName} autoComplete="name" />
        <NewPassphraseField label="Passphrase" value={passphrase} onChange={setPassphrase} userInputs={[cityName, fullName, ledgerName]} onVerdict={setVerdict} error={errors.passphrase} />
        <Field label="Type the passphrase again" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.confirm} />
        <ErrorMessage message={failure} />
        <StatusMessage message={step} />
        <div className="actions">
          <button type="submit" className="primary" disabled={step !== null}>
            Create the ledger
          </button>
          <button type="button" onClick={onCancel} disabled={step !== null}>
            Back
          </button>
        </div>
      </form>
    </section>
  );
}
