import { createDispatcher } from '../../electron/ipc/dispatch';
import { createLedgerServices, type ServiceOptions } from '../../electron/services/services';
import { channelNames } from '../../shared/ipc/channels';
import type { LedgerApi } from '../../shared/ipc/ledger-api';

/**
 * The renderer's `window.ledger`, wired straight to main's real services and
 * dispatcher on a temp folder: renderer code under test talks to the same
 * handlers as in the app, minus the transport.
 */
export function inProcessLedger(dataDir: string, options: Partial<ServiceOptions> = {}) {
  const services = createLedgerServices({
    dataDir,
    runtime: { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0-test', platform: 'linux' },
    ...options,
  });
  const dispatch = createDispatcher(services.handlers, { error: () => {} });
  const api = Object.fromEntries(channelNames.map((name) => [name, (request: unknown) => dispatch(name, request)])) as unknown as LedgerApi;
  return { api, services };
}
