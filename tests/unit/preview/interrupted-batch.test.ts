import { connect } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { startPreviewServer, TOKEN_HEADER, type PreviewServer } from '../../../electron/preview/server';
import { createLedgerServices } from '../../../electron/services/services';
import { encodeWire, WIRE_CONTENT_TYPE } from '../../../shared/ipc/wire';
import { events, header } from '../services/ledger-fixtures';

const token = 't'.repeat(43);
let server: PreviewServer;
let root: string;
let services: ReturnType<typeof createLedgerServices>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'records-ledger-interrupted-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  services = createLedgerServices({ dataDir: join(root, 'data'), runtime: { runtime: 'browser-preview', runtimeVersion: 't', appVersion: '0', platform: 'linux' } });
  const created = await createDispatcher(services.handlers, { error: () => {} })('vaultCreate', { header: header(), events: events(1) });
  expect(created.ok).toBe(true);
  server = await startPreviewServer({ dispatch: createDispatcher(services.handlers, { error: () => {} }), rendererDir: join(root, 'renderer'), token });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function head() {
  const result = await services.handlers.journalHead({});
  return result.seq;
}

describe('a renderer that dies in the middle of sending a 1,000-event batch', () => {
  it('leaves none of the batch in the journal', async () => {
    const before = await head();
    const body = encodeWire({ events: events(1_000, { first: 10 }) });
    await new Promise<void>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => {
        socket.write(
          `POST /ipc/journalAppend HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: ${WIRE_CONTENT_TYPE}\r\n${TOKEN_HEADER}: ${token}\r\nContent-Length: ${body.length}\r\n\r\n`,
        );
        // Half the body, then the page is gone (reload, crash).
        socket.write(body.subarray(0, Math.floor(body.length / 2)), () => {
          socket.destroy();
          setTimeout(resolve, 200);
        });
      });
    });
    expect(await head()).toBe(before);
  });

  it('takes all of the batch when it arrived whole', async () => {
    const before = await head();
    const response = await fetch(`${server.origin}/ipc/journalAppend`, {
      method: 'POST',
      headers: { 'content-type': WIRE_CONTENT_TYPE, [TOKEN_HEADER]: token },
      body: encodeWire({ events: events(1_000, { first: 2_000 }) }),
    });
    expect(response.status).toBe(200);
    expect(await head()).toBe(before + 1_000);
  });
});
