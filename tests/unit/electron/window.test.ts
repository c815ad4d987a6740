import { describe, expect, it } from 'vitest';

import { electronCalls } from '../../support/electron-mock';
const { createMainWindow } = await import('../../../electron/main/window');

describe('the main window', () => {
  createMainWindow('/app/out/preload/index.cjs');
  const created = electronCalls.windows.at(-1)!;
  const prefs = created.options.webPreferences as Record<string, unknown>;

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and experimental or insecure features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('uses the bundled CommonJS preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('loads the app from the app:// protocol, never file:// or the network', () => {
    expect(created.loadedUrl).toBe('app://ledger/index.html');
  });
});
