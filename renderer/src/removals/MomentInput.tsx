import { useId } from 'react';
import { DateTime } from 'luxon';
import { CITY_TIME_ZONE, formatMoment, readMomentEntry, type MomentEntry } from '../../../shared/removals/moments';
import { TimeZoneSelect } from '../components/TimeZoneSelect';


/**
 * A date and time typed as text in its own time zone. Text, not a picker:
 * it is quicker from the keyboard, reads "3/8/2026 2:30 PM" as clerks write
 * it, and can hold a time the clocks skipped so the form can say so.
 */
export function MomentInput({
  label,
  entry,
  error,
  onChange,
  allowNow = true,
}: {
  label: string;
  entry: MomentEntry | undefined;
  error: string | null;
  onChange: (entry: MomentEntry) => void;
  allowNow?: boolean;
}) {
  const id = useId();
  const value: MomentEntry = entry ?? { local: '', zone: CITY_TIME_ZONE };
  const reading = value.local.trim() ? readMomentEntry({ ...value, choice: undefined }) : null;
  const chosen = value.local.trim() ? readMomentEntry(value) : null;
  const understood = chosen?.status === 'ok' ? `Read as ${formatMoment(chosen.moment)}.` : null;
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');

  return (
    <fieldset className="moment-field">
      <legend>{label}</legend>
      <div className="moment-inputs">
        <div className="field">
          <label htmlFor={`${id}-local`}>Date and time</label>
          <input
            id={`${id}-local`}
            value={value.local}
            onChange={(event) => onChange({ ...value, local: event.target.value, choice: undefined })}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            placeholder="2026-03-08 14:30"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>Time zone</label>
          <TimeZoneSelect id={`${id}-zone`} value={value.zone} onChange={(zone) => onChange({ ...value, zone, choice: undefined })} />
        </div>
        {allowNow && (
          <button
            type="button"
            className="inline-action"
            aria-label={`Now: ${label}`}
            onClick={() => onChange({ local: DateTime.now().setZone(value.zone).toFormat("yyyy-MM-dd'T'HH:mm"), zone: value.zone })}
          >
            Now
          </button>
        )}
      </div>
      <p id={`${id}-hint`} className="hint">
        {understood ?? 'For example 2026-03-08 14:30 or 3/8/2026 2:30 PM.'}
      </p>
      {reading?.status === 'ambiguous' && (
        <fieldset className="moment-choice">
          <legend>{reading.message}</legend>
          <label>
            <input type="radio" name={`${id}-choice`} checked={value.choice === 'earlier'} onChange={() => onChange({ ...value, choice: 'earlier' })} /> The first: {formatMoment(reading.earlier)}
          </label>
          <label>
            <input type="radio" name={`${id}-choice`} checked={value.choice === 'later'} onChange={() => onChange({ ...value, choice: 'later' })} /> The second: {formatMoment(reading.later)}
          </label>
        </fieldset>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
