import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { policyVersionById, type PolicyRegister } from '../../../shared/policy/policy-versions';
import { formatMoment, type Moment } from '../../../shared/removals/moments';
import {
  contentKindLabels,
  decisionOutcomeLabels,
  isUnknown,
  removalSchema,
  removalStatusLabels,
  REMOVAL_TABLE,
  type Removal,
  type UnknownBecause,
} from '../../../shared/removals/removal';
import { draftFromRemoval, type RemovalDraft } from '../../../shared/removals/removal-draft';
import { linksAsListed } from '../../../shared/removals/links';
import { platformLabels } from '../../../shared/sites/platform';
import { siteDisplayName, type Site } from '../../../shared/sites/site';
import { listingFromClear, type RemovalListing } from '../../../shared/removals/removal-listing';
import { AttachmentList } from '../attachments/AttachmentList';
import { DISPOSED_TABLE, disposedStubSchema, type DisposedStub } from '../../../shared/retention/disposition';
import { DisposedStubView } from '../retention/DisposedStubView';
import { SeriesAssignment } from '../retention/SeriesAssignment';
import { HoldsPanel } from '../holds/HoldsPanel';
import { ErrorMessage, StatusMessage } from '../components/Field';
import type { VersionView } from '../ledger/record-store';
import type { AuditRow } from '../read-model/database';
import { auditTrailOf } from '../read-model/audit-trail';
import { findLookalikePosters, type LookalikeGroup } from '../../../shared/posters/lookalike';
import { USER_TABLE, userSchema } from '../../../shared/users/user';
import type { Session } from '../vault/session';
import { RemovalForm } from './RemovalForm';

const fieldLabels: Record<string, string> = {
  attachments: 'screenshots and files',
  attestation: 'attestation',
  categories: 'categories',
  content: 'content',
  contentKind: 'kind of content',
  links: 'links',
  moments: 'dates and times',
  notes: 'notes',
  ocr: 'text read from the screenshot',
  parentContext: 'parent post',
  permalink: 'permalink',
  policyVersionId: 'policy version',
  poster: 'poster',
  reviewTrail: 'review trail',
  siteId: 'site',
  status: 'status',
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function known(value: string | UnknownBecause): ReactNode {
  return isUnknown(value) ? <em>Not available: {value.reason}</em> : value;
}

function when(moment: Moment | undefined): string {
  return moment ? formatMoment(moment) : '—';
}

/**
 * Removals whose usernames look like this one's but are not the same
 * (Cyrillic or full-width letters, case, 0 for o...), found through the
 * look-alike token so no name is ever stored in clear. A person judges.
 */
async function findLookalikesOf(session: Session, removal: Removal): Promise<LookalikeGroup | null> {
  if (isUnknown(removal.poster.username)) return null;
  const own = await session.db.listings.get(removal.id);
  const token = own?.clear.lookalikeToken;
  if (typeof token !== 'string') return null;
  const rows = await session.db.listings.where('clear.lookalikeToken').equals(token).limit(200).toArray();
  const others = rows.filter((row) => row.id !== removal.id && row.clear.posterToken !== own?.clear.posterToken).slice(0, 20);
  if (others.length === 0) return null;
  const opened = await Promise.all(others.map((row) => session.records.get(REMOVAL_TABLE, row.id, removalSchema).catch(() => null)));
  const usernames = [{ id: removal.id, username: removal.poster.username }];
  for (const other of opened) if (other && !isUnknown(other.poster.username)) usernames.push({ id: other.id, username: other.poster.username });
  return findLookalikePosters(usernames)[0] ?? null;
}

interface VersionHashes {
  hash: string;
  payloadHash: string | null;
}

/**
 * One removal as counsel reads it years later: the content as plain text
 * (never HTML), the screenshots with their fingerprints, the policy words it
 * was removed under, every version with what changed, and its audit trail.
 */
export function RemovalRecordView({
  ledger,
  session,
  id,
  sites,
  register,
  onBack,
  onChanged,
  onOpen,
}: {
  ledger: LedgerApi;
  session: Session;
  id: string;
  sites: Site[];
  register: PolicyRegister | null;
  onBack: () => void;
  onChanged: () => void;
  /** Opens another removal (a look-alike poster's). */
  onOpen: (id: string) => void;
}) {
  const [removal, setRemoval] = useState<Removal | null | undefined>(undefined);
  const [versions, setVersions] = useState<Array<VersionView<Removal>>>([]);
  const [hashes, setHashes] = useState<Map<number, VersionHashes>>(new Map());
  const [audit, setAudit] = useState<AuditRow[]>([]);
  const [people, setPeople] = useState<Map<string, string>>(new Map());
  const [lookalikes, setLookalikes] = useState<LookalikeGroup | null>(null);
  const [listing, setListing] = useState<RemovalListing | null>(null);
  const [correcting, setCorrecting] = useState<RemovalDraft | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [stub, setStub] = useState<DisposedStub | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    try {
      const found = await session.records.get(REMOVAL_TABLE, id, removalSchema);
      setRemoval(found);
      if (!found) {
        setStub(await session.records.get(DISPOSED_TABLE, id, disposedStubSchema));
        return;
      }
      const all = await session.records.versions(REMOVAL_TABLE, id, removalSchema);
      setVersions(all);
      setAudit(await auditTrailOf(session.db, REMOVAL_TABLE, id));
      setPeople(new Map((await session.records.list(USER_TABLE, userSchema)).map((user) => [user.id, user.fullName])));
      setLookalikes(await findLookalikesOf(session, found));
      const row = await session.db.listings.get(id);
      setListing(row ? listingFromClear(row.id, row.clear) : null);
      const entries = await Promise.all(all.map((version) => ledger.journalRead({ afterSeq: version.seq - 1, limit: 1 })));
      const found2 = new Map<number, VersionHashes>();
      entries.forEach((read) => {
        const entry = read.ok ? read.value.entries[0] : undefined;
        if (entry) found2.set(entry.seq, { hash: entry.hash, payloadHash: entry.payloadHash });
      });
      setHashes(found2);
    } catch (error) {
      setFailure(`This removal could not be opened: ${error instanceof Error ? error.message : String(error)}`);
      setRemoval(null);
    }
  }, [id, ledger, session]);

  useEffect(() => {
    void load().then(() => requestAnimationFrame(() => heading.current?.focus()));
  }, [load]);

  if (removal === undefined) return <StatusMessage message="Opening the removal…" />;
  if (removal === null && stub) {
    return (
      <section aria-labelledby="record-title">
        <h1 id="record-title" tabIndex={-1} ref={heading}>
          Removal {stub.action === 'destroy' ? 'destroyed' : 'transferred to the City’s archives'}
        </h1>
        <DisposedStubView stub={stub} />
        <button type="button" onClick={onBack}>
          Back to the list
        </button>
      </section>
    );
  }
  if (removal === null) {
    return (
      <section aria-labelledby="record-title">
        <h1 id="record-title" tabIndex={-1} ref={heading}>
          Removal not found
        </h1>
        <ErrorMessage message={failure ?? 'This removal is not in the ledger.'} />
        <button type="button" onClick={onBack}>
          Back to the list
        </button>
      </section>
    );
  }

  const site = sites.find((s) => s.id === removal.siteId);
  const policy = register ? policyVersionById(register, removal.policyVersionId) : undefined;
  const trail = removal.reviewTrail;
  const title = `Removal of ${when(removal.moments.removed ?? removal.moments.seen)}`;

  async function startCorrection(current: Removal) {
    const version = versions.at(-1)?.version ?? 1;
    // A correction left unfinished is picked up again, not overwritten by a fresh copy of the record.
    const kept = await session.drafts.load(current.id).catch(() => null);
    setCorrecting(kept?.correction ? kept : { ...draftFromRemoval(current), correction: { ofVersion: version, reason: '' } });
  }

  if (correcting && register) {
    return (
      <section aria-labelledby="record-title">
        <h1 id="record-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        <RemovalForm
          ledger={ledger}
          session={session}
          initial={correcting}
          sites={sites}
          register={register}
          onSaved={(_, version) => {
            setCorrecting(null);
            setMessage(`The correction was saved as version ${version}. Earlier versions stay readable below.`);
            onChanged();
            void load().then(() => requestAnimationFrame(() => heading.current?.focus()));
          }}
          onCancel={(kept) => {
            setCorrecting(null);
            if (kept) setMessage('The correction is kept as a draft: “Correct this removal” picks it up again.');
            requestAnimationFrame(() => heading.current?.focus());
          }}
        />
      </section>
    );
  }

  const listedLinks = linksAsListed(removal.links);
  return (
    <article aria-labelledby="record-title" className="record">
      <h1 id="record-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <div className="actions">
        <button type="button" onClick={onBack}>
          Back to the list
        </button>
        <button type="button" onClick={() => void startCorrection(removal)} disabled={!register}>
          Correct this removal
        </button>
      </div>

      <h2>Summary</h2>
      <dl className="facts">
        <Fact label="Status">{removalStatusLabels[removal.status]}</Fact>
        <Fact label="Record id">
          <code>{removal.id}</code>
        </Fact>
        <Fact label="Site">{site ? `${siteDisplayName(site)} (${platformLabels[site.platform]})` : 'A site no longer in the register'}</Fact>
        <Fact label="Kind of content">{contentKindLabels[removal.contentKind]}</Fact>
        <Fact label="Permalink">{removal.permalink ? <code className="verbatim-inline">{removal.permalink}</code> : '—'}</Fact>
      </dl>

      <h2>Poster</h2>
      <dl className="facts">
        <Fact label="Display name">{known(removal.poster.displayName)}</Fact>
        <Fact label="Username or screen name">{known(removal.poster.username)}</Fact>
        <Fact label="User ID on the platform">{known(removal.poster.platformUserId)}</Fact>
        <Fact label="Profile address">{isUnknown(removal.poster.profileUrl) ? known(removal.poster.profileUrl) : <code className="verbatim-inline">{removal.poster.profileUrl}</code>}</Fact>
      </dl>

      {lookalikes && (
        <div className="warning" role="note" aria-labelledby="lookalike-title">
          <h3 id="lookalike-title">Possibly the same poster</h3>
          <p>{lookalikes.message}</p>
          <ul>
            {lookalikes.members
              .filter((member) => member.id !== removal.id)
              .map((member) => (
                <li key={member.id}>
                  <code className="verbatim-inline">{member.username}</code>
                  {member.details.length > 0 && <> ({member.details.join('; ')})</>}{' '}
                  <button type="button" className="link-button" onClick={() => onOpen(member.id)}>
                    Open that removal
                  </button>
                </li>
              ))}
          </ul>
        </div>
      )}

      <h2>When</h2>
      <dl className="facts">
        <Fact label="Posted">{when(removal.moments.posted)}</Fact>
        <Fact label="Seen by staff">{when(removal.moments.seen)}</Fact>
        <Fact label="Removed">{when(removal.moments.removed)}</Fact>
      </dl>

      <h2>Content, exactly as posted</h2>
      {/* Plain text in a <pre>: markup in removed content is shown as the characters it is, never run. */}
      <pre className="verbatim" data-testid="record-content">
        {removal.content || '(No text: the content is in the screenshot.)'}
      </pre>
      {removal.parentContext && (
        <>
          <h3>Parent post or thread</h3>
          <pre className="verbatim">{removal.parentContext}</pre>
        </>
      )}
      {listedLinks.length > 0 && (
        <>
          <h3>Links in the content (not clickable)</h3>
          <ul>
            {listedLinks.map((link) => (
              <li key={`${link.start}`}>
                <code className="verbatim-inline">{link.text}</code>
                {link.warning && <span className="warning"> {link.warning}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>Screenshots and files</h2>
      {removal.attachments.length === 0 ? <p>None.</p> : <AttachmentList attachments={removal.attachments} ledger={ledger} recordsKey={session.keys.records} />}
      {removal.ocr && (
        <>
          <h3>Text read from the screenshot</h3>
          <p className="hint">
            Checked by {removal.ocr.confirmedBy} on {new Date(removal.ocr.confirmedAt).toLocaleString('en-US')}.
          </p>
          <pre className="verbatim">{removal.ocr.text}</pre>
        </>
      )}

      <h2>Why it was removed</h2>
      <p>
        Under {policy ? `${policy.title}, version ${policy.version} (in force from ${policy.effectiveDate})` : `policy version ${removal.policyVersionId}`}:
      </p>
      <ul className="category-list">
        {removal.categories.map((choice) => {
          const category = policy?.categories.find((c) => c.id === choice.categoryId);
          return (
            <li key={choice.categoryId}>
              <strong>{category?.label ?? choice.categoryId}</strong>
              {choice.citation && <> ({choice.citation})</>}
              {category && <blockquote className="clause">“{category.clause}”</blockquote>}
            </li>
          );
        })}
      </ul>
      <p>
        {removal.attestation.attestedBy} confirmed that the removal was not based on the viewpoint the content expressed.
      </p>
      {removal.notes && (
        <>
          <h3>Notes</h3>
          <pre className="verbatim">{removal.notes}</pre>
        </>
      )}

      <h2>Review trail</h2>
      <dl className="facts">
        <Fact label="Flagged">
          {trail.flagged.by}, {when(trail.flagged.at)}
        </Fact>
        <Fact label="City Manager or designee notified">{trail.managerNotified ? `${trail.managerNotified.who}, ${when(trail.managerNotified.at)}` : 'Not recorded'}</Fact>
        <Fact label="Counsel consulted">
          {trail.counsel ? (
            <>
              {trail.counsel.who}, {when(trail.counsel.at)}. Direction: <span className="verbatim-inline">{trail.counsel.direction}</span>
            </>
          ) : trail.noCounselReason ? (
            <>Not consulted. Reason recorded: {trail.noCounselReason}</>
          ) : (
            'Not yet'
          )}
        </Fact>
        <Fact label="Decision">{trail.decision ? `${decisionOutcomeLabels[trail.decision.outcome]}, carried out by ${trail.decision.carriedOutBy}, ${when(trail.decision.at)}` : 'Awaiting a decision'}</Fact>
      </dl>

      <HoldsPanel session={session} removal={removal} listing={listing} siteName={site ? siteDisplayName(site) : 'this site'} />
      <SeriesAssignment
        session={session}
        removal={removal}
        listing={listing}
        onChanged={(text) => {
          setMessage(text);
          onChanged();
          void load();
        }}
      />

      <h2>Versions</h2>
      <table>
        <caption className="visually-hidden">Every version of this removal, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
            <th scope="col">What changed</th>
            <th scope="col">Journal entry</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => {
            const hash = hashes.get(version.seq);
            return (
              <tr key={version.seq}>
                <td>{version.version}</td>
                <td>{new Date(version.at).toLocaleString('en-US')}</td>
                <td>{people.get(version.actor) ?? version.actor}</td>
                <td>{version.reason}</td>
                <td>{version.version === 1 ? 'Created' : version.changed.map((field) => fieldLabels[field] ?? field).join(', ') || 'Nothing'}</td>
                <td>
                  No. {version.seq}
                  {hash && (
                    <>
                      <br />
                      <span className="hash" title="SHA-256 of the journal entry">
                        {hash.hash}
                      </span>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h2>Audit trail</h2>
      <ol className="audit-trail">
        {audit.map((row) => (
          <li key={row.seq}>
            {row.at ? `${new Date(row.at).toLocaleString('en-US')}: ` : ''}
            {row.type.endsWith('.version') ? 'saved a version' : row.type}
            {row.actor ? ` by ${people.get(row.actor) ?? row.actor}` : ''} (journal entry {row.seq})
          </li>
        ))}
      </ol>
    </article>
  );
}
