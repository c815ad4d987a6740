import { newId } from '../ledger/random';
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
const jobs = createImportJobs((message) => scope.postMessage(message), newId);

scope.onmessage = (event) => {
  void jobs.handle(event.data);
};
