import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import { HOLD_TABLE, holdSchema, holdsOn, type Hold } from '../../../../shared/holds/hold';
import { CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import { removalDate, type RemovalListing } from '../../../../shared/removals/removal-listing';
import { retentionEligibility, type Eligibility } from '../../../../shared/retention/eligibility';
import {
  DEFAULT_SERIES_ID,
  defaultRemovalSeries,
  describePeriod,
  dispositionActionLabels,
  recordSeriesSchema,
  SERIES_TABLE,
  triggerEventLabels,
  triggerEvents,
  type RecordSeries,
  type TriggerEvent,
} from '../../../../shared/retention/series';
import { couldNotRead, ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../../components/Field';
import { newId } from '../../ledger/random';
import type { Session } from '../../vault/session';
import { loadListings } from './RemovalsPage';
import { FormActions, focusAfterRender } from '../../components/FormActions';
import { cityToday } from '../../ledger/clock';

const SHOWN = 200;

interface Assessed {
  listing: RemovalListing;
  eligibility: Eligibility;
}

/**
 * The retention schedule applied: the record series, and what each removal's
 * series, dates and holds say about when it may be disposed of.
 */
export function RetentionPage({ session }: { session: Session }) {
  const [stored, setStored] = useState<RecordSeries[]>([]);
  const [listings, setListings] = useState<RemovalListing[] | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const mayEdit = session.user.role === 'records_manager' || session.user.role === 'administrator';

  const load = useCallback(async () => {
    try {
      const [series, found, allHolds] = await Promise.all([session.records.list(SERIES_TABLE, recordSeriesSchema), loadListings(session), session.records.list(HOLD_TABLE, holdSchema)]);
      setStored(series);
      setListings(found);
      setHolds(allHolds);
    } catch (error) {
      setFailure(couldNotRead('The retention schedule', error));
    }
  }, [session]);
  useEffect(() => void load(), [load]);

  // The built-in series stands until records staff save their own version of it.
  const series = useMemo(() => (stored.some((s) => s.id === DEFAULT_SERIES_ID) ? stored : [defaultRemovalSeries, ...stored]), [stored]);
  const today = cityToday();
  const in90Days = DateTime.fromISO(today).plus({ days: 90 }).toISODate() ?? today;
  const assessed = useMemo<Assessed[]>(() => {
    // Every removal is in the default series until series assignment is recorded on it.
    const removalSeries = series.find((s) => s.id === DEFAULT_SERIES_ID) ?? defaultRemovalSeries;
    return (listings ?? []).map((listing) => ({
      listing,
      eligibility: retentionEligibility({ removedAt: listing.removedAt, seenAt: listing.seenAt }, removalSeries, {
        today,
        timeZone: CITY_TIME_ZONE,
        holds: holdsOn(holds, listing, CITY_TIME_ZONE).map((hold) => `${hold.matter.name} (${hold.matter.number})`),
        openRequests: [],
      }),
    }));
  }, [listings, holds, series, today]);
  const eligible = assessed.filter((a) => a.eligibility.status === 'eligible');
  const soon = assessed.filter((a) => a.eligibility.status === 'retained' && a.eligibility.eligibleOn <= in90Days);
  const held = assessed.filter((a) => a.eligibility.status === 'held');

  return (
    <section aria-labelledby="retention-title">
      <h1 id="retention-title" tabIndex={-1} ref={heading}>
        Retention
      </h1>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <h2>Record series</h2>
      <table>
        <caption className="visually-hidden">The retention schedule’s record series</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Title</th>
            <th scope="col">Kept</th>
            <th scope="col">From</th>
            <th scope="col">Then</th>
            <th scope="col">Adopted by</th>
          </tr>
        </thead>
        <tbody>
          {series.map((s) => (
            <tr key={s.id}>
              <td>{s.code}</td>
              <td>{s.title}</td>
              <td>{describePeriod(s.period)}</td>
              <td>{triggerEventLabels[s.trigger]}</td>
              <td>{dispositionActionLabels[s.disposition]}</td>
              <td>{s.citation}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayEdit && !adding && (
        <button type="button" onClick={() => setAdding(true)}>
          Add a record series
        </button>
      )}
      {adding && (
        <SeriesForm
          session={session}
          existing={series}
          onDone={(added) => {
            setAdding(false);
            setMessage(`${added.code} was added to the retention schedule.`);
            void load();
            focusAfterRender(heading);
          }}
          onCancel={() => {
            setAdding(false);
            focusAfterRender(heading);
          }}
        />
      )}

      <h2>Due for disposition</h2>
      {listings === null ? (
        <p role="status">Applying the schedule…</p>
      ) : (
        <>
          <dl className="facts">
            <dt>Eligible now</dt>
            <dd>{eligible.length.toLocaleString('en-US')}</dd>
            <dt>Eligible in the next 90 days</dt>
            <dd>{soon.length.toLocaleString('en-US')}</dd>
            <dt>On hold (never disposed of while held)</dt>
            <dd>{held.length.toLocaleString('en-US')}</dd>
            <dt>Removals in the ledger</dt>
            <dd>{listings.length.toLocaleString('en-US')}</dd>
          </dl>
          {eligible.length > 0 && (
            <table>
              <caption>
                Eligible for disposition under {defaultRemovalSeries.code}
                {eligible.length > SHOWN ? ` (the first ${SHOWN} of ${eligible.length.toLocaleString('en-US')})` : ''}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Removed</th>
                  <th scope="col">Eligible since</th>
                </tr>
              </thead>
              <tbody>
                {eligible.slice(0, SHOWN).map(({ listing, eligibility }) => (
                  <tr key={listing.id}>
                    <td>
                      <code>{listing.id.slice(0, 12)}</code>
                    </td>
                    <td>{DateTime.fromISO(removalDate(listing)).setZone(CITY_TIME_ZONE).toISODate()}</td>
                    <td>{eligibility.status === 'eligible' ? eligibility.eligibleOn : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">Disposition batches, their approvals and certificates of destruction are not built yet: nothing is destroyed from this screen.</p>
        </>
      )}
    </section>
  );
}

function SeriesForm({ session, existing, onDone, onCancel }: { session: Session; existing: RecordSeries[]; onDone: (series: RecordSeries) => void; onCancel: () => void }) {
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
