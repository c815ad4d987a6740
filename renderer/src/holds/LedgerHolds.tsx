import { useEffect, useRef, useState } from 'react';
import type { Hold, HoldScope } from '../../../shared/holds/hold';
import { SITE_TABLE, siteDisplayName, siteSchema, type Site } from '../../../shared/sites/site';
import { Field } from '../components/Field';
import { focusAfterRender } from '../components/FormActions';
import type { Session } from '../vault/session';
import { HoldItem, PlaceHoldForm, ReleaseHoldForm, scopeText } from './HoldsPanel';

type Coverage = 'period' | 'search';

/**
 * Every legal hold in the ledger, and holds that reach past one record: every
 * removal in a period (including ones logged later), or the removals a search
 * finds today. Counsel places and releases them.
 */
export function LedgerHolds({ session, holds, onChanged }: { session: Session; holds: readonly Hold[]; onChanged: (message: string) => void }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [placing, setPlacing] = useState(false);
  const [releasing, setReleasing] = useState<Hold | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const mayPlace = session.user.role === 'counsel' || session.user.role === 'administrator';
  useEffect(() => {
    void session.records.list(SITE_TABLE, siteSchema).then(setSites, () => setSites([]));
  }, [session]);
  const siteName = (scope: HoldScope) => {
    const site = scope.kind === 'site' ? sites.find((s) => s.id === scope.siteId) : undefined;
    return site ? siteDisplayName(site) : 'a site';
  };
  const done = (text: string) => {
    setPlacing(false);
    setReleasing(null);
    onChanged(text);
    focusAfterRender(heading);
  };
  const sorted = [...holds].sort((a, b) => b.placedAt.localeCompare(a.placedAt));

  return (
    <section aria-labelledby="ledger-holds-title">
      <h2 id="ledger-holds-title" tabIndex={-1} ref={heading}>
        Legal holds
      </h2>
      {sorted.length === 0 ? (
        <p>No legal hold has been placed.</p>
      ) : (
        <ul className="holds">
          {sorted.map((hold) => (
            <HoldItem key={hold.id} hold={hold} scope={scopeText(hold.scope, siteName(hold.scope))} onRelease={mayPlace ? () => setReleasing(hold) : null} />
          ))}
        </ul>
      )}
      {mayPlace && !placing && !releasing && (
        <button type="button" onClick={() => setPlacing(true)}>
          Place a legal hold on a period or a search
        </button>
      )}
      {!mayPlace && <p className="hint">Counsel places and releases legal holds.</p>}
      {placing && <PeriodOrSearchHoldForm session={session} onDone={done} onCancel={() => { setPlacing(false); focusAfterRender(heading); }} />}
      {releasing && <ReleaseHoldForm session={session} hold={releasing} onDone={done} onCancel={() => { setReleasing(null); focusAfterRender(heading); }} />}
    </section>
  );
}

function PeriodOrSearchHoldForm({ session, onDone, onCancel }: { session: Session; onDone: (message: string) => void; onCancel: () => void }) {
  const [coverage, setCoverage] = useState<Coverage>('period');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [query, setQuery] = useState('');

  async function scopeOf(): Promise<HoldScope | string> {
    if (coverage === 'period') return { kind: 'period', from, to };
    const words = query.trim();
    if (!words) return 'Enter the words to search for.';
    if (!session.search) return 'Search is not available in this window, so a hold cannot be placed by search. Hold by period, or choose records one by one.';
    const found = await session.search.everyMatch(words);
    if (!found) return 'The search was interrupted; place the hold again.';
    if (found.ids.length === 0) return `Searching for “${words}” finds no removals, so there is nothing to hold.`;
    return { kind: 'search', query: words, recordIds: [...found.ids] };
  }

  return (
    <PlaceHoldForm session={session} scopeOf={scopeOf} describe={(scope) => scopeText(scope, 'a site')} onDone={onDone} onCancel={onCancel}>
      <fieldset>
        <legend>What the hold covers</legend>
        <label className="radio">
          <input type="radio" name="ledger-hold-scope" checked={coverage === 'period'} onChange={() => setCoverage('period')} /> Every removal in a period, including any logged later
        </label>
        <label className="radio">
          <input type="radio" name="ledger-hold-scope" checked={coverage === 'search'} onChange={() => setCoverage('search')} /> The removals a search finds now
        </label>
      </fieldset>
      {coverage === 'period' ? (
        <>
          <Field label="From (removal date)" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          <Field label="To (removal date)" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </>
      ) : (
        <Field label="Search for" hint="The removals whose text matches, as the removals list finds them" value={query} onChange={(e) => setQuery(e.target.value)} />
      )}
    </PlaceHoldForm>
  );
}
