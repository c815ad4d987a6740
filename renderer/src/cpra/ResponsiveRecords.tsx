import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Exemption } from '../../../shared/cpra/exemptions';
import { carryRedactions, fieldText } from '../../../shared/cpra/redaction';
import { isOpen, type CpraRequest, type ResponsiveRecord } from '../../../shared/cpra/request';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { focusAfterRender } from '../components/FormActions';
import { MAX_SEARCH_LIMIT } from '../search/search-protocol';
import type { Session } from '../vault/session';
import { RecordRedaction, recordLabel } from './RecordRedaction';
import { RedactionList } from './RedactionList';
import { me, type SaveRequestChange } from './requests';
import { currentSnapshot, describeState, responsiveStates, type ResponsiveState } from './responsive-state';

const SHOWN_RESULTS = 100;

/**
 * The records that answer the request: found by search, attached with the
 * version they had, held from disposition while the request is open, and
 * redacted for the disclosure.
 */
export function ResponsiveRecords({ ledger, session, request, exemptions, mayWork, onSave }: { ledger: LedgerApi; session: Session; request: CpraRequest; exemptions: Exemption[]; mayWork: boolean; onSave: SaveRequestChange }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ words: string; records: Array<{ id: string; removal: Removal }>; total: number } | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [states, setStates] = useState<Map<string, ResponsiveState>>(new Map());
  const [removals, setRemovals] = useState<Map<string, Removal>>(new Map());
  const [redacting, setRedacting] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);
  // Where focus goes when the control that had it disappears (attached, detached, re-attached).
  const heading = useRef<HTMLHeadingElement>(null);

  const refresh = useCallback(async () => {
    setStates(await responsiveStates(session, request.responsive));
    const read = new Map<string, Removal>();
    for (const record of request.responsive) {
      const removal = await session.records.get(REMOVAL_TABLE, record.recordId, removalSchema).catch(() => null);
      if (removal) read.set(record.recordId, removal);
    }
    setRemovals(read);
  }, [session, request]);
  useEffect(() => void refresh(), [refresh]);

  async function search(event: FormEvent) {
    event.preventDefault();
    setSearchError(null);
    const words = query.trim();
    if (!words) return setSearchError('Enter the words to search for.');
    if (!session.search) return setSearchError('Search is not available in this window. Lock and unlock the ledger to start it again.');
    const result = await session.search.search(words, MAX_SEARCH_LIMIT);
    if (!result) return;
    const attached = new Set(request.responsive.map((r) => r.recordId));
    const ids = result.ids.filter((id) => !attached.has(id));
    const records: Array<{ id: string; removal: Removal }> = [];
    for (const id of ids.slice(0, SHOWN_RESULTS)) {
      const removal = await session.records.get(REMOVAL_TABLE, id, removalSchema).catch(() => null);
      if (removal) records.push({ id, removal });
    }
    setFound({ words, records, total: ids.length });
    setChosen(new Set(records.map((r) => r.id)));
    setMessage(ids.length === 0 ? `Searching for “${words}” finds no record not already attached.` : `Found ${ids.length.toLocaleString('en-US')} records not already attached.`);
  }

  async function attach() {
    if (!found) return;
    setBusy(true);
    const added: ResponsiveRecord[] = [];
    for (const id of chosen) {
      const snapshot = await currentSnapshot(session, id);
      if (snapshot) added.push({ recordId: id, ...snapshot, attachedAt: new Date().toISOString(), attachedBy: me(session), foundBy: found.words });
    }
    const failed = await onSave((latest) => ({ ...latest, responsive: [...latest.responsive.filter((r) => !chosen.has(r.recordId)), ...added], status: latest.status === 'received' ? 'searching' : latest.status }), `Attached ${added.length} record${added.length === 1 ? '' : 's'} found by “${found.words}”`);
    setBusy(false);
    if (!failed) {
      setFound(null);
      setQuery('');
      focusAfterRender(heading);
    }
  }

  async function detach(recordId: string) {
    await onSave(
      (latest) => ({ ...latest, responsive: latest.responsive.filter((r) => r.recordId !== recordId), redactions: latest.redactions.filter((r) => r.recordId !== recordId) }),
      `Detached record ${recordId} and its redactions`,
    );
    focusAfterRender(heading);
  }

  async function useCurrentVersion(recordId: string) {
    const snapshot = await currentSnapshot(session, recordId);
    const attached = request.responsive.find((r) => r.recordId === recordId);
    const versions = await session.records.versions(REMOVAL_TABLE, recordId, removalSchema);
    const before = versions.find((v) => v.version === attached?.version)?.data;
    const now = versions.at(-1)?.data;
    if (!snapshot || !before || !now) return setFailure('The record has no current version to attach.');
    const { redactions, lost } = carryRedactions(request.redactions, recordId, before, now);
    await onSave(
      (latest) => ({
        ...latest,
        responsive: latest.responsive.map((r) => (r.recordId === recordId ? { ...r, ...snapshot, attachedAt: new Date().toISOString(), attachedBy: me(session) } : r)),
        redactions: [...latest.redactions.filter((r) => r.recordId !== recordId), ...redactions],
      }),
      `Attached version ${snapshot.version} of record ${recordId}; its redactions are proposed again for review${lost ? `, ${lost} no longer found in the new version` : ''}`,
    );
    focusAfterRender(heading);
  }

  const describe = (recordId: string) => {
    const removal = removals.get(recordId);
    return removal ? recordLabel(request, recordId, removal) : `Record ${recordId}`;
  };

  return (
    <section aria-labelledby="responsive-title">
      <h2 id="responsive-title" tabIndex={-1} ref={heading}>
        Responsive records
      </h2>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      {request.responsive.length === 0 ? (
        <p>No record is attached yet.</p>
      ) : (
        <ul className="responsive">
          {request.responsive.map((record) => {
            const state = states.get(record.recordId);
            return (
              <li key={record.recordId} className={state && state.kind !== 'unchanged' ? 'attention' : undefined}>
                <p>
                  <strong>{describe(record.recordId)}</strong>
                </p>
                <p>{describeState(state, record.version)}</p>
                <p className="hint">
                  Attached by {record.attachedBy.name}
                  {record.foundBy ? `, found by searching “${record.foundBy}”` : ''}. {isOpen(request.status) ? 'Held from disposition while the request is open.' : ''}
                </p>
                {mayWork && (
                  <div className="actions">
                    {state?.kind === 'unchanged' && (
                      <button type="button" aria-expanded={redacting === record.recordId} onClick={() => setRedacting(redacting === record.recordId ? null : record.recordId)}>
                        {redacting === record.recordId ? 'Close redaction' : 'Redact'}
                        <span className="visually-hidden"> {describe(record.recordId)}</span>
                      </button>
                    )}
                    {state?.kind === 'changed' && (
                      <button type="button" onClick={() => void useCurrentVersion(record.recordId)}>
                        Attach the current version<span className="visually-hidden"> of {describe(record.recordId)}</span>
                      </button>
                    )}
                    <button type="button" onClick={() => void detach(record.recordId)}>
                      Detach<span className="visually-hidden"> {describe(record.recordId)}</span>
                    </button>
                  </div>
                )}
                {redacting === record.recordId && removals.get(record.recordId) && (
                  <RecordRedaction ledger={ledger} session={session} request={request} recordId={record.recordId} removal={removals.get(record.recordId)!} exemptions={exemptions} onSave={onSave} />
                )}
              </li>
            );
          })}
        </ul>
      )}
      {mayWork && isOpen(request.status) && (
        <form onSubmit={(event) => void search(event)} aria-labelledby="find-records-title">
          <h3 id="find-records-title">Find records</h3>
          <Field label="Search the removals for" value={query} error={searchError} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit">Search</button>
        </form>
      )}
      {found && found.records.length > 0 && (
        <fieldset>
          <legend>Records found by “{found.words}”</legend>
          {found.total > found.records.length && <p className="hint">Showing the first {found.records.length} of {found.total.toLocaleString('en-US')}. Narrow the search to see the rest.</p>}
          {found.records.map(({ id, removal }) => (
            <label key={id} className="checkbox">
              <input
                type="checkbox"
                checked={chosen.has(id)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(id);
                  else next.delete(id);
                  setChosen(next);
                }}
              />{' '}
              {recordLabel(request, id, removal)}: {excerpt(removal.content)}
            </label>
          ))}
          <button type="button" className="primary" disabled={busy || chosen.size === 0} onClick={() => void attach()}>
            Attach {chosen.size} record{chosen.size === 1 ? '' : 's'}
          </button>
        </fieldset>
      )}
      {request.redactions.length > 0 && (
        <RedactionList
          redactions={request.redactions}
          exemptions={exemptions}
          describeRecord={describe}
          fieldText={(recordId, field) => {
            const removal = removals.get(recordId);
            return removal ? fieldText(removal, field) : null;
          }}
          describeScreenshot={(recordId, attachmentId) => removals.get(recordId)?.attachments.find((a) => a.attachmentId === attachmentId)?.fileName ?? 'a screenshot'}
          canReview={mayWork}
          onReview={async (id, decision) =>
            onSave(
              (latest) => ({ ...latest, redactions: latest.redactions.map((r) => (r.id === id ? { ...r, review: { status: decision, by: me(session), at: new Date().toISOString() } } : r)) }),
              `Redaction ${decision} by ${me(session).name}`,
            )
          }
          onRemove={async (id) => onSave((latest) => ({ ...latest, redactions: latest.redactions.filter((r) => r.id !== id) }), `Redaction withdrawn by ${me(session).name}`)}
        />
      )}
    </section>
  );
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || '(no text: see its screenshot)';
}
