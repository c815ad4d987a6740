import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { decodeWire, encodeWire, WIRE_CONTENT_TYPE, WireFrameError } from '../../shared/ipc/wire';
import { fail, type Result } from '../../shared/ipc/result';
import type { Dispatch } from '../ipc/dispatch';
import { readStaticFile, rendererSecurityHeaders } from '../services/static-files';

/** The header the preview's renderer sends its per-launch token in. */
export const TOKEN_HEADER = 'x-ledger-token';
const IPC_PREFIX = '/ipc/';

/** Large enough for a 25 MB screenshot and its record, small enough to refuse a flood. */
export const DEFAULT_MAX_BODY_BYTES = 40 * 1024 * 1024;

export interface PreviewServerOptions {
  dispatch: Dispatch;
  rendererDir: string;
  token: string;
  port?: number;
  maxBodyBytes?: number;
}

export interface PreviewServer {
  port: number;
  origin: string;
  /** The address to open: the token travels in the fragment, which is never sent to a server. */
  url: string;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  response.writeHead(status, { 'content-type': WIRE_CONTENT_TYPE, 'cache-control': 'no-store' });
  response.end(encodeWire(result));
}

function refuse(response: ServerResponse, status: number, message: string): void {
  sendResult(response, status, fail('forbidden', message));
}

/**
 * Main's services over HTTP on the loopback interface, for machines where
 * Electron cannot run. The same dispatcher as Electron's IPC answers; this
 * file only adds what a network listener needs: a per-launch secret, Host and
 * Origin checks (so neither DNS rebinding nor another site's page gets in),
 * and a body size limit.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((host) => `http://${host}`);

  const server = createServer((request, response) => {
    void (async () => {
      const host = request.headers.host ?? '';
      if (!allowedHosts().includes(host)) {
        refuse(response, 421, 'Refused: this service answers only to its own loopback address.');
        return;
      }
      const origin = request.headers.origin;
      if (origin !== undefined && !allowedOrigins().includes(origin)) {
        refuse(response, 403, 'Refused: requests from other sites are not accepted.');
        return;
      }
      const fetchSite = request.headers['sec-fetch-site'];
      if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
        refuse(response, 403, 'Refused: requests from other sites are not accepted.');
        return;
      }
      const path = new URL(request.url ?? '/', `http://${host}`).pathname;

      if (path.startsWith(IPC_PREFIX)) {
        if (request.method !== 'POST') {
          refuse(response, 405, 'Use POST for ledger requests.');
          return;
        }
        const token = request.headers[TOKEN_HEADER];
        if (!sameSecret(Array.isArray(token) ? token[0] : token, options.token)) {
          refuse(response, 401, 'Refused: this request did not carry the launch token.');
          return;
        }
        // Media types are case-insensitive and may carry parameters; the type itself must be the frame's.
        if ((request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== WIRE_CONTENT_TYPE) {
          sendResult(response, 415, fail('invalid_request', `Ledger requests must be sent as ${WIRE_CONTENT_TYPE}.`));
          return;
        }
        let payload: unknown;
        try {
          payload = decodeWire(await readBody(request, maxBody));
        } catch (error) {
          if (error instanceof BodyTooLarge) {
            // The rest of the body is never read: the connection must close, or a client reusing it would wait forever.
            response.setHeader('connection', 'close');
            sendResult(response, 413, fail('invalid_request', `The request is larger than ${maxBody} bytes.`));
          } else {
            const why = error instanceof WireFrameError ? error.message : 'It did not arrive whole.';
            sendResult(response, 400, fail('invalid_request', `The request cannot be read. ${why}`));
          }
          return;
        }
        const result = await options.dispatch(path.slice(IPC_PREFIX.length), payload);
        sendResult(response, 200, result);
        return;
      }

      if (request.method !== 'GET' && request.method !== 'HEAD') {
        refuse(response, 405, 'Method not allowed.');
        return;
      }
      // The renderer's files are the shipped app, not secrets; every service
      // behind them needs the token.
      const file = await readStaticFile(options.rendererDir, path);
      if (!file) {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        response.end('Not found');
        return;
      }
      response.writeHead(200, {
        'content-type': file.contentType,
        ...rendererSecurityHeaders({ connectToSelf: true }),
      });
      response.end(request.method === 'HEAD' ? undefined : file.body);
    })().catch((error: unknown) => {
      console.error('Preview request failed', error);
      if (!response.headersSent) sendResult(response, 500, fail('internal', 'The preview server failed on this request.'));
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    url: `${origin}/#token=${options.token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
