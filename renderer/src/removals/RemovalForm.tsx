import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { policyInForce, type PolicyRegister } from '../../../shared/policy/policy-versions';
import type { PolicyVersion } from '../../../shared/policy/norwalk-v1';
import { linksAsListed, listLinks } from '../../../shared/removals/links';
import { readMomentEntry, type MomentEntry } from '../../../shared/removals/moments';
import { readPermalink } from '../../../shared/removals/permalink';
import {
  contentKindLabels,
  contentKinds,
  countCharacters,
  decisionOutcomeLabels,
  decisionOutcomes,
  EXPRESS_VIOLATION_REASON,
  MAX_CONTENT_CHARACTERS,
  REMOVAL_TABLE,
  removalSchema,
  VIEWPOINT_ATTESTATION,
  type Attachment,
  type Removal,
  type RemovalProblem,
} from '../../../shared/removals/removal';
import type { RemovalDraft } from '../../../shared/removals/removal-draft';
import { removalFromDraft } from '../../../shared/removals/validate-removal';
import { siteDisplayName, type Site } from '../../../shared/sites/site';
import { AttachmentPicker } from '../attachments/AttachmentPicker';
import { readAttachment } from '../attachments/attachment-files';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { ReadTextButton } from '../ocr/ReadTextButton';
import type { Session } from '../vault/session';
import { MomentInput } from './MomentInput';
import { PosterPartInput } from './PosterPartInput';
import { saveRemoval } from './save-removal';

const AUTOSAVE_DELAY_MS = 400;

type Update = (change: (draft: RemovalDraft) => void) => void;

/** A labelled text field, one line or several (`rows`), with its hint and error announced with it. */
function TextField({ label, value, onChange, error, hint, rows, id, inputMode }: { label: string; value: string; onChange: (text: string) => void; error: string | null; hint?: ReactNode; rows?: number; id: string; inputMode?: 'url' }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = { id, value, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy, spellCheck: false } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div id={`${id}-hint`} className="hint">
          {hint}
        </div>
      )}
      {rows ? (
        <textarea {...common} rows={rows} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input {...common} onChange={(event) => onChange(event.target.value)} autoComplete="off" inputMode={inputMode} />
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** The moment that decides which policy version applies: when it was removed, or, until then, when staff saw it. */
function decidingMoment(draft: RemovalDraft): string | null {
  for (const entry of [draft.moments?.removed, draft.moments?.seen]) {
    if (!entry || !entry.local.trim()) continue;
    const reading = readMomentEntry(entry);
    if (reading.status === 'ok') return reading.moment.utc;
  }
  return null;
}

/**
 * The version in force when the content was removed (a correction that moves
 * the date can move the version too). Until a date is typed the latest is
 * shown; a date no version covers is refused, never filled in with a guess.
 */
function policyFor(draft: RemovalDraft, register: PolicyRegister): { ok: true; policy: PolicyVersion } | { ok: false; policy: PolicyVersion; message: string } {
  const latest = register[register.length - 1]!;
  const at = decidingMoment(draft);
  if (!at) return { ok: true, policy: latest };
  const found = policyInForce(register, at);
  return found.ok ? found : { ok: false, policy: latest, message: found.message };
}

/**
 * Logging a removal, or correcting one as a new version: one screen, in the
 * order the clerk meets the facts, every keystroke kept in an encrypted
 * draft so a crash, a lock or a closed window loses nothing.
 */
export function RemovalForm({
  ledger,
  session,
  initial,
  sites,
  register,
  onSaved,
  onCancel,
}: {
  ledger: LedgerApi;
  session: Session;
  /** A new removal, or (with `correction` set) a saved record being corrected: a reason for the change is then required. */
  initial: RemovalDraft;
  sites: Site[];
  register: PolicyRegister;
  onSaved: (removal: Removal, version: number) => void;
  onCancel: (draftKept: boolean) => void;
}) {
  const [draft, setDraft] = useState<RemovalDraft>(initial);
  const [problems, setProblems] = useState<RemovalProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState<Date | null>(null);
  const [draftFailure, setDraftFailure] = useState<string | null>(null);
  const [askNoCounsel, setAskNoCounsel] = useState(false);
  const [busy, setBusy] = useState(false);
  const correcting = draft.correction !== undefined;
  // The text read from a screenshot as last confirmed, so "Discard" goes back to it rather than to nothing.
  const confirmedOcr = useRef(initial.ocr?.confirmedBy ? initial.ocr : undefined);
  const title = useRef<HTMLHeadingElement>(null);
  const ocrField = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const noCounselField = useRef<HTMLTextAreaElement>(null);
  const latest = useRef(draft);
  latest.current = draft;
  const saved = useRef(false);
  // Opening a form and closing it untouched leaves no draft behind.
  const dirty = useRef(false);

  useEffect(() => title.current?.focus(), []);

  const policyChoice = policyFor(draft, register);
  const policy = policyChoice.policy;
  const activeSites = useMemo(() => sites.filter((site) => site.status === 'active' || site.id === draft.siteId), [sites, draft.siteId]);
  const listedLinks = useMemo(() => linksAsListed(listLinks(draft.content ?? '')), [draft.content]);
  const characters = countCharacters(draft.content ?? '');

  const update: Update = (change) => {
    dirty.current = true;
    setDraft((current) => {
      const next = structuredClone(current);
      change(next);
      return next;
    });
  };

  async function keepDraft(current: RemovalDraft): Promise<boolean> {
    try {
      await session.drafts.save(current, new Date());
      setDraftSavedAt(new Date());
      setDraftFailure(null);
      return true;
    } catch (error) {
      setDraftSavedAt(null);
      setDraftFailure(
        `What you typed could not be kept as a draft on this computer (${error instanceof Error ? error.message : 'the local store refused it'}). Keep this form open and save the removal, or copy the content somewhere safe.`,
      );
      return false;
    }
  }

  // Autosave: shortly after typing stops; at once when the ledger locks, the window closes or the form goes away.
  useEffect(() => {
    if (saved.current || !dirty.current) return;
    const timer = setTimeout(() => {
      if (!saved.current) void keepDraft(draft);
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, session]);
  useEffect(() => {
    const flush = () => {
      if (!saved.current && dirty.current) void session.drafts.save(latest.current, new Date()).catch(() => undefined);
    };
    session.locked.addEventListener('abort', flush);
    window.addEventListener('pagehide', flush);
    return () => {
      session.locked.removeEventListener('abort', flush);
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, [session]);

  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;

  function onPermalink(text: string) {
    update((d) => {
      d.permalink = text;
      if (!d.siteId) {
        const reading = readPermalink(text, activeSites.map((site) => ({ id: site.id, platform: site.platform, handle: site.handle, url: site.url })));
        if (reading.ok && reading.siteId) d.siteId = reading.siteId;
      }
    });
  }

  function hasCounsel(d: RemovalDraft): boolean {
    const counsel = d.reviewTrail?.counsel;
    return Boolean(counsel && (counsel.who?.trim() || counsel.direction?.trim() || counsel.at?.local.trim()));
  }

  async function submit(event: FormEvent, wanted: 'logged' | 'in_review') {
    event.preventDefault();
    setFailure(null);
    setStatus(null);
    let candidate: RemovalDraft = { ...draft, status: wanted, policyVersionId: policy.id };
    // The rule: a removal logged without counsel asks why, before anything is saved.
    if (wanted === 'logged' && !hasCounsel(candidate) && !candidate.reviewTrail?.noCounselReason?.trim()) {
      setAskNoCounsel(true);
      update((d) => {
        d.reviewTrail = { ...d.reviewTrail, noCounselReason: d.reviewTrail?.noCounselReason || EXPRESS_VIOLATION_REASON };
      });
      requestAnimationFrame(() => noCounselField.current?.focus());
      return;
    }
    // The attestation is the remover's: a correction keeps who made it; only a fresh tick names whoever ticked it.
    if (candidate.attestation?.notBasedOnViewpoint && !candidate.attestation.attestedBy?.trim()) {
      candidate = { ...candidate, attestation: { ...candidate.attestation, attestedBy: session.user.fullName } };
    }
    if (!policyChoice.ok) {
      setProblems([{ field: 'moments.removed', message: policyChoice.message }]);
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    const checked = removalFromDraft(candidate, { now: new Date(), policy });
    const correctionReason = draft.correction?.reason ?? '';
    const reasonMissing = correcting && !correctionReason.trim();
    if (!checked.ok || reasonMissing) {
      const found = checked.ok ? [] : checked.problems;
      setProblems(reasonMissing ? [...found, { field: 'correctionReason', message: 'Say what was corrected and why; the reason is kept with the new version.' }] : found);
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      let removal = checked.removal;
      if (draft.correction) {
        const current = await session.db.records.get(draft.id);
        if (current && current.version !== draft.correction.ofVersion) {
          setFailure(
            `This removal was changed by someone else since this correction began (it is now version ${current.version}; the correction started from version ${draft.correction.ofVersion}). Nothing was saved. Your correction is kept as a draft: open the record, start a new correction and carry your changes over.`,
          );
          setBusy(false);
          return;
        }
        // The retention series is the stored record's, never the draft's: a correction drafted before drafts carried it would
        // otherwise move the record back to the default series, where it could be destroyed early.
        removal = { ...removal, seriesId: (await session.records.get(REMOVAL_TABLE, draft.id, removalSchema))?.seriesId };
      }
      const { version } = await saveRemoval(session, removal, correcting ? correctionReason.trim() : 'Logged');
      saved.current = true;
      await session.drafts.discard(draft.id).catch(() => undefined);
      onSaved(removal, version);
    } catch (error) {
      // Main's messages are whole sentences ending in what to do; the draft sentence follows them, not a second full stop.
      const reason = error instanceof Error ? error.message.trim().replace(/\.+$/, '') : 'the ledger refused it';
      setFailure(`The removal was not saved: ${reason}. What you typed is kept, here and as a draft; save again once that is put right.`);
      setBusy(false);
    }
  }

  async function addAttachment(attachment: Attachment) {
    update((d) => {
      d.attachments = [...(d.attachments ?? []), attachment];
    });
  }

  const posterPart = (key: 'displayName' | 'username' | 'platformUserId' | 'profileUrl', label: string, inputMode?: 'url') => (
    <PosterPartInput
      label={label}
      value={draft.poster?.[key]}
      error={errorFor(`poster.${key}`)}
      inputMode={inputMode}
      onChange={(value) =>
        update((d) => {
          d.poster = { ...d.poster, [key]: value };
        })
      }
    />
  );
  const moment = (path: 'posted' | 'seen' | 'removed', label: string) => (
    <MomentInput
      label={label}
      entry={draft.moments?.[path]}
      error={errorFor(`moments.${path}`)}
      onChange={(entry: MomentEntry) =>
        update((d) => {
          d.moments = { ...d.moments, [path]: entry };
        })
      }
    />
  );
  const trail = draft.reviewTrail ?? {};
  const setTrail = (change: (t: NonNullable<RemovalDraft['reviewTrail']>) => void) =>
    update((d) => {
      d.reviewTrail = { ...d.reviewTrail };
      change(d.reviewTrail);
    });
  const categoriesError = problems.some((p) => /^categories\.\d+\.citation$/.test(p.field)) ? null : errorFor('categories');
  const screenshots = (draft.attachments ?? []).filter((file) => file.mediaType?.startsWith('image/') && file.attachmentId);
  const attachments = (draft.attachments ?? []).filter((file): file is Attachment => Boolean(file.attachmentId && file.sha256));

  return (
    <form ref={form} className="removal-form" noValidate onSubmit={(event) => void submit(event, 'logged')} aria-labelledby="removal-form-title">
      <h2 id="removal-form-title" tabIndex={-1} ref={title}>
        {correcting ? `Correct this removal (from version ${draft.correction?.ofVersion ?? 1})` : 'Log a removal'}
      </h2>
      <p className="hint" aria-live="off">
        {draftSavedAt ? `Draft kept at ${draftSavedAt.toLocaleTimeString('en-US')}: nothing typed is lost if the app closes or locks.` : draftFailure ? '' : 'Everything typed here is kept as an encrypted draft until it is saved.'}
      </p>
      <ErrorMessage message={draftFailure} />
      <div ref={summary} tabIndex={-1} role="region" aria-label="Problems to fix before saving" className={problems.length > 0 ? 'error-summary' : 'error-summary empty'}>
        {problems.length > 0 && (
          <>
            <h3 id="removal-problems-title">{problems.length === 1 ? 'One thing stands between this and a saved record' : `${problems.length} things stand between this and a saved record`}</h3>
            <ul>
              {problems.map((problem) => (
                <li key={`${problem.field}:${problem.message}`}>{problem.message}</li>
              ))}
            </ul>
          </>
        )}
      </div>

      <fieldset>
        <legend>Where it was</legend>
        <TextField id="removal-permalink" label="Permalink (web address of the content)" value={draft.permalink ?? ''} onChange={onPermalink} error={errorFor('permalink')} inputMode="url" hint="Pasting it fills in the site when the address names one of the City's sites." />
        <div className="field">
          <label htmlFor="removal-site">Site</label>
          <select id="removal-site" value={draft.siteId ?? ''} onChange={(event) => update((d) => void (d.siteId = event.target.value))} aria-invalid={errorFor('siteId') ? true : undefined} aria-describedby={errorFor('siteId') ? 'removal-site-error' : undefined}>
            <option value="">Choose a site…</option>
            {activeSites.map((site) => (
              <option key={site.id} value={site.id}>
                {siteDisplayName(site)}
                {site.status === 'terminated' ? ' (terminated)' : ''}
              </option>
            ))}
          </select>
          {activeSites.length === 0 && <p className="hint">No sites are registered yet: an administrator or records manager adds them under Sites.</p>}
          {errorFor('siteId') && (
            <p id="removal-site-error" className="field-error">
              {errorFor('siteId')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="removal-kind">Kind of content</label>
          <select
            id="removal-kind"
            value={draft.contentKind ?? ''}
            onChange={(event) => update((d) => void (d.contentKind = event.target.value))}
            aria-invalid={errorFor('contentKind') ? true : undefined}
            aria-describedby={errorFor('contentKind') ? 'removal-kind-error' : undefined}
          >
            <option value="">Choose…</option>
            {contentKinds.map((kind) => (
              <option key={kind} value={kind}>
                {contentKindLabels[kind]}
              </option>
            ))}
          </select>
          {errorFor('contentKind') && (
            <p id="removal-kind-error" className="field-error">
              {errorFor('contentKind')}
            </p>
          )}
        </div>
        <TextField id="removal-parent" label="Parent post or thread (what it replied to)" rows={3} value={draft.parentContext ?? ''} onChange={(text) => update((d) => void (d.parentContext = text))} error={errorFor('parentContext')} hint="Optional. Quote it so a reader years later can judge whether the content was off-topic." />
      </fieldset>

      <fieldset>
        <legend>Who posted it (when available)</legend>
        {posterPart('displayName', 'Display name')}
        {posterPart('username', 'Username or screen name')}
        {posterPart('platformUserId', 'User ID on the platform')}
        {posterPart('profileUrl', 'Profile address', 'url')}
      </fieldset>

      <fieldset>
        <legend>When</legend>
        {moment('posted', 'When it was posted')}
        {moment('seen', 'When staff saw it')}
        {moment('removed', 'When it was removed')}
      </fieldset>

      <fieldset>
        <legend>What it said</legend>
        <TextField
          id="removal-content"
          label="Content, exactly as posted"
          rows={8}
          value={draft.content ?? ''}
          onChange={(text) => update((d) => void (d.content = text))}
          error={errorFor('content')}
          hint={`${characters.toLocaleString('en-US')} of ${MAX_CONTENT_CHARACTERS.toLocaleString('en-US')} characters. Kept exactly as typed or pasted, and always shown as plain text.`}
        />
        {listedLinks.length > 0 && (
          <div className="links-found">
            <h3 id="links-found-title">Links in the content</h3>
            <ul aria-labelledby="links-found-title">
              {listedLinks.map((link) => (
                <li key={`${link.start}-${link.text}`}>
                  <code>{link.text}</code>
                  {link.warning && <span className="warning"> {link.warning}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        <AttachmentPicker
          ledger={ledger}
          recordsKey={session.keys.records}
          attachments={attachments}
          onAdd={(attachment) => void addAttachment(attachment)}
          onRemove={(attachmentId) => update((d) => void (d.attachments = (d.attachments ?? []).filter((file) => file.attachmentId !== attachmentId)))}
          disabled={busy}
        />
        {errorFor('attachments') && (
          <p className="field-error" role="note">
            Screenshots and files: {errorFor('attachments')}
          </p>
        )}
        {screenshots.length > 0 && (
          <div className="ocr-actions">
            {screenshots.map((file) => (
              <ReadTextButton
                key={file.attachmentId}
                fileName={file.fileName ?? 'screenshot'}
                image={() => readAttachment(file.attachmentId!, { ledger, recordsKey: session.keys.records })}
                onRecognised={(text) => {
                  // A second screenshot's text is added to the first's, not put in its place; either way it awaits checking.
                  update((d) => void (d.ocr = { text: d.ocr?.text ? `${d.ocr.text}\n\n${text}` : text }));
                  requestAnimationFrame(() => ocrField.current?.querySelector('textarea')?.focus());
                }}
              />
            ))}
          </div>
        )}
        {draft.ocr !== undefined && (
          <div className="panel" ref={ocrField}>
            <TextField
              id="removal-ocr"
              label="Text read from the screenshot"
              rows={6}
              value={draft.ocr.text ?? ''}
              // Any change needs checking again: it is kept in the draft, unconfirmed, until it is.
              onChange={(text) => update((d) => void (d.ocr = { text }))}
              error={errorFor('ocr')}
              hint="Machine-read text makes mistakes: check it against the screenshot and correct it before confirming. It makes the screenshot searchable; it does not replace the content."
            />
            {draft.ocr.confirmedBy ? (
              <p tabIndex={-1} className="ocr-confirmed">
                Checked by {draft.ocr.confirmedBy}.{' '}
                <button
                  type="button"
                  onClick={() => {
                    confirmedOcr.current = undefined;
                    update((d) => void (d.ocr = undefined));
                    setStatus('The text read from the screenshot was removed from this record.');
                    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('.ocr-actions button')?.focus());
                  }}
                >
                  Remove the text read from the screenshot
                </button>
              </p>
            ) : (
              <div className="actions">
                <button
                  type="button"
                  onClick={() => {
                    const confirmed = { text: draft.ocr?.text ?? '', confirmedBy: session.user.fullName, confirmedAt: new Date().toISOString() };
                    confirmedOcr.current = confirmed;
                    update((d) => void (d.ocr = confirmed));
                    setStatus('The text read from the screenshot is confirmed and will be kept with the record.');
                    requestAnimationFrame(() => ocrField.current?.querySelector<HTMLElement>('.ocr-confirmed')?.focus());
                  }}
                >
                  I checked this text against the screenshot: keep it
                </button>
                <button
                  type="button"
                  onClick={() => {
                    const before = confirmedOcr.current;
                    update((d) => void (d.ocr = before));
                    setStatus(before ? 'Back to the text confirmed earlier.' : 'The text read from the screenshot was discarded.');
                    requestAnimationFrame(() => (before ? ocrField.current?.querySelector<HTMLElement>('textarea') : form.current?.querySelector<HTMLElement>('.ocr-actions button'))?.focus());
                  }}
                >
                  {confirmedOcr.current ? 'Discard these changes' : 'Discard it'}
                </button>
              </div>
            )}
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>Why it was removed ({policy.title}, version {policy.version})</legend>
        {categoriesError && (
          <p id="categories-error" className="field-error">
            {categoriesError}
          </p>
        )}
        <ul className="category-list">
          {policy.categories.map((category) => {
            const index = (draft.categories ?? []).findIndex((choice) => choice.categoryId === category.id);
            const checked = index !== -1;
            return (
              <li key={category.id}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={checked}
                    aria-describedby={categoriesError ? `clause-${category.id} categories-error` : `clause-${category.id}`}
                    aria-invalid={categoriesError ? true : undefined}
                    onChange={(event) =>
                      update((d) => {
                        const rest = (d.categories ?? []).filter((choice) => choice.categoryId !== category.id);
                        d.categories = event.target.checked ? [...rest, { categoryId: category.id }] : rest;
                      })
                    }
                  />{' '}
                  {category.label}
                </label>
                <p id={`clause-${category.id}`} className="clause">
                  “{category.clause}”
                </p>
                {checked && category.requiresCitation && (
                  <TextField
                    id={`citation-${category.id}`}
                    label={`Citation of the law relied on (${category.label})`}
                    value={draft.categories?.[index]?.citation ?? ''}
                    error={errorFor(`categories.${index}.citation`)}
                    onChange={(text) =>
                      update((d) => {
                        d.categories = (d.categories ?? []).map((choice) => (choice.categoryId === category.id ? { ...choice, citation: text } : choice));
                      })
                    }
                  />
                )}
              </li>
            );
          })}
        </ul>
        <label className="checkbox attestation">
          <input
            type="checkbox"
            checked={draft.attestation?.notBasedOnViewpoint === true}
            aria-invalid={errorFor('attestation') ? true : undefined}
            aria-describedby={errorFor('attestation') ? 'attestation-error' : undefined}
            onChange={(event) => update((d) => void (d.attestation = { notBasedOnViewpoint: event.target.checked, attestedBy: session.user.fullName }))}
          />{' '}
          {VIEWPOINT_ATTESTATION}
        </label>
        {errorFor('attestation') && (
          <p id="attestation-error" className="field-error">
            {errorFor('attestation')}
          </p>
        )}
        <TextField id="removal-notes" label="Notes" rows={3} value={draft.notes ?? ''} onChange={(text) => update((d) => void (d.notes = text))} error={errorFor('notes')} hint="Optional." />
      </fieldset>

      <fieldset>
        <legend>Review trail</legend>
        <TextField id="trail-flagged-by" label="Who flagged it" value={trail.flagged?.by ?? ''} onChange={(text) => setTrail((t) => void (t.flagged = { ...t.flagged, by: text }))} error={errorFor('reviewTrail.flagged.by') ?? (problems.some((p) => p.field === 'reviewTrail.flagged') ? errorFor('reviewTrail.flagged') : null)} />
        <MomentInput label="When it was flagged" entry={trail.flagged?.at} error={errorFor('reviewTrail.flagged.at')} onChange={(entry) => setTrail((t) => void (t.flagged = { ...t.flagged, at: entry }))} />
        <TextField id="trail-manager" label="City Manager or designee notified" value={trail.managerNotified?.who ?? ''} onChange={(text) => setTrail((t) => void (t.managerNotified = { ...t.managerNotified, who: text }))} error={errorFor('reviewTrail.managerNotified.who') ?? (problems.some((p) => p.field === 'reviewTrail.managerNotified') ? errorFor('reviewTrail.managerNotified') : null)} />
        <MomentInput label="When the City Manager or designee was notified" entry={trail.managerNotified?.at} error={errorFor('reviewTrail.managerNotified.at')} onChange={(entry) => setTrail((t) => void (t.managerNotified = { ...t.managerNotified, at: entry }))} />
        <TextField id="trail-counsel" label="Counsel consulted" value={trail.counsel?.who ?? ''} onChange={(text) =>
            setTrail((t) => {
              t.counsel = { ...t.counsel, who: text };
              // Naming counsel answers the question of why counsel was not consulted.
              if (text.trim()) t.noCounselReason = undefined;
            })
          } error={errorFor('reviewTrail.counsel.who') ?? (problems.some((p) => p.field === 'reviewTrail.counsel') ? errorFor('reviewTrail.counsel') : null)} hint="Leave blank if counsel was not consulted; you will be asked why." />
        {(trail.counsel?.who ?? '').trim() !== '' && (
          <>
            <MomentInput label="When counsel was consulted" entry={trail.counsel?.at} error={errorFor('reviewTrail.counsel.at')} onChange={(entry) => setTrail((t) => void (t.counsel = { ...t.counsel, at: entry }))} />
            <TextField id="trail-direction" label="Direction counsel gave" rows={3} value={trail.counsel?.direction ?? ''} onChange={(text) => setTrail((t) => void (t.counsel = { ...t.counsel, direction: text }))} error={errorFor('reviewTrail.counsel.direction')} />
          </>
        )}
        {((askNoCounsel && !hasCounsel(draft)) || (trail.noCounselReason ?? '') !== '') && (
          <div className="field panel">
            <label htmlFor="trail-no-counsel">Counsel was not consulted. Why?</label>
            <p id="trail-no-counsel-hint" className="hint">
              The reason is recorded with the removal. Usually: the content expressly violated the policy.
            </p>
            <textarea
              id="trail-no-counsel"
              ref={noCounselField}
              rows={2}
              value={trail.noCounselReason ?? ''}
              aria-describedby={errorFor('reviewTrail.noCounselReason') ? 'trail-no-counsel-hint trail-no-counsel-error' : 'trail-no-counsel-hint'}
              aria-invalid={errorFor('reviewTrail.noCounselReason') ? true : undefined}
              onChange={(event) => setTrail((t) => void (t.noCounselReason = event.target.value))}
            />
            {errorFor('reviewTrail.noCounselReason') && (
              <p id="trail-no-counsel-error" className="field-error">
                {errorFor('reviewTrail.noCounselReason')}
              </p>
            )}
          </div>
        )}
        <div className="field">
          <label htmlFor="trail-decision">Decision</label>
          <select
            id="trail-decision"
            value={trail.decision?.outcome ?? ''}
            aria-invalid={errorFor('reviewTrail.decision') ? true : undefined}
            aria-describedby={errorFor('reviewTrail.decision') ? 'trail-decision-error' : undefined}
            onChange={(event) => setTrail((t) => void (t.decision = { ...t.decision, outcome: event.target.value }))}
          >
            <option value="">Not decided yet</option>
            {decisionOutcomes.map((outcome) => (
              <option key={outcome} value={outcome}>
                {decisionOutcomeLabels[outcome]}
              </option>
            ))}
          </select>
          {errorFor('reviewTrail.decision') && (
            <p id="trail-decision-error" className="field-error">
              {errorFor('reviewTrail.decision')}
            </p>
          )}
        </div>
        {trail.decision?.outcome && (
          <>
            <TextField id="trail-carried-out-by" label="Who carried out the decision" value={trail.decision?.carriedOutBy ?? ''} onChange={(text) => setTrail((t) => void (t.decision = { ...t.decision, carriedOutBy: text }))} error={errorFor('reviewTrail.decision.carriedOutBy')} />
            <MomentInput label="When the decision was carried out" entry={trail.decision?.at} error={errorFor('reviewTrail.decision.at')} onChange={(entry) => setTrail((t) => void (t.decision = { ...t.decision, at: entry }))} />
          </>
        )}
      </fieldset>

      {correcting && (
        <TextField
          id="correction-reason"
          label="What was corrected, and why"
          rows={2}
          value={draft.correction?.reason ?? ''}
          onChange={(text) => update((d) => void (d.correction = { ofVersion: d.correction?.ofVersion ?? 1, reason: text }))}
          error={errorFor('correctionReason')}
          hint="Kept with the new version; the earlier version stays readable."
        />
      )}

      <StatusMessage message={status} />
      <ErrorMessage message={failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {askNoCounsel && !hasCounsel(draft) ? 'Record the reason and save' : correcting ? 'Save the correction' : 'Save the removal'}
        </button>
        <button type="button" disabled={busy} onClick={(event) => void submit(event as unknown as FormEvent, 'in_review')}>
          Save as awaiting a decision
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            if (!dirty.current) {
              saved.current = true;
              onCancel(false);
              return;
            }
            // Keep the last keystrokes too: the autosave timer dies with the form. If they cannot be kept, the form stays open.
            void keepDraft(latest.current).then((kept) => {
              if (!kept) return;
              saved.current = true;
              onCancel(true);
            });
          }}
        >
          {correcting ? 'Close (the correction is kept as a draft)' : 'Close (the draft is kept)'}
        </button>
      </div>
    </form>
  );
}
