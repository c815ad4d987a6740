import { useCallback, useEffect, useRef, useState } from 'react';
import { requestClock, type RequestClock } from '../../../shared/cpra/deadlines';
import type { Exemption } from '../../../shared/cpra/exemptions';
import type { HolidayCalendar } from '../../../shared/cpra/holidays';
import {
  CPRA_REQUEST_TABLE,
  cpraRequestSchema,
  producedDocumentKindLabels,
  receivedViaLabels,
  requesterName,
  requestStatusLabels,
  type CpraRequest,
} from '../../../shared/cpra/request';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE, formatMoment } from '../../../shared/removals/moments';
import type { User } from '../../../shared/users/user';
import { couldNotRead, ErrorMessage, StatusMessage } from '../components/Field';
import { cityToday } from '../ledger/clock';
import type { VersionView } from '../ledger/record-store';
import type { Session } from '../vault/session';
import { DeterminationForm } from './DeterminationForm';
import { DisclosurePanel } from './DisclosurePanel';
import { ExtensionForm } from './ExtensionForm';
import { LettersPanel } from './LettersPanel';
import { RequestDetailsForm } from './RequestDetailsForm';
import { loadExemptions, loadRequest, saveRequest, type RequestUpdate } from './requests';
import { ResponsiveRecords } from './ResponsiveRecords';

/** The clock in words, never by colour alone: "3 days left (due soon)", "Determined 2026-12-09". */
export function clockText(clock: RequestClock): string {
  if (clock.determinedOn) return `Determined ${clock.determinedOn}`;
  if (!clock.counter) return 'Closed';
  return clock.counter.state === 'due_soon' ? `${clock.counter.text} (due soon)` : clock.counter.text;
}

/**
 * One request's own page: its clock, the records that answer it, what is
 * withheld from them, the letters and the disclosure, and its whole history,
 * so the City can show what it released and when.
 */
export function RequestView({ ledger, session, requestId, calendar, counsel, onClose }: { ledger: LedgerApi; session: Session; requestId: string; calendar: HolidayCalendar; counsel: User[]; onClose: () => void }) {
  const [request, setRequest] = useState<CpraRequest | null>(null);
  const [exemptions, setExemptions] = useState<Exemption[]>([]);
  const [history, setHistory] = useState<Array<VersionView<CpraRequest>>>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const today = cityToday();
  const mayWork = session.user.role === 'counsel' || session.user.role === 'administrator';

  const load = useCallback(async () => {
    try {
      const [found, grounds, versions] = await Promise.all([
        loadRequest(session, requestId),
        loadExemptions(session),
        session.records.versions(CPRA_REQUEST_TABLE, requestId, cpraRequestSchema),
      ]);
      setRequest(found);
      setExemptions(grounds);
      setHistory(versions.reverse());
    } catch (error) {
      setFailure(couldNotRead('The request', error));
    }
  }, [session, requestId]);
  useEffect(() => {
    void load();
    requestAnimationFrame(() => heading.current?.focus());
  }, [load]);

  /**
   * Every change goes through here, one at a time: each is applied to the
   * request as stored when its turn comes (never to the copy a panel held
   * when its button was pressed), saved as a new version with its reason,
   * then the page reads it back.
   */
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const save = useCallback(
    (update: RequestUpdate, reason: string): Promise<string | null> => {
      const run = queue.current.then(async () => {
        try {
          const latest = await loadRequest(session, requestId);
          if (!latest) throw new Error('the request is no longer in the ledger');
          await saveRequest(session, update(latest), reason, calendar);
          setMessage(reason);
          setFailure(null);
          await load();
          return null;
        } catch (error) {
          const why = (error instanceof Error ? error.message : String(error)).replace(/\.?$/, '.');
          const text = `Not saved: ${why} Nothing was lost; try again.`;
          setFailure(text);
          return text;
        }
      });
      queue.current = run;
      return run;
    },
    [session, requestId, calendar, load],
  );

  if (!request) {
    return (
      <section aria-labelledby="request-title">
        <h1 id="request-title" tabIndex={-1} ref={heading}>
          Public records request
        </h1>
        <ErrorMessage message={failure} />
        <p>{failure ? '' : 'Reading the request…'}</p>
        <button type="button" onClick={onClose}>
          Back to requests
        </button>
      </section>
    );
  }

  const clock = requestClock(request, { timeZone: CITY_TIME_ZONE, holidays: calendar.days, today });

  return (
    <section aria-labelledby="request-title">
      <button type="button" onClick={onClose}>
        Back to requests
      </button>
      <h1 id="request-title" tabIndex={-1} ref={heading}>
        Request {request.number}
      </h1>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <dl className="facts">
        <dt>Requester</dt>
        <dd>{requesterName(request.requester)}</dd>
        {request.requester.organisation && request.requester.name && (
          <>
            <dt>Organisation</dt>
            <dd>{request.requester.organisation}</dd>
          </>
        )}
        {request.requester.email && (
          <>
            <dt>E-mail</dt>
            <dd>{request.requester.email}</dd>
          </>
        )}
        <dt>Received</dt>
        <dd>
          {formatMoment({ utc: request.receivedAt, zone: CITY_TIME_ZONE })} by {receivedViaLabels[request.receivedVia].toLowerCase()}
        </dd>
        <dt>Status</dt>
        <dd>{requestStatusLabels[request.status]}</dd>
        <dt>Determination due</dt>
        <dd className={clock.counter ? `due-${clock.counter.state}` : undefined}>
          {clock.due}
          {clock.extended ? ' (extended)' : ''} — {clockText(clock)}
        </dd>
        <dt>Assigned counsel</dt>
        <dd>{request.assignedCounsel?.name ?? 'Not yet assigned'}</dd>
      </dl>
      <h2>The request</h2>
      <p className="verbatim">{request.words}</p>

      {mayWork && <RequestDetailsForm request={request} counsel={counsel} onSave={save} />}
      <ExtensionForm request={request} calendar={calendar} mayWork={mayWork} session={session} onSave={save} />
      <ResponsiveRecords ledger={ledger} session={session} request={request} exemptions={exemptions} mayWork={mayWork} onSave={save} />
      <DeterminationForm request={request} exemptions={exemptions} mayWork={mayWork} session={session} onSave={save} />
      <LettersPanel ledger={ledger} session={session} request={request} calendar={calendar} exemptions={exemptions} mayWork={mayWork} onSave={save} />
      <DisclosurePanel ledger={ledger} session={session} request={request} exemptions={exemptions} mayWork={mayWork} onSave={save} />

      <h2>Documents produced</h2>
      {request.documents.length === 0 ? (
        <p>No document has been produced for this request.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Documents the City produced for this request, with the SHA-256 of each file</caption>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">File</th>
              <th scope="col">Pages</th>
              <th scope="col">Produced</th>
              <th scope="col">SHA-256</th>
            </tr>
          </thead>
          <tbody>
            {request.documents.map((document) => (
              <tr key={document.id}>
                <td>
                  {producedDocumentKindLabels[document.kind]}
                  {document.bates ? ` (Bates ${document.bates.first} to ${document.bates.last})` : ''}
                </td>
                <td>{document.fileName}</td>
                <td>{document.pages}</td>
                <td>
                  {formatMoment({ utc: document.producedAt, zone: CITY_TIME_ZONE })} by {document.producedBy.name}
                </td>
                <td className="hash">{document.sha256}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>History</h2>
      <ol className="history" reversed>
        {history.map((version) => (
          <li key={version.seq}>
            {formatMoment({ utc: version.at, zone: CITY_TIME_ZONE })}: {version.reason}
            {version.changed.length > 0 && version.version > 1 ? ` (changed: ${version.changed.join(', ')})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
