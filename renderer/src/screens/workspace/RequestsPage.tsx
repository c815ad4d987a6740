import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { requestClock, type RequestClock } from '../../../../shared/cpra/deadlines';
import { coverageWarning } from '../../../../shared/cpra/holidays';
import { isOpen, nextRequestNumber, receivedViaLabels, receivedViaOptions, requesterName, requestStatusLabels, type CpraRequest, type ReceivedVia } from '../../../../shared/cpra/request';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE, formatMoment, readMomentEntry, type MomentEntry } from '../../../../shared/removals/moments';
import { USER_TABLE, userSchema, type User } from '../../../../shared/users/user';
import { couldNotRead, ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../../components/Field';
import { FormActions, focusAfterRender } from '../../components/FormActions';
import { clockText, RequestView } from '../../cpra/RequestView';
import { CpraSettings } from '../../cpra/CpraSettings';
import { loadHolidayCalendar, loadRequests, me, saveRequest } from '../../cpra/requests';
import { cityToday } from '../../ledger/clock';
import { newId } from '../../ledger/random';
import { MomentInput } from '../../removals/MomentInput';
import type { HolidayCalendar } from '../../../../shared/cpra/holidays';
import type { Session } from '../../vault/session';
import { CounselSelect } from '../../cpra/CounselSelect';

/**
 * Public records requests: the dashboard counsel opens each morning (every
 * open request by the day its determination is due, overdue ones first) and
 * the register where a new request is logged the day it arrives.
 */
export function RequestsPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [requests, setRequests] = useState<CpraRequest[] | null>(null);
  const [calendar, setCalendar] = useState<HolidayCalendar | null>(null);
  const [counsel, setCounsel] = useState<User[]>([]);
  const [logging, setLogging] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const today = cityToday();
  const mayLog = session.user.role !== 'records_manager';

  const load = useCallback(async () => {
    try {
      const [all, holidays, users] = await Promise.all([loadRequests(session), loadHolidayCalendar(session, today), session.records.list(USER_TABLE, userSchema)]);
      setRequests(all);
      setCalendar(holidays);
      setCounsel(users.filter((user) => user.status === 'active' && (user.role === 'counsel' || user.role === 'administrator')));
    } catch (error) {
      setFailure(couldNotRead('The public records requests', error));
    }
  }, [session, today]);
  useEffect(() => void load(), [load]);

  const rows = useMemo(() => {
    if (!requests || !calendar) return [];
    return requests
      .map((request) => {
        return { request, clock: requestClock(request, { timeZone: CITY_TIME_ZONE, holidays: calendar.days, today }) };
      })
      .sort((a, b) => a.clock.due.localeCompare(b.clock.due) || a.request.number.localeCompare(b.request.number));
  }, [requests, calendar, today]);
  const open = rows.filter((row) => isOpen(row.request.status));
  const finished = rows.filter((row) => !isOpen(row.request.status));

  if (openId && calendar) {
    return (
      <RequestView
        ledger={ledger}
        session={session}
        requestId={openId}
        calendar={calendar}
        counsel={counsel}
        onClose={() => {
          setOpenId(null);
          void load();
          focusAfterRender(heading);
        }}
      />
    );
  }

  return (
    <section aria-labelledby="requests-title">
      <h1 id="requests-title" tabIndex={-1} ref={heading}>
        Public records requests
      </h1>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      {calendar && coverageWarning(calendar, today) && <p className="banner warning">{coverageWarning(calendar, today)}</p>}
      <h2>Open requests by due date</h2>
      {requests === null ? (
        <p>Reading the requests…</p>
      ) : open.length === 0 ? (
        <p>No request is open.</p>
      ) : (
        <RequestTable rows={open} onOpen={setOpenId} caption="Open public records requests, the soonest due first" />
      )}
      {mayLog && !logging && (
        <button type="button" onClick={() => setLogging(true)}>
          Log a request
        </button>
      )}
      {logging && calendar && (
        <LogRequestForm
          session={session}
          requests={requests ?? []}
          counsel={counsel}
          calendar={calendar}
          onDone={(request) => {
            setLogging(false);
            setMessage(`Request ${request.number} is logged.`);
            void load();
            setOpenId(request.id);
          }}
          onCancel={() => {
            setLogging(false);
            focusAfterRender(heading);
          }}
        />
      )}
      {finished.length > 0 && (
        <details>
          <summary>Closed and withdrawn requests ({finished.length})</summary>
          <RequestTable rows={finished} onOpen={setOpenId} caption="Closed and withdrawn public records requests" />
        </details>
      )}
      {(session.user.role === 'administrator' || session.user.role === 'counsel') && calendar && (
        <CpraSettings
          session={session}
          calendar={calendar}
          onChanged={(text) => {
            setMessage(text);
            void load();
          }}
        />
      )}
    </section>
  );
}

type Row = { request: CpraRequest; clock: RequestClock };

function RequestTable({ rows, onOpen, caption }: { rows: Row[]; onOpen: (id: string) => void; caption: string }) {
  return (
    <table className="requests">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Request</th>
          <th scope="col">Requester</th>
          <th scope="col">Received</th>
          <th scope="col">Status</th>
          <th scope="col">Determination due</th>
          <th scope="col">Days</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ request, clock }) => {
          return (
            <tr key={request.id} className={clock.counter ? `due-${clock.counter.state}` : undefined}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => onOpen(request.id)}>
                  {request.number}
                </button>
              </th>
              <td>{requesterName(request.requester)}</td>
              <td>{formatMoment({ utc: request.receivedAt, zone: CITY_TIME_ZONE })}</td>
              <td>{requestStatusLabels[request.status]}</td>
              <td>
                {clock.due}
                {clock.extended ? ' (extended)' : ''}
              </td>
              <td>{clockText(clock)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The Bates prefix a new request starts with: the City's name in capitals ("City of Norwalk" → "NORWALK"). */
function defaultBatesPrefix(cityName: string): string {
  return cityName.replace(/^city of\s+/i, '').replace(/[^A-Za-z]/g, '').toUpperCase().slice(0, 10) || 'CITY';
}

function LogRequestForm({ session, requests, counsel, calendar, onDone, onCancel }: { session: Session; requests: CpraRequest[]; counsel: User[]; calendar: HolidayCalendar; onDone: (request: CpraRequest) => void; onCancel: () => void }) {
  const [received, setReceived] = useState<MomentEntry | undefined>(undefined);
  const [via, setVia] = useState<ReceivedVia | ''>('');
  const [name, setName] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [postalAddress, setPostalAddress] = useState('');
  const [words, setWords] = useState('');
  const [counselId, setCounselId] = useState(session.user.role === 'counsel' ? session.user.id : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const reading = received ? readMomentEntry(received) : null;
    if (!reading) problems.received = 'Enter when the request was received.';
    else if (reading.status !== 'ok') problems.received = reading.message;
    if (!via) problems.via = 'Say how the request came in: e-mail, web form, letter or in person.';
    if (!words.trim()) problems.words = 'Enter the words of the request, as the requester wrote or said them.';
    if (reading?.status === 'ok' && Date.parse(reading.moment.utc) > Date.now() + 60_000) problems.received = 'The request cannot have been received in the future.';
    setErrors(problems);
    if (Object.keys(problems).length > 0 || reading?.status !== 'ok' || !via) {
      focusFirstInvalid(form.current);
      return;
    }
    const assigned = counsel.find((user) => user.id === counselId);
    const request: CpraRequest = {
      id: newId(),
      number: nextRequestNumber(requests.map((r) => r.number), cityToday()),
      receivedAt: reading.moment.utc,
      receivedVia: via,
      requester: { name: name.trim() || undefined, organisation: organisation.trim() || undefined, email: email.trim() || undefined, phone: phone.trim() || undefined, postalAddress: postalAddress.trim() || undefined },
      words,
      assignedCounsel: assigned ? { userId: assigned.id, name: assigned.fullName } : null,
      status: 'received',
      notes: '',
      extension: null,
      determination: null,
      responsive: [],
      redactions: [],
      bates: { prefix: defaultBatesPrefix(session.cityName), start: 1 },
      documents: [],
      closedAt: null,
    };
    setBusy(true);
    setFailure(null);
    try {
      const saved = await saveRequest(session, request, `Logged by ${me(session).name}`, calendar);
      onDone(saved);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      setFailure(`The request was not saved: ${text}. Nothing was lost: the form still holds what you entered.`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={form} onSubmit={(event) => void submit(event)} noValidate aria-labelledby="log-request-title">
      <h2 id="log-request-title">Log a public records request</h2>
      <MomentInput label="Received" entry={received} error={errors.received ?? null} onChange={setReceived} />
      <div className="field">
        <label htmlFor="request-via">How it came in</label>
        <select id="request-via" value={via} onChange={(e) => setVia(e.target.value as ReceivedVia | '')} aria-invalid={errors.via ? true : undefined} aria-describedby={errors.via ? 'request-via-error' : undefined}>
          <option value="">Choose…</option>
          {receivedViaOptions.map((option) => (
            <option key={option} value={option}>
              {receivedViaLabels[option]}
            </option>
          ))}
        </select>
        {errors.via && (
          <p id="request-via-error" className="field-error">
            {errors.via}
          </p>
        )}
      </div>
      <fieldset>
        <legend>Requester (anyone may ask without giving a name)</legend>
        <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <Field label="Organisation" value={organisation} onChange={(e) => setOrganisation(e.target.value)} autoComplete="off" />
        <Field label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        <Field label="Phone" value={phone} onChange={(e) => setPhone(e.target.value)} autoComplete="off" />
        <div className="field">
          <label htmlFor="request-postal">Postal address</label>
          <textarea id="request-postal" rows={3} value={postalAddress} onChange={(e) => setPostalAddress(e.target.value)} />
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="request-words">The request, in the requester’s words</label>
        <textarea
          id="request-words"
          rows={6}
          value={words}
          onChange={(e) => setWords(e.target.value)}
          aria-invalid={errors.words ? true : undefined}
          aria-describedby={errors.words ? 'request-words-error' : undefined}
        />
        {errors.words && (
          <p id="request-words-error" className="field-error">
            {errors.words}
          </p>
        )}
      </div>
      <CounselSelect id="request-counsel" value={counselId} counsel={counsel} onChange={setCounselId} />
      <ErrorMessage message={failure} />
      <FormActions submitLabel="Log the request" busy={busy} onCancel={onCancel} />
    </form>
  );
}
