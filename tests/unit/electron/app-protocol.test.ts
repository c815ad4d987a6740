import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { electronCalls } from '../../support/electron-mock';
const { registerAppScheme, serveRenderer } = await import('../../../electron/main/app-protocol');

const root = mkdtempSync(join(tmpdir(), 'records-ledger-protocol-'));
mkdirSync(join(root, 'renderer'));
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Records Ledger</title>');
writeFileSync(join(root, 'private.txt'), 'not for the page');
registerAppScheme();
serveRenderer(join(root, 'renderer'));
const handler = electronCalls.protocolHandlers.get('app')!;

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    expect(electronCalls.privilegedSchemes).toContainEqual(
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    );
  });

  it('serves the renderer with a CSP that forbids inline script and remote content', async () => {
    const response = await handler(new Request('app://ledger/index.html'));
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // Its own files only (the OCR worker fetches its shipped language data); no other origin.
    expect(csp.split('; ')).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await response.text()).toContain('Records Ledger');
  });

  it('answers nothing for another host or a path outside the renderer', async () => {
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://ledger/%2e%2e/private.txt'))).status).toBe(404);
    expect((await handler(new Request('app://ledger/..%2fprivate.txt'))).status).toBe(404);
  });
});
