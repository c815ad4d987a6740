import { useEffect, useRef, useState, type FormEvent } from 'react';
import { dispositionActionLabels, recordSeriesSchema, SERIES_TABLE, triggerEventLabels, triggerEvents, type RecordSeries, type TriggerEvent } from '../../../shared/retention/series';
import { ErrorMessage, Field, focusFirstInvalid } from '../components/Field';
import { FormActions } from '../components/FormActions';
import { newId } from '../ledger/random';
import type { Session } from '../vault/session';

/** Adding a series to the retention schedule; a destroy period under two years is refused with the statute named. */
export function SeriesForm({ session, existing, onDone, onCancel }: { session: Session; existing: RecordSeries[]; onDone: (series: RecordSeries) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({ years: '2', months: '0', days: '0', trigger: 'removal_date', disposition: 'destroy', permanent: '' });
  const [problems, setProblems] = useState<Array<{ field: string; message: string }>>([]);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (field: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));
  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;
  const whole = (text: string | undefined) => (text && /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = recordSeriesSchema.safeParse({
      id: newId(),
      code: values.code ?? '',
      title: values.title ?? '',
      covers: values.covers ?? '',
      period: values.permanent === 'yes' ? { kind: 'permanent' } : { kind: 'for', years: whole(values.years), months: whole(values.months), days: whole(values.days) },
      trigger: values.trigger,
      disposition: values.disposition,
      citation: values.citation ?? '',
    });
    const duplicate = parsed.success && existing.some((s) => s.code.toLowerCase() === parsed.data.code.toLowerCase());
    if (!parsed.success || duplicate) {
      setProblems(parsed.success ? [{ field: 'code', message: `The schedule already has a series ${parsed.data.code}.` }] : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })));
      return focusFirstInvalid(form.current);
    }
    setBusy(true);
    try {
      await session.records.save({ table: SERIES_TABLE, recordId: parsed.data.id, data: parsed.data, clear: { code: parsed.data.code }, reason: 'Series added to the retention schedule' });
      onDone(parsed.data);
    } catch (error) {
      setProblems([{ field: '', message: `The series was not saved: ${error instanceof Error ? error.message : String(error)}` }]);
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="series-form-title">
      <h3 id="series-form-title" tabIndex={-1} ref={title}>
        Add a record series
      </h3>
      <Field label="Code" value={values.code ?? ''} onChange={set('code')} error={errorFor('code')} />
      <Field label="Title" value={values.title ?? ''} onChange={set('title')} error={errorFor('title')} />
      <Field label="What it covers" value={values.covers ?? ''} onChange={set('covers')} error={errorFor('covers')} />
      <label className="checkbox">
        <input type="checkbox" checked={values.permanent === 'yes'} onChange={(e) => setValues((v) => ({ ...v, permanent: e.target.checked ? 'yes' : '', disposition: e.target.checked ? 'transfer' : v.disposition ?? 'destroy' }))} /> Kept
        permanently
      </label>
      {values.permanent !== 'yes' && (
        <fieldset aria-describedby={errorFor('period') ? 'series-period-error' : undefined}>
          <legend>Kept for</legend>
          <Field label="Years" inputMode="numeric" value={values.years ?? ''} onChange={set('years')} error={errorFor('period.years')} />
          <Field label="Months" inputMode="numeric" value={values.months ?? ''} onChange={set('months')} error={errorFor('period.months')} />
          <Field label="Days" inputMode="numeric" value={values.days ?? ''} onChange={set('days')} error={errorFor('period.days')} />
          {errorFor('period') && !problems.some((p) => p.field.startsWith('period.')) && (
            <p id="series-period-error" className="field-error">
              {errorFor('period')}
            </p>
          )}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="series-trigger">Counted from</label>
        <select id="series-trigger" value={values.trigger} onChange={set('trigger')}>
          {triggerEvents.map((trigger: TriggerEvent) => (
            <option key={trigger} value={trigger}>
              {triggerEventLabels[trigger]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="series-disposition">At the end</label>
        <select id="series-disposition" value={values.disposition} onChange={set('disposition')} aria-describedby={errorFor('disposition') ? 'series-disposition-error' : undefined}>
          {(['destroy', 'transfer'] as const).map((action) => (
            <option key={action} value={action}>
              {dispositionActionLabels[action]}
            </option>
          ))}
        </select>
        {errorFor('disposition') && (
          <p id="series-disposition-error" className="field-error">
            {errorFor('disposition')}
          </p>
        )}
      </div>
      <Field label="Adopted by (resolution)" value={values.citation ?? ''} onChange={set('citation')} error={errorFor('citation')} />
      <ErrorMessage message={problems.filter((p) => p.field === '').map((p) => p.message).join(' ') || null} />
      <FormActions submitLabel="Add the series" busy={busy} onCancel={onCancel} />
    </form>
  );
}
