/**
 * The text reader's files. They ship with the app under `ocr/` beside the
 * page and are loaded from the app's own origin: the renderer may not reach
 * the network, and tesseract.js would otherwise fetch them from a CDN.
 *
 * One list for the build that copies them (electron.vite.config.ts), the page
 * that loads them, and the Node tests and bench that read the same files
 * straight from node_modules. Pure: no DOM, no Node.
 */
export const OCR_FOLDER = 'ocr';

export interface ShippedFile {
  /** The name under `ocr/` in the built renderer. */
  name: string;
  /** Where it comes from, as a package path resolvable from the project. */
  source: string;
}

export const ocrEngineFiles = {
  /** tesseract.js's worker script, started from its own URL: the CSP allows workers from 'self', not from blob: URLs. */
  worker: { name: 'worker.min.js', source: 'tesseract.js/dist/worker.min.js' },
  /**
   * Tesseract in WebAssembly: the LSTM engine only (the legacy engine is twice
   * the data for no gain on screenshots), built with SIMD, which every Chromium
   * since 91 has. Naming one file stops tesseract.js from probing for the
   * relaxed-SIMD build, whose results may differ from one processor to another.
   * The .wasm.js form carries the WebAssembly inside the script, so loading it
   * is one same-origin script and no further request.
   */
  core: { name: 'tesseract-core-simd-lstm.wasm.js', source: 'tesseract.js-core/tesseract-core-simd-lstm.wasm.js' },
  /** English for the LSTM engine ("best_int", as tesseract.js picks by default), gzipped; the worker unzips it. */
  englishData: { name: 'eng.traineddata.gz', source: '@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz' },
} as const satisfies Record<string, ShippedFile>;

/** Apache-2.0 asks for the licence to travel with the code; the English data is MIT (in its package.json). */
export const ocrLicenceFiles: readonly ShippedFile[] = [
  { name: 'LICENSE-tesseract.js.md', source: 'tesseract.js/LICENSE.md' },
  { name: 'LICENSE-tesseract.js-worker.txt', source: 'tesseract.js/dist/worker.min.js.LICENSE.txt' },
  { name: 'LICENSE-tesseract.js-core.txt', source: 'tesseract.js-core/LICENSE' },
];

export const allOcrFiles: readonly ShippedFile[] = [...Object.values(ocrEngineFiles), ...ocrLicenceFiles];

/** The language tesseract.js loads: it fetches `<langPath>/eng.traineddata.gz`. */
export const OCR_LANGUAGE = 'eng';

export interface OcrLocations {
  workerPath: string;
  corePath: string;
  /** The folder holding eng.traineddata.gz, without a trailing slash (tesseract.js adds "/eng.traineddata.gz"). */
  langPath: string;
}

/**
 * Where the page finds the files: `ocr/` beside the page, whatever the page's
 * address is (app://ledger/index.html in Electron, http://127.0.0.1:PORT/ in
 * the preview). The fragment, which carries the preview's token, is dropped.
 */
export function ocrLocations(pageUrl: string): OcrLocations {
  const folder = new URL(`${OCR_FOLDER}/`, pageUrl);
  folder.hash = '';
  folder.search = '';
  return {
    workerPath: new URL(ocrEngineFiles.worker.name, folder).href,
    corePath: new URL(ocrEngineFiles.core.name, folder).href,
    langPath: folder.href.replace(/\/$/, ''),
  };
}
