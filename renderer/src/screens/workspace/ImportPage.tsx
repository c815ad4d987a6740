import { useCallback, useEffect, useId, useRef, useState, type InputHTMLAttributes } from 'react';
import { csvFileBytes, toSpreadsheetCsv } from '../../../../shared/export/csv';
import type { ImportPlan } from '../../../../shared/import/import-plan';
import { guessMapping, importFields, type ColumnMapping, type ImportFieldKey, type RowProblem } from '../../../../shared/import/removal-columns';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import type { PolicyRegister } from '../../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import type { Attachment } from '../../../../shared/removals/removal';
import { SITE_TABLE, siteSchema, type Site } from '../../../../shared/sites/site';
import { prepareAttachment, readPickedFile } from '../../attachments/attachment-files';
import { ErrorMessage, StatusMessage } from '../../components/Field';
import { openImportClient, type ImportClient, type ImportProgress } from '../../import/import-client';
import type { SheetSummary } from '../../import/import-jobs';
import type { Delimiter } from '../../import/read-spreadsheet';
import { runImport } from '../../import/run-import';
import { saveDocument } from '../../ledger/save-document';
import { loadPolicyRegister } from '../../removals/policy-register';
import { TimeZoneSelect } from '../../components/TimeZoneSelect';
import type { Session } from '../../vault/session';

/**
 * Importing the spreadsheets clerks kept before the ledger: choose the file,
 * say which column holds what, check every row, read the report, and only
 * then import: every ready row in one journal batch, all or nothing.
 */

const NOT_IN_FILE = '';
const PROBLEMS_SHOWN = 200;
const WARNINGS_SHOWN = 50;

const delimiterLabels: Record<Delimiter, string> = { ',': 'Comma (,)', ';': 'Semicolon (;)', '\t': 'Tab' };


function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

function isCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

type Stage = { kind: 'idle' } | { kind: 'reading' } | { kind: 'checking'; progress: ImportProgress | null } | { kind: 'importing'; progress: ImportProgress | null };

export function ImportPage({ ledger, session, onImported }: { ledger: LedgerApi; session: Session; onImported(count: number): void }) {
  const ids = useId();
  const client = useRef<ImportClient | null>(null);
  const running = useRef<AbortController | null>(null);
  const reportHeading = useRef<HTMLHeadingElement>(null);
  const mappingHeading = useRef<HTMLHeadingElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const [sites, setSites] = useState<Site[] | null>(null);
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array } | null>(null);
  const [delimiter, setDelimiter] = useState<Delimiter>(',');
  const [timeZone, setTimeZone] = useState(CITY_TIME_ZONE);
  const [summary, setSummary] = useState<SheetSummary | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [folder, setFolder] = useState<Map<string, File> | null>(null);
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const getClient = useCallback(() => (client.current ??= openImportClient()), []);

  useEffect(() => {
    void session.records.list(SITE_TABLE, siteSchema).then(setSites, (failure: unknown) => setError(`The Sites register could not be read: ${messageOf(failure, 'unknown error')}.`));
    void loadPolicyRegister(session).then(setRegister, (failure: unknown) => setError(`The policy versions could not be read: ${messageOf(failure, 'unknown error')}.`));
  }, [session]);

  useEffect(() => {
    const stopAll = () => {
      running.current?.abort();
      client.current?.close();
      client.current = null;
    };
    // Locking ends the worker too, so no row of the file outlives the unlocked session.
    session.locked.addEventListener('abort', stopAll);
    return () => {
      session.locked.removeEventListener('abort', stopAll);
      stopAll();
    };
  }, [session]);

  const busy = stage.kind !== 'idle';

  async function read(chosen: { name: string; bytes: Uint8Array }, separator: Delimiter) {
    setError(null);
    setStatus(null);
    setPlan(null);
    setSummary(null);
    setStage({ kind: 'reading' });
    try {
      const read = await getClient().read(chosen, separator);
      setSummary(read);
      setMapping(guessMapping(read.columns));
      if (read.refusal) setError(read.refusal);
      else requestAnimationFrame(() => mappingHeading.current?.focus());
    } catch (failure) {
      if (!isCancel(failure)) setError(messageOf(failure, 'The file could not be read.'));
    } finally {
      setStage({ kind: 'idle' });
    }
  }

  async function chooseFile(picked: File | undefined) {
    if (!picked) return;
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await picked.arrayBuffer());
    } catch {
      setError(`“${picked.name}” could not be read. It may have been moved or deleted; choose it again.`);
      return;
    }
    const chosen = { name: picked.name, bytes };
    setFile(chosen);
    const guessed: Delimiter = /\.tsv$/i.test(picked.name) ? '\t' : ',';
    setDelimiter(guessed);
    await read(chosen, guessed);
  }

  function chooseFolder(files: FileList | null) {
    setPlan(null);
    if (!files || files.length === 0) {
      setFolder(null);
      return;
    }
    const byName = new Map<string, File>();
    for (const entry of Array.from(files)) if (!byName.has(entry.name)) byName.set(entry.name, entry);
    setFolder(byName);
  }

  function changeMapping(key: ImportFieldKey, column: string) {
    setPlan(null);
    setMapping((current) => {
      const next = { ...current };
      if (column === NOT_IN_FILE) delete next[key];
      else next[key] = column;
      return next;
    });
  }

  async function check() {
    if (!summary || !sites || !register) return;
    setError(null);
    setStatus(null);
    setPlan(null);
    const controller = new AbortController();
    running.current = controller;
    setStage({ kind: 'checking', progress: null });
    try {
      const checked = await getClient().plan(
        mapping,
        { sites, policy: register.at(-1)!, register, timeZone, now: new Date(), screenshotFiles: folder ? [...folder.keys()] : null },
        { signal: controller.signal, onProgress: (progress) => setStage({ kind: 'checking', progress }) },
      );
      setPlan(checked);
      if (checked.refusal) setError(checked.refusal);
      requestAnimationFrame(() => reportHeading.current?.focus());
    } catch (failure) {
      if (isCancel(failure)) setStatus('Checking was cancelled. Nothing was imported.');
      else setError(messageOf(failure, 'The rows could not be checked.'));
    } finally {
      running.current = null;
      setStage({ kind: 'idle' });
    }
  }

  async function attachFile(name: string): Promise<Attachment | { error: string }> {
    const picked = folder?.get(name);
    if (!picked) return { error: 'It is no longer in the chosen folder.' };
    const read = await readPickedFile(picked);
    if (!read.ok) return { error: read.message };
    const prepared = await prepareAttachment(read.file, 'screenshot', { ledger, recordsKey: session.keys.records, signal: running.current?.signal });
    return prepared.ok ? prepared.attachment : { error: prepared.message };
  }

  async function importRows() {
    if (!plan || !summary || plan.valid.length === 0) return;
    setError(null);
    setStatus(null);
    const controller = new AbortController();
    running.current = controller;
    setStage({ kind: 'importing', progress: null });
    try {
      const { imported } = await runImport(plan.valid, {
        session,
        fileName: summary.fileName,
        attachFile,
        signal: controller.signal,
        onProgress: (progress) => setStage({ kind: 'importing', progress }),
      });
      setStatus(`Imported ${plural(imported, 'removal', 'removals')} in one batch.`);
      setPlan(null);
      // The rows are in the ledger now; the worker's copy of the file is no longer needed.
      client.current?.close();
      client.current = null;
      setSummary(null);
      setFile(null);
      onImported(imported);
    } catch (failure) {
      if (isCancel(failure)) setStatus('The import was cancelled. Nothing was imported.');
      else setError(messageOf(failure, 'The import failed. Nothing was imported.'));
    } finally {
      running.current = null;
      setStage({ kind: 'idle' });
      // The report's buttons are gone once it is done; the page heading keeps the keyboard in the page.
      requestAnimationFrame(() => titleRef.current?.focus());
    }
  }

  async function saveReport() {
    if (!plan || !summary) return;
    const lines = plan.failed.flatMap((failed) => failed.problems).concat(plan.warnings.map((warning) => ({ ...warning, message: `Warning: ${warning.message}` })));
    const csv = toSpreadsheetCsv<RowProblem>(
      [
        { header: 'Row', value: (line) => line.row },
        { header: 'Column', value: (line) => line.column ?? '' },
        { header: 'Problem', value: (line) => line.message },
      ],
      lines,
    );
    const name = `Import report ${summary.fileName.replace(/[/\\\0]/g, '_')}`.slice(0, 240);
    try {
      const path = await saveDocument(ledger, session.user.id, `${name}.csv`, csvFileBytes(csv), 'Import problems report');
      if (path) setStatus(`The report was saved to ${path}.`);
    } catch (failure) {
      setError(messageOf(failure, 'The report could not be saved.'));
    }
  }

  const columns = summary?.columns.filter((column) => column !== '') ?? [];
  const mappedFields = importFields.filter((field) => mapping[field.key] !== undefined && columns.includes(mapping[field.key]!));
  const problemLines = plan ? plan.failed.flatMap((failed) => failed.problems) : [];
  const folderInput: InputHTMLAttributes<HTMLInputElement> & { webkitdirectory: string } = { webkitdirectory: '' };

  return (
    <section aria-labelledby={`${ids}-title`} className="import-page">
      <h1 id={`${ids}-title`} tabIndex={-1} ref={titleRef}>
        Import a spreadsheet
      </h1>
      <p>
        Bring in the removals kept in a spreadsheet before the ledger. Nothing is imported until you have checked the rows and confirmed; then every row
        that is ready is saved together in one batch, all or nothing.
      </p>
      <ErrorMessage message={error} />
      <StatusMessage message={status} />

      <h2>1. Choose the file</h2>
      <div className="field">
        <label htmlFor={`${ids}-file`}>Spreadsheet (CSV or Excel)</label>
        <p id={`${ids}-file-hint`} className="hint">
          A .csv file saved as “CSV UTF-8”, or an Excel workbook (.xlsx); the first sheet is read. Row 1 must hold the column names. At most 10,000 rows.
        </p>
        <input
          id={`${ids}-file`}
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-describedby={`${ids}-file-hint`}
          disabled={busy}
          onChange={(event) => {
            const picked = event.target.files?.[0];
            // Cleared, so choosing the same file again (after fixing it) reads it again.
            event.target.value = '';
            void chooseFile(picked);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-delimiter`}>Columns in a CSV file are separated by</label>
        <select
          id={`${ids}-delimiter`}
          value={delimiter}
          disabled={busy || summary?.kind === 'xlsx'}
          onChange={(event) => {
            const next = event.target.value as Delimiter;
            setDelimiter(next);
            if (file) void read(file, next);
          }}
        >
          {(Object.keys(delimiterLabels) as Delimiter[]).map((key) => (
            <option key={key} value={key}>
              {delimiterLabels[key]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-zone`}>Time zone of the dates and times in the file</label>
        <p id={`${ids}-zone-hint`} className="hint">
          Times written with a UTC offset (for example 2025-03-04T14:05-08:00) are read exactly; all others are read in this zone.
        </p>
        <TimeZoneSelect
          id={`${ids}-zone`}
          value={timeZone}
          describedBy={`${ids}-zone-hint`}
          disabled={busy}
          onChange={(zone) => {
            setPlan(null);
            setTimeZone(zone);
          }}
        />
      </div>
      {stage.kind === 'reading' && <p role="status">Reading the file…</p>}

      {summary && !summary.refusal && (
        <>
          <h2 id={`${ids}-mapping`} tabIndex={-1} ref={mappingHeading}>
            2. Say which column holds what
          </h2>
          <p>
            {summary.fileName}: {plural(summary.rowsRead, 'row', 'rows')} below the header, {plural(columns.length, 'column', 'columns')}. The columns were matched by
            their names; check each one.
          </p>
          <table className="import-mapping">
            <caption className="visually-hidden">Which column of the file holds each part of a removal</caption>
            <thead>
              <tr>
                <th scope="col">Part of the removal</th>
                <th scope="col">Column in the file</th>
              </tr>
            </thead>
            <tbody>
              {importFields.map((field) => (
                <tr key={field.key}>
                  <th scope="row">
                    <label htmlFor={`${ids}-map-${field.key}`}>{field.label}</label>
                  </th>
                  <td>
                    <select id={`${ids}-map-${field.key}`} value={mapping[field.key] ?? NOT_IN_FILE} disabled={busy} onChange={(event) => changeMapping(field.key, event.target.value)}>
                      <option value={NOT_IN_FILE}>(not in the file)</option>
                      {columns.map((column) => (
                        <option key={column} value={column}>
                          {column}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="field">
            <label htmlFor={`${ids}-folder`}>Folder with the screenshots</label>
            <p id={`${ids}-folder-hint`} className="hint">
              Optional. When a column names screenshot files (separated by “;”), choose the folder that holds them; they are attached to their removals.
              {folder ? ` ${plural(folder.size, 'file', 'files')} in the chosen folder.` : ''}
            </p>
            <input
              id={`${ids}-folder`}
              type="file"
              multiple
              {...folderInput}
              aria-describedby={`${ids}-folder-hint`}
              disabled={busy}
              onChange={(event) => chooseFolder(event.target.files)}
            />
          </div>

          <h2>3. Preview</h2>
          {summary.sample.length === 0 || mappedFields.length === 0 ? (
            <p>Nothing to preview yet: choose the columns above.</p>
          ) : (
            <div className="import-preview" role="region" aria-labelledby={`${ids}-preview-caption`} tabIndex={0}>
              <table>
                <caption id={`${ids}-preview-caption`}>
                  The first {plural(summary.sample.length, 'row', 'rows')} as they would be read, before checking
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    {mappedFields.map((field) => (
                      <th scope="col" key={field.key}>
                        {field.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {summary.sample.map((row) => (
                    <tr key={row.row}>
                      <th scope="row">{row.row}</th>
                      {mappedFields.map((field) => (
                        <td key={field.key}>{row.values[mapping[field.key]!] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}

          <div className="actions">
            <button type="button" className="primary" disabled={busy || !sites || !register} onClick={() => void check()}>
              Check the rows
            </button>
          </div>
          {stage.kind === 'checking' && <ImportProgressView label="Checking the rows" progress={stage.progress} onCancel={() => running.current?.abort()} />}
        </>
      )}

      {plan && !plan.refusal && (
        <section aria-labelledby={`${ids}-report`}>
          <h2 id={`${ids}-report`} tabIndex={-1} ref={reportHeading}>
            4. Report
          </h2>
          <p>
            {plural(plan.valid.length, 'row is', 'rows are')} ready to import. {plural(plan.failed.length, 'row has', 'rows have')} problems and will not be
            imported.
          </p>
          {problemLines.length > 0 && (
            <>
              <table className="import-problems">
                <caption>Rows with problems{problemLines.length > PROBLEMS_SHOWN ? ` (the first ${count(PROBLEMS_SHOWN)} of ${count(problemLines.length)} problems)` : ''}</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {problemLines.slice(0, PROBLEMS_SHOWN).map((line, index) => (
                    <tr key={`${line.row}-${index}`}>
                      <td>{line.row}</td>
                      <td>{line.column ?? '—'}</td>
                      <td>{line.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {problemLines.length > PROBLEMS_SHOWN && <p>{plural(problemLines.length - PROBLEMS_SHOWN, 'more problem is', 'more problems are')} in the saved report.</p>}
            </>
          )}
          {plan.warnings.length > 0 && (
            <details className="import-warnings">
              <summary>{plural(plan.warnings.length, 'thing', 'things')} to look at (imported as they are)</summary>
              <ul>
                {plan.warnings.slice(0, WARNINGS_SHOWN).map((warning, index) => (
                  <li key={`${warning.row}-${index}`}>{warning.message}</li>
                ))}
              </ul>
              {plan.warnings.length > WARNINGS_SHOWN && <p>{plural(plan.warnings.length - WARNINGS_SHOWN, 'more is', 'more are')} in the saved report.</p>}
            </details>
          )}
          <div className="actions">
            {(problemLines.length > 0 || plan.warnings.length > 0) && (
              <button type="button" disabled={busy} onClick={() => void saveReport()}>
                Save the report as CSV
              </button>
            )}
            {plan.valid.length > 0 && (
              <button type="button" className="primary" disabled={busy} onClick={() => void importRows()}>
                Import {plural(plan.valid.length, 'removal', 'removals')}
              </button>
            )}
          </div>
          {plan.valid.length > 0 && plan.failed.length > 0 && (
            <p className="hint">The rows with problems are left out. Fix them in the spreadsheet and import those rows on their own later.</p>
          )}
          {stage.kind === 'importing' && <ImportProgressView label="Importing" progress={stage.progress} onCancel={() => running.current?.abort()} />}
        </section>
      )}
    </section>
  );
}

/** Progress with Cancel. Only the step is announced, not every count, so a screen reader is not flooded. */
function ImportProgressView({ label, progress, onCancel }: { label: string; progress: ImportProgress | null; onCancel: () => void }) {
  const step = progress?.label ?? label;
  return (
    <div className="job">
      <progress max={progress?.total || 1} value={progress ? progress.done : 0} aria-label={`${label} progress`} />
      <p role="status">{step.startsWith('Storing screenshot') ? 'Storing the screenshots' : step}</p>
      {progress && progress.total > 1 && (
        <p className="hint">
          {count(Math.floor(progress.done))} of {count(Math.floor(progress.total))}
        </p>
      )}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
