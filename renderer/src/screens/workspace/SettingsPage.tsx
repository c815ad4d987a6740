import { useEffect, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { ErrorMessage, Field, StatusMessage } from '../../components/Field';

/** How long the ledger may sit idle before it locks itself. */
export function SettingsPage({ ledger, onSaved, isAdministrator }: { ledger: LedgerApi; onSaved: (autoLockMinutes: number) => void; isAdministrator: boolean }) {
  const [minutes, setMinutes] = useState('');
  const [domains, setDomains] = useState('');
  const [blockMinimum, setBlockMinimum] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void ledger.settingsGet({}).then((r) => {
      if (!r.ok) return setError(r.error.message);
      setMinutes(String(r.value.autoLockMinutes));
      setDomains(r.value.cityEmailDomains.join(', '));
      setBlockMinimum(String(r.value.blockMinimumRemovals));
    });
  }, [ledger]);

  async function save(event: FormEvent) {
    event.preventDefault();
    // A "saved" left over from the last save must not stand beside this one's error.
    setMessage(null);
    const value = Number(minutes);
    if (!Number.isInteger(value) || value < 1 || value > 240) return setError('Enter a whole number of minutes from 1 to 240.');
    const cityEmailDomains = domains.split(/[\s,;]+/).filter(Boolean);
    const blockMinimumRemovals = Number(blockMinimum);
    if (isAdministrator && (!Number.isInteger(blockMinimumRemovals) || blockMinimumRemovals < 2 || blockMinimumRemovals > 100)) {
      return setError('Enter a whole number from 2 to 100 for the removals a block needs: the policy allows blocks only for repeated removals.');
    }
    const result = await ledger.settingsSet(isAdministrator ? { autoLockMinutes: value, cityEmailDomains, blockMinimumRemovals } : { autoLockMinutes: value });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    setDomains(result.value.cityEmailDomains.join(', '));
    setMessage(`Settings saved. The ledger now locks after ${value} idle minutes.`);
    onSaved(value);
  }

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>Settings</h1>
      <form onSubmit={(e) => void save(e)} noValidate>
        <Field
          label="Lock after this many idle minutes"
          type="number"
          min={1}
          max={240}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          // Until the stored value arrives, typing would be overwritten by it.
          disabled={minutes === ''}
        />
        {isAdministrator && (
          <Field
            label="City email domains"
            hint="Separated by commas, for example norwalkca.gov. A site whose contact address is elsewhere needs written approval."
            value={domains}
            onChange={(e) => setDomains(e.target.value)}
            disabled={minutes === ''}
            spellCheck={false}
          />
        )}
        {isAdministrator && (
          <Field
            label="Removals needed before a poster can be blocked"
            hint="Per site, in the block-eligible categories (defamatory, obscene, spam or commerce, illegal activity). The policy says “repeatedly”, so at least 2."
            type="number"
            min={2}
            max={100}
            value={blockMinimum}
            onChange={(e) => setBlockMinimum(e.target.value)}
            disabled={minutes === ''}
          />
        )}
        <ErrorMessage message={error} />
        <StatusMessage message={message} />
        <button type="submit" className="primary" disabled={minutes === ''}>
          Save
        </button>
      </form>
    </section>
  );
}
