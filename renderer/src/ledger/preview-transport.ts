import { channelNames, channels, type ChannelName } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { fail, resultSchema, type Result } from '../../../shared/ipc/result';
import { decodeWire, encodeWire, WIRE_CONTENT_TYPE } from '../../../shared/ipc/wire';

const TOKEN_KEY = 'records-ledger.preview-token';
const TOKEN_HEADER = 'x-ledger-token';

/**
 * The preview prints an address whose fragment holds the launch token. Keep
 * it for this tab only (a reload still works) and take it out of the address
 * bar so it does not end up in history or a screenshot.
 */
export function takeLaunchToken(location: Location, history: History, storage: Storage): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', location.pathname + location.search);
    return match[1];
  }
  return storage.getItem(TOKEN_KEY);
}

/**
 * Chromium sends a Blob to the network from where it keeps it, but copies an
 * ArrayBuffer body through a pipe a small piece at a time: a 5 MB screenshot
 * took 150-230 ms to send as bytes (or as text) and 30-60 ms as a Blob. A
 * small request is sent as it is, without registering a Blob.
 */
const BLOB_FROM_BYTES = 64 * 1024;
function requestBody(frame: Uint8Array<ArrayBuffer>): BodyInit {
  return frame.length < BLOB_FROM_BYTES ? frame : new Blob([frame], { type: WIRE_CONTENT_TYPE });
}

async function call(name: ChannelName, token: string | null, request: unknown): Promise<Result<unknown>> {
  if (!token) {
    return fail('forbidden', 'This page was opened without its launch token. Open the full address the preview printed.');
  }
  let frame: Uint8Array;
  try {
    const response = await fetch(`/ipc/${name}`, {
      method: 'POST',
      headers: { 'content-type': WIRE_CONTENT_TYPE, [TOKEN_HEADER]: token },
      body: requestBody(encodeWire(request)),
      cache: 'no-store',
    });
    frame = new Uint8Array(await response.arrayBuffer());
  } catch {
    return fail('internal', 'The ledger service is not answering. Is the preview still running?');
  }
  const parsed = resultSchema(channels[name].response).safeParse(safeDecode(frame));
  return parsed.success ? (parsed.data as Result<unknown>) : fail('internal', 'The ledger service sent an answer this page does not understand.');
}

function safeDecode(frame: Uint8Array): unknown {
  try {
    return decodeWire(frame);
  } catch {
    return undefined;
  }
}

export function createPreviewTransport(token: string | null): LedgerApi {
  return Object.fromEntries(
    channelNames.map((name) => [name, (request: unknown) => call(name, token, request)]),
  ) as LedgerApi;
}
