import type { RenderProgress } from './pdf-engine';
import type { PdfInputs, PdfKind, PdfRequest, PdfWorkerMessage } from './pdf-jobs';
import type { WorkerLike } from '../workers/worker-like';

/**
 * Makes a PDF in a worker of its own. Cancelling terminates the worker: the
 * promise rejects with an AbortError and no bytes ever arrive, because the
 * worker only posts the file once it is complete.
 *
 * From React:
 *
 *   const controller = new AbortController();          // keep it in a ref
 *   const bytes = await makePdf('auditReport', input, {
 *     onProgress: ({ fraction, label }) => setProgress({ fraction, label }),
 *     signal: controller.signal,                       // Cancel button: controller.abort()
 *   });                                                // and abort() on unmount
 *
 * and call cancelAllPdfs() when the ledger locks. Only types are imported
 * here, so the page's bundle gets neither pdfmake nor the fonts: Vite builds
 * pdf.worker.ts (and everything it imports) into a separate worker chunk.
 */

export interface MakePdfOptions {
  onProgress?: (progress: RenderProgress) => void;
  /** Called with the finished file's number of pages, just before the promise resolves (a disclosure records it). */
  onPageCount?: (pages: number) => void;
  signal?: AbortSignal;
}

export type PdfWorkerLike = WorkerLike<PdfRequest, PdfWorkerMessage>;

export interface PdfClient {
  makePdf<K extends PdfKind>(kind: K, input: PdfInputs[K], options?: MakePdfOptions): Promise<Uint8Array<ArrayBuffer>>;
  /** Stops every document still being made (each caller's promise rejects with an AbortError). */
  cancelAll(): void;
}

export function createPdfClient(createWorker: () => PdfWorkerLike): PdfClient {
  const running = new Set<() => void>();
  let nextId = 1;

  function makePdf<K extends PdfKind>(kind: K, input: PdfInputs[K], options: MakePdfOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
    const { signal, onProgress, onPageCount } = options;
    if (signal?.aborted) return Promise.reject(abortReason(signal));

    return new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      const id = String(nextId++);
      const worker = createWorker();
      let settled = false;

      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        worker.terminate();
        running.delete(cancel);
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const cancel = () => finish(() => reject(signal ? abortReason(signal) : cancelled()));
      const onAbort = () => cancel();

      worker.onmessage = (event) => {
        const message = event.data;
        if (message.id !== id) return;
        if (message.type === 'progress') {
          if (!settled) onProgress?.(message.progress);
        } else if (message.type === 'done') {
          finish(() => {
            onPageCount?.(message.pages);
            resolve(message.bytes);
          });
        } else {
          finish(() => reject(new Error(message.message)));
        }
      };
      worker.onerror = (event) => {
        event.preventDefault();
        finish(() => reject(new Error(`The PDF worker stopped: ${event.message || 'it could not start'}.`)));
      };
      worker.onmessageerror = () => finish(() => reject(new Error('The PDF worker sent something that could not be read.')));

      running.add(cancel);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.postMessage({ id, kind, input });
    });
  }

  return {
    makePdf,
    cancelAll() {
      for (const cancel of [...running]) cancel();
    },
  };
}

function cancelled(): DOMException {
  return new DOMException('Making the PDF was cancelled.', 'AbortError');
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? cancelled();
}

const client = createPdfClient(
  // Vite recognises this exact form and bundles pdf.worker.ts as a module worker chunk.
  () => new Worker(new URL('./pdf.worker.ts', import.meta.url), { type: 'module', name: 'pdf' }),
);

export const makePdf = client.makePdf;
export const cancelAllPdfs = client.cancelAll;
