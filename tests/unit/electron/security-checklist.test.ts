import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames, ipcChannelId } from '../../../shared/ipc/channels';
import { contentSecurityPolicy } from '../../../shared/security/content-security-policy';
import { rendererSecurityHeaders } from '../../../electron/services/static-files';

/**
 * Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security,
 * items 1 to 20), each item checked against what the app really does at start:
 * electron/main/index.ts is started here with a stand-in `electron` module that
 * records every option, handler and switch it is given, so a helper that is
 * correct but no longer wired in fails here. The helpers' own edge cases are in
 * the other tests of this folder; an item that does not apply is proved not to.
 */

const recorded = vi.hoisted(() => ({
  order: [] as string[],
  userData: '',
  ipcHandlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  ipcListeners: [] as string[],
  switches: [] as Array<[string, string | undefined]>,
  exposed: new Map<string, unknown>(),
  invoked: [] as Array<{ channel: string; args: unknown[] }>,
  opened: [] as string[],
  session: {
    request: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void),
    check: null as null | ((contents: unknown, permission: string, origin: string, details: unknown) => boolean),
    device: null as null | ((details: unknown) => boolean),
    partitions: [] as string[],
  },
}));

vi.mock('electron', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../support/electron-mock')>();
  const { EventEmitter: Emitter } = await import('node:events');
  class OrderedWindow extends original.BrowserWindow {
    constructor(options: Record<string, unknown>) {
      recorded.order.push('window created');
      super(options);
    }
  }
  const sessionEvents = new Emitter();
  const defaultSession = {
    setPermissionRequestHandler: (handler: typeof recorded.session.request) => {
      recorded.order.push('permissions handled');
      recorded.session.request = handler;
    },
    setPermissionCheckHandler: (handler: typeof recorded.session.check) => (recorded.session.check = handler),
    setDevicePermissionHandler: (handler: typeof recorded.session.device) => (recorded.session.device = handler),
    on: (name: string, listener: (...args: unknown[]) => void) => sessionEvents.on(name, listener),
    emit: (name: string, ...args: unknown[]) => sessionEvents.emit(name, ...args),
  };
  const app = Object.assign(new Emitter(), {
    enableSandbox: () => recorded.order.push('sandbox enabled for every renderer'),
    requestSingleInstanceLock: () => true,
    whenReady: () => {
      recorded.order.push('waiting for ready');
      return Promise.resolve();
    },
    getPath: () => recorded.userData,
    getVersion: () => '0.0.0-checklist',
    quit: vi.fn(),
    commandLine: {
      appendSwitch: (name: string, value?: string) => recorded.switches.push([name, value]),
      appendArgument: (name: string) => recorded.switches.push([name, undefined]),
    },
  });
  return {
    ...original,
    BrowserWindow: Object.assign(OrderedWindow, { getFocusedWindow: () => null, getAllWindows: () => [] }),
    app,
    session: { defaultSession, fromPartition: (name: string) => (recorded.session.partitions.push(name), defaultSession) },
    ipcMain: {
      handle: (channel: string, handler: (event: unknown, payload: unknown) => unknown) => recorded.ipcHandlers.set(channel, handler),
      on: (channel: string) => recorded.ipcListeners.push(channel),
    },
    shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        recorded.invoked.push({ channel, args });
        return { ok: true, value: null };
      },
      send: () => {
        throw new Error('the preload must not use ipcRenderer.send');
      },
      on: () => {
        throw new Error('the preload must not listen with ipcRenderer.on');
      },
    },
  };
});

const electron = await import('electron');
const { electronCalls, dialog } = await import('../../support/electron-mock');

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  devDependencies: Record<string, string>;
  build: { asar: boolean; electronFuses: Record<string, boolean> };
};

function sourcesUnder(folder: string, extensions = /\.(ts|tsx|html)$/): Array<{ path: string; text: string }> {
  const base = new URL(folder, root).pathname;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : extensions.test(name) ? [path] : [];
    });
  return walk(base).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** Source files (of the given folders) in which the pattern occurs, comments included: an occurrence anywhere needs a look. */
function filesMatching(pattern: RegExp, folders: string[]): string[] {
  return folders.flatMap((folder) => sourcesUnder(folder)).filter((file) => pattern.test(file.text)).map((file) => file.path.replace(root.pathname, ''));
}

class FakeContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

const cancellable = () => ({ defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } });

/** A web contents as the app would get it: created after start, hardened by whatever index.ts wired to 'web-contents-created'. */
function newWebContents(): FakeContents {
  const contents = new FakeContents();
  electron.app.emit('web-contents-created', cancellable(), contents);
  return contents;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

let prefs: Record<string, unknown>;
let loadedUrl: string | undefined;

beforeAll(async () => {
  recorded.userData = mkdtempSync(join(tmpdir(), 'records-ledger-checklist-'));
  await import('../../../electron/main/index');
  await vi.waitFor(() => expect(electronCalls.windows).toHaveLength(1), { timeout: 4_000, interval: 10 });
  const window = electronCalls.windows[0]!;
  prefs = window.options.webPreferences as Record<string, unknown>;
  loadedUrl = window.loadedUrl;
  await import('../../../electron/preload/index');
});

afterAll(() => {
  // What the app does on quit: the data folder's lock is released.
  electron.app.emit('will-quit');
  rmSync(recorded.userData, { recursive: true, force: true });
});

describe("Electron's security checklist, against what the app passes at start", () => {
  it('1. only loads secure content: its own files over a secure custom scheme, and a policy that names no network source', () => {
    expect(loadedUrl).toBe('app://ledger/index.html');
    expect(electronCalls.privilegedSchemes).toContainEqual({ scheme: 'app', privileges: expect.objectContaining({ secure: true, standard: true }) });
    const sources = contentSecurityPolicy({ connectToSelf: false })
      .split('; ')
      .flatMap((directive) => directive.split(' ').slice(1));
    expect(sources.filter((source) => /^(https?|wss?|ftp):|\*|\/\//.test(source))).toEqual([]);
  });

  it('2. has no Node integration anywhere, and the one window it creates loads no remote content', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    // Every window the app can open is made in window.ts, which loads app:// only.
    expect(filesMatching(/new BrowserWindow\b|WebContentsView|BrowserView/, ['electron/'])).toEqual(['electron/main/window.ts']);
    expect(filesMatching(/\.loadURL\(|\.loadFile\(/, ['electron/'])).toEqual(['electron/main/window.ts']);
  });

  it('3. isolates the page from the preload, which talks to it through the context bridge only', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect([...recorded.exposed.keys()]).toEqual(['ledger']);
    const preload = readFileSync(new URL('electron/preload/index.ts', root), 'utf8');
    expect(preload).not.toMatch(/\bwindow\.|globalThis\.|\bdocument\./);
  });

  it('4. sandboxes every renderer, switched on before the app is ready, and the window too', () => {
    const sandboxAt = recorded.order.indexOf('sandbox enabled for every renderer');
    expect(sandboxAt).toBeGreaterThanOrEqual(0);
    expect(sandboxAt).toBeLessThan(recorded.order.indexOf('waiting for ready'));
    expect(prefs.sandbox).toBe(true);
  });

  it('5. denies every permission Electron can ask about, in the one session it uses, before the window exists', () => {
    const declaration = readFileSync(new URL('node_modules/electron/electron.d.ts', root), 'utf8').match(/setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+(?:,|$))/);
    const permissions = [...(declaration?.[1] ?? '').matchAll(/'([a-zA-Z-]+)'/g)].map((match) => match[1]!);
    expect(permissions.length).toBeGreaterThan(20);
    for (const permission of permissions) {
      const callback = vi.fn();
      recorded.session.request!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(recorded.session.check!({}, permission, 'app://ledger', {}), permission).toBe(false);
    }
    expect(recorded.session.device!({ deviceType: 'usb' })).toBe(false);
    expect(recorded.order.indexOf('permissions handled')).toBeLessThan(recorded.order.indexOf('window created'));
    expect(recorded.session.partitions).toEqual([]);
    expect(filesMatching(/partition/i, ['electron/main/', 'electron/preload/'])).toEqual([]);
  });

  it('6. keeps webSecurity on, and nothing in the code turns it off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(filesMatching(/webSecurity:\s*false|disablewebsecurity|disable-web-security/i, ['electron/', 'renderer/'])).toEqual([]);
  });

  it("7. sends a restrictive Content-Security-Policy with every renderer file: script-src 'self', nothing inline, nothing remote", () => {
    const policy = new Map(
      rendererSecurityHeaders({ connectToSelf: false })
        ['content-security-policy']!.split('; ')
        .map((directive) => {
          const [name, ...sources] = directive.split(' ');
          return [name!, sources] as const;
        }),
    );
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    for (const directive of ['object-src', 'base-uri', 'form-action', 'frame-ancestors']) expect(policy.get(directive), directive).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
      if (name !== 'img-src') expect(sources.filter((s) => s === 'data:' || s === 'blob:'), name).toEqual([]);
    }
    // The page itself has no inline script or handler a policy would have to allow.
    const page = readFileSync(new URL('renderer/index.html', root), 'utf8');
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(page).not.toMatch(/\son[a-z]+\s*=/i);
    expect(page).not.toMatch(/http-equiv/i);
  });

  it('8. never allows running insecure content', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(filesMatching(/allowRunningInsecureContent:\s*true/, ['electron/'])).toEqual([]);
  });

  it('9. enables no experimental features, by option or by command-line switch', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(recorded.switches).toEqual([]);
  });

  it('10. uses no enableBlinkFeatures, by option or by switch', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(recorded.switches.filter(([name]) => /blink/i.test(name))).toEqual([]);
    expect(filesMatching(/enableBlinkFeatures|enable-blink-features/, ['electron/'])).toEqual([]);
  });

  it('11. <webview> allowpopups: does not apply, the tag is disabled and no renderer source uses it', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(filesMatching(/<webview|allowpopups/i, ['renderer/'])).toEqual([]);
  });

  it('12. verifies <webview> options before creation: every attach is refused, whatever it asks for', () => {
    const contents = newWebContents();
    const event = cancellable();
    contents.emit('will-attach-webview', event, { nodeIntegration: true, preload: '/tmp/evil.js', webSecurity: false }, { src: 'https://evil.example/' });
    expect(event.defaultPrevented).toBe(true);
  });

  it('13. limits navigation: no web contents ever navigates or follows a redirect', () => {
    const contents = newWebContents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://ledger/index.html', 'javascript:alert(1)']) {
      const navigate = cancellable();
      contents.emit('will-navigate', navigate, url);
      expect(navigate.defaultPrevented, url).toBe(true);
    }
    const redirect = cancellable();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.defaultPrevented).toBe(true);
  });

  it('14. limits new windows: every one is denied, even for the app’s own address', () => {
    const contents = newWebContents();
    for (const url of ['https://example.org/', 'app://ledger/index.html', 'about:blank', 'file:///etc/passwd']) {
      expect(contents.windowOpenHandler?.({ url }), url).toEqual({ action: 'deny' });
    }
  });

  it('15. opens links from removed content outside only if https, shown to the person, and confirmed', async () => {
    const contents = newWebContents();
    const askedBefore = dialog.showMessageBox.mock.calls.length;
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'smb://server/share', 'http://example.org/']) {
      contents.emit('will-navigate', cancellable(), url);
      contents.windowOpenHandler?.({ url });
    }
    await settle();
    expect(dialog.showMessageBox.mock.calls.length).toBe(askedBefore);

    dialog.showMessageBox.mockResolvedValueOnce({ response: 0 });
    contents.emit('will-navigate', cancellable(), 'https://example.org/cancelled');
    await settle();
    const asked = dialog.showMessageBox.mock.calls.at(-1)!.at(-1) as unknown as { detail: string; defaultId: number; cancelId: number };
    expect(asked.detail).toContain('https://example.org/cancelled');
    expect(asked.defaultId).toBe(asked.cancelId);

    dialog.showMessageBox.mockResolvedValueOnce({ response: 1 });
    contents.windowOpenHandler?.({ url: 'https://example.org/confirmed' });
    await settle();
    expect(recorded.opened).toEqual(['https://example.org/confirmed']);
  });

  it('16. uses a current Electron: pinned exactly, installed as pinned, and within its support window', () => {
    const pinned = manifest.devDependencies.electron!;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const installed = JSON.parse(readFileSync(new URL('node_modules/electron/package.json', root), 'utf8')) as { version: string };
    expect(installed.version).toBe(pinned);
    // Electron supports its three latest majors and ships one every 8 weeks
    // (40.0.0 on 2026-01-13), so a major leaves support when the third one
    // after it ships. Failing here means: upgrade Electron.
    const major = Number(pinned.split('.')[0]);
    const supportEnds = new Date(Date.UTC(2026, 0, 13) + (major + 3 - 40) * 8 * 7 * 86_400_000);
    expect(new Date().getTime(), `Electron ${major} left support around ${supportEnds.toISOString().slice(0, 10)}`).toBeLessThan(supportEnds.getTime());
  });

  it('17. validates the sender of every IPC message: only the app’s own top-level page is answered', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(channelNames.map(ipcChannelId).sort());
    expect(recorded.ipcListeners).toEqual([]);
    const appInfo = recorded.ipcHandlers.get(ipcChannelId('appInfo'))!;
    expect(await appInfo({ senderFrame: { url: 'app://ledger/index.html', parent: null } }, {})).toMatchObject({ ok: true, value: { runtime: 'electron' } });
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://ledger/index.html', parent: {} },
      { url: 'file:///home/clerk/evil.html', parent: null },
      null,
    ]) {
      for (const handler of recorded.ipcHandlers.values()) {
        expect(await handler({ senderFrame: frame }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
  });

  it('18. avoids file:// for a custom protocol that grants nothing extra', async () => {
    expect(loadedUrl?.startsWith('app://')).toBe(true);
    const privileges = (electronCalls.privilegedSchemes as Array<{ scheme: string; privileges: Record<string, boolean> }>).find((s) => s.scheme === 'app')!.privileges;
    for (const power of ['bypassCSP', 'allowServiceWorkers', 'corsEnabled', 'stream']) expect(privileges[power], power).not.toBe(true);
    const serve = electronCalls.protocolHandlers.get('app')!;
    expect((await serve(new Request('app://ledger/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect(manifest.build.electronFuses.grantFileProtocolExtraPrivileges).toBe(false);
  });

  it('19. decides every fuse this Electron has, each on the safe side', () => {
    const fuses = manifest.build.electronFuses;
    const known = Object.keys(FuseV1Options)
      .filter((name) => Number.isNaN(Number(name)))
      .map((name) => name[0]!.toLowerCase() + name.slice(1));
    expect(known.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(fuses).sort()).toEqual([...known].sort());
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(manifest.build.asar).toBe(true);
  });

  it('20. exposes no Electron API to the page: one frozen function per channel, each bound to its own channel', async () => {
    const ledger = recorded.exposed.get('ledger') as Record<string, (request: unknown) => Promise<unknown>>;
    expect(Object.isFrozen(ledger)).toBe(true);
    expect(Object.keys(ledger).sort()).toEqual([...channelNames].sort());
    for (const name of ['invoke', 'send', 'on', 'ipcRenderer', 'require', 'process']) expect(ledger, name).not.toHaveProperty(name);
    recorded.invoked.length = 0;
    await ledger.journalHead!({ channel: 'ledger:vaultCreate' });
    expect(recorded.invoked).toEqual([{ channel: 'ledger:journalHead', args: [{ channel: 'ledger:vaultCreate' }] }]);
  });
});
