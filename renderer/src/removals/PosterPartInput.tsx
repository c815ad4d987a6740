import { useId, useRef } from 'react';

type Value = string | { unknown: true; reason: string } | undefined;

/**
 * One part of the poster's identity, kept "when available" as the policy
 * says: either the value, or "not available" with the reason, so a gap in
 * the record is explained rather than silent.
 */
export function PosterPartInput({ label, value, error, onChange, inputMode }: { label: string; value: Value; error: string | null; onChange: (value: Value) => void; inputMode?: 'url' | 'text' }) {
  const id = useId();
  const unknown = typeof value === 'object';
  // What was typed before "Not available" was ticked comes back if it is unticked.
  const typed = useRef(typeof value === 'string' ? value : '');
  if (typeof value === 'string') typed.current = value;
  return (
    <div className="field poster-part">
      {!unknown && <label htmlFor={`${id}-value`}>{label}</label>}
      {unknown && <p className="field-label">{label}</p>}
      {!unknown && (
        <input
          id={`${id}-value`}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          spellCheck={false}
          autoComplete="off"
          inputMode={inputMode}
        />
      )}
      <label className="checkbox">
        <input type="checkbox" aria-label={`Not available: ${label}`} checked={unknown} onChange={(event) => onChange(event.target.checked ? { unknown: true, reason: '' } : typed.current)} /> Not available
      </label>
      {unknown && (
        <>
          <label htmlFor={`${id}-reason`}>Why is it not available? ({label})</label>
          <input
            id={`${id}-reason`}
            value={value.reason}
            onChange={(event) => onChange({ unknown: true, reason: event.target.value })}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            placeholder="For example: the account was deleted before it could be captured"
          />
        </>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
