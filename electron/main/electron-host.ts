import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog, powerMonitor } from 'electron';

/**
 * What only the desktop can do for main's services: a save dialog, a folder
 * chooser, and the operating system's "going to sleep / screen locked"
 * signals, which lock the ledger.
 */
export function createElectronHost() {
  let lockGeneration = 0;
  const bump = () => {
    lockGeneration += 1;
  };
  powerMonitor.on('suspend', bump);
  powerMonitor.on('lock-screen', bump);

  return {
    async saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null> {
      const owner = BrowserWindow.getFocusedWindow();
      const options = { defaultPath: suggestedName, properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> };
      const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return null;
      // The person chose this file; the bytes are opaque to main (a PDF, a checkpoint).
      await writeFile(choice.filePath, bytes, { flush: true });
      return choice.filePath;
    },
    async chooseFolder(): Promise<{ supported: boolean; path: string | null }> {
      const owner = BrowserWindow.getFocusedWindow();
      const options = { properties: ['openDirectory', 'createDirectory'] as Array<'openDirectory' | 'createDirectory'> };
      const choice = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return { supported: true, path: choice.canceled ? null : (choice.filePaths[0] ?? null) };
    },
    lockGeneration: () => lockGeneration,
  };
}
