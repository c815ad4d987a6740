import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { HOLD_TABLE, holdCovers, holdSchema, releaseHold, type Hold, type HoldScope } from '../../../shared/holds/hold';
import { CITY_TIME_ZONE, formatMoment } from '../../../shared/removals/moments';
import { isUnknown, type Removal } from '../../../shared/removals/removal';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { newId } from '../ledger/random';
import type { Session } from '../vault/session';
import { FormActions, focusAfterRender } from '../components/FormActions';

type ScopeChoice = 'record' | 'poster' | 'site';

export function scopeText(scope: HoldScope, siteName: string): string {
  switch (scope.kind) {
    case 'records':
      return scope.recordIds.length === 1 ? 'this removal' : `${scope.recordIds.length} chosen removals`;
    case 'poster':
      return `every removal of the poster ${scope.description}, including any logged later`;
    case 'site':
      return `every removal on ${siteName}, including any logged later`;
    case 'period':
      return `every removal from ${scope.from} to ${scope.to}, including any logged later`;
    case 'search':
      return `the ${scope.recordIds.length === 1 ? 'removal' : `${scope.recordIds.length} removals`} found by searching for “${scope.query}”`;
  }
}

/** One hold as a list item: the matter, what it covers, who placed it and why, and its release or a Release button. */
export function HoldItem({ hold, scope, onRelease }: { hold: Hold; scope: string; onRelease: (() => void) | null }) {
  return (
    <li>
      <strong>
        {hold.matter.name} ({hold.matter.number})
      </strong>
      : {scope}. Placed {formatMoment({ utc: new Date(hold.placedAt).toISOString(), zone: CITY_TIME_ZONE })} by {hold.placedBy.name}, {hold.placedBy.title}. Why: {hold.reason}
      {hold.released ? (
        <> Released {formatMoment({ utc: new Date(hold.released.at).toISOString(), zone: CITY_TIME_ZONE })} by {hold.released.by.name}: {hold.released.reason}</>
      ) : (
        onRelease && (
          <>
            {' '}
            <button type="button" aria-label={`Release the hold for ${hold.matter.name}`} onClick={onRelease}>
              Release
            </button>
          </>
        )
      )}
    </li>
  );
}

/**
 * The legal holds on one removal: which matters hold it, and placing or
 * releasing one. A held record can never be disposed of, whatever the
 * retention schedule says.
 */
export function HoldsPanel({ session, removal, listing, siteName }: { session: Session; removal: Removal; listing: RemovalListing | null; siteName: string }) {
  const [holds, setHolds] = useState<Hold[]>([]);
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const mayPlace = session.user.role === 'counsel' || session.user.role === 'administrator';

  const reload = useCallback(async () => {
    try {
      const all = await session.records.list(HOLD_TABLE, holdSchema);
      setHolds(listing ? all.filter((hold) => holdCovers(hold, listing, CITY_TIME_ZONE)).sort((a, b) => b.placedAt.localeCompare(a.placedAt)) : []);
    } catch (error) {
      setFailure(`The legal holds could not be read: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }, [session, listing]);
  useEffect(() => void reload(), [reload]);

  const done = (text: string) => {
    setPlacing(false);
    setReleasing(null);
    setMessage(text);
    void reload();
    focusAfterRender(heading);
  };
  const inForce = holds.filter((hold) => hold.released === null);

  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title" tabIndex={-1} ref={heading}>
        Legal holds
      </h2>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <p>{inForce.length === 0 ? 'No legal hold is on this removal.' : `On hold: ${inForce.length === 1 ? 'one matter holds' : `${inForce.length} matters hold`} this removal. It can never be disposed of while held.`}</p>
      {holds.length > 0 && (
        <ul className="holds">
          {holds.map((hold) => (
            <HoldItem key={hold.id} hold={hold} scope={scopeText(hold.scope, siteName)} onRelease={mayPlace ? () => setReleasing(hold) : null} />
          ))}
        </ul>
      )}
      {mayPlace && !placing && !releasing && (
        <button type="button" onClick={() => setPlacing(true)} disabled={!listing}>
          Place a legal hold
        </button>
      )}
      {!mayPlace && <p className="hint">Counsel places and releases legal holds.</p>}
      {placing && listing && (
        <RemovalHoldForm
          session={session}
          removal={removal}
          listing={listing}
          siteName={siteName}
          onDone={done}
          onCancel={() => {
            setPlacing(false);
            focusAfterRender(heading);
          }}
        />
      )}
      {releasing && (
        <ReleaseHoldForm
          session={session}
          hold={releasing}
          onDone={done}
          onCancel={() => {
            setReleasing(null);
            focusAfterRender(heading);
          }}
        />
      )}
    </section>
  );
}

function RemovalHoldForm({ session, removal, listing, siteName, onDone, onCancel }: { session: Session; removal: Removal; listing: RemovalListing; siteName: string; onDone: (message: string) => void; onCancel: () => void }) {
  const [scope, setScope] = useState<ScopeChoice>('record');
  const username = isUnknown(removal.poster.username) ? null : removal.poster.username;
  const chosen = (): HoldScope =>
    scope === 'poster' && listing.posterToken && username
      ? { kind: 'poster', posterToken: listing.posterToken, description: username }
      : scope === 'site'
        ? { kind: 'site', siteId: listing.siteId }
        : { kind: 'records', recordIds: [removal.id] };
  return (
    <PlaceHoldForm session={session} scopeOf={chosen} describe={(s) => scopeText(s, siteName)} onDone={onDone} onCancel={onCancel}>
      <fieldset>
        <legend>What the hold covers</legend>
        <label className="radio">
          <input type="radio" name="hold-scope" checked={scope === 'record'} onChange={() => setScope('record')} /> This removal only
        </label>
        {username && listing.posterToken && (
          <label className="radio">
            <input type="radio" name="hold-scope" checked={scope === 'poster'} onChange={() => setScope('poster')} /> Every removal of the poster {username}, including any logged later
          </label>
        )}
        <label className="radio">
          <input type="radio" name="hold-scope" checked={scope === 'site'} onChange={() => setScope('site')} /> Every removal on {siteName}, including any logged later
        </label>
      </fieldset>
    </PlaceHoldForm>
  );
}

/**
 * The matter, the reason and who places it, for a hold whose scope the
 * caller's own fields choose (`scopeOf` gives the scope, or a message saying
 * what is missing).
 */
export function PlaceHoldForm({
  session,
  scopeOf,
  describe,
  onDone,
  onCancel,
  children,
}: {
  session: Session;
  scopeOf: () => HoldScope | string | Promise<HoldScope | string>;
  describe: (scope: HoldScope) => string;
  onDone: (message: string) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const [values, setValues] = useState<Record<string, string>>({ name: session.user.fullName });
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (field: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const chosen = await scopeOf();
    const parsed = holdSchema.safeParse({
      id: newId(),
      matter: { name: values.matterName ?? '', number: values.matterNumber ?? '' },
      placedBy: { name: values.name ?? '', title: values.title ?? '' },
      placedAt: new Date().toISOString(),
      reason: values.reason ?? '',
      scope: typeof chosen === 'string' ? undefined : chosen,
      released: null,
    });
    const found = [...(typeof chosen === 'string' ? [chosen] : []), ...(parsed.success ? [] : parsed.error.issues.map((issue) => issue.message))];
    if (!parsed.success || found.length > 0) return setProblems([...new Set(found)]);
    setProblems([]);
    setBusy(true);
    try {
      await session.records.save({ table: HOLD_TABLE, recordId: parsed.data.id, data: parsed.data, clear: { released: false }, reason: 'Legal hold placed' });
      onDone(`The legal hold for ${parsed.data.matter.name} was placed on ${describe(parsed.data.scope)}.`);
    } catch (error) {
      setProblems([`The hold was not placed: ${error instanceof Error ? error.message : String(error)}`]);
      setBusy(false);
    }
  }

  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="place-hold-title">
      <h3 id="place-hold-title" tabIndex={-1} ref={title}>
        Place a legal hold
      </h3>
      <Field label="Matter" hint="For example: Doe v. City of Norwalk" value={values.matterName ?? ''} onChange={set('matterName')} />
      <Field label="Matter or case number" value={values.matterNumber ?? ''} onChange={set('matterNumber')} />
      <Field label="Why the records must be kept" value={values.reason ?? ''} onChange={set('reason')} />
      {children}
      <Field label="Placed by" value={values.name ?? ''} onChange={set('name')} />
      <Field label="Their title" value={values.title ?? ''} onChange={set('title')} />
      <ErrorMessage message={problems.length > 0 ? problems.join(' ') : null} />
      <FormActions submitLabel="Place the hold" busy={busy} onCancel={onCancel} />
    </form>
  );
}

export function ReleaseHoldForm({ session, hold, onDone, onCancel }: { session: Session; hold: Hold; onDone: (message: string) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({ name: session.user.fullName });
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (field: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = releaseHold(hold, { by: { name: values.name ?? '', title: values.title ?? '' }, at: new Date().toISOString(), reason: values.reason ?? '' });
    if (!result.ok) return setFailure(result.message);
    setBusy(true);
    try {
      await session.records.save({ table: HOLD_TABLE, recordId: hold.id, data: result.hold, clear: { released: true }, reason: 'Legal hold released' });
      onDone(`The legal hold for ${hold.matter.name} was released. It stays on record with its release.`);
    } catch (error) {
      setFailure(`The hold was not released: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  return (
    <form className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="release-hold-title">
      <h3 id="release-hold-title" tabIndex={-1} ref={title}>
        Release the hold for {hold.matter.name}
      </h3>
      <Field label="Released by" value={values.name ?? ''} onChange={set('name')} />
      <Field label="Their title" value={values.title ?? ''} onChange={set('title')} />
      <Field label="Why the hold is released" value={values.reason ?? ''} onChange={set('reason')} />
      <ErrorMessage message={failure} />
      <FormActions submitLabel="Release the hold" busy={busy} onCancel={onCancel} />
    </form>
  );
}
