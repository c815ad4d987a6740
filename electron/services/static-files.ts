import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.traineddata': 'application/octet-stream',
  '.gz': 'application/gzip',
};

export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/**
 * Reads one file of the built renderer for a URL path, or null when the path
 * is not inside the renderer folder (`..`, encoded slashes, absolute paths)
 * or does not exist. Used by both Electron's app:// handler and the preview.
 */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = resolve(rootDir);
  const target = resolve(root, relative);
  if (!target.startsWith(root + sep)) return null;
  try {
    const body = new Uint8Array(await readFile(target));
    const contentType = contentTypes[extname(target).toLowerCase()] ?? 'application/octet-stream';
    return { body, contentType };
  } catch {
    return null;
  }
}

/** Headers sent with every renderer file, whichever transport serves it. */
export function rendererSecurityHeaders(options: { connectToSelf: boolean }): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=()',
    'cache-control': 'no-store',
  };
}
