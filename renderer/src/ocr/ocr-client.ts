import { ocrLocations } from './ocr-files';
import { createProgressTracker } from './ocr-progress';
import { READABLE_IMAGE_NAMES, readableImageKind } from './readable-image';
import { confidencePercent, tidyRecognisedText } from './recognised-text';
import type { EngineProgressListener, OcrEngine, RecognisedText } from './tesseract-engine';

/**
 * "Read text from screenshot": tesseract.js in a worker of its own, fed from
 * the files shipped under ocr/, never the network. The text goes back to the
 * caller, who shows it in an editable field for the clerk to confirm.
 *
 * From React:
 *
 *   const controller = new AbortController();          // keep it in a ref
 *   const result = await readTextFromImage(bytes, {
 *     onProgress: (fraction, status) => setProgress({ fraction, status }),
 *     signal: controller.signal,                       // Cancel button: controller.abort()
 *   });                                                // and abort() on unmount
 *   if (result.ok) offerForConfirmation(result.text);
 *   else if (!result.cancelled) showError(result.message);
 *
 * and call closeOcr() when the ledger locks. There is at most one worker: it
 * starts on first use, serves one screenshot at a time (others wait their
 * turn), and is terminated on Cancel, on closeOcr(), after any failure, and
 * after a minute with nothing to read, so no decrypted pixels stay in it.
 * tesseract.js itself is only loaded on first use, outside the first screen's
 * bundle.
 */

export type ReadTextResult = { ok: true; text: string; confidence: number } | { ok: false; message: string; cancelled?: boolean };

export interface ReadTextOptions {
  /** `fraction` 0..1, only ever growing; `status` says in words what is happening. */
  onProgress?: (fraction: number, status: string) => void;
  signal?: AbortSignal;
}

export interface OcrClient {
  readTextFromImage(image: Uint8Array | Blob, options?: ReadTextOptions): Promise<ReadTextResult>;
  /** Stops any reading (each caller gets a cancelled result) and terminates the worker. */
  closeOcr(): void;
}

export type StartEngine = (onProgress: EngineProgressListener) => Promise<OcrEngine>;

/** Long enough to read a batch of screenshots with one start-up, short enough that an image does not sit in memory. */
export const IDLE_RELEASE_MS = 60_000;

type StopReason = 'cancelled' | 'closed';

const messages = {
  cancelled: 'Reading was cancelled. No text was added.',
  closed: 'Reading stopped because the ledger was locked. Unlock it and try again.',
  empty: 'The screenshot file is empty, so there is no text to read. Type the content in yourself.',
  notAnImage: `This file is not an image the text reader can open (it reads ${READABLE_IMAGE_NAMES} files). Type the content in yourself.`,
  noText: 'No text was found in this screenshot. Type the content in yourself if it has any.',
  startFailed: (reason: string) => `The text reader could not start (${reason}). Type the content in yourself; if this keeps happening, reinstall Records Ledger.`,
  readFailed: (reason: string) => `The text in this screenshot could not be read (${reason}). Type the content in yourself.`,
};

function plainReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^(Error:\s*)+/, '').trim() || 'no reason was given';
}

function stoppedResult(reason: StopReason): ReadTextResult {
  return { ok: false, cancelled: true, message: messages[reason] };
}

export function createOcrClient(startEngine: StartEngine, settings: { idleMs: number } = { idleMs: IDLE_RELEASE_MS }): OcrClient {
  // The one worker, or its start-up still under way.
  let engine: Promise<OcrEngine> | null = null;
  // Each job chains on the one before, so the worker reads one image at a time.
  let queue: Promise<void> = Promise.resolve();
  let jobsInHand = 0;
  let idleTimer: ReturnType<typeof setTimeout> | null = null;
  const stoppers = new Set<(reason: StopReason) => void>();

  function release(): void {
    const current = engine;
    engine = null;
    // A start-up still under way is terminated as soon as it finishes.
    current?.then((running) => running.terminate(), () => undefined);
  }

  function clearIdle(): void {
    if (idleTimer !== null) clearTimeout(idleTimer);
    idleTimer = null;
  }

  async function runJob(image: Uint8Array | Blob, myTurn: Promise<void>, stopped: Promise<StopReason>, onProgress: ReadTextOptions['onProgress']): Promise<ReadTextResult> {
    const early = await Promise.race([myTurn.then(() => null), stopped]);
    if (early) return stoppedResult(early);

    const bytes = image instanceof Uint8Array ? image : new Uint8Array(await image.arrayBuffer());
    if (bytes.length === 0) return { ok: false, message: messages.empty };
    if (!readableImageKind(bytes)) return { ok: false, message: messages.notAnImage };

    const track = createProgressTracker(engine === null);
    const report: EngineProgressListener = (status, stepProgress) => {
      const { fraction, label } = track(status, stepProgress);
      onProgress?.(fraction, label);
    };
    report('', 0);

    if (engine === null) engine = startEngine(report);
    const current = engine;
    let ready: OcrEngine | StopReason;
    try {
      ready = await Promise.race([current, stopped]);
    } catch (error) {
      if (engine === current) engine = null;
      return { ok: false, message: messages.startFailed(plainReason(error)) };
    }
    if (typeof ready === 'string') {
      release();
      return stoppedResult(ready);
    }

    let outcome: RecognisedText | StopReason;
    try {
      outcome = await Promise.race([ready.recognize(bytes, report), stopped]);
    } catch (error) {
      // Whatever went wrong may have left the worker in a bad state: start afresh next time.
      release();
      return { ok: false, message: messages.readFailed(plainReason(error)) };
    }
    if (typeof outcome === 'string') {
      // Terminating is the only way to stop tesseract.js mid-image.
      release();
      return stoppedResult(outcome);
    }
    const text = tidyRecognisedText(outcome.text);
    if (!text) return { ok: false, message: messages.noText };
    return { ok: true, text, confidence: confidencePercent(outcome.confidence) };
  }

  async function readTextFromImage(image: Uint8Array | Blob, options: ReadTextOptions = {}): Promise<ReadTextResult> {
    const { signal, onProgress } = options;
    if (signal?.aborted) return stoppedResult('cancelled');
    clearIdle();
    jobsInHand += 1;

    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const myTurn = queue;
    queue = queue.then(() => finished);

    let stop!: (reason: StopReason) => void;
    const stopped = new Promise<StopReason>((resolve) => (stop = resolve));
    const onAbort = () => stop('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    stoppers.add(stop);
    try {
      return await runJob(image, myTurn, stopped, onProgress);
    } catch (error) {
      return { ok: false, message: messages.readFailed(plainReason(error)) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      stoppers.delete(stop);
      jobsInHand -= 1;
      finish();
      if (jobsInHand === 0 && engine !== null) {
        idleTimer = setTimeout(() => {
          idleTimer = null;
          if (jobsInHand === 0) release();
        }, settings.idleMs);
      }
    }
  }

  function closeOcr(): void {
    clearIdle();
    for (const stop of [...stoppers]) stop('closed');
    release();
  }

  return { readTextFromImage, closeOcr };
}

let pageClient: OcrClient | null = null;

function clientForThisPage(): OcrClient {
  pageClient ??= createOcrClient(async (onProgress) => {
    // Loaded on first use: tesseract.js stays out of the first screen's bundle.
    const { startTesseractEngine } = await import('./tesseract-engine');
    return startTesseractEngine(ocrLocations(document.baseURI), onProgress);
  });
  return pageClient;
}

export function readTextFromImage(image: Uint8Array | Blob, options: ReadTextOptions = {}): Promise<ReadTextResult> {
  return clientForThisPage().readTextFromImage(image, options);
}

/** For the lock: stops any reading and terminates the worker, so no decrypted pixels stay in it. */
export function closeOcr(): void {
  pageClient?.closeOcr();
}
