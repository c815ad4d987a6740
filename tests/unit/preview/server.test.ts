import { request as httpRequest } from 'node:http';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { startPreviewServer, TOKEN_HEADER, type PreviewServer } from '../../../electron/preview/server';
import { createServices } from '../../../electron/services/services';
import { decodeWire, WIRE_CONTENT_TYPE } from '../../../shared/ipc/wire';
import { handWrittenFrame } from '../../support/wire-frame';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const token = 'a'.repeat(43);
let server: PreviewServer;
let root: string;
let dataDir: string;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  bytes: Buffer;
}

function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${server.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), bytes: Buffer.concat(chunks) }));
      },
    );
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE' ? resolve({ status: 0, headers: {}, body: '', bytes: Buffer.alloc(0) }) : reject(error)));
    if (options.body) req.write(options.body);
    req.end();
  });
}

/** Posts the JSON, well-formed or not, in a wire frame with no bytes after it, as the page would with the launch token. */
function ipc(channel: string, json: string, headers: Record<string, string> = {}) {
  return raw({ method: 'POST', path: `/ipc/${channel}`, body: Buffer.from(handWrittenFrame(json)), headers: { 'content-type': WIRE_CONTENT_TYPE, [TOKEN_HEADER]: token, ...headers } });
}

function answer(response: RawResponse): unknown {
  return decodeWire(response.bytes);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'records-ledger-preview-'));
  dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Records Ledger</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
  const services = createServices({ dataDir, runtime: { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '1.2.3', platform: 'linux' } });
  server = await startPreviewServer({ dispatch: createDispatcher(services, { error: vi.fn() }), rendererDir, token, maxBodyBytes: 64 * 1024 });
});

afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the browser preview server', () => {
  it('listens on loopback only and prints an address with the token in its fragment', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${token}`);
  });

  it('answers a request that carries the token', async () => {
    const response = await ipc('appInfo', '{}');
    expect(response.status).toBe(200);
    expect(answer(response)).toMatchObject({ ok: true, value: { version: '1.2.3', runtime: 'browser-preview' } });
  });

  it('refuses a request without the token', async () => {
    const response = await raw({ method: 'POST', path: '/ipc/appInfo', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(401);
    expect(answer(response)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('refuses a request with a wrong token of the same length', async () => {
    const response = await ipc('appInfo', '{}', { [TOKEN_HEADER]: 'b'.repeat(43) });
    expect(response.status).toBe(401);
  });

  it('refuses a request from another site even with the token', async () => {
    const response = await ipc('appInfo', '{}', { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(response.body).toContain('other sites');
  });

  it('refuses the opaque origin of a file:// page or a sandboxed frame even with the token', async () => {
    const response = await ipc('appInfo', '{}', { origin: 'null' });
    expect(response.status).toBe(403);
  });

  it('refuses a cross-site fetch flagged by the browser', async () => {
    const response = await ipc('appInfo', '{}', { 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
  });

  it('refuses a rebinding Host header, for pages and services alike', async () => {
    const page = await raw({ path: '/', headers: { host: `attacker.example:${server.port}` } });
    expect(page.status).toBe(421);
    const service = await ipc('appInfo', '{}', { host: 'attacker.example' });
    expect(service.status).toBe(421);
  });

  it('accepts its own origin under either loopback name', async () => {
    const response = await ipc('appInfo', '{}', { origin: `http://localhost:${server.port}`, host: `localhost:${server.port}` });
    expect(response.status).toBe(200);
  });

  it('turns a malformed payload into a clear error value and writes nothing', async () => {
    const response = await ipc('health', '{"unexpected":true}');
    expect(answer(response)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await expect(readdir(dataDir)).rejects.toThrow();
  });

  it('turns a body that is not JSON into a clear error', async () => {
    const response = await ipc('health', '{oops');
    expect(response.status).toBe(400);
    expect(answer(response)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('not valid JSON') } });
  });

  it('refuses an oversized body', async () => {
    const response = await ipc('health', JSON.stringify({ padding: 'x'.repeat(100 * 1024) }));
    expect([413, 0]).toContain(response.status);
  });

  it('refuses a body that declares itself oversized, with a clear error, before reading it', async () => {
    // The rest of the declared body never comes: the server must answer, and close, without waiting for it.
    const response = await ipc('health', '{}', { 'content-length': String(10 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(answer(response)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('larger than') } });
    // Told to close, so a client that reuses connections does not wait for an answer on it forever.
    expect(response.headers.connection).toBe('close');
  });

  it('refuses GET on a service, and bodies that are not wire frames', async () => {
    expect((await raw({ path: '/ipc/appInfo', headers: { [TOKEN_HEADER]: token } })).status).toBe(405);
    expect((await ipc('appInfo', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
    // The frame's type however it is written: media types ignore case and may carry parameters.
    expect((await ipc('appInfo', '{}', { 'content-type': `${WIRE_CONTENT_TYPE.toUpperCase()}; charset=binary` })).status).toBe(200);
    // The JSON the preview spoke before frames is refused by its type, not misread.
    const before = await raw({ method: 'POST', path: '/ipc/appInfo', body: '{}', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token } });
    expect(before.status).toBe(415);
    expect(answer(before)).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining(WIRE_CONTENT_TYPE) } });
  });

  it('serves the renderer with the strict content security policy', async () => {
    const response = await raw({ path: '/' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('Records Ledger');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00index.html'])(
    'never serves a file outside the renderer folder (%s)',
    async (path) => {
      const response = await raw({ path });
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('outside the renderer');
    },
  );
});
