/**
 * Tesseract's text as a clerk would want it in a field: Windows and Mac line
 * ends made plain, spaces at line ends dropped, runs of blank lines cut to
 * one, nothing before the first line or after the last. Words and their
 * order are never touched: the clerk compares the text with the screenshot.
 */
export function tidyRecognisedText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Tesseract's mean confidence (0-100) as the whole percentage shown to the clerk. */
export function confidencePercent(confidence: number): number {
  if (!Number.isFinite(confidence)) return 0;
  return Math.round(Math.min(100, Math.max(0, confidence)));
}
