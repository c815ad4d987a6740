import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOcrClient } from '../../../renderer/src/ocr/ocr-client';
import { ocrEngineFiles } from '../../../renderer/src/ocr/ocr-files';
import { startTesseractEngine } from '../../../renderer/src/ocr/tesseract-engine';

/*
 * Real recognition: tesseract.js in Node (it runs its worker in a worker
 * thread) with the very English data the app ships, read from node_modules,
 * nothing cached and nothing fetched. The fixture is a Chromium screenshot of
 * removed-under-policy.html beside it.
 */
const shippedEnglish = dirname(createRequire(resolve('package.json')).resolve(ocrEngineFiles.englishData.source));
const fixture = new Uint8Array(readFileSync('tests/fixtures/ocr/removed-under-policy.png'));
const emptyFolder = mkdtempSync(join(tmpdir(), 'records-ledger-ocr-no-data-'));

afterAll(() => rmSync(emptyFolder, { recursive: true, force: true }));

describe('reading a real screenshot with the shipped English data', () => {
  it('finds the words of the removed comment and who posted it', async () => {
    const client = createOcrClient((onProgress) => startTesseractEngine({ langPath: shippedEnglish }, onProgress));
    const progress: number[] = [];
    try {
      const result = await client.readTextFromImage(fixture, { onProgress: (fraction) => progress.push(fraction) });
      if (!result.ok) throw new Error(result.message);
      const words = result.text.split(/\s+/);
      for (const word of ['Removed', 'under', 'policy', '4.2', 'threat', 'Posted', 'by', '@river_watch', '9:41', 'AM']) expect(words).toContain(word);
      expect(result.text.split('\n')[0]).toBe('Removed under policy 4.2 threat');
      expect(result.confidence).toBeGreaterThan(80);
      expect(progress.at(-1)).toBe(1);
    } finally {
      client.closeOcr();
    }
  });

  it('without its language data, says the reader could not start instead of waiting for ever', async () => {
    const client = createOcrClient((onProgress) => startTesseractEngine({ langPath: emptyFolder }, onProgress));
    try {
      const result = await client.readTextFromImage(fixture);
      expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^The text reader could not start \(.*eng\.traineddata/) });
    } finally {
      client.closeOcr();
    }
  });
});
