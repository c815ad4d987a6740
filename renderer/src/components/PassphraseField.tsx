import { useEffect, useState } from 'react';
import type { PassphraseVerdict } from '../../../shared/vault/passphrase-policy';
import { assessPassphrase } from '../vault/passphrase-strength';
import { Field } from './Field';

/** A new passphrase with a strength meter; tells its parent whether it may be used. */
export function NewPassphraseField({
  label,
  value,
  onChange,
  userInputs,
  onVerdict,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  userInputs: string[];
  onVerdict: (verdict: PassphraseVerdict | null) => void;
  error?: string | null;
}) {
  const [verdict, setVerdict] = useState<PassphraseVerdict | null>(null);
  const inputsKey = userInputs.join('\u0000');

  useEffect(() => {
    let current = true;
    if (!value) {
      setVerdict(null);
      onVerdict(null);
      return;
    }
    void assessPassphrase(value, inputsKey.split('\u0000')).then((v) => {
      if (!current) return;
      setVerdict(v);
      onVerdict(v);
    });
    return () => {
      current = false;
    };
  }, [value, inputsKey]);

  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint="At least 12 characters. Several unrelated words are easy to remember and hard to guess."
      error={error}
    >
      <div className="strength" aria-live="polite">
        <meter min={0} max={4} low={2} high={3} optimum={4} value={verdict?.score ?? 0} aria-label="Passphrase strength" />
        <span className={verdict && !verdict.acceptable ? 'strength-weak' : 'strength-ok'}>{verdict?.message ?? ''}</span>
      </div>
    </Field>
  );
}
