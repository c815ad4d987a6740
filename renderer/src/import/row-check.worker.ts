import { newId } from '../ledger/random';
import { checkRowsInChunks, type RowCheckMessage, type RowCheckRequest } from './row-checker';

/**
 * The import worker's helper: checks the later half of a large file's rows
 * (see row-checker.ts). It is started by the import worker and ends with it.
 */
interface RowCheckScope {
  onmessage: ((event: MessageEvent<RowCheckRequest>) => void) | null;
  postMessage(message: RowCheckMessage): void;
}

const scope = self as unknown as RowCheckScope;
scope.onmessage = (event) => void checkRowsInChunks(event.data, newId, (message) => scope.postMessage(message));
