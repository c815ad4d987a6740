import { useEffect, useMemo, useState } from 'react';
import { BLOCK_TABLE, blockSchema, isDueForReview, type Block } from '../../../../shared/blocking/block';
import type { PolicyRegister } from '../../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE } from '../../../../shared/removals/moments';
import type { RemovalListing } from '../../../../shared/removals/removal-listing';
import { SITE_TABLE, siteDisplayName, siteSchema, type Site } from '../../../../shared/sites/site';
import { RemovalCharts } from '../../charts/RemovalCharts';
import { loadPolicyRegister } from '../../removals/policy-register';
import type { Session } from '../../vault/session';
import { recoveryKeyConfirmed } from '../../vault/vault-operations';
import { allListings } from '../../removals/removal-listings';
import { journalEntriesRead } from '../../read-model/audit-trail';
import { countRecords } from '../../read-model/database';
import { couldNotRead } from '../../components/Field';
import { cityToday } from '../../ledger/clock';

/** Where the ledger stands: its size, the local index, anything that could not be read. */
export function OverviewPage({ session }: { session: Session }) {
  const [counts, setCounts] = useState<{ entries: number; records: number } | null>(null);
  const [recoveryKept, setRecoveryKept] = useState(true);
  const [listings, setListings] = useState<RemovalListing[] | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [blocks, setBlocks] = useState<Block[]>([]);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    // Reading every listing takes seconds at ten years' volume; left running behind the next page, it held back that page's own reads.
    const leaving = new AbortController();
    void recoveryKeyConfirmed(session).then((kept) => current && setRecoveryKept(kept));
    const failed = (error: unknown) => current && setLoadFailure(couldNotRead('Part of the overview', error));
    void Promise.all([journalEntriesRead(session.db), countRecords(session.db, { signal: leaving.signal })]).then(
      ([entries, records]) => current && setCounts({ entries, records }),
      (error: unknown) => !leaving.signal.aborted && failed(error),
    );
    void allListings(session.db, { signal: leaving.signal }).then(
      (found) => current && setListings(found),
      (error: unknown) => !leaving.signal.aborted && failed(error),
    );
    void session.records.list(SITE_TABLE, siteSchema).then((found) => current && setSites(found), failed);
    void loadPolicyRegister(session).then((found) => current && setRegister(found), failed);
    void session.records.list(BLOCK_TABLE, blockSchema).then((found) => current && setBlocks(found), failed);
    return () => {
      current = false;
      leaving.abort();
    };
  }, [session]);

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title" tabIndex={-1}>{session.ledgerName}</h1>
      <p>
        {session.cityName}. Signed in as {session.user.fullName}.
      </p>
      {session.rebuiltBecause && (
        <p role="status" className="notice">
          {session.rebuiltBecause} It was rebuilt from the journal; nothing is missing.
        </p>
      )}
      {!recoveryKept && (
        <p role="alert" className="warning">
          The recovery key was never confirmed as written down. If every passphrase were lost, the records could not be
          opened. {session.user.role === 'administrator' ? 'Make a new recovery key under Users.' : 'Ask an administrator to make a new recovery key.'}
        </p>
      )}
      {session.unreadable.length > 0 && (
        <div role="alert" className="warning">
          <p>
            {session.unreadable.length} journal {session.unreadable.length === 1 ? 'entry' : 'entries'} could not be read; everything else opened. Run
            Verify ledger and restore from a backup if needed.
          </p>
          <ul>
            {session.unreadable.slice(0, 20).map((u) => (
              <li key={u.seq}>
                Entry {u.seq}, record {u.recordId ?? '(none)'}: {u.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {loadFailure && (
        <p role="alert" className="error-message">
          {loadFailure}
        </p>
      )}
      <RemovalWork listings={listings} blocks={blocks} />
      {listings && register && (
        <RemovalCharts
          listings={listings}
          siteNames={new Map(sites.map((site) => [site.id, siteDisplayName(site)]))}
          categoryLabels={new Map(register.flatMap((policy) => policy.categories.map((c) => [c.id, c.label] as const)))}
          timeZone={CITY_TIME_ZONE}
        />
      )}
      <h2>The ledger</h2>
      <dl className="facts">
        <dt>Journal entries</dt>
        <dd>{counts?.entries ?? '…'}</dd>
        <dt>Records</dt>
        <dd>{counts?.records ?? '…'}</dd>
      </dl>
    </section>
  );
}

/** What is waiting on someone: removals awaiting a decision, blocks whose review date has come. */
function RemovalWork({ listings, blocks }: { listings: RemovalListing[] | null; blocks: Block[] }) {
  const today = cityToday();
  const open = useMemo(() => (listings ?? []).filter((listing) => listing.status === 'in_review').length, [listings]);
  const due = blocks.filter((block) => isDueForReview(block, today));
  return (
    <>
      <h2>Waiting on someone</h2>
      <dl className="facts">
        <dt>Removals awaiting a decision</dt>
        <dd>{listings ? open : '…'}</dd>
        <dt>Blocks due for review</dt>
        <dd>{due.length === 0 ? 'None' : due.map((block) => `${block.poster.username ?? block.poster.displayName ?? 'a poster'} (review was due ${block.reviewOn})`).join('; ')}</dd>
        <dt>Removals in the ledger</dt>
        <dd>{listings ? listings.length : '…'}</dd>
      </dl>
    </>
  );
}
