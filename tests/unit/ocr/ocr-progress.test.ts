import { describe, expect, it } from 'vitest';
import { createProgressTracker, overallProgress, percentShown } from '../../../renderer/src/ocr/ocr-progress';

/** What tesseract.js 7 reported for a first read, in order (recorded from a real run). */
const firstReadReports: [string, number][] = [
  ['loading tesseract core', 0],
  ['loading tesseract core', 1],
  ['initializing tesseract', 0],
  ['initializing tesseract', 1],
  ['loading language traineddata', 0],
  ['loading language traineddata', 0.5],
  ['loading language traineddata', 1],
  ['initializing api', 0],
  ['initializing api', 1],
  ['recognizing text', 0],
  ['recognizing text', 0.36],
  ['recognizing text', 1],
];

describe('one progress bar for reading a screenshot', () => {
  it('moves forward through starting the engine and reading, from 0 to exactly 1', () => {
    const track = createProgressTracker(true);
    const seen = firstReadReports.map(([status, progress]) => track(status, progress));
    const fractions = seen.map((report) => report.fraction);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    fractions.slice(1).forEach((fraction, i) => expect(fraction).toBeGreaterThanOrEqual(fractions[i]!));
    // Reading is the larger part of the bar, since it is the larger part of the wait.
    const readingStarts = seen[firstReadReports.findIndex(([status]) => status === 'recognizing text')]!.fraction;
    expect(readingStarts).toBeGreaterThan(0.1);
    expect(readingStarts).toBeLessThan(0.5);
  });

  it('says in words what is happening, not tesseract.js status names', () => {
    const track = createProgressTracker(true);
    const labels = new Set(firstReadReports.map(([status, progress]) => track(status, progress).label));
    expect([...labels]).toEqual(['Starting the text reader', 'Loading the English reading data', 'Preparing to read', 'Reading the text']);
  });

  it('with the engine already running, reading fills the whole bar', () => {
    expect(overallProgress('recognizing text', 0.5, false)).toEqual({ fraction: 0.5, label: 'Reading the text' });
    expect(overallProgress('recognizing text', 0.5, true)!.fraction).toBeGreaterThan(0.5);
  });

  it('never goes back, and keeps its place through a status it does not know', () => {
    const track = createProgressTracker(false);
    expect(track('recognizing text', 0.6).fraction).toBe(0.6);
    expect(track('recognizing text', 0.2).fraction).toBe(0.6);
    expect(track('some future status', 0.9)).toEqual({ fraction: 0.6, label: 'Reading the text' });
  });

  it('treats nonsense figures as nothing rather than a broken bar', () => {
    expect(overallProgress('recognizing text', Number.NaN, false)!.fraction).toBe(0);
    expect(overallProgress('recognizing text', 7, false)!.fraction).toBe(1);
  });

  it('shows 100% only when finished', () => {
    expect(percentShown(0.999)).toBe(99);
    expect(percentShown(1)).toBe(100);
    expect(percentShown(0.424)).toBe(42);
  });
});
