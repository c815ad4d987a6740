import { useEffect, useRef, useState, type FormEvent } from 'react';
import { HOLD_TABLE, holdSchema } from '../../../shared/holds/hold';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import type { Removal } from '../../../shared/removals/removal';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { assessRetention, scheduleSeries, seriesOf } from '../../../shared/retention/schedule-status';
import { DEFAULT_SERIES_ID, recordSeriesSchema, SERIES_TABLE, type RecordSeries } from '../../../shared/retention/series';
import { ErrorMessage, Field } from '../components/Field';
import { FormActions, focusAfterRender } from '../components/FormActions';
import { cityToday } from '../ledger/clock';
import { saveRemoval } from '../removals/save-removal';
import type { Session } from '../vault/session';
import { openRequestsIndex } from '../cpra/requests';

/**
 * The record's retention series and what the schedule says about it today.
 * Moving a record to another series changes when it may be disposed of, so it
 * is a recorded decision: a new version of the record, with who and why.
 */
export function SeriesAssignment({ session, removal, listing, onChanged }: { session: Session; removal: Removal; listing: RemovalListing | null; onChanged: (message: string) => void }) {
  const [series, setSeries] = useState<RecordSeries[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [changing, setChanging] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const mayChange = session.user.role === 'records_manager' || session.user.role === 'administrator';

  useEffect(() => {
    void (async () => {
      const [stored, holds, openRequestsFor] = await Promise.all([session.records.list(SERIES_TABLE, recordSeriesSchema), session.records.list(HOLD_TABLE, holdSchema), openRequestsIndex(session)]);
      const all = scheduleSeries(stored);
      setSeries(all);
      if (listing) setStatus(assessRetention([listing], all, { today: cityToday(), timeZone: CITY_TIME_ZONE, holds, openRequestsFor })[0]?.eligibility.message ?? null);
    })().catch(() => setStatus(null));
  }, [session, listing]);

  const current = seriesOf(removal.seriesId ?? DEFAULT_SERIES_ID, series);
  return (
    <section aria-labelledby="series-title">
      <h2 id="series-title" tabIndex={-1} ref={heading}>
        Retention
      </h2>
      <p>
        Series {current.code}: {current.title}. {status}
      </p>
      {mayChange && !changing && series.length > 1 && (
        <button type="button" onClick={() => setChanging(true)}>
          Change the retention series
        </button>
      )}
      {changing && (
        <ChangeSeriesForm
          session={session}
          removal={removal}
          current={current}
          series={series}
          onCancel={() => {
            setChanging(false);
            focusAfterRender(heading);
          }}
          onDone={(text) => {
            setChanging(false);
            onChanged(text);
            focusAfterRender(heading);
          }}
        />
      )}
    </section>
  );
}

function ChangeSeriesForm({ session, removal, current, series, onDone, onCancel }: { session: Session; removal: Removal; current: RecordSeries; series: RecordSeries[]; onDone: (message: string) => void; onCancel: () => void }) {
  const others = series.filter((s) => s.id !== current.id);
  const [chosen, setChosen] = useState(others[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const target = others.find((s) => s.id === chosen);
    if (!target) return setProblem('Choose the series the record belongs in.');
    if (!reason.trim()) return setProblem('Say why the record belongs in another series: the change moves the day it may be disposed of.');
    setBusy(true);
    try {
      const saved = await saveRemoval(session, { ...removal, seriesId: target.id }, `Retention series changed from ${current.code} to ${target.code}: ${reason.trim()}`);
      onDone(`The record is now in ${target.code} (version ${saved.version}).`);
    } catch (error) {
      setProblem(`The series was not changed: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="change-series-title">
      <h3 id="change-series-title" tabIndex={-1} ref={title}>
        Change the retention series
      </h3>
      <div className="field">
        <label htmlFor="new-series">New series</label>
        <select id="new-series" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          {others.map((s) => (
            <option key={s.id} value={s.id}>
              {s.code}: {s.title}
            </option>
          ))}
        </select>
      </div>
      <Field label="Why it belongs there" value={reason} onChange={(e) => setReason(e.target.value)} />
      <ErrorMessage message={problem} />
      <FormActions submitLabel="Change the series" busy={busy} onCancel={onCancel} />
    </form>
  );
}
