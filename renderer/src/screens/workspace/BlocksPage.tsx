import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { DateTime } from 'luxon';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { BLOCK_TABLE, blockSchema, checkBlock, isDueForReview, recordUnblock, type Block, type BlockProblem } from '../../../../shared/blocking/block';
import { checkBlockEligibility, VIEWPOINT_NEVER_A_REASON, type BlockEligibility, type RemovalForBlocking } from '../../../../shared/blocking/eligibility';
import { policyInForce, type PolicyRegister } from '../../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE, formatMoment } from '../../../../shared/removals/moments';
import { listingFromClear, lookalikeTokenOf, posterTokenOf, removalDate, type RemovalListing } from '../../../../shared/removals/removal-listing';
import { SITE_TABLE, siteDisplayName, siteSchema, type Site } from '../../../../shared/sites/site';
import { couldNotRead, ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../../components/Field';
import { newId } from '../../ledger/random';
import { loadPolicyRegister } from '../../removals/policy-register';
import type { Session } from '../../vault/session';
import { focusAfterRender } from '../../components/FormActions';
import { cityToday } from '../../ledger/clock';

function referenceOf(listing: RemovalListing): string {
  const at = removalDate(listing);
  return `the removal of ${formatMoment({ utc: at, zone: CITY_TIME_ZONE })} (record ${listing.id.slice(0, 8)})`;
}

/** What the blocking rule needs to know about each of the poster's removals. */
function forBlocking(listing: RemovalListing): RemovalForBlocking {
  return {
    id: listing.id,
    reference: referenceOf(listing),
    siteId: listing.siteId,
    removedAt: removalDate(listing),
    policyVersionId: listing.policyVersionId,
    categoryIds: listing.categoryIds,
    // Awaiting a decision is not a removal yet: it cannot support a block.
    decision: listing.decision ?? 'leave_up',
  };
}

/** The block register: a poster is blocked only on repeated removals in the categories the policy names, never for a viewpoint. */
export function BlocksPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [blocks, setBlocks] = useState<Block[]>([]);
  const [sites, setSites] = useState<Site[]>([]);
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [minimum, setMinimum] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [lifting, setLifting] = useState<Block | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const reload = useCallback(async () => setBlocks((await session.records.list(BLOCK_TABLE, blockSchema)).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))), [session]);
  useEffect(() => {
    const failed = (what: string) => (error: unknown) => setLoadFailure(couldNotRead(what, error));
    void reload().catch(failed('The block register'));
    void session.records.list(SITE_TABLE, siteSchema).then(setSites, failed('The Sites register'));
    void loadPolicyRegister(session).then(setRegister, failed('The policy versions'));
    void ledger.settingsGet({}).then((r) => setMinimum(r.ok ? r.value.blockMinimumRemovals : 2), failed('The settings'));
  }, [ledger, reload, session]);

  const siteName = (id: string) => {
    const site = sites.find((s) => s.id === id);
    return site ? siteDisplayName(site) : 'A site no longer in the register';
  };
  const done = (text: string) => {
    setAdding(false);
    setLifting(null);
    setMessage(text);
    void reload();
    focusAfterRender(heading);
  };
  const day = cityToday();

  return (
    <section aria-labelledby="blocks-title">
      <h1 id="blocks-title" tabIndex={-1} ref={heading}>
        Blocks
      </h1>
      <p>{VIEWPOINT_NEVER_A_REASON}</p>
      <StatusMessage message={message} />
      <ErrorMessage message={loadFailure} />
      {blocks.length === 0 ? (
        <p>No poster has been blocked.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Block register</caption>
          <thead>
            <tr>
              <th scope="col">Poster</th>
              <th scope="col">Site</th>
              <th scope="col">Decided</th>
              <th scope="col">Removals relied on</th>
              <th scope="col">Review</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {blocks.map((block) => {
              const due = isDueForReview(block, day);
              const who = block.poster.username ?? block.poster.displayName ?? block.poster.platformUserId ?? block.poster.profileUrl ?? '';
              return (
                <tr key={block.id} className={due ? 'due' : undefined}>
                  <td>{who}</td>
                  <td>{siteName(block.siteId)}</td>
                  <td>
                    {formatMoment({ utc: block.decidedAt, zone: CITY_TIME_ZONE })} by {block.decidedBy.name}, {block.decidedBy.title}
                  </td>
                  <td>{block.removalIds.length}</td>
                  <td>{due ? <strong>Review due since {block.reviewOn}</strong> : block.reviewOn}</td>
                  <td>{block.unblocked ? `Lifted ${formatMoment({ utc: block.unblocked.at, zone: CITY_TIME_ZONE })} by ${block.unblocked.by.name}: ${block.unblocked.reason}` : 'In force'}</td>
                  <td>
                    {!block.unblocked && (
                      <button type="button" aria-label={`Lift the block on ${who}`} onClick={() => setLifting(block)}>
                        Lift the block
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {!adding && !lifting && (
        <button type="button" className="primary" onClick={() => setAdding(true)} disabled={!register || minimum === null}>
          Block a poster
        </button>
      )}
      {adding && register && minimum !== null && (
        <BlockForm
          session={session}
          sites={sites}
          register={register}
          minimum={minimum}
          onDone={done}
          onCancel={() => {
            setAdding(false);
            focusAfterRender(heading);
          }}
        />
      )}
      {lifting && (
        <UnblockForm
          session={session}
          block={lifting}
          onDone={done}
          onCancel={() => {
            setLifting(null);
            focusAfterRender(heading);
          }}
        />
      )}
    </section>
  );
}

function BlockForm({ session, sites, register, minimum, onDone, onCancel }: { session: Session; sites: Site[]; register: PolicyRegister; minimum: number; onDone: (message: string) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({ decidedByName: session.user.fullName, reviewOn: DateTime.fromISO(cityToday()).plus({ months: 6 }).toISODate() ?? '' });
  const [eligibility, setEligibility] = useState<BlockEligibility | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [notForViewpoint, setNotForViewpoint] = useState(false);
  const [problems, setProblems] = useState<BlockProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [removals, setRemovals] = useState<RemovalForBlocking[]>([]);
  const [lookalikeCount, setLookalikeCount] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const answer = useRef<HTMLDivElement>(null);
  useEffect(() => title.current?.focus(), []);

  const set = (field: string) => (event: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [field]: event.target.value }));
    if (field === 'siteId' || field === 'username') setEligibility(null);
  };
  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;

  async function check() {
    try {
      await checkNow();
    } catch (error) {
      setFailure(`The poster’s removals could not be read: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  async function checkNow() {
    setFailure(null);
    if (!values.siteId) return setProblems([{ field: 'siteId', message: 'Choose the site the block would be on.' }]);
    const token = values.username ? await posterTokenOf(session.keys.blindIndex, values.username) : null;
    if (!token) return setProblems([{ field: 'username', message: 'Enter the poster’s username or screen name, as their removals record it.' }]);
    setProblems([]);
    const lookalike = await lookalikeTokenOf(session.keys.blindIndex, values.username ?? '');
    const [own, alike] = await Promise.all([
      session.db.listings.where('clear.posterToken').equals(token).toArray(),
      lookalike ? session.db.listings.where('clear.lookalikeToken').equals(lookalike).toArray() : Promise.resolve([]),
    ]);
    const theirs = own
      .map((row) => listingFromClear(row.id, row.clear))
      .filter((listing): listing is RemovalListing => listing !== null)
      .map(forBlocking);
    setRemovals(theirs);
    // Removals under look-alike usernames never count on their own: a person must decide they are the same poster.
    setLookalikeCount(alike.filter((row) => row.clear.posterToken !== token).length);
    const result = checkBlockEligibility({ siteId: values.siteId, removals: theirs, policies: register, at: new Date().toISOString(), settings: { minimumRemovals: minimum } });
    setEligibility(result);
    setChosen(result.allowed ? result.counting.map((r) => r.removalId) : []);
    requestAnimationFrame(() => answer.current?.focus());
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!eligibility?.allowed) return void check();
    const decidedAt = new Date().toISOString();
    const inForce = policyInForce(register, decidedAt);
    const checked = checkBlock(
      {
        id: newId(),
        siteId: values.siteId ?? '',
        poster: { username: values.username || null, displayName: values.displayName || null, platformUserId: values.platformUserId || null, profileUrl: values.profileUrl || null },
        decidedBy: { name: values.decidedByName ?? '', title: values.decidedByTitle ?? '' },
        decidedAt,
        policyVersionId: inForce.ok ? inForce.policy.id : '',
        removalIds: chosen,
        notForViewpoint: notForViewpoint as true,
        reviewOn: values.reviewOn ?? '',
        notes: values.notes ?? '',
        unblocked: null,
      },
      { removals, policies: register, settings: { minimumRemovals: minimum } },
    );
    if (!checked.ok) {
      setProblems(checked.problems);
      return focusFirstInvalid(form.current);
    }
    setBusy(true);
    try {
      await session.records.save({ table: BLOCK_TABLE, recordId: checked.block.id, data: checked.block, clear: { siteId: checked.block.siteId, reviewOn: checked.block.reviewOn, unblocked: false }, reason: 'Block decided' });
      onDone(`The block was recorded, resting on ${checked.block.removalIds.length} removals. Review it by ${checked.block.reviewOn}.`);
    } catch (error) {
      setFailure(`The block was not recorded: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="block-form-title">
      <h2 id="block-form-title" tabIndex={-1} ref={title}>
        Block a poster
      </h2>
      <div className="field">
        <label htmlFor="block-site">Site</label>
        <select id="block-site" value={values.siteId ?? ''} onChange={set('siteId')} aria-invalid={errorFor('siteId') ? true : undefined} aria-describedby={errorFor('siteId') ? 'block-site-error' : undefined}>
          <option value="">Choose a site…</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {siteDisplayName(site)}
            </option>
          ))}
        </select>
        {errorFor('siteId') && (
          <p id="block-site-error" className="field-error">
            {errorFor('siteId')}
          </p>
        )}
      </div>
      <Field label="Poster’s username or screen name" value={values.username ?? ''} onChange={set('username')} error={errorFor('username') ?? errorFor('poster')} spellCheck={false} autoComplete="off" />
      <button type="button" onClick={() => void check()}>
        Check the poster’s removals
      </button>
      <div ref={answer} tabIndex={-1} className="block-answer" aria-live="polite">
        {eligibility && !eligibility.allowed && (
          <div className="refusal">
            <h3>This poster cannot be blocked on this site</h3>
            <p>{eligibility.message}</p>
            {eligibility.notCounting.length > 0 && (
              <>
                <p>Removals that do not count:</p>
                <ul>
                  {eligibility.notCounting.map((r) => (
                    <li key={r.removalId}>
                      {r.reference}: {r.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        {eligibility && lookalikeCount > 0 && (
          <p className="warning">
            {lookalikeCount} other {lookalikeCount === 1 ? 'removal has' : 'removals have'} a username that looks like this one (other alphabets, full-width
            letters, capitals). {lookalikeCount === 1 ? 'It is' : 'They are'} not counted: open {lookalikeCount === 1 ? 'it' : 'them'} from the poster’s removals to
            judge whether it is the same person.
          </p>
        )}
        {eligibility?.allowed && (
          <p>
            The policy allows a block: {eligibility.counting.length} removals in block-eligible categories on this site (at least {eligibility.required} needed).
          </p>
        )}
      </div>
      {eligibility?.allowed && (
        <>
          <fieldset aria-describedby={errorFor('removalIds') ? 'block-removals-error' : undefined}>
            <legend>Removals the block rests on</legend>
            {eligibility.counting.map((r) => (
              <label key={r.removalId} className="checkbox">
                <input type="checkbox" checked={chosen.includes(r.removalId)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, r.removalId] : c.filter((id) => id !== r.removalId)))} /> {r.reference}:{' '}
                {r.categories.map((c) => c.label).join(', ')}
              </label>
            ))}
            {errorFor('removalIds') && (
              <p id="block-removals-error" className="field-error">
                {errorFor('removalIds')}
              </p>
            )}
          </fieldset>
          <blockquote className="clause">“{eligibility.blockingClause}”</blockquote>
          <Field label="Display name (optional)" value={values.displayName ?? ''} onChange={set('displayName')} />
          <Field label="Decided by" value={values.decidedByName ?? ''} onChange={set('decidedByName')} error={errorFor('decidedBy.name')} />
          <Field label="Their title" value={values.decidedByTitle ?? ''} onChange={set('decidedByTitle')} error={errorFor('decidedBy.title')} />
          <Field label="Review the block on" type="date" value={values.reviewOn ?? ''} onChange={set('reviewOn')} error={errorFor('reviewOn')} />
          <Field label="Notes (optional)" value={values.notes ?? ''} onChange={set('notes')} />
          <label className="checkbox">
            <input type="checkbox" checked={notForViewpoint} onChange={(e) => setNotForViewpoint(e.target.checked)} aria-invalid={errorFor('notForViewpoint') ? true : undefined} aria-describedby={errorFor('notForViewpoint') ? 'block-viewpoint-error' : undefined} /> I confirm this block is not because the poster disagreed with the City or gave a contrary opinion or point of view.
          </label>
          {errorFor('notForViewpoint') && (
            <p id="block-viewpoint-error" className="field-error">
              {errorFor('notForViewpoint')}
            </p>
          )}
        </>
      )}
      <ErrorMessage message={failure ?? (problems.filter((p) => !['siteId', 'username', 'removalIds', 'reviewOn', 'notForViewpoint'].some((f) => p.field.startsWith(f)) && !p.field.startsWith('decidedBy')).map((p) => p.message).join(' ') || null)} />
      <div className="actions">
        {eligibility?.allowed && (
          <button type="submit" className="primary" disabled={busy}>
            Record the block
          </button>
        )}
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function UnblockForm({ session, block, onDone, onCancel }: { session: Session; block: Block; onDone: (message: string) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>({ name: session.user.fullName });
  const [problems, setProblems] = useState<BlockProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const set = (field: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));
  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = recordUnblock(block, { by: { name: values.name ?? '', title: values.title ?? '' }, at: new Date().toISOString(), reason: values.reason ?? '' });
    if (!result.ok) {
      setProblems(result.problems);
      return focusFirstInvalid(form.current);
    }
    setBusy(true);
    try {
      await session.records.save({ table: BLOCK_TABLE, recordId: block.id, data: result.block, clear: { siteId: block.siteId, reviewOn: block.reviewOn, unblocked: true }, reason: 'Block lifted' });
      onDone('The block was lifted; the register keeps both the block and its lifting.');
    } catch (error) {
      setFailure(`The block was not lifted: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  return (
    <form ref={form} className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="unblock-title">
      <h2 id="unblock-title" tabIndex={-1} ref={title}>
        Lift the block on {block.poster.username ?? block.poster.displayName ?? 'this poster'}
      </h2>
      <Field label="Lifted by" value={values.name ?? ''} onChange={set('name')} error={errorFor('unblocked.by.name')} />
      <Field label="Their title" value={values.title ?? ''} onChange={set('title')} error={errorFor('unblocked.by.title')} />
      <Field label="Why the block is lifted" value={values.reason ?? ''} onChange={set('reason')} error={errorFor('unblocked.reason') ?? errorFor('unblocked')} />
      <ErrorMessage message={failure} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Lift the block
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
