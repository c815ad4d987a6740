import { useCallback, useEffect, useRef, useState } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import type { PolicyRegister } from '../../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import type { RemovalDraft } from '../../../../shared/removals/removal-draft';
import { SITE_TABLE, siteSchema, type Site } from '../../../../shared/sites/site';
import { couldNotRead, ErrorMessage, StatusMessage } from '../../components/Field';
import { newId } from '../../ledger/random';
import type { DraftSummary } from '../../removals/draft-store';
import { loadPolicyRegister } from '../../removals/policy-register';
import { RemovalForm } from '../../removals/RemovalForm';
import type { Session } from '../../vault/session';

export function newRemovalDraft(): RemovalDraft {
  const zone = { local: '', zone: CITY_TIME_ZONE };
  return { id: newId(), moments: { posted: { ...zone }, seen: { ...zone }, removed: { ...zone } } };
}

function draftTitle(draft: RemovalDraft): string {
  return draft.correction ? `Correction: ${describeDraft(draft)}` : describeDraft(draft);
}

function describeDraft(draft: RemovalDraft): string {
  const who = typeof draft.poster?.username === 'string' && draft.poster.username.trim() ? draft.poster.username.trim() : null;
  const what = (draft.content ?? '').trim().slice(0, 60);
  return [who, what ? `“${what}${(draft.content ?? '').trim().length > 60 ? '…' : ''}”` : null].filter(Boolean).join(': ') || 'An untitled removal';
}

/** Where a clerk logs a removal, and comes back to the drafts they did not finish. */
export function LogRemovalPage({ ledger, session, onOpenRecord }: { ledger: LedgerApi; session: Session; onOpenRecord: (id: string) => void }) {
  const [sites, setSites] = useState<Site[] | null>(null);
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const [editing, setEditing] = useState<RemovalDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [savedId, setSavedId] = useState<string | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const reloadDrafts = useCallback(async () => setDrafts(await session.drafts.mine().catch(() => [])), [session]);
  useEffect(() => {
    const failed = (what: string) => (error: unknown) => setLoadFailure(couldNotRead(what, error));
    void session.records.list(SITE_TABLE, siteSchema).then((list) => setSites(list.sort((a, b) => a.accountName.localeCompare(b.accountName))), failed('The Sites register'));
    void loadPolicyRegister(session).then(setRegister, failed('The policy versions'));
    void reloadDrafts();
  }, [session, reloadDrafts]);

  const back = () => requestAnimationFrame(() => heading.current?.focus());
  const ready = sites !== null && register !== null;

  return (
    <section aria-labelledby="log-title">
      <h1 id="log-title" tabIndex={-1} ref={heading}>
        Log a removal
      </h1>
      <StatusMessage message={message} />
      <ErrorMessage message={loadFailure} />
      {savedId && !editing && (
        <p>
          <button type="button" className="link-button" onClick={() => onOpenRecord(savedId)}>
            Open the removal just saved
          </button>
        </p>
      )}
      {!editing && (
        <>
          <p>Record what was removed, who posted it and when, why under the policy, and who reviewed it. Screenshots can be pasted straight in.</p>
          <button
            type="button"
            className="primary"
            disabled={!ready}
            onClick={() => {
              setMessage(null);
              setSavedId(null);
              setEditing(newRemovalDraft());
            }}
          >
            Start a new removal
          </button>
          {drafts.length > 0 && (
            <section aria-labelledby="drafts-title">
              <h2 id="drafts-title">Unfinished removals</h2>
              <ul className="draft-list">
                {drafts.map((item) => (
                  <li key={item.id}>
                    <span>{draftTitle(item.draft)}</span> <span className="hint">last changed {new Date(item.updatedAt).toLocaleString('en-US')}</span>{' '}
                    <button type="button" disabled={!ready} aria-label={`Continue: ${draftTitle(item.draft)}`} onClick={() => setEditing(item.draft)}>
                      Continue
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={`Discard: ${draftTitle(item.draft)}`}
                      onClick={() => {
                        if (!window.confirm('Discard this unfinished removal? What was typed in it will be gone.')) return;
                        void session.drafts.discard(item.id).then(reloadDrafts);
                        setMessage('The unfinished removal was discarded.');
                      }}
                    >
                      Discard
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
      {editing && ready && (
        <RemovalForm
          key={editing.id}
          ledger={ledger}
          session={session}
          initial={editing}
          sites={sites}
          register={register}
          onSaved={(removal, version) => {
            setEditing(null);
            setSavedId(removal.id);
            setMessage(version > 1 ? `The correction was saved as version ${version}.` : `The removal was saved to the ledger (version ${version}).`);
            void reloadDrafts();
            back();
          }}
          onCancel={(kept) => {
            setEditing(null);
            setMessage(kept ? 'It is kept under “Unfinished removals”, to finish later.' : 'Nothing was typed, so nothing was kept.');
            void reloadDrafts();
            back();
          }}
        />
      )}
    </section>
  );
}
