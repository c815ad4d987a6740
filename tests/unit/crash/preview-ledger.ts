import { channelNames } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { createPreviewTransport } from '../../../renderer/src/ledger/preview-transport';

/**
 * The renderer's own preview transport (the `fetch` to `/ipc/<channel>`
 * with the launch token, the wire encoding, the answer checked against the
 * channel's schema), pointed at whichever server is running now. The page
 * asks for a path on its own origin; here there is no page, so a relative
 * address is resolved against the current server's origin, and nothing
 * else about the request changes.
 */
export interface PreviewLedger {
  api: LedgerApi;
  /** Points every later call at a freshly started server. */
  connect(server: { origin: string; token: string }): void;
  /** What the transport calls instead of the global fetch. */
  fetch: typeof fetch;
}

export function previewLedger(realFetch: typeof fetch): PreviewLedger {
  let origin = 'http://127.0.0.1:9';
  let transport: LedgerApi = createPreviewTransport(null);
  const api = Object.fromEntries(
    channelNames.map((name) => [name, (request: unknown) => (transport[name] as (r: unknown) => Promise<unknown>)(request)]),
  ) as unknown as LedgerApi;
  return {
    api,
    connect(server) {
      origin = server.origin;
      transport = createPreviewTransport(server.token);
    },
    fetch: (input, init) => realFetch(typeof input === 'string' && input.startsWith('/') ? new URL(input, origin) : input, init),
  };
}
