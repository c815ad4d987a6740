import Tesseract from 'tesseract.js';
import { OCR_LANGUAGE, type OcrLocations } from './ocr-files';

/** One step's report from tesseract.js: its own status words and 0..1 within that step. */
export type EngineProgressListener = (status: string, stepProgress: number) => void;

export interface RecognisedText {
  text: string;
  /** Tesseract's mean word confidence, 0 to 100. */
  confidence: number;
}

/** A running tesseract.js worker with English loaded: what the OCR client needs of it, and nothing more. */
export interface OcrEngine {
  recognize(image: Uint8Array, onProgress: EngineProgressListener): Promise<RecognisedText>;
  /** Stops the worker at once; whatever it held, the last image among it, goes with it. */
  terminate(): void;
}

/**
 * Where the engine's files are. In the page all three are same-origin URLs
 * (see ocrLocations). In Node (tests, bench) only `langPath` is given, as a
 * folder on disk: tesseract.js in Node loads its own worker and core.
 */
export type EngineLocations = Partial<Pick<OcrLocations, 'workerPath' | 'corePath'>> & Pick<OcrLocations, 'langPath'>;

function asError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : 'the text reader stopped');
}

/**
 * Starts a tesseract.js worker reading English with the LSTM engine, from the
 * shipped files only: no CDN, no blob: worker, nothing cached in IndexedDB.
 */
export async function startTesseractEngine(locations: EngineLocations, onProgress: EngineProgressListener): Promise<OcrEngine> {
  // tesseract.js takes one logger per worker; each job points it at its own listener.
  let listener: EngineProgressListener | null = onProgress;
  let reportFailure: (reason: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    reportFailure = reject;
  });

  const options: Partial<Tesseract.WorkerOptions> = {
    langPath: locations.langPath,
    // The data ships with the app, so a copy in IndexedDB would save nothing and
    // would be one more thing left in the profile.
    cacheMethod: 'none',
    gzip: true,
    // Its default wraps the worker in a blob: URL, which the CSP refuses.
    workerBlobURL: false,
    logger: (message) => listener?.(message.status, message.progress),
    // Without a handler tesseract.js throws inside its message callback, and a
    // failure to load the language leaves createWorker's promise pending for ever.
    errorHandler: (reason: unknown) => reportFailure(reason),
  };
  // Undefined would override tesseract.js's own Node defaults, so absent stays absent.
  if (locations.workerPath) options.workerPath = locations.workerPath;
  if (locations.corePath) options.corePath = locations.corePath;

  const starting = Tesseract.createWorker(OCR_LANGUAGE, Tesseract.OEM.LSTM_ONLY, options);
  let worker: Tesseract.Worker;
  try {
    worker = await Promise.race([starting, failure]);
  } catch (reason) {
    // Should the worker come up after all, it must not linger. (When the language
    // fails to load, tesseract.js never hands the worker over, so it idles until
    // the page goes; it never received an image.)
    starting.then((late) => late.terminate(), () => undefined);
    throw asError(reason);
  }

  return {
    async recognize(image, onJobProgress) {
      listener = onJobProgress;
      try {
        // tesseract.js copies the bytes to its worker; its typings list Buffer, but any Uint8Array of an encoded image is read.
        const { data } = await worker.recognize(image as unknown as Tesseract.ImageLike);
        return { text: data.text ?? '', confidence: data.confidence ?? 0 };
      } catch (reason) {
        throw asError(reason);
      } finally {
        listener = null;
      }
    },
    terminate() {
      listener = null;
      void worker.terminate();
    },
  };
}
