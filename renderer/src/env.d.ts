import type { LedgerApi } from '../../shared/ipc/ledger-api';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser preview. */
    readonly ledger?: LedgerApi;
  }
}
