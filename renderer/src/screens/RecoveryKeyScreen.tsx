import { useMemo, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { saveDocument } from '../ledger/save-document';
import { makePdf } from '../pdf/pdf-client';
import { randomBytes } from '../ledger/random';
import { RECOVERY_CONFIRMED } from '../vault/vault-operations';

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
  headingLevel = 1,
}: {
  ledger: LedgerApi;
  recoveryKey: string;
  ledgerId: string;
  cityName: string;
  ledgerName: string;
  actor: string;
  onConfirmed: () => void;
  /** 2 inside the workspace, where the page already has its own h1. */
  headingLevel?: 1 | 2;
}) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    const normalise = (s: string) => s.toUpperCase().replace(/[^0-9A-Z]/g, '');
    const right = asked.every((group, i) => normalise(answers[i] ?? '') === groups[group]);
    if (!right) {
      setError('That does not match the recovery key. Check what you wrote down.');
      return;
    }
    const recorded = await ledger.journalAppend({ events: [{ type: RECOVERY_CONFIRMED, actor, recordId: null, payload: null }] });
    if (!recorded.ok) {
      setError(recorded.error.message);
      return;
    }
    onConfirmed();
  }

  return (
    <section aria-labelledby="recovery-title">
      <Heading id="recovery-title">Your recovery key</Heading>
      <p>
        If every passphrase is lost, this key is the only way into the ledger. It is shown once. Print the Recovery Kit or
        write the key down, and keep it locked away from this computer.
      </p>
      <p className="recovery-key" data-recovery-key={recoveryKey}>
        {groups.map((group, i) => (
          <span key={i} className="recovery-group">
            <span className="visually-hidden">Group {i + 1}: </span>
            {group}
            {i < groups.length - 1 && <span aria-hidden="true">-</span>}
          </span>
        ))}
      </p>
      <div className="actions">
        <button type="button" onClick={() => void print()}>
          Save the Recovery Kit (PDF)
        </button>
      </div>
      <StatusMessage message={printStatus} />
      <form onSubmit={(e) => void submit(e)} noValidate>
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
