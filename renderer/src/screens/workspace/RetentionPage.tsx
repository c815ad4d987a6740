import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HOLD_TABLE, holdSchema, type Hold } from '../../../../shared/holds/hold';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import type { RemovalListing } from '../../../../shared/removals/removal-listing';
import { batchStatus, batchStatusLabels, describeAction, DISPOSED_TABLE, MAX_RECORDS_IN_BATCH, type DispositionBatch } from '../../../../shared/retention/disposition';
import { assessRetention, scheduleSeries, seriesCounts, type AssessedRecord } from '../../../../shared/retention/schedule-status';
import { describePeriod, dispositionActionLabels, recordSeriesSchema, SERIES_TABLE, triggerEventLabels, type RecordSeries } from '../../../../shared/retention/series';
import { DocumentExportStatus, useDocumentExport } from '../../components/DocumentExport';
import { couldNotRead, ErrorMessage, StatusMessage } from '../../components/Field';
import { focusAfterRender } from '../../components/FormActions';
import { openRequestsIndex } from '../../cpra/requests';
import { LedgerHolds } from '../../holds/LedgerHolds';
import { cityToday } from '../../ledger/clock';
import { newId } from '../../ledger/random';
import { makePdf } from '../../pdf/pdf-client';
import { BatchPanel } from '../../retention/BatchPanel';
import { listBatch, loadBatches } from '../../retention/disposition-batches';
import { SeriesForm } from '../../retention/SeriesForm';
import type { Session } from '../../vault/session';
import { allListings } from '../../removals/removal-listings';
import { listingsIn } from '../../read-model/database';

/**
 * The retention schedule applied: the record series, what each removal's
 * series, dates and holds say about when it may be disposed of, the
 * disposition batches that take eligible records through their approvals,
 * and the retention report for the council.
 */
export function RetentionPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [stored, setStored] = useState<RecordSeries[]>([]);
  const [listings, setListings] = useState<RemovalListing[] | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  const [openRequestsFor, setOpenRequestsFor] = useState<(recordId: string) => readonly string[]>(() => () => []);
  const [batches, setBatches] = useState<DispositionBatch[]>([]);
  const [disposedSeries, setDisposedSeries] = useState<string[]>([]);
  const [openBatch, setOpenBatch] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [listing, setListing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const report = useDocumentExport(ledger, session.user.id);
  const mayEdit = session.user.role === 'records_manager' || session.user.role === 'administrator';

  const load = useCallback(async () => {
    try {
      const [series, found, allHolds, allBatches, disposed, requests] = await Promise.all([
        session.records.list(SERIES_TABLE, recordSeriesSchema),
        allListings(session.db),
        session.records.list(HOLD_TABLE, holdSchema),
        loadBatches(session),
        listingsIn(session.db, DISPOSED_TABLE).toArray(),
        openRequestsIndex(session),
      ]);
      setOpenRequestsFor(() => requests);
      setStored(series);
      setListings(found);
      setHolds(allHolds);
      setBatches(allBatches);
      setDisposedSeries(disposed.map((row) => String(row.clear.seriesId ?? '')));
    } catch (error) {
      setFailure(couldNotRead('The retention schedule', error));
    }
  }, [session]);
  useEffect(() => void load(), [load]);

  const series = useMemo(() => scheduleSeries(stored), [stored]);
  const today = cityToday();
  const assessed = useMemo(() => assessRetention(listings ?? [], series, { today, timeZone: CITY_TIME_ZONE, holds, openRequestsFor }), [listings, holds, series, today, openRequestsFor]);
  const assessedById = useMemo(() => new Map(assessed.map((a) => [a.listing.id, a])), [assessed]);
  const counts = useMemo(() => seriesCounts(assessed, disposedSeries, series, today), [assessed, disposedSeries, series, today]);
  // A record already in a batch not yet executed is not listed twice.
  const inOpenBatches = useMemo(() => new Set(batches.filter((b) => !b.execution).flatMap((b) => b.records.map((r) => r.recordId))), [batches]);
  const eligibleBySeries = useMemo(() => {
    const bySeries = new Map<string, AssessedRecord[]>();
    for (const a of assessed) {
      if (a.eligibility.status !== 'eligible' || inOpenBatches.has(a.listing.id)) continue;
      bySeries.set(a.series.id, [...(bySeries.get(a.series.id) ?? []), a]);
    }
    return bySeries;
  }, [assessed, inOpenBatches]);

  async function listFor(s: RecordSeries) {
    setFailure(null);
    setListing(true);
    try {
      const batch = await listBatch(session, { eligible: eligibleBySeries.get(s.id) ?? [], action: s.disposition, existingNumbers: batches.map((b) => b.number), now: new Date(), newId });
      setMessage(`Batch ${batch.number} lists ${batch.records.length.toLocaleString('en-US')} records of ${s.code}. Print its ${batch.action === 'destroy' ? 'destruction' : 'transfer'} list for approval.`);
      setOpenBatch(batch.id);
      await load();
    } catch (error) {
      setFailure(`The batch was not listed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setListing(false);
    }
  }

  function printReport() {
    void report.run({
      what: 'retention report',
      fileName: `Retention report ${session.ledgerName} ${today}.pdf`,
      make: (signal, onProgress) =>
        makePdf('retentionReport', { cityName: session.cityName, ledgerName: session.ledgerName, preparedAt: new Date().toISOString(), today, series, rows: counts }, {
          signal,
          onProgress: (p) => onProgress({ label: p.label, done: p.fraction, total: 1 }),
        }),
    });
  }

  const total = (key: 'eligibleNow' | 'eligibleIn90Days' | 'onHold' | 'records' | 'disposedToDate') => counts.reduce((sum, row) => sum + row[key], 0);

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
            <dd>{total('eligibleNow').toLocaleString('en-US')}</dd>
            <dt>Eligible in the next 90 days</dt>
            <dd>{total('eligibleIn90Days').toLocaleString('en-US')}</dd>
            <dt>On hold (never disposed of while held)</dt>
            <dd>{total('onHold').toLocaleString('en-US')}</dd>
            <dt>Removals in the ledger</dt>
            <dd>{listings.length.toLocaleString('en-US')}</dd>
            <dt>Disposed of to date</dt>
            <dd>{total('disposedToDate').toLocaleString('en-US')}</dd>
          </dl>
          <table>
            <caption>By series</caption>
            <thead>
              <tr>
                <th scope="col">Series</th>
                <th scope="col">Records</th>
                <th scope="col">Eligible now, not yet in a batch</th>
                <th scope="col">In the next 90 days</th>
                <th scope="col">On hold</th>
                <th scope="col">Disposed of</th>
              </tr>
            </thead>
            <tbody>
              {counts.map((row) => {
                const s = series.find((x) => x.id === row.seriesId);
                const ready = eligibleBySeries.get(row.seriesId)?.length ?? 0;
                return (
                  <tr key={row.seriesId}>
                    <th scope="row">{s?.code ?? row.seriesId}</th>
                    <td>{row.records.toLocaleString('en-US')}</td>
                    <td>
                      {ready.toLocaleString('en-US')}{' '}
                      {mayEdit && s && ready > 0 && (
                        <button type="button" disabled={listing} onClick={() => void listFor(s)}>
                          List {Math.min(ready, MAX_RECORDS_IN_BATCH).toLocaleString('en-US')} for {s.disposition === 'destroy' ? 'destruction' : 'transfer'}
                        </button>
                      )}
                    </td>
                    <td>{row.eligibleIn90Days.toLocaleString('en-US')}</td>
                    <td>{row.onHold.toLocaleString('en-US')}</td>
                    <td>{row.disposedToDate.toLocaleString('en-US')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="actions">
            <button type="button" onClick={printReport} disabled={report.busy}>
              Print the retention report (PDF)
            </button>
          </div>
          <DocumentExportStatus exporter={report} />
        </>
      )}

      <h2>Disposition batches</h2>
      {batches.length === 0 ? (
        <p>No batch has been listed yet.</p>
      ) : (
        <ul className="batches">
          {batches.map((batch) => (
            <li key={batch.id}>
              <button type="button" aria-expanded={openBatch === batch.id} onClick={() => setOpenBatch(openBatch === batch.id ? null : batch.id)}>
                {batch.number}: {describeAction(batch.action)}, {batch.records.length.toLocaleString('en-US')} records, {batchStatusLabels[batchStatus(batch)].toLowerCase()}
              </button>
            </li>
          ))}
        </ul>
      )}
      {batches
        .filter((batch) => batch.id === openBatch)
        .map((batch) => (
          <BatchPanel
            key={batch.id}
            ledger={ledger}
            session={session}
            batch={batch}
            series={series}
            assessed={assessedById}
            onChanged={(updated, text) => {
              setBatches((all) => all.map((b) => (b.id === updated.id ? updated : b)));
              setMessage(text);
              if (updated.execution) void load();
            }}
          />
        ))}

      <LedgerHolds session={session} holds={holds} onChanged={(text) => {
        setMessage(text);
        void load();
      }} />
    </section>
  );
}
