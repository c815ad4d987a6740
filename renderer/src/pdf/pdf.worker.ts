import { runPdfJob, type PdfWorkerMessage } from './pdf-jobs';

/**
 * The PDF worker: started by pdf-client for one document and terminated when
 * it is done or cancelled, so no plaintext outlives the job in a worker.
 * The DOM lib types `self` as a Window; this is the slice of
 * DedicatedWorkerGlobalScope the worker uses.
 */
interface PdfWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: PdfWorkerMessage, transfer: Transferable[]): void;
}

const scope = self as unknown as PdfWorkerScope;

scope.onmessage = (event) => {
  void runPdfJob(event.data, (message, transfer = []) => scope.postMessage(message, transfer), {
    decode: (blob) => createImageBitmap(blob),
    createCanvas: (width, height) => new OffscreenCanvas(width, height),
  });
};
