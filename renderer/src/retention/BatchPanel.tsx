import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE, formatMoment } from '../../../shared/removals/moments';
import {
  approvalLabels,
  batchStatus,
  batchStatusLabels,
  cityAttorneyConsentSchema,
  departmentHeadApprovalSchema,
  describeAction,
  DISPOSED_TABLE,
  disposedStubSchema,
  executionRefusal,
  legislativeApprovalSchema,
  type ApprovalKind,
  type DispositionBatch,
  type DisposedStub,
} from '../../../shared/retention/disposition';
import type { AssessedRecord } from '../../../shared/retention/schedule-status';
import type { RecordSeries } from '../../../shared/retention/series';
import { DocumentExportStatus, useDocumentExport } from '../components/DocumentExport';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { FormActions, focusAfterRender } from '../components/FormActions';
import { JobProgress } from '../components/JobProgress';
import { useJob } from '../hooks/useJob';
import { cityToday } from '../ledger/clock';
import { makePdf } from '../pdf/pdf-client';
import type { Session } from '../vault/session';
import { finishExecution, prepareExecution, recordApproval } from './disposition-batches';

const SHOWN = 200;

const approvalForms: Record<ApprovalKind, { schema: z.ZodType; fields: Array<{ key: string; label: string; type?: string; hint?: string }> }> = {
  cityAttorney: {
    schema: cityAttorneyConsentSchema,
    fields: [
      { key: 'name', label: 'City attorney' },
      { key: 'date', label: 'Date of the written consent', type: 'date' },
      { key: 'reference', label: 'Reference of the written consent', hint: 'The letter or memo number' },
    ],
  },
  legislativeBody: {
    schema: legislativeApprovalSchema,
    fields: [
      { key: 'body', label: 'Approved by', hint: 'For example: City Council' },
      { key: 'resolution', label: 'Resolution number' },
      { key: 'date', label: 'Date of the resolution', type: 'date' },
    ],
  },
  departmentHead: {
    schema: departmentHeadApprovalSchema,
    fields: [
      { key: 'name', label: 'Department head' },
      { key: 'title', label: 'Department head’s title' },
      { key: 'date', label: 'Date of approval', type: 'date' },
    ],
  },
};

function describeApproval(batch: DispositionBatch, kind: ApprovalKind): string | null {
  const a = batch.approvals;
  switch (kind) {
    case 'cityAttorney':
      return a.cityAttorney && `${a.cityAttorney.name}, written consent ${a.cityAttorney.reference} of ${a.cityAttorney.date}`;
    case 'legislativeBody':
      return a.legislativeBody && `${a.legislativeBody.body}, resolution ${a.legislativeBody.resolution} of ${a.legislativeBody.date}`;
    case 'departmentHead':
      return a.departmentHead && `${a.departmentHead.name}, ${a.departmentHead.title}, on ${a.departmentHead.date}`;
  }
}

/**
 * One disposition batch through its life: the list printed for approval, the
 * three approvals recorded, execution by the records manager, and the
 * certificate. Nothing is destroyed before every approval is on record.
 */
export function BatchPanel({
  ledger,
  session,
  batch,
  series,
  assessed,
  onChanged,
}: {
  ledger: LedgerApi;
  session: Session;
  batch: DispositionBatch;
  series: readonly RecordSeries[];
  assessed: ReadonlyMap<string, AssessedRecord>;
  onChanged: (batch: DispositionBatch, message: string) => void;
}) {
  const [approving, setApproving] = useState<ApprovalKind | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const job = useJob(ledger, session.user.id);
  const exporter = useDocumentExport(ledger, session.user.id);
  const status = batchStatus(batch);
  const mayRecord = session.user.role === 'records_manager' || session.user.role === 'administrator' || session.user.role === 'counsel';
  const isTransfer = batch.action === 'transfer';
  const listName = isTransfer ? 'transfer list' : 'destruction list';
  const certificateName = isTransfer ? 'certificate of transfer' : 'certificate of destruction';
  const seriesUsed = series.filter((s) => batch.records.some((r) => r.seriesId === s.id));

  function printList() {
    void exporter.run({
      what: `${listName} ${batch.number}`,
      fileName: `${isTransfer ? 'Transfer' : 'Destruction'} list ${batch.number}.pdf`,
      make: (signal, onProgress) =>
        makePdf('destructionList', { cityName: session.cityName, ledgerName: session.ledgerName, batch, series: seriesUsed, preparedAt: new Date().toISOString() }, {
          signal,
          onProgress: (p) => onProgress({ label: p.label, done: p.fraction, total: 1 }),
        }),
    });
  }

  async function stubsOf(): Promise<DisposedStub[]> {
    const ids = batch.execution?.disposedIds ?? [];
    const rows = await session.db.records.bulkGet(ids);
    const stubs = await Promise.all(rows.map((row) => session.records.read(DISPOSED_TABLE, row, disposedStubSchema)));
    return stubs.filter((stub): stub is DisposedStub => stub !== null);
  }

  function printCertificate() {
    void exporter.run({
      what: `${certificateName} for ${batch.number}`,
      fileName: `${isTransfer ? 'Certificate of transfer' : 'Certificate of destruction'} ${batch.number}.pdf`,
      make: async (signal, onProgress) => {
        const [stubs, settings] = await Promise.all([stubsOf(), ledger.settingsGet({})]);
        return makePdf(
          'destructionCertificate',
          { cityName: session.cityName, ledgerName: session.ledgerName, batch, series: seriesUsed, stubs, backupFolder: settings.ok ? settings.value.backupFolder : null },
          { signal, onProgress: (p) => onProgress({ label: p.label, done: p.fraction, total: 1 }) },
        );
      },
    });
  }

  function askToExecute() {
    setFailure(null);
    // Refused before anything is prepared: the wrong role, or approvals missing.
    const refusal = executionRefusal(batch, session.user.role);
    if (refusal) return setFailure(refusal);
    setConfirming(true);
  }

  async function execute() {
    setConfirming(false);
    setFailure(null);
    try {
      const settings = await ledger.settingsGet({});
      const generations = settings.ok && settings.value.backupFolder ? settings.value.backupGenerations : null;
      const prepared = await prepareExecution(session, batch, { assessed, now: new Date(), backupGenerations: generations });
      if (prepared.job) {
        const ended = await job.start(prepared.job);
        if (!ended || ended.state !== 'done') {
          setFailure(ended?.state === 'cancelled' ? 'Execution was cancelled before anything was destroyed.' : (ended?.error?.message ?? job.error ?? 'The batch could not be executed.'));
          return;
        }
      }
      await finishExecution(session, prepared);
      const left = prepared.leftOut.length;
      onChanged(
        prepared.batch,
        `Batch ${batch.number} was executed: ${prepared.stubs.length.toLocaleString('en-US')} ${prepared.stubs.length === 1 ? 'record' : 'records'} ${isTransfer ? 'transferred' : 'destroyed'}${left ? `, ${left} left out (named below and on the certificate)` : ''}.`,
      );
    } catch (error) {
      setFailure(`The batch was not executed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const execution = batch.execution;
  return (
    <section className="panel" aria-labelledby={`batch-${batch.id}`}>
      <h3 id={`batch-${batch.id}`} tabIndex={-1} ref={heading}>
        Batch {batch.number}: {describeAction(batch.action)}, {batchStatusLabels[status].toLowerCase()}
      </h3>
      <StatusMessage message={message} />
      <ErrorMessage message={failure ?? job.error} />
      <dl className="facts">
        <dt>Records listed</dt>
        <dd>{batch.records.length.toLocaleString('en-US')}</dd>
        <dt>Listed by</dt>
        <dd>
          {batch.createdBy.name}, {formatMoment({ utc: new Date(batch.createdAt).toISOString(), zone: CITY_TIME_ZONE })}
        </dd>
        {batch.approvedAt && (
          <>
            <dt>Approved (all approvals on record)</dt>
            <dd>{formatMoment({ utc: new Date(batch.approvedAt).toISOString(), zone: CITY_TIME_ZONE })}</dd>
          </>
        )}
      </dl>
      <div className="actions">
        <button type="button" onClick={printList} disabled={exporter.busy}>
          Print the {listName} (PDF)
        </button>
        {execution && (
          <button type="button" onClick={printCertificate} disabled={exporter.busy}>
            Print the {certificateName} (PDF)
          </button>
        )}
      </div>
      <DocumentExportStatus exporter={exporter} />

      <h4>Approvals</h4>
      <ul className="approvals">
        {(Object.keys(approvalLabels) as ApprovalKind[]).map((kind) => {
          const recorded = describeApproval(batch, kind);
          return (
            <li key={kind}>
              {approvalLabels[kind]}: {recorded ?? 'not yet recorded.'}{' '}
              {!recorded && !execution && mayRecord && approving === null && (
                <button type="button" aria-label={`Record ${approvalLabels[kind].toLowerCase()} for ${batch.number}`} onClick={() => setApproving(kind)}>
                  Record it
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {approving && (
        <ApprovalForm
          kind={approving}
          defaults={approving === 'legislativeBody' ? { body: 'City Council' } : {}}
          onCancel={() => {
            setApproving(null);
            focusAfterRender(heading);
          }}
          onSubmit={async (value) => {
            const updated = await recordApproval(session, batch, approving, value as never, new Date());
            setApproving(null);
            setMessage(`${approvalLabels[approving]} was recorded for ${batch.number}.`);
            onChanged(updated, `${approvalLabels[approving]} was recorded for ${batch.number}.`);
          }}
        />
      )}

      {!execution && (
        <>
          <h4>Execution</h4>
          <p className="hint">
            Only a records manager may execute a batch, and only once every approval above is recorded. Records held, changed or no longer eligible by then are left out and named on the certificate.
          </p>
          {!confirming && !job.running && (
            <button type="button" onClick={askToExecute}>
              Execute batch {batch.number}
            </button>
          )}
          {confirming && (
            <div className="panel" role="group" aria-labelledby={`confirm-${batch.id}`}>
              <p id={`confirm-${batch.id}`}>
                {isTransfer ? 'Transfer' : 'Destroy'} up to {batch.records.length.toLocaleString('en-US')} records now? Their content, screenshots and files leave the ledger for good; a stub of each stays. This cannot be undone.
              </p>
              <div className="actions">
                <button type="button" className="primary" onClick={() => void execute()}>
                  {isTransfer ? 'Transfer' : 'Destroy'} them
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          <JobProgress status={job.status} onCancel={() => void job.cancel()} />
        </>
      )}
      {execution && (
        <>
          <h4>Executed</h4>
          <p>
            {execution.executedBy.name} executed it {formatMoment({ utc: new Date(execution.executedAt).toISOString(), zone: CITY_TIME_ZONE })}:{' '}
            {execution.disposedIds.length.toLocaleString('en-US')} {isTransfer ? 'transferred' : 'destroyed'}.
            {execution.backupsHoldContentUntil ? ` Backups made before then hold the destroyed content until ${execution.backupsHoldContentUntil}, when the rotation removes the last of them.` : ''}
          </p>
          {execution.leftOut.length > 0 && (
            <table>
              <caption>Left out at execution</caption>
              <thead>
                <tr>
                  <th scope="col">Record</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {execution.leftOut.map((left) => (
                  <tr key={left.recordId}>
                    <td>
                      <code>{left.recordId}</code>
                    </td>
                    <td>{left.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}

      <table>
        <caption>
          Records listed{batch.records.length > SHOWN ? ` (the first ${SHOWN} of ${batch.records.length.toLocaleString('en-US')})` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Record</th>
            <th scope="col">Series</th>
            <th scope="col">Removed</th>
            <th scope="col">Eligible</th>
            <th scope="col">Content hash</th>
          </tr>
        </thead>
        <tbody>
          {batch.records.slice(0, SHOWN).map((record) => (
            <tr key={record.recordId}>
              <td>
                <code>{record.recordId}</code>
              </td>
              <td>{record.seriesCode}</td>
              <td>{record.removedOn}</td>
              <td>{record.eligibleOn}</td>
              <td>
                <code>{record.contentHash.slice(0, 16)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ApprovalForm({ kind, defaults, onSubmit, onCancel }: { kind: ApprovalKind; defaults: Record<string, string>; onSubmit: (value: unknown) => Promise<void>; onCancel: () => void }) {
  const form = approvalForms[kind];
  const [values, setValues] = useState<Record<string, string>>({ date: cityToday(), ...defaults });
  const [problems, setProblems] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = form.schema.safeParse(values);
    if (!parsed.success) return setProblems([...new Set(parsed.error.issues.map((issue) => issue.message))].join(' '));
    if (typeof values.date === 'string' && values.date > cityToday()) return setProblems('An approval cannot be dated in the future.');
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (error) {
      setProblems(`It was not recorded: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby={`approval-${kind}`}>
      <h4 id={`approval-${kind}`} tabIndex={-1} ref={title}>
        {approvalLabels[kind]}
      </h4>
      {form.fields.map((field) => (
        <Field
          key={field.key}
          label={field.label}
          hint={field.hint}
          type={field.type ?? 'text'}
          value={values[field.key] ?? ''}
          onChange={(e) => setValues((v) => ({ ...v, [field.key]: e.target.value }))}
        />
      ))}
      <ErrorMessage message={problems} />
      <FormActions submitLabel="Record the approval" busy={busy} onCancel={onCancel} />
    </form>
  );
}
