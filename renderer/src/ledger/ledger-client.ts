import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { createPreviewTransport, takeLaunchToken } from './preview-transport';

/** Electron's preload provides `window.ledger`; the browser preview speaks HTTP to the same handlers. */
export function connectLedger(): LedgerApi {
  if (window.ledger) return window.ledger;
  return createPreviewTransport(takeLaunchToken(window.location, window.history, window.sessionStorage));
}
