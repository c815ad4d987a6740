import { extname, join } from 'node:path';
import { LedgerFailure } from '../../shared/ipc/result';
import { atomicWrite, exists, nodeFileSystem, SerialQueue, storageFailure, type LedgerFileSystem } from './durable-files';

/**
 * What only the surrounding program can do: ask the person where to save a
 * file, let them choose a folder, and tell when the computer suspends or the
 * screen locks. Electron implements it with its dialogs and powerMonitor; the
 * browser preview has no dialogs, so it saves into the data folder.
 */
export interface Host {
  /** Saves opaque bytes where the person chooses; the path saved to, or null when they cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  chooseFolder(): Promise<{ supported: boolean; path: string | null }>;
  /** Goes up by one each time the system suspends or the screen locks. */
  lockGeneration(): number;
}

export interface PreviewHost extends Host {
  /** What a suspend or screen lock would do in Electron, for tests and the preview. */
  signalLock(): void;
}

export const EXPORTS_FOLDER = 'exports';

/** "report.pdf", then "report (2).pdf", "report (3).pdf" … */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const extension = extname(name);
  const stem = extension && extension !== name ? name.slice(0, -extension.length) : name;
  return `${stem} (${n})${extension === name ? '' : extension}`;
}

export function createPreviewHost(dataDir: string, fs: LedgerFileSystem = nodeFileSystem): PreviewHost {
  const folder = join(dataDir, EXPORTS_FOLDER);
  const saves = new SerialQueue();
  let generation = 0;
  return {
    // One save at a time, so two saves of "report.pdf" cannot both pick the same free name.
    saveFile: (suggestedName, bytes) =>
      saves.run(async () => {
        if (suggestedName === '.' || suggestedName === '..' || /[/\\\0]/.test(suggestedName)) {
          throw new LedgerFailure('invalid_request', 'A file name may not contain slashes and may not be "." or "..".');
        }
        await fs.mkdir(folder).catch((error: unknown) => {
          throw storageFailure(error, `the file ${suggestedName}`);
        });
        let n = 1;
        while (await exists(fs, join(folder, numberedName(suggestedName, n)))) n++;
        const path = join(folder, numberedName(suggestedName, n));
        await atomicWrite(fs, path, bytes, `the file ${suggestedName}`);
        return path;
      }),
    chooseFolder: async () => ({ supported: false, path: null }),
    lockGeneration: () => generation,
    signalLock: () => {
      generation++;
    },
  };
}
