import { newId } from '../ledger/random';
import type { RowHelperLike } from './row-checker';
import { createImportJobs, type ImportRequest, type ImportWorkerMessage } from './import-jobs';

/**
 * The import worker: reads the chosen spreadsheet and checks its rows off the
 * page's thread. It lives only while the import screen is open (the client
 * terminates it on close or Cancel), so the file's plain text does not outlive
 * the screen. The DOM lib types `self` as a Window; this is the slice of
 * DedicatedWorkerGlobalScope the worker uses.
 */
interface ImportWorkerScope {
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
  postMessage(message: ImportWorkerMessage): void;
}

const scope = self as unknown as ImportWorkerScope;
const jobs = createImportJobs(
  (message) => scope.postMessage(message),
  newId,
  // Vite recognises this exact form and bundles row-check.worker.ts as a module worker chunk of its own.
  () => new Worker(new URL('./row-check.worker.ts', import.meta.url), { type: 'module', name: 'import rows' }) as unknown as RowHelperLike,
);

scope.onmessage = (event) => {
  void jobs.handle(event.data);
};
