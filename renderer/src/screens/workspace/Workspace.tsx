import { useEffect, useRef, useState } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { roleLabels } from '../../../../shared/users/user';
import { useAutoLock } from '../../hooks/useAutoLock';
import type { Session } from '../../vault/session';
import { BackupsPage } from './BackupsPage';
import { BlocksPage } from './BlocksPage';
import { ImportPage } from './ImportPage';
import { LogRemovalPage } from './LogRemovalPage';
import { RemovalsPage } from './RemovalsPage';
import { RequestsPage } from './RequestsPage';
import { OverviewPage } from './OverviewPage';
import { PolicyPage } from './PolicyPage';
import { RetentionPage } from './RetentionPage';
import { SettingsPage } from './SettingsPage';
import { SitesPage } from './SitesPage';
import { UsersPage } from './UsersPage';
import { VerifyPage } from './VerifyPage';

type Page = 'overview' | 'log' | 'removals' | 'blocks' | 'import' | 'requests' | 'retention' | 'sites' | 'policy' | 'users' | 'verify' | 'backups' | 'settings';
export type LockReason = 'manual' | 'idle' | 'system';

const pageLabels: Record<Page, string> = {
  overview: 'Overview',
  log: 'Log a removal',
  removals: 'Removals',
  blocks: 'Blocks',
  import: 'Import',
  requests: 'Public records requests',
  retention: 'Retention',
  sites: 'Sites',
  policy: 'Policy', users: 'Users', verify: 'Verify ledger', backups: 'Backups', settings: 'Settings' };

/** The unlocked app: navigation, the signed-in person, Lock (button, Ctrl+Shift+L, idle, system). */
export function Workspace({ ledger, session, autoLockMinutes, onLock, onAutoLockChanged }: { ledger: LedgerApi; session: Session; autoLockMinutes: number; onLock: (reason: LockReason) => void; onAutoLockChanged: (minutes: number) => void }) {
  const [page, setPage] = useState<Page>('overview');
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const main = useRef<HTMLElement>(null);
  const isAdmin = session.user.role === 'administrator';
  const [openRemoval, setOpenRemoval] = useState<string | null>(null);
  const pages: Page[] = ['overview', 'log', 'removals', 'blocks', 'import', 'requests', 'retention', 'sites', 'policy', ...(isAdmin ? (['users'] as Page[]) : []), 'verify', 'backups', 'settings'];

  useAutoLock(ledger, autoLockMinutes, onLock);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        onLock('manual');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onLock]);

  useEffect(() => {
    // Ask the browser not to evict the read model under storage pressure; a refusal is shown, not hidden.
    void navigator.storage?.persist?.().then(setPersisted, () => setPersisted(false));
  }, []);

  function go(next: Page) {
    setPage(next);
    setOpenRemoval(null);
    requestAnimationFrame(() => main.current?.querySelector<HTMLElement>('h1')?.focus());
  }

  return (
    <div className="workspace">
      <header className="app-header">
        <span className="app-name">Records Ledger</span>
        <span>
          {session.user.fullName} ({roleLabels[session.user.role]})
        </span>
        <button type="button" onClick={() => onLock('manual')} aria-keyshortcuts="Control+Shift+L" title="Lock (Ctrl+Shift+L)">
          Lock
        </button>
      </header>
      {persisted === false && (
        <p role="alert" className="banner warning workspace-banner">
          This computer may clear the local index when it runs short of space. Nothing would be lost (the journal keeps
          every record), but the index would have to be rebuilt at the next unlock.
        </p>
      )}
      <nav aria-label="Ledger" className="side-nav">
        <ul>
          {pages.map((p) => (
            <li key={p}>
              <button type="button" aria-current={p === page ? 'page' : undefined} onClick={() => go(p)}>
                {pageLabels[p]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main ref={main} className="app-main" id="main">
        {page === 'overview' && <OverviewPage session={session} />}
        {page === 'log' && (
          <LogRemovalPage
            ledger={ledger}
            session={session}
            onOpenRecord={(id) => {
              setPage('removals');
              setOpenRemoval(id);
            }}
          />
        )}
        {page === 'removals' && <RemovalsPage ledger={ledger} session={session} openId={openRemoval} onOpenChange={setOpenRemoval} />}
        {page === 'blocks' && <BlocksPage ledger={ledger} session={session} />}
        {page === 'import' && <ImportPage ledger={ledger} session={session} onImported={() => undefined} />}
        {page === 'users' && isAdmin && <UsersPage ledger={ledger} session={session} />}
        {page === 'verify' && <VerifyPage ledger={ledger} session={session} />}
        {page === 'backups' && <BackupsPage ledger={ledger} session={session} />}
        {page === 'settings' && <SettingsPage ledger={ledger} onSaved={onAutoLockChanged} isAdministrator={isAdmin} />}
        {page === 'sites' && <SitesPage session={session} ledger={ledger} />}
        {page === 'policy' && <PolicyPage session={session} />}
        {page === 'retention' && <RetentionPage ledger={ledger} session={session} />}
        {page === 'requests' && <RequestsPage ledger={ledger} session={session} />}
      </main>
    </div>
  );
}
