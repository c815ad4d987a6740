import { useEffect, useState } from 'react';
import type { AppInfo, Health } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { AboutDialog } from '../screens/AboutDialog';
import { FirstRunScreen } from '../screens/FirstRunScreen';

type ServiceState =
  | { kind: 'checking' }
  | { kind: 'ready'; info: AppInfo; health: Health }
  | { kind: 'unreachable'; message: string };

export function App({ ledger }: { ledger: LedgerApi }) {
  const [service, setService] = useState<ServiceState>({ kind: 'checking' });
  const [aboutOpen, setAboutOpen] = useState(false);

  useEffect(() => {
    let cancelled = false;
    void Promise.all([ledger.appInfo({}), ledger.health({})]).then(([info, health]) => {
      if (cancelled) return;
      if (info.ok && health.ok) setService({ kind: 'ready', info: info.value, health: health.value });
      else setService({ kind: 'unreachable', message: (info.ok ? (health.ok ? '' : health.error.message) : info.error.message) });
    });
    return () => {
      cancelled = true;
    };
  }, [ledger]);

  return (
    <>
      <header className="app-header">
        <span className="app-name">Records Ledger</span>
        <button type="button" className="link-button" onClick={() => setAboutOpen(true)}>
          About
        </button>
      </header>
      {service.kind === 'unreachable' && (
        <p role="alert" className="banner banner-error">
          {service.message}
        </p>
      )}
      {service.kind === 'ready' && service.health.status !== 'ok' && (
        <p role="alert" className="banner banner-error">
          {service.health.detail}
        </p>
      )}
      <main id="main" className="app-main">
        <FirstRunScreen />
      </main>
      <AboutDialog open={aboutOpen} info={service.kind === 'ready' ? service.info : null} onClose={() => setAboutOpen(false)} />
    </>
  );
}
