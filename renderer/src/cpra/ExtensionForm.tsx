import { useRef, useState, type FormEvent } from 'react';
import { determinationDue, extensionRefusal, latestExtendedDue } from '../../../shared/cpra/deadlines';
import type { HolidayCalendar } from '../../../shared/cpra/holidays';
import { isOpen, type CpraRequest } from '../../../shared/cpra/request';
import { unusualCircumstanceLabels, unusualCircumstances, unusualCircumstanceWords, type UnusualCircumstance } from '../../../shared/cpra/unusual-circumstances';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { ErrorMessage, Field } from '../components/Field';
import { FormActions, focusAfterRender } from '../components/FormActions';
import { cityToday } from '../ledger/clock';
import type { Session } from '../vault/session';
import { me, type SaveRequestChange } from './requests';

/**
 * The one extension Gov. Code 7922.535 allows: up to 14 days, for one of the
 * unusual circumstances, by written notice. The shared rule decides; this
 * form only asks and shows its answer. A second extension is refused there.
 */
export function ExtensionForm({ request, calendar, mayWork, session, onSave }: { request: CpraRequest; calendar: HolidayCalendar; mayWork: boolean; session: Session; onSave: SaveRequestChange }) {
  const context = { timeZone: CITY_TIME_ZONE, holidays: calendar.days };
  const original = determinationDue(request.receivedAt, context);
  const latest = latestExtendedDue(original, calendar.days);
  const [open, setOpen] = useState(false);
  const [circumstance, setCircumstance] = useState<UnusualCircumstance | ''>('');
  const [dueOn, setDueOn] = useState(latest);
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const today = cityToday();
    const refusal = extensionRefusal(request, { circumstance, dueOn, notice }, { ...context, today });
    if (refusal || !circumstance) {
      setFailure(refusal ?? 'Choose the unusual circumstance that requires more time.');
      return;
    }
    setBusy(true);
    const extension = { circumstance, dueOn, notice, noticeSentOn: today, by: me(session), at: new Date().toISOString() };
    const failed = await onSave((latest) => {
      // Checked again on the stored request: an extension saved meanwhile in another window makes this one a second.
      const again = extensionRefusal(latest, { circumstance, dueOn, notice }, { ...context, today });
      if (again) throw new Error(again);
      return { ...latest, status: 'extended', extension };
    }, `Determination extended to ${dueOn} (${unusualCircumstanceLabels[circumstance]}) by ${me(session).name}`);
    setBusy(false);
    if (!failed) {
      setOpen(false);
      focusAfterRender(heading);
    } else setFailure(failed);
  }

  return (
    <section aria-labelledby="extension-title">
      <h2 id="extension-title" tabIndex={-1} ref={heading}>
        Extension
      </h2>
      {request.extension ? (
        <p>
          Extended once, to {request.extension.dueOn}, by {request.extension.by.name} (notice sent {request.extension.noticeSentOn}):{' '}
          {unusualCircumstanceWords[request.extension.circumstance]} The law allows one extension only.
        </p>
      ) : (
        <p>
          Not extended. The determination is due {original.due}
          {original.movedBecause.length > 0 ? ` (moved from ${original.nominal}: ${original.movedBecause.join('; ')})` : ''}. One extension of up to 14 days is allowed, to {latest} at the latest.
        </p>
      )}
      {mayWork && isOpen(request.status) && !open && (
        <button type="button" onClick={() => { setFailure(null); setOpen(true); }}>
          Extend the deadline
        </button>
      )}
      {!open && <ErrorMessage message={failure} />}
      {open && (
        <form onSubmit={(event) => void submit(event)} aria-labelledby="extension-form-title" noValidate>
          <h3 id="extension-form-title">Extend the deadline (Gov. Code 7922.535(b))</h3>
          <fieldset>
            <legend>The unusual circumstance that requires more time</legend>
            {unusualCircumstances.map((option) => (
              <label key={option} className="radio">
                <input type="radio" name="extension-circumstance" checked={circumstance === option} onChange={() => setCircumstance(option)} /> {unusualCircumstanceLabels[option]}
              </label>
            ))}
          </fieldset>
          <Field label="New determination date" type="date" hint={`At most 14 days past the original deadline: ${latest} at the latest.`} value={dueOn} onChange={(e) => setDueOn(e.target.value)} />
          <div className="field">
            <label htmlFor="extension-notice">Written notice to the requester</label>
            <p className="hint" id="extension-notice-hint">
              The reason and the date a determination will be made. Print the extension notice letter from Letters once this is saved.
            </p>
            <textarea id="extension-notice" aria-describedby="extension-notice-hint" rows={4} value={notice} onChange={(e) => setNotice(e.target.value)} />
          </div>
          <ErrorMessage message={failure} />
          <FormActions
            submitLabel="Record the extension"
            busy={busy}
            onCancel={() => {
              setOpen(false);
              setFailure(null);
            }}
          />
        </form>
      )}
    </section>
  );
}
