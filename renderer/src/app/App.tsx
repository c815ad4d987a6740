import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import type { AppInfo, Health, VaultStatus } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { AboutDialog } from '../screens/AboutDialog';
import { FirstRunScreen } from '../screens/FirstRunScreen';
import { RecoveryKeyScreen } from '../screens/RecoveryKeyScreen';
import { RestoreScreen } from '../screens/RestoreScreen';
import { SetupScreen } from '../screens/SetupScreen';
import { UnlockScreen } from '../screens/UnlockScreen';
import type { LockReason } from '../screens/workspace/Workspace';
import { cancelAllPdfs } from '../pdf/pdf-client';
import { closeOcr } from '../ocr/ocr-client';
import type { Session } from '../vault/session';
import type { CreatedLedger } from '../vault/vault-operations';

// The workspace (lists, charts, import, search) is most of the code: the first
// screen does not wait for it. It starts loading while the person unlocks.
const loadWorkspace = () => import('../screens/workspace/Workspace');
const Workspace = lazy(() => loadWorkspace().then((module) => ({ default: module.Workspace })));

type Screen =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'first-run' }
  | { kind: 'setup' }
  | { kind: 'restore' }
  | { kind: 'recovery-key'; created: CreatedLedger & { adminName: string; cityName: string; ledgerName: string; adminId: string } }
  | { kind: 'unlock'; status: Extract<VaultStatus, { state: 'ready' }>; notice: string | null }
  | { kind: 'unreadable'; message: string }
  | { kind: 'workspace'; session: Session };

const lockNotices: Record<LockReason, string> = {
  manual: 'Locked.',
  idle: 'Locked after a period without activity.',
  system: 'Locked because the computer went to sleep or its screen was locked.',
};

export function App({ ledger }: { ledger: LedgerApi }) {
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [health, setHealth] = useState<Health | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const [autoLockMinutes, setAutoLockMinutes] = useState(10);

  const refresh = useCallback(
    async (notice: string | null = null) => {
      const status = await ledger.vaultStatus({});
      if (!status.ok) return setScreen({ kind: 'unreachable', message: status.error.message });
      const value = status.value;
      if (value.state === 'new') setScreen({ kind: 'first-run' });
      else if (value.state === 'unreadable') setScreen({ kind: 'unreadable', message: value.message });
      else setScreen({ kind: 'unlock', status: value, notice });
    },
    [ledger],
  );

  useEffect(() => {
    void Promise.all([ledger.appInfo({}), ledger.health({}), ledger.settingsGet({})]).then(([appInfo, appHealth, settings]) => {
      if (!appInfo.ok) return setScreen({ kind: 'unreachable', message: appInfo.error.message });
      setInfo(appInfo.value);
      if (appHealth.ok) setHealth(appHealth.value);
      if (settings.ok) setAutoLockMinutes(settings.value.autoLockMinutes);
      void refresh();
    });
  }, [ledger, refresh]);

  // The unlocked session lives in a ref too, so locking never depends on a state updater
  // (which React may run twice) and happens exactly once.
  const sessionRef = useRef<Session | null>(null);
  useEffect(() => {
    if (screen.kind === 'unlock') void loadWorkspace().catch(() => undefined);
  }, [screen.kind]);

  const openWorkspace = useCallback((session: Session) => {
    sessionRef.current = session;
    setScreen({ kind: 'workspace', session });
  }, []);

  const lock = useCallback(
    (reason: LockReason) => {
      const session = sessionRef.current;
      if (!session) return;
      sessionRef.current = null;
      // Dropping the session drops the keys and stops work in flight; unmounting the workspace clears
      // every decrypted value it showed; a PDF still being made holds plaintext in its worker, so it goes too.
      cancelAllPdfs();
      closeOcr();
      session.end();
      void ledger.journalAppend({ events: [{ type: 'audit.lock', actor: session.user.id, recordId: null, payload: null }] });
      setScreen({ kind: 'loading' });
      void refresh(lockNotices[reason]);
    },
    [ledger, refresh],
  );

  const header =
    screen.kind === 'workspace' ? null : (
      <header className="app-header">
        <span className="app-name">Records Ledger</span>
        <button type="button" className="link-button" onClick={() => setAboutOpen(true)}>
          About
        </button>
      </header>
    );

  return (
    <>
      {header}
      {health && health.status !== 'ok' && (
        <p role="alert" className="banner banner-error">
          {health.detail}
        </p>
      )}
      {screen.kind === 'workspace' ? (
        <Suspense
          fallback={
            <main id="main" className="app-main">
              <p role="status">Opening the ledger…</p>
            </main>
          }
        >
          <Workspace ledger={ledger} session={screen.session} autoLockMinutes={autoLockMinutes} onLock={lock} onAutoLockChanged={setAutoLockMinutes} />
        </Suspense>
      ) : (
        <main id="main" className="app-main">
          {screen.kind === 'loading' && <p role="status">Opening…</p>}
          {screen.kind === 'unreachable' && (
            <section aria-labelledby="unreachable-title">
              <h1 id="unreachable-title">The ledger cannot be reached</h1>
              <p role="alert" className="banner banner-error">
                {screen.message}
              </p>
            </section>
          )}
          {screen.kind === 'unreadable' && (
            <section aria-labelledby="unreadable-title">
              <h1 id="unreadable-title">This ledger cannot be opened</h1>
              <p role="alert">{screen.message}</p>
              <p>Nothing has been changed. Restore a backup on another computer, or use the version of Records Ledger that wrote it.</p>
            </section>
          )}
          {screen.kind === 'first-run' && <FirstRunScreen onCreate={() => setScreen({ kind: 'setup' })} onRestore={() => setScreen({ kind: 'restore' })} />}
          {screen.kind === 'setup' && (
            <SetupScreen
              ledger={ledger}
              onCancel={() => setScreen({ kind: 'first-run' })}
              onCreated={(created) => {
                void ledger.vaultStatus({}).then((status) => {
                  const adminId = status.ok && status.value.state === 'ready' ? (status.value.slots.find((s) => s.kind === 'user')?.userId ?? 'system') : 'system';
                  setScreen({ kind: 'recovery-key', created: { ...created, adminId } });
                });
              }}
            />
          )}
          {screen.kind === 'recovery-key' && (
            <RecoveryKeyScreen
              ledger={ledger}
              recoveryKey={screen.created.recoveryKey}
              ledgerId={screen.created.ledgerId}
              cityName={screen.created.cityName}
              ledgerName={screen.created.ledgerName}
              actor={screen.created.adminId}
              onConfirmed={() => void refresh('The ledger is ready. Unlock it with your passphrase.')}
            />
          )}
          {screen.kind === 'restore' && <RestoreScreen ledger={ledger} onCancel={() => setScreen({ kind: 'first-run' })} onRestored={() => void refresh('The backup was restored. Unlock it with a passphrase of that ledger, or its recovery key.')} />}
          {screen.kind === 'unlock' && <UnlockScreen ledger={ledger} status={screen.status} notice={screen.notice} onUnlocked={openWorkspace} />}
        </main>
      )}
      <AboutDialog open={aboutOpen} info={info} onClose={() => setAboutOpen(false)} />
    </>
  );
}
