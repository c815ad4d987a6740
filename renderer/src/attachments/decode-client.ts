import type { AttachmentMediaType } from '../../../shared/attachments/file-signature';
import type { DecodeOutcome, DecodeReply, DecodeRequest } from './decode-job';
import type { WorkerLike } from '../workers/worker-like';

/**
 * Proves an image decodes, and makes its thumbnail, in a worker of its own
 * (decode.worker.ts), so a large or hostile picture never freezes the window.
 * One worker per file, terminated when it answers: a decoded picture does not
 * outlive the check. Aborting the signal terminates the worker at once and
 * the promise rejects with the signal's reason (an AbortError).
 */

export type DecodeAttachment = (bytes: Uint8Array, mediaType: AttachmentMediaType, signal?: AbortSignal) => Promise<DecodeOutcome>;

export type DecodeWorkerLike = WorkerLike<DecodeRequest, DecodeReply>;

const WORKER_STOPPED =
  'The picture could not be checked: the checker stopped while opening it, which usually means the picture is too large or badly damaged. Save it again (or crop it) and attach the new copy.';

export interface Decoder extends DecodeAttachment {
  /** Starts the worker the next picture will be checked in, if none is waiting: call it when a picture may be coming. */
  warmUp(): void;
}

/**
 * `keepOneReady`: a fresh worker is started as soon as one is used up, so the
 * next picture does not wait for a worker to start (it took about 70 ms). A
 * waiting worker has seen nothing; each still checks one picture only.
 */
export function createDecoder(createWorker: () => DecodeWorkerLike, options: { keepOneReady?: boolean } = {}): Decoder {
  let nextId = 1;
  let ready: DecodeWorkerLike | null = null;
  const warmUp = () => {
    if (!options.keepOneReady || ready) return;
    let worker: DecodeWorkerLike;
    try {
      worker = createWorker();
    } catch {
      // No worker waiting is only slower: the next picture starts its own, and says so if it cannot.
      return;
    }
    // A worker that fails to start while it waits is let go, not handed a picture it would never answer.
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      if (ready === worker) ready = null;
    };
    ready = worker;
  };
  const take = (): DecodeWorkerLike => {
    const worker = ready ?? createWorker();
    ready = null;
    return worker;
  };

  const decode: DecodeAttachment = (bytes, mediaType, signal) => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Nothing in a PDF is opened here, so there is no work to move off the page.
    if (mediaType === 'application/pdf') return Promise.resolve({ ok: true });

    return new Promise<DecodeOutcome>((resolve, reject) => {
      const id = String(nextId++);
      const worker = take();
      let settled = false;

      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        worker.terminate();
        signal?.removeEventListener('abort', onAbort);
        outcome();
        warmUp();
      };
      const onAbort = () => finish(() => reject(signal ? abortReason(signal) : cancelled()));

      worker.onmessage = (event) => {
        if (event.data.id !== id) return;
        finish(() => resolve(event.data.outcome));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        finish(() => resolve({ ok: false, message: WORKER_STOPPED }));
      };
      worker.onmessageerror = () => finish(() => resolve({ ok: false, message: WORKER_STOPPED }));

      signal?.addEventListener('abort', onAbort, { once: true });
      // Copied, not transferred: the caller still needs the original bytes to fingerprint and keep them.
      worker.postMessage({ id, bytes, mediaType });
    });
  };
  return Object.assign(decode, { warmUp });
}

function cancelled(): DOMException {
  return new DOMException('Checking the file was cancelled.', 'AbortError');
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? cancelled();
}

export const decodeAttachment: Decoder = createDecoder(
  // Vite recognises this exact form and bundles decode.worker.ts as a module worker chunk.
  () => new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'attachment-decode' }),
  { keepOneReady: true },
);
