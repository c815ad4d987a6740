import { useEffect, useRef, useState } from 'react';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { readTextFromImage } from './ocr-client';
import { percentShown } from './ocr-progress';

export interface ReadTextButtonProps {
  /** The screenshot's bytes, decrypted only when the clerk asks for its text. */
  image: () => Promise<Uint8Array>;
  /** Shown to screen readers, so that each screenshot's button has a name of its own. */
  fileName: string;
  /** Receives the recognised text; the caller puts it in an editable field for the clerk to confirm. */
  onRecognised(text: string): void;
  disabled?: boolean;
}

type Reading = { phase: 'idle' } | { phase: 'running'; fraction: number; label: string } | { phase: 'ended'; status: string | null; error: string | null };

/** The status line moves in tenths, so a screen reader is not read every percent; the bar itself is exact. */
function spokenProgress(label: string, fraction: number): string {
  return `${label}: ${Math.floor(percentShown(fraction) / 10) * 10}% done.`;
}

/**
 * "Read text from screenshot" for one attached screenshot: progress while
 * tesseract reads it, Cancel, and the outcome in words. The text itself goes
 * to the caller; nothing is saved from here.
 */
export function ReadTextButton({ image, fileName, onRecognised, disabled = false }: ReadTextButtonProps) {
  const [reading, setReading] = useState<Reading>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const running = reading.phase === 'running';
  const wasRunning = useRef(false);

  // Leaving the screen stops the reading and with it the worker's copy of the image.
  useEffect(() => () => controller.current?.abort(), []);

  // The Read button is disabled while reading, so focus would fall to the page:
  // keep it on the control that now matters (WCAG 2.4.3).
  useEffect(() => {
    if (running) cancelButton.current?.focus();
    else if (wasRunning.current && (document.activeElement === null || document.activeElement === document.body)) startButton.current?.focus();
    wasRunning.current = running;
  }, [running]);

  async function read() {
    controller.current?.abort();
    const mine = new AbortController();
    controller.current = mine;
    setReading({ phase: 'running', fraction: 0, label: 'Opening the screenshot' });

    let bytes: Uint8Array;
    try {
      bytes = await image();
    } catch (error) {
      if (controller.current !== mine) return;
      controller.current = null;
      const reason = error instanceof Error ? error.message : String(error);
      setReading({ phase: 'ended', status: null, error: `The screenshot ${fileName} could not be opened (${reason}). Try again, or type the content in yourself.` });
      return;
    }

    const result = await readTextFromImage(bytes, {
      signal: mine.signal,
      onProgress: (fraction, label) => {
        if (controller.current === mine) setReading({ phase: 'running', fraction, label });
      },
    });
    if (controller.current !== mine) return;
    controller.current = null;
    if (result.ok) {
      onRecognised(result.text);
      setReading({
        phase: 'ended',
        status: `Text read from ${fileName}; the reader is ${result.confidence}% sure of it. Check it against the screenshot and correct it before you save.`,
        error: null,
      });
    } else if (result.cancelled) {
      setReading({ phase: 'ended', status: result.message, error: null });
    } else {
      setReading({ phase: 'ended', status: null, error: result.message });
    }
  }

  function cancel() {
    const mine = controller.current;
    if (!mine) return;
    mine.abort();
    // The reading resolves as cancelled; say so now rather than after the worker has gone.
    controller.current = null;
    setReading({ phase: 'ended', status: 'Reading was cancelled. No text was added.', error: null });
  }

  return (
    <div className="read-text">
      <button ref={startButton} type="button" onClick={() => void read()} disabled={disabled || running} aria-label={`Read text from screenshot ${fileName}`}>
        Read text from screenshot
      </button>
      {running && (
        <div className="job">
          <progress max={1} value={reading.fraction} aria-label={`Reading text from ${fileName}`} />
          <button ref={cancelButton} type="button" onClick={cancel} aria-label={`Cancel reading text from ${fileName}`}>
            Cancel
          </button>
        </div>
      )}
      <StatusMessage message={running ? spokenProgress(reading.label, reading.fraction) : reading.phase === 'ended' ? reading.status : null} />
      <ErrorMessage message={reading.phase === 'ended' ? reading.error : null} />
    </div>
  );
}
