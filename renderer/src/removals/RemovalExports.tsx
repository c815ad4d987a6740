import { useEffect, useRef, useState } from 'react';
import { DateTime } from 'luxon';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { csvFileBytes } from '../../../shared/export/csv';
import { policyVersionById, type PolicyRegister } from '../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import { removalsCsv } from '../../../shared/removals/removal-csv';
import type { RemovalFilter } from '../../../shared/removals/removal-filter';
import { removalDate, type RemovalListing } from '../../../shared/removals/removal-listing';
import { platformLabels } from '../../../shared/sites/platform';
import type { Site } from '../../../shared/sites/site';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { saveDocument } from '../ledger/save-document';
import { makePdf } from '../pdf/pdf-client';
import type { Session } from '../vault/session';
import { cityToday } from '../ledger/clock';

const PDF_LIMIT = 5_000;

interface Progress {
  label: string;
  done: number;
  total: number;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * The list as counsel and records staff take it away: a spreadsheet-safe CSV
 * of exactly the removals shown, and a "Removal log" PDF for a date range.
 * Both decrypt in the page, with progress and Cancel, and are saved where the
 * person chooses (main journals the export).
 */
export function RemovalExports({
  ledger,
  session,
  shown,
  filter,
  selectionText,
  siteNames,
  sites,
  register,
}: {
  ledger: LedgerApi;
  session: Session;
  shown: RemovalListing[];
  filter: RemovalFilter;
  /** The filters other than the dates, in words, printed on the log so no one takes a selection for the whole. */
  selectionText: string;
  siteNames: ReadonlyMap<string, string>;
  sites: Site[];
  register: PolicyRegister;
}) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function decryptShown(signal: AbortSignal): Promise<Array<{ removal: Removal; version: number }>> {
    const out: Array<{ removal: Removal; version: number }> = [];
    const rows = shown.map((listing) => listing.id);
    for (let start = 0; start < rows.length; start += 200) {
      if (signal.aborted) throw new DOMException('Cancelled', 'AbortError');
      const ids = rows.slice(start, start + 200);
      const records = await session.db.records.bulkGet(ids);
      const opened = await Promise.all(
        ids.map(async (id, index) => {
          const removal = await session.records.get(REMOVAL_TABLE, id, removalSchema);
          return removal ? { removal, version: records[index]?.version ?? 1 } : null;
        }),
      );
      for (const item of opened) if (item) out.push(item);
      setProgress({ label: 'Reading the removals', done: Math.min(start + 200, rows.length), total: rows.length });
    }
    return out;
  }

  const siteFacts = (siteId: string) => {
    const site = sites.find((s) => s.id === siteId);
    return { siteName: siteNames.get(siteId) ?? 'A site no longer in the register', platform: site ? platformLabels[site.platform] : '' };
  };

  async function run(kind: 'csv' | 'pdf') {
    setFailure(null);
    setMessage(null);
    const abort = new AbortController();
    controller.current = abort;
    try {
      const opened = await decryptShown(abort.signal);
      let bytes: Uint8Array;
      let name: string;
      const day = cityToday();
      if (kind === 'csv') {
        const csv = removalsCsv(
          opened.map(({ removal, version }) => ({ removal, version, ...siteFacts(removal.siteId), policy: policyVersionById(register, removal.policyVersionId) ?? register[0]! })),
        );
        bytes = csvFileBytes(csv);
        name = `Removals ${session.ledgerName} ${day}.csv`;
      } else {
        const from = filter.from ?? earliestDay(shown) ?? day;
        const to = filter.to ?? day;
        setProgress({ label: 'Making the removal log', done: 0, total: 1 });
        bytes = await makePdf(
          'removalLog',
          {
            cityName: session.cityName,
            ledgerName: session.ledgerName,
            timeZone: CITY_TIME_ZONE,
            period: { from, to },
            generatedBy: session.user.fullName,
            selection: selectionText || undefined,
            generatedAt: DateTime.now().setZone(CITY_TIME_ZONE).toFormat("MMM d, yyyy, h:mm a ZZZZ"),
            policies: register,
            removals: opened.map(({ removal, version }) => ({ removal, version, ...siteFacts(removal.siteId) })),
          },
          { signal: abort.signal, onProgress: (p) => setProgress({ label: p.label, done: p.fraction, total: 1 }) },
        );
        name = `Removal log ${session.ledgerName} ${from} to ${to}.pdf`;
      }
      setProgress(null);
      const path = await saveDocument(ledger, session.user.id, name, bytes, kind === 'csv' ? `Removals CSV (${opened.length} records)` : `Removal log PDF (${opened.length} records)`);
      setMessage(path ? `Saved ${opened.length} removals to ${path}.` : 'Nothing was saved.');
    } catch (error) {
      setProgress(null);
      if (isAbort(error)) setMessage('Cancelled. Nothing was saved.');
      else setFailure(`The export failed: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.`);
    } finally {
      controller.current = null;
    }
  }

  const tooManyForPdf = shown.length > PDF_LIMIT;
  return (
    <div className="exports">
      <div className="actions">
        <button type="button" onClick={() => void run('csv')} disabled={progress !== null || shown.length === 0}>
          Export these {shown.length.toLocaleString('en-US')} removals as CSV
        </button>
        <button type="button" onClick={() => void run('pdf')} disabled={progress !== null || shown.length === 0 || tooManyForPdf}>
          Print the removal log (PDF)
        </button>
      </div>
      {tooManyForPdf && <p className="hint">A removal log holds at most {PDF_LIMIT.toLocaleString('en-US')} removals: narrow the dates to print one.</p>}
      {progress && (
        <div className="job">
          <progress max={progress.total || 1} value={progress.done} aria-label={`${progress.label} progress`} />
          <p role="status">{progress.label}…</p>
          <button type="button" onClick={() => controller.current?.abort()}>
            Cancel the export
          </button>
        </div>
      )}
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
    </div>
  );
}

function earliestDay(listings: RemovalListing[]): string | null {
  let earliest: string | null = null;
  for (const listing of listings) {
    const at = removalDate(listing);
    if (!earliest || at < earliest) earliest = at;
  }
  return earliest ? DateTime.fromISO(earliest, { zone: 'utc' }).setZone(CITY_TIME_ZONE).toISODate() : null;
}
