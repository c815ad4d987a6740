import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allOcrFiles, ocrEngineFiles, ocrLocations, OCR_LANGUAGE } from '../../../renderer/src/ocr/ocr-files';

const fromProject = createRequire(resolve('package.json'));

describe('where the page finds the text reader', () => {
  it('in Electron, under ocr/ beside the page on app://ledger', () => {
    expect(ocrLocations('app://ledger/index.html')).toEqual({
      workerPath: 'app://ledger/ocr/worker.min.js',
      corePath: 'app://ledger/ocr/tesseract-core-simd-lstm.wasm.js',
      langPath: 'app://ledger/ocr',
    });
  });

  it('in the preview, on the page origin, without the launch token from the fragment', () => {
    const page = 'http://127.0.0.1:43117/#token=s3cr3t-launch-token';
    const locations = ocrLocations(page);
    for (const url of Object.values(locations)) {
      expect(new URL(url).origin).toBe('http://127.0.0.1:43117');
      expect(url).not.toContain('s3cr3t');
    }
    // tesseract.js appends "/<lang>.traineddata.gz" to langPath: that must be the shipped file.
    expect(`${locations.langPath}/${OCR_LANGUAGE}.traineddata.gz`).toBe(`http://127.0.0.1:43117/ocr/${ocrEngineFiles.englishData.name}`);
  });
});

describe('the files the build ships under ocr/', () => {
  it.each(allOcrFiles.map((file) => [file.name, file.source]))('%s comes from an installed file (%s)', (_name, source) => {
    const path = fromProject.resolve(source);
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(0);
  });

  it('is the LSTM-only SIMD core and the LSTM-only English data, about 7 MB in all', () => {
    const bytes = allOcrFiles.reduce((sum, file) => sum + statSync(fromProject.resolve(file.source)).size, 0);
    expect(ocrEngineFiles.core.name).toMatch(/simd-lstm\.wasm\.js$/);
    expect(ocrEngineFiles.englishData.source).toContain('best_int');
    // The legacy-engine data alone is 11 MB; shipping it by mistake would show here.
    expect(bytes).toBeLessThan(8_000_000);
  });
});
