import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { LedgerFailure } from '../../shared/ipc/result';
import { atomicWrite, exists, nodeFileSystem, SerialQueue, storageFailure, type LedgerFileSystem } from './durable-files';

/**
 * What only the surrounding program can do: ask the person where to save a
 * file, let them choose a folder, and tell when the computer suspends or the
 * screen locks. Electron implements it with its dialogs and powerMonitor; the
 * browser preview has no dialogs, so it saves into a folder of its own beside
 * the data folder (never inside it: a Recovery Kit saved next to the vault
 * header it unlocks would be copied along with the data folder).
 */
export interface Host {
  /** Saves opaque bytes where the person chooses; the path saved to, or null when they cancelled. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
  chooseFolder(): Promise<{ supported: boolean; path: string | null }>;
  /** Goes up by one each time the system suspends or the screen locks. */
  lockGeneration(): number;
}

export interface PreviewHost extends Host {
  /** Where saved documents go. */
  readonly exportsDir: string;
  /** What a suspend or screen lock would do in Electron, for tests and the preview. */
  signalLock(): void;
}

export interface PreviewHostOptions {
  /** Where saved documents go; by default `<dataDir>-exports`. Must be outside the data folder. */
  exportsDir?: string;
  fs?: LedgerFileSystem;
}

/** The preview's folder for saved documents: beside the data folder, same name + "-exports". */
export function defaultExportsDir(dataDir: string): string {
  const full = resolve(dataDir);
  return join(dirname(full), `${basename(full)}-exports`);
}

function isInside(folder: string, candidate: string): boolean {
  const path = relative(folder, candidate);
  return path === '' || (path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path));
}

/** "report.pdf", then "report (2).pdf", "report (3).pdf" … */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const extension = extname(name);
  const stem = extension && extension !== name ? name.slice(0, -extension.length) : name;
  return `${stem} (${n})${extension === name ? '' : extension}`;
}

export function createPreviewHost(dataDir: string, options: PreviewHostOptions = {}): PreviewHost {
  const fs = options.fs ?? nodeFileSystem;
  const folder = resolve(options.exportsDir ?? defaultExportsDir(dataDir));
  if (isInside(resolve(dataDir), folder)) {
    throw new LedgerFailure(
      'invalid_request',
      `Saved documents must go to a folder outside the data folder (${resolve(dataDir)}), so that a Recovery Kit is never kept beside the vault it opens. Choose another folder.`,
    );
  }
  const saves = new SerialQueue();
  let generation = 0;
  return {
    exportsDir: folder,
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
