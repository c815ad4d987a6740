import { describe, expect, it } from 'vitest';
import { confidencePercent, tidyRecognisedText } from '../../../renderer/src/ocr/recognised-text';

describe("tesseract's text, ready for the clerk to check", () => {
  it('keeps every word and line, dropping only stray spacing and extra blank lines', () => {
    const raw = '\n  Removed under policy 4.2 threat   \r\nPosted by @river_watch\r\n\r\n\r\n\r\nLike · Reply  \n\n';
    expect(tidyRecognisedText(raw)).toBe('Removed under policy 4.2 threat\nPosted by @river_watch\n\nLike · Reply');
  });

  it('leaves nothing when tesseract found only whitespace', () => {
    expect(tidyRecognisedText(' \n\f\n ')).toBe('');
  });

  it('keeps spacing inside a line: it may matter to the content', () => {
    expect(tidyRecognisedText('a  b\tc')).toBe('a  b\tc');
  });

  it('gives the confidence as a whole percentage within 0-100', () => {
    expect(confidencePercent(91.6)).toBe(92);
    expect(confidencePercent(-3)).toBe(0);
    expect(confidencePercent(140)).toBe(100);
    expect(confidencePercent(Number.NaN)).toBe(0);
  });
});
