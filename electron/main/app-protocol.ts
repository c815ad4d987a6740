import { protocol } from 'electron';
import { readStaticFile, rendererSecurityHeaders } from '../services/static-files';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must run before the app is ready, as Electron requires. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') {
      return new Response('Not found', { status: 404 });
    }
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    return new Response(file.body, {
      status: 200,
      headers: { 'content-type': file.contentType, ...rendererSecurityHeaders({ connectToSelf: false }) },
    });
  });
}
