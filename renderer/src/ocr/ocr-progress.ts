/**
 * tesseract.js reports progress per step ("loading tesseract core" 0→1,
 * "recognizing text" 0→1, ...). A clerk needs one bar that only moves
 * forward and words that say what is happening; this turns the one into the
 * other. Pure, so it is tested without an engine.
 */

export interface OcrProgress {
  /** 0 to 1, never less than what was reported before. */
  fraction: number;
  /** What is happening, in plain words, for the status line. */
  label: string;
}

interface Step {
  label: string;
  /** The share of the whole bar this step fills, when the engine has to start first. */
  weight: number;
}

/*
 * Weights measured in Chromium on a 1920x1080 screenshot (2-core machine):
 * compiling the core took about 0.3 s, unzipping the English data 0.05 s,
 * initialising Tesseract with it 0.45 s and reading 1.7 s, so starting the
 * engine is about a third of a first click.
 */
const startingSteps: Record<string, Step> = {
  'loading tesseract core': { label: 'Starting the text reader', weight: 0.12 },
  'initializing tesseract': { label: 'Starting the text reader', weight: 0.02 },
  'loading language traineddata': { label: 'Loading the English reading data', weight: 0.03 },
  'initializing api': { label: 'Preparing to read', weight: 0.17 },
};
const READING_STATUS = 'recognizing text';
const READING_LABEL = 'Reading the text';
const START_LABEL = 'Starting the text reader';

const startingOrder = Object.keys(startingSteps);
const startingShare = Object.values(startingSteps).reduce((sum, step) => sum + step.weight, 0);

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/**
 * The overall fraction for one report. When the engine is already running
 * (`engineStarting` false), reading fills the whole bar; otherwise reading
 * fills what the start-up steps leave.
 */
export function overallProgress(status: string, stepProgress: number, engineStarting: boolean): OcrProgress | null {
  const progress = clamp01(stepProgress);
  if (status === READING_STATUS) {
    const start = engineStarting ? startingShare : 0;
    // Finished is exactly 1, whatever the sum of the weights rounds to.
    return { fraction: progress === 1 ? 1 : start + (1 - start) * progress, label: READING_LABEL };
  }
  const step = startingSteps[status];
  if (!step) return null;
  if (!engineStarting) return { fraction: 0, label: step.label };
  const before = startingOrder.slice(0, startingOrder.indexOf(status)).reduce((sum, name) => sum + startingSteps[name]!.weight, 0);
  return { fraction: before + step.weight * progress, label: step.label };
}

/**
 * Follows one job's reports: unknown steps keep the last figure, and the bar
 * never goes back, whatever order the reports arrive in.
 */
export function createProgressTracker(engineStarting: boolean): (status: string, stepProgress: number) => OcrProgress {
  let last: OcrProgress = { fraction: 0, label: engineStarting ? START_LABEL : READING_LABEL };
  return (status, stepProgress) => {
    const next = overallProgress(status, stepProgress, engineStarting);
    if (next) last = { fraction: Math.max(last.fraction, next.fraction), label: next.label };
    return last;
  };
}

/** The whole percentage a person is shown: 99.6% is not yet "100%". */
export function percentShown(fraction: number): number {
  return Math.floor(clamp01(fraction) * 100);
}
