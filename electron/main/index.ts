import { app, dialog, ipcMain, session, shell, BrowserWindow } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../ipc/dispatch';
import { DataFolderLocked } from '../services/data-folder-lock';
import { createLedgerServices } from '../services/services';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { openExternalAfterConfirmation } from './external-links';
import { hardenSession, hardenWebContents } from './hardening';
import { bindIpc } from './ipc-binding';
import { createElectronHost } from './electron-host';
import { createMainWindow } from './window';

const here = dirname(fileURLToPath(import.meta.url));

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second copy would write to the same journal; hand over to the first.
  app.quit();
}

async function confirmExternalLink(url: string): Promise<boolean> {
  const owner = BrowserWindow.getFocusedWindow();
  const options = {
    type: 'question' as const,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    message: 'Open this link in your web browser?',
    detail: `${url}\n\nLinks in removed content can be hostile. Open it only if you trust it.`,
  };
  const answer = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
  return answer.response === 1;
}

app.on('web-contents-created', (_event, contents) => {
  hardenWebContents(contents, (url) => {
    void openExternalAfterConfirmation(url, { confirm: confirmExternalLink, open: (u) => shell.openExternal(u) });
  });
});

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(async () => {
  hardenSession(session.defaultSession);
  serveRenderer(join(here, '../renderer'));
  const services = createLedgerServices({
    dataDir: app.getPath('userData'),
    host: createElectronHost(),
    runtime: {
      runtime: 'electron',
      runtimeVersion: process.versions.electron ?? 'unknown',
      appVersion: app.getVersion(),
      platform: process.platform,
    },
  });
  app.on('will-quit', () => services.stop());
  bindIpc(ipcMain, createDispatcher(services.handlers, console));
  // The data folder's lock, then housekeeping (leftovers of an interrupted backup or restore), then the window.
  try {
    await services.start();
  } catch (error) {
    if (error instanceof DataFolderLocked) {
      // Another copy (the app, or its browser preview) is writing to this data folder: never a second writer.
      console.error(error.message);
      dialog.showErrorBox('Records Ledger is already open', error.message);
      app.quit();
      return;
    }
    console.error('Start-up housekeeping failed', error);
  }
  createMainWindow(join(here, '../preload/index.cjs'));
});
