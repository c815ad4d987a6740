import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import type { RemovalCategoryId } from '../../../../shared/policy/norwalk-v1';
import type { PolicyRegister } from '../../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE, formatMoment } from '../../../../shared/removals/moments';
import { isUnknown, removalStatusLabels, type Removal } from '../../../../shared/removals/removal';
import { filterListings, removalDate, sortListings, type RemovalFilter, type RemovalSort, type SortKey } from '../../../../shared/removals/removal-filter';
import { posterTokenOf, type RemovalListing } from '../../../../shared/removals/removal-listing';
import { SITE_TABLE, siteDisplayName, siteSchema, type Site } from '../../../../shared/sites/site';
import { HOLD_TABLE, heldRecordIds, holdSchema, type Hold } from '../../../../shared/holds/hold';
import { recordsAnsweringOpenRequests } from '../../../../shared/cpra/request';
import { loadRequests } from '../../cpra/requests';
import { couldNotRead, ErrorMessage, StatusMessage } from '../../components/Field';
import { loadPolicyRegister } from '../../removals/policy-register';
import { RemovalCache } from '../../removals/removal-cache';
import { allListings, newestListings } from '../../removals/removal-listings';
import { RemovalExports } from '../../removals/RemovalExports';
import { RemovalRecordView } from '../../removals/RemovalRecordView';
import type { Session } from '../../vault/session';

const ROW_HEIGHT = 44;

/** Enough newest rows to fill a tall window while the whole list loads. */
const FIRST_ROWS = 60;

function posterOf(removal: Removal): string {
  const { username, displayName } = removal.poster;
  if (!isUnknown(username)) return username;
  if (!isUnknown(displayName)) return displayName;
  return 'Unknown';
}

function excerpt(text: string): string {
  // One line of plain text: line breaks and invisible format characters would make the row unreadable, not unsafe.
  const flat = text.replace(/\s+/gu, ' ').trim();
  return flat.length > 90 ? `${flat.slice(0, 90)}…` : flat;
}

// Formatting a date in its zone costs more than drawing the row; a list shows the same few thousand days over and over.
const shownDates = new Map<string, string>();
function shownDate(utc: string): string {
  let text = shownDates.get(utc);
  if (text === undefined) {
    text = formatMoment({ utc, zone: CITY_TIME_ZONE });
    if (shownDates.size > 20_000) shownDates.clear();
    shownDates.set(utc, text);
  }
  return text;
}

const Row = memo(function Row({ listing, index, cache, siteName, categoryLabels, held, onOpen }: { listing: RemovalListing; index: number; cache: RemovalCache; siteName: string; categoryLabels: ReadonlyMap<string, string>; held: boolean; onOpen: (id: string) => void }) {
  const [removal, setRemoval] = useState<Removal | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void cache.get(listing.id).then((found) => live && setRemoval(found));
    return () => {
      live = false;
    };
  }, [cache, listing.id]);
  const date = shownDate(removalDate(listing));
  return (
    <tr role="row" aria-rowindex={index + 2} className="virtual-row">
      <td role="cell">{date}</td>
      <td role="cell">{siteName}</td>
      <td role="cell">{removal === undefined ? '…' : removal === null ? 'Unreadable' : posterOf(removal)}</td>
      <td role="cell" className="excerpt">{removal ? excerpt(removal.content || (removal.attachments.length ? `(screenshot only: ${removal.attachments[0]!.fileName})` : '')) : ''}</td>
      <td role="cell">{listing.categoryIds.map((id) => categoryLabels.get(id) ?? id).join('; ')}</td>
      <td role="cell">
        {removalStatusLabels[listing.status]}
        {held && <strong className="held">, on hold</strong>}
      </td>
      <td role="cell">
        <button type="button" className="link-button" aria-label={`Open the removal of ${date}`} onClick={() => onOpen(listing.id)}>
          Open
        </button>
      </td>
    </tr>
  );
});

/** Every removal, found by filters and full-text search; a virtualised table stays smooth at 100,000 records. */
export function RemovalsPage({ ledger, session, openId, onOpenChange }: { ledger: LedgerApi; session: Session; openId: string | null; onOpenChange: (id: string | null) => void }) {
  const [listings, setListings] = useState<RemovalListing[] | null>(null);
  /** The newest few, shown while `listings` (all of them) load. */
  const [newest, setNewest] = useState<RemovalListing[] | null>(null);
  const [sites, setSites] = useState<Site[]>([]);
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [holds, setHolds] = useState<Hold[]>([]);
  /** Records an open public records request answers: held from disposition like a legal hold. */
  const [requestHeld, setRequestHeld] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState<RemovalFilter>({});
  const [query, setQuery] = useState('');
  const [poster, setPoster] = useState('');
  const [matchingIds, setMatchingIds] = useState<string[] | undefined>(undefined);
  const [posterToken, setPosterToken] = useState<string | undefined>(undefined);
  const [sort, setSort] = useState<RemovalSort>({ key: 'removed', direction: 'descending' });
  const [searchState, setSearchState] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reloadCount, setReloadCount] = useState(0);
  const cache = useMemo(() => new RemovalCache(session), [session, reloadCount]);
  const scroller = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const loading = new AbortController();
    const listFailed = (error: unknown) => !loading.signal.aborted && setFailure(`The list could not be read: ${error instanceof Error ? error.message : String(error)}`);
    // The newest first, on their own: reading every listing at once would hold them back.
    void newestListings(session.db, FIRST_ROWS)
      .then(async (rows) => {
        if (loading.signal.aborted) return;
        setNewest(rows);
        // The first screen's records are read before every listing is: behind 100,000 listings they waited their turn.
        await Promise.all(rows.map((row) => cache.get(row.id)));
      })
      .then(() => allListings(session.db, { signal: loading.signal }))
      .then((rows) => !loading.signal.aborted && setListings(rows), listFailed);
    const failed = (what: string) => (error: unknown) => setFailure(couldNotRead(what, error));
    void session.records.list(SITE_TABLE, siteSchema).then(setSites, failed('The Sites register'));
    void loadPolicyRegister(session).then(setRegister, failed('The policy versions'));
    void session.records.list(HOLD_TABLE, holdSchema).then(setHolds, failed('The legal holds'));
    void loadRequests(session).then((requests) => setRequestHeld(new Set(recordsAnsweringOpenRequests(requests).keys())), failed('The public records requests'));
    return () => loading.abort();
  }, [session, reloadCount, cache]);

  // Results as you type: a newer query supersedes the one in flight.
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setMatchingIds(undefined);
      setSearchState(null);
      return;
    }
    if (!session.search) {
      setSearchState('Full-text search is not available in this window.');
      return;
    }
    let live = true;
    const search = session.search;
    setSearchState('Searching…');
    const timer = setTimeout(() => {
      void search.ready
        .then(() => search.everyMatch(text))
        .then((result) => {
          if (!live || !result) return;
          setMatchingIds(result.ids);
          setSearchState(null);
        })
        .catch(() => {
          if (!live) return;
          setMatchingIds(undefined);
          setSearchState('The search could not run; the list shows all records that match the other filters.');
        });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, session]);

  useEffect(() => {
    const text = poster.trim();
    let live = true;
    if (!text) setPosterToken(undefined);
    // A name that normalises to nothing cannot match anyone: an impossible token shows an empty list, not every record.
    else void posterTokenOf(session.keys.blindIndex, text).then((token) => live && setPosterToken(token ?? '-'));
    return () => {
      live = false;
    };
  }, [poster, session]);

  const siteNames = useMemo(() => new Map(sites.map((site) => [site.id, siteDisplayName(site)])), [sites]);
  const categoryLabels = useMemo(() => new Map((register ?? []).flatMap((policy) => policy.categories.map((c) => [c.id, c.label] as const))), [register]);
  const categories = useMemo(() => [...categoryLabels.entries()], [categoryLabels]);
  const heldIds = useMemo(() => new Set([...heldRecordIds(holds, listings ?? newest ?? [], CITY_TIME_ZONE), ...requestHeld]), [holds, listings, newest, requestHeld]);
  // Until every listing has loaded, the newest are shown as they are: only right while nothing filters or re-sorts them.
  const showingNewest = listings === null && newest !== null && Object.values(filter).every((value) => !value) && !query.trim() && !poster.trim() && sort.key === 'removed' && sort.direction === 'descending';
  const shown = useMemo(
    () => (listings ? sortListings(filterListings(listings, { ...filter, posterToken, matchingIds }, CITY_TIME_ZONE, heldIds), sort, siteNames) : showingNewest ? newest! : []),
    [listings, newest, showingNewest, filter, posterToken, matchingIds, sort, siteNames, heldIds],
  );

  // Rows rendered in a task of their own after a scroll, not inside the scroll event: with them inside, a garbage
  // collection landing in that frame made it a task over 50 ms. At a dragged scrollbar's speed the newest rows may show
  // a frame late; at a wheel's they are within the overscan.
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 5, useFlushSync: false });

  if (openId) {
    return (
      <RemovalRecordView
        key={openId}
        ledger={ledger}
        session={session}
        id={openId}
        sites={sites}
        register={register}
        onBack={() => {
          onOpenChange(null);
          // A hold placed or released on the record changes what the list marks as held.
          void session.records.list(HOLD_TABLE, holdSchema).then(setHolds, () => undefined);
          requestAnimationFrame(() => heading.current?.focus());
        }}
        onChanged={() => {
          cache.forget(openId);
          setReloadCount((n) => n + 1);
        }}
        onOpen={onOpenChange}
      />
    );
  }

  const sortButton = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th role="columnheader" scope="col" aria-sort={active ? sort.direction : 'none'}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, direction: active && sort.direction === 'descending' ? 'ascending' : 'descending' })}>
          {label}
          <span aria-hidden="true">{active ? (sort.direction === 'descending' ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  const setField = (field: keyof RemovalFilter) => (event: { target: { value: string } }) => setFilter((f) => ({ ...f, [field]: event.target.value || undefined }));
  const items = virtualizer.getVirtualItems();

  return (
    <section aria-labelledby="removals-title">
      <h1 id="removals-title" tabIndex={-1} ref={heading}>
        Removals
      </h1>
      <form className="filters" role="search" aria-label="Find removals" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="find-text">Search the content, names, notes and screenshot text</label>
          <input id="find-text" type="search" value={query} onChange={(event) => setQuery(event.target.value)} spellCheck={false} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="find-poster">Poster’s username (exact)</label>
          <input id="find-poster" value={poster} onChange={(event) => setPoster(event.target.value)} spellCheck={false} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="find-site">Site</label>
          <select id="find-site" value={filter.siteId ?? ''} onChange={setField('siteId')}>
            <option value="">All sites</option>
            {sites.map((site) => (
              <option key={site.id} value={site.id}>
                {siteDisplayName(site)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="find-category">Category</label>
          <select id="find-category" value={filter.categoryId ?? ''} onChange={setField('categoryId')}>
            <option value="">All categories</option>
            {categories.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="find-status">Status</label>
          <select id="find-status" value={filter.status ?? ''} onChange={setField('status')}>
            <option value="">Any status</option>
            <option value="logged">{removalStatusLabels.logged}</option>
            <option value="in_review">{removalStatusLabels.in_review}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="find-hold">Legal hold</label>
          <select id="find-hold" value={filter.hold ?? ''} onChange={setField('hold')}>
            <option value="">Held or not</option>
            <option value="held">On hold</option>
            <option value="not_held">Not on hold</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="find-from">Removed from</label>
          <input id="find-from" type="date" value={filter.from ?? ''} onChange={setField('from')} />
        </div>
        <div className="field">
          <label htmlFor="find-to">Removed to</label>
          <input id="find-to" type="date" value={filter.to ?? ''} onChange={setField('to')} />
        </div>
      </form>
      <StatusMessage
        message={
          listings === null
            ? failure
              ? null
              : showingNewest && shown.length > 0
              ? `The newest ${shown.length.toLocaleString('en-US')} removals are shown; loading the rest to count, sort and filter them…`
              : 'Loading the removals…'
            : searchState ?? `${shown.length.toLocaleString('en-US')} of ${listings.length.toLocaleString('en-US')} removals shown.`
        }
      />
      <ErrorMessage message={failure} />
      {listings && register && (
        <RemovalExports
          ledger={ledger}
          session={session}
          shown={shown}
          filter={filter}
          selectionText={[
            filter.siteId ? `site ${siteNames.get(filter.siteId) ?? filter.siteId}` : null,
            filter.categoryId ? `category ${categoryLabels.get(filter.categoryId as RemovalCategoryId) ?? filter.categoryId}` : null,
            filter.status ? `status ${removalStatusLabels[filter.status]}` : null,
            filter.hold ? (filter.hold === 'held' ? 'on legal hold' : 'not on legal hold') : null,
            poster.trim() ? `poster’s username ${poster.trim()}` : null,
            query.trim() ? `text search “${query.trim()}”` : null,
          ]
            .filter(Boolean)
            .join('; ')}
          siteNames={siteNames}
          sites={sites}
          register={register}
        />
      )}
      {listings && listings.length === 0 && <p>No removals are logged yet. Use “Log a removal” or import a spreadsheet.</p>}
      {shown.length > 0 && (
        <div ref={scroller} className="virtual-scroller" tabIndex={0} role="region" aria-label="Removals found (scrolls)">
          {/* The grid layout the virtual rows need can drop a table's implied roles: they are stated outright. */}
          <table role="table" className="removals-table" aria-rowcount={shown.length + 1}>
            <caption className="visually-hidden">Removals, {sort.key} order</caption>
            <thead role="rowgroup">
              <tr role="row" aria-rowindex={1}>
                {sortButton('removed', 'Removed')}
                {sortButton('site', 'Site')}
                <th role="columnheader" scope="col">Poster</th>
                <th role="columnheader" scope="col">Content</th>
                <th role="columnheader" scope="col">Categories</th>
                {sortButton('status', 'Status')}
                <th role="columnheader" scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            {/* Rows lie in the body's flow below padding the height of the rows above them. Translated each to its own place,
                every row had a style of its own, and at 100,000 records the style work for a frame's new rows climbed to
                30-70 ms between garbage collections (traced; which cache grows, not found). In flow it stays at 1-2 ms. */}
            <tbody role="rowgroup" style={{ height: `${virtualizer.getTotalSize()}px`, paddingTop: `${items[0]?.start ?? 0}px` }}>
              {items.map((item) => {
                const listing = shown[item.index]!;
                return (
                  <Row
                    key={listing.id}
                    listing={listing}
                    index={item.index}
                    cache={cache}
                    siteName={siteNames.get(listing.siteId) ?? 'A site no longer in the register'}
                    categoryLabels={categoryLabels}
                    held={heldIds.has(listing.id)}
                    onOpen={onOpenChange}
                  />
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
