import type { ImportPlan } from '../../../shared/import/import-plan';
import type { ColumnMapping } from '../../../shared/import/removal-columns';
import type { ImportRequest, ImportWorkerMessage, PlanRequestContext, SheetSummary } from './import-jobs';
import type { Delimiter, SpreadsheetFile } from './read-spreadsheet';
import type { WorkerLike } from '../workers/worker-like';

/**
 * The import screen's handle on its worker. Cancel terminates the worker, so
 * a check that is stopped leaves nothing running; the next request starts a
 * fresh worker and reads the file into it again. close() ends the worker and
 * forgets the file, so no plain text stays behind once the screen is gone.
 *
 *   const client = openImportClient();        // when the screen opens
 *   const summary = await client.read(file, ',');
 *   const plan = await client.plan(mapping, context, { onProgress, signal });
 *   client.close();                           // when the screen closes
 *
 * Only types are imported here, so the page's bundle gets neither the CSV nor
 * the Excel reader: Vite builds import.worker.ts into a chunk of its own.
 */

export interface ImportProgress {
  done: number;
  total: number;
  label: string;
}

export interface ImportRequestOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export type ImportWorkerLike = WorkerLike<ImportRequest, ImportWorkerMessage>;

export interface ImportClient {
  /** Reads the file in the worker and says what is in it. */
  read(file: SpreadsheetFile, delimiter: Delimiter, options?: ImportRequestOptions): Promise<SheetSummary>;
  /** Checks every row of the file last read, with these columns; nothing is saved. */
  plan(mapping: ColumnMapping, context: PlanRequestContext, options?: ImportRequestOptions): Promise<ImportPlan>;
  /** Ends the worker and forgets the file. */
  close(): void;
}

function cancelled(): DOMException {
  return new DOMException('The import check was cancelled.', 'AbortError');
}

type Pending = { reject: (reason: unknown) => void };

export function createImportClient(createWorker: () => ImportWorkerLike): ImportClient {
  let worker: ImportWorkerLike | null = null;
  /** The file the current worker holds; null when a fresh worker must read it first. */
  let loaded: { file: SpreadsheetFile; delimiter: Delimiter } | null = null;
  let lastRead: { file: SpreadsheetFile; delimiter: Delimiter } | null = null;
  let nextId = 1;
  const pending = new Map<string, Pending>();
  const listeners = new Map<string, (message: ImportWorkerMessage) => void>();

  function stop(reason: unknown): void {
    worker?.terminate();
    worker = null;
    loaded = null;
    const waiting = [...pending.values()];
    pending.clear();
    listeners.clear();
    for (const request of waiting) request.reject(reason);
  }

  function ensureWorker(): ImportWorkerLike {
    if (worker) return worker;
    const started = createWorker();
    started.onmessage = (event) => listeners.get(event.data.id)?.(event.data);
    started.onerror = (event) => {
      event.preventDefault();
      stop(new Error(`The import worker stopped: ${event.message || 'it could not start'}. Nothing was imported.`));
    };
    started.onmessageerror = () => stop(new Error('The import worker sent something that could not be read. Nothing was imported.'));
    worker = started;
    return started;
  }

  function send<T>(build: (id: string) => ImportRequest, settle: (message: ImportWorkerMessage) => T | undefined, options: ImportRequestOptions): Promise<T> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return Promise.reject(signal.reason ?? cancelled());
    return new Promise<T>((resolve, reject) => {
      const id = String(nextId++);
      const onAbort = () => stop(signal?.reason ?? cancelled());
      const done = () => {
        pending.delete(id);
        listeners.delete(id);
        signal?.removeEventListener('abort', onAbort);
      };
      pending.set(id, {
        reject: (reason) => {
          done();
          reject(reason);
        },
      });
      listeners.set(id, (message) => {
        if (message.type === 'progress') return onProgress?.({ done: message.done, total: message.total, label: message.label });
        if (message.type === 'failed') {
          done();
          return reject(new Error(message.message));
        }
        const value = settle(message);
        if (value !== undefined) {
          done();
          resolve(value);
        }
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      ensureWorker().postMessage(build(id));
    });
  }

  function read(file: SpreadsheetFile, delimiter: Delimiter, options: ImportRequestOptions = {}): Promise<SheetSummary> {
    lastRead = { file, delimiter };
    const reading = send(
      (id) => ({ id, type: 'read', file, delimiter }),
      (message) => (message.type === 'read' ? message.summary : undefined),
      options,
    );
    loaded = lastRead;
    return reading;
  }

  async function plan(mapping: ColumnMapping, context: PlanRequestContext, options: ImportRequestOptions = {}): Promise<ImportPlan> {
    if (!lastRead) throw new Error('Choose the spreadsheet first.');
    // A worker ended by Cancel took the file with it: read it again into the new one.
    if (loaded !== lastRead) await read(lastRead.file, lastRead.delimiter, { signal: options.signal });
    return send(
      (id) => ({ id, type: 'plan', mapping, context }),
      (message) => (message.type === 'planned' ? message.plan : undefined),
      options,
    );
  }

  return {
    read,
    plan,
    close() {
      lastRead = null;
      stop(cancelled());
    },
  };
}

/** The client over a real worker; one per open import screen. */
export function openImportClient(): ImportClient {
  return createImportClient(
    // Vite recognises this exact form and bundles import.worker.ts as a module worker chunk.
    () => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' }) as unknown as ImportWorkerLike,
  );
}
