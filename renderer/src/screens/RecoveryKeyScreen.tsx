import { useMemo, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { ErrorMessage, Field } from '../components/Field';
import { saveDocument } from '../ledger/save-document';
import { makePdf } from '../pdf/pdf-client';
import { randomBytes } from '../ledger/random';

/**
 * The recovery key is shown once. The person prints the Recovery Kit and types
 * two groups back, so we know it was written down before we go on.
 */
export function RecoveryKeyScreen({
  ledger,
  recoveryKey,
  ledgerId,
  cityName,
  ledgerName,
  actor,
  onConfirmed,
}: {
  ledger: LedgerApi;
  recoveryKey: string;
  ledgerId: string;
  cityName: string;
  ledgerName: string;
  actor: string;
  onConfirmed: () => void;
}) {
  const groups = recoveryKey.split('-');
  const asked = useMemo(() => {
    const [a = 0, b = 1] = randomBytes(2);
    const first = a % groups.length;
    let second = b % groups.length;
    if (second === first) second = (first + 1) % groups.length;
    return [first, second].sort((x, y) => x - y);
  }, [groups.length]);
  const [answers, setAnswers] = useState(['', '']);
  const [error, setError] = useState<string | null>(null);
  const [printStatus, setPrintStatus] = useState<string | null>(null);

  async function print() {
    setPrintStatus('Preparing the Recovery Kit…');
    try {
      const bytes = await makePdf('recoveryKit', { cityName, ledgerName, ledgerId, recoveryKey, createdAt: new Date().toISOString().slice(0, 10) });
      const saved = await saveDocument(ledger, actor, 'Recovery Kit.pdf', bytes, 'Recovery Kit');
      setPrintStatus(saved ? `Saved the Recovery Kit to ${saved}. Print it and keep it locked away.` : 'Not saved.');
    } catch (failure) {
      setPrintStatus(failure instanceof Error ? failure.message : 'The Recovery Kit could not be made.');
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const normalise = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, '');
    const right = asked.every((group, i) => normalise(answers[i] ?? '') === groups[group]);
    if (!right) {
      setError('That does not match the recovery key. Check what you wrote down.');
      return;
    }
    onConfirmed();
  }

  return (
    <section aria-labelledby="recovery-title">
      <h1 id="recovery-title">Your recovery key</h1>
      <p>
        If every passphrase is lost, this key is the only way into the ledger. It is shown once. Print the Recovery Kit or
        write the key down, and keep it locked away from this computer.
      </p>
      <p className="recovery-key" aria-label={`Recovery key: ${groups.join(', ')}`}>
        {recoveryKey}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void print()}>
          Save the Recovery Kit (PDF)
        </button>
      </div>
      {printStatus && <p role="status">{printStatus}</p>}
      <form onSubmit={submit} noValidate>
        <p>To show it is written down, type two of its groups.</p>
        {asked.map((group, i) => (
          <Field
            key={group}
            label={`Group ${group + 1} of the recovery key`}
            value={answers[i]}
            onChange={(e) => setAnswers((current) => current.map((v, j) => (j === i ? e.target.value : v)))}
            autoComplete="off"
            spellCheck={false}
          />
        ))}
        <ErrorMessage message={error} />
        <button type="submit" className="primary">
          I have kept the recovery key
        </button>
      </form>
    </section>
  );
}
