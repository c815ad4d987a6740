import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOcrClient, type StartEngine } from '../../../renderer/src/ocr/ocr-client';
import type { EngineProgressListener, OcrEngine, RecognisedText } from '../../../renderer/src/ocr/tesseract-engine';

/*
 * The client's rules (one worker, one image at a time, Cancel and the lock
 * terminate it) against a stand-in engine the test controls. The real engine
 * is exercised in tesseract-engine.test.ts.
 */

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Bytes that pass the format check; the stand-in engine "reads" them as their last byte. */
const screenshot = (id: number) => new Uint8Array([...PNG_SIGNATURE, 0, 0, id]);

interface Pending<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}
function pending<T>(): Pending<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

interface StandInEngine extends OcrEngine {
  terminated: boolean;
  /** Readings in hand, each finished by the test (or at once when `autoFinish`). */
  readings: { id: number; finish: Pending<RecognisedText>; onProgress: EngineProgressListener }[];
  mostAtOnce: number;
}

function standIn(options: { autoFinish?: boolean; text?: (id: number) => string } = {}) {
  const engines: StandInEngine[] = [];
  const starts: Pending<void>[] = [];
  let holdStarts = false;
  let failStartsWith: string | null = null;
  const start: StartEngine = async (onProgress) => {
    onProgress('loading tesseract core', 0);
    if (holdStarts) {
      const gate = pending<void>();
      starts.push(gate);
      await gate.promise;
    }
    if (failStartsWith) throw new Error(failStartsWith);
    onProgress('initializing api', 1);
    let active = 0;
    const engine: StandInEngine = {
      terminated: false,
      readings: [],
      mostAtOnce: 0,
      async recognize(image, onJobProgress) {
        if (engine.terminated) throw new Error('used after terminate');
        active += 1;
        engine.mostAtOnce = Math.max(engine.mostAtOnce, active);
        const id = image[image.length - 1]!;
        const finish = pending<RecognisedText>();
        engine.readings.push({ id, finish, onProgress: onJobProgress });
        onJobProgress('recognizing text', 0.5);
        if (options.autoFinish) finish.resolve({ text: options.text?.(id) ?? `Text of screenshot ${id}\n`, confidence: 88.6 });
        try {
          return await finish.promise;
        } finally {
          active -= 1;
        }
      },
      terminate() {
        engine.terminated = true;
      },
    };
    engines.push(engine);
    return engine;
  };
  return {
    start: vi.fn(start),
    engines,
    starts,
    holdStarts: () => (holdStarts = true),
    failStarts: (message: string | null) => (failStartsWith = message),
  };
}

/** Lets the client's promise chain move on to the point where it waits on the engine. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('reading text from a screenshot', () => {
  it('starts one worker on first use and reuses it for the next screenshot', async () => {
    const engine = standIn({ autoFinish: true });
    const client = createOcrClient(engine.start);
    expect(await client.readTextFromImage(screenshot(1))).toEqual({ ok: true, text: 'Text of screenshot 1', confidence: 89 });
    expect(await client.readTextFromImage(screenshot(2))).toEqual({ ok: true, text: 'Text of screenshot 2', confidence: 89 });
    expect(engine.start).toHaveBeenCalledTimes(1);
    client.closeOcr();
  });

  it('accepts the screenshot as a Blob too', async () => {
    const engine = standIn({ autoFinish: true });
    const client = createOcrClient(engine.start);
    const result = await client.readTextFromImage(new Blob([screenshot(7)], { type: 'image/png' }));
    expect(result).toMatchObject({ ok: true, text: 'Text of screenshot 7' });
    client.closeOcr();
  });

  it('reads one screenshot at a time; the others wait their turn and each gets its own text', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const first = client.readTextFromImage(screenshot(1));
    const second = client.readTextFromImage(screenshot(2));
    await settle();
    const worker = engine.engines[0]!;
    expect(worker.readings.map((r) => r.id)).toEqual([1]);
    worker.readings[0]!.finish.resolve({ text: 'one', confidence: 90 });
    expect(await first).toMatchObject({ ok: true, text: 'one' });
    await settle();
    expect(worker.readings.map((r) => r.id)).toEqual([1, 2]);
    worker.readings[1]!.finish.resolve({ text: 'two', confidence: 90 });
    expect(await second).toMatchObject({ ok: true, text: 'two' });
    expect(worker.mostAtOnce).toBe(1);
    expect(engine.start).toHaveBeenCalledTimes(1);
    client.closeOcr();
  });

  it('reports progress that only grows, in words, ending at 1', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const seen: [number, string][] = [];
    const reading = client.readTextFromImage(screenshot(1), { onProgress: (fraction, status) => seen.push([fraction, status]) });
    await settle();
    const job = engine.engines[0]!.readings[0]!;
    job.onProgress('recognizing text', 1);
    job.finish.resolve({ text: 'done', confidence: 80 });
    await reading;
    expect(seen[0]).toEqual([0, 'Starting the text reader']);
    expect(seen.at(-1)).toEqual([1, 'Reading the text']);
    seen.slice(1).forEach(([fraction], i) => expect(fraction).toBeGreaterThanOrEqual(seen[i]![0]));
    client.closeOcr();
  });
});

describe('Cancel', () => {
  it('stops the reading, terminates the worker (and the image in it), and the next read starts afresh', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const controller = new AbortController();
    const reading = client.readTextFromImage(screenshot(1), { signal: controller.signal });
    await settle();
    controller.abort();
    expect(await reading).toEqual({ ok: false, cancelled: true, message: 'Reading was cancelled. No text was added.' });
    await settle();
    expect(engine.engines[0]!.terminated).toBe(true);

    const next = client.readTextFromImage(screenshot(2));
    await settle();
    engine.engines[1]!.readings[0]!.finish.resolve({ text: 'fresh', confidence: 70 });
    expect(await next).toMatchObject({ ok: true, text: 'fresh' });
    expect(engine.start).toHaveBeenCalledTimes(2);
    client.closeOcr();
  });

  it('of a screenshot still waiting its turn answers at once and leaves the one being read alone', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const first = client.readTextFromImage(screenshot(1));
    const controller = new AbortController();
    const waiting = client.readTextFromImage(screenshot(2), { signal: controller.signal });
    await settle();
    controller.abort();
    expect(await waiting).toMatchObject({ ok: false, cancelled: true });
    const worker = engine.engines[0]!;
    expect(worker.terminated).toBe(false);
    worker.readings[0]!.finish.resolve({ text: 'first', confidence: 90 });
    expect(await first).toMatchObject({ ok: true, text: 'first' });
    expect(worker.readings.map((r) => r.id)).toEqual([1]);
    client.closeOcr();
  });

  it('before anything started costs nothing', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const controller = new AbortController();
    controller.abort();
    expect(await client.readTextFromImage(screenshot(1), { signal: controller.signal })).toMatchObject({ ok: false, cancelled: true });
    expect(engine.start).not.toHaveBeenCalled();
  });
});

describe('closing on lock', () => {
  it('stops a reading, says the ledger was locked, and terminates the worker', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const reading = client.readTextFromImage(screenshot(1));
    await settle();
    client.closeOcr();
    expect(await reading).toEqual({ ok: false, cancelled: true, message: 'Reading stopped because the ledger was locked. Unlock it and try again.' });
    await settle();
    expect(engine.engines[0]!.terminated).toBe(true);
  });

  it('terminates a worker that was still starting as soon as it is up', async () => {
    const engine = standIn();
    engine.holdStarts();
    const client = createOcrClient(engine.start);
    const reading = client.readTextFromImage(screenshot(1));
    await settle();
    client.closeOcr();
    expect(await reading).toMatchObject({ ok: false, cancelled: true });
    engine.starts[0]!.resolve();
    await settle();
    expect(engine.engines[0]!.terminated).toBe(true);
    expect(engine.engines[0]!.readings).toEqual([]);
  });

  it('terminates an idle worker too, after reading', async () => {
    const engine = standIn({ autoFinish: true });
    const client = createOcrClient(engine.start);
    await client.readTextFromImage(screenshot(1));
    expect(engine.engines[0]!.terminated).toBe(false);
    client.closeOcr();
    await settle();
    expect(engine.engines[0]!.terminated).toBe(true);
  });
});

describe('an idle worker', () => {
  it('is terminated a minute after the last screenshot, unless another comes first', async () => {
    vi.useFakeTimers();
    const engine = standIn({ autoFinish: true });
    const client = createOcrClient(engine.start, { idleMs: 60_000 });
    await client.readTextFromImage(screenshot(1));
    await vi.advanceTimersByTimeAsync(50_000);
    await client.readTextFromImage(screenshot(2));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(engine.engines[0]!.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(engine.engines[0]!.terminated).toBe(true);
    expect(engine.start).toHaveBeenCalledTimes(1);
  });
});

describe('what the clerk is told when it does not work', () => {
  it('a file that is not an image: said at once, without starting the reader', async () => {
    const engine = standIn({ autoFinish: true });
    const client = createOcrClient(engine.start);
    const result = await client.readTextFromImage(new TextEncoder().encode('%PDF-1.7 not a screenshot'));
    expect(result).toEqual({
      ok: false,
      message: 'This file is not an image the text reader can open (it reads PNG, JPEG, WebP, GIF or BMP files). Type the content in yourself.',
    });
    expect(await client.readTextFromImage(new Uint8Array())).toMatchObject({ ok: false, message: expect.stringContaining('empty') });
    expect(engine.start).not.toHaveBeenCalled();
  });

  it('the reader cannot start: why, and what to do; the next attempt tries again', async () => {
    const engine = standIn({ autoFinish: true });
    engine.failStarts('Error: Network error while fetching app://ledger/ocr/eng.traineddata.gz. Response code: 404');
    const client = createOcrClient(engine.start);
    const result = await client.readTextFromImage(screenshot(1));
    expect(result).toEqual({
      ok: false,
      message:
        'The text reader could not start (Network error while fetching app://ledger/ocr/eng.traineddata.gz. Response code: 404). Type the content in yourself; if this keeps happening, reinstall Records Ledger.',
    });
    engine.failStarts(null);
    expect(await client.readTextFromImage(screenshot(2))).toMatchObject({ ok: true });
    expect(engine.start).toHaveBeenCalledTimes(2);
    client.closeOcr();
  });

  it('the image cannot be read: why, and the worker is replaced', async () => {
    const engine = standIn();
    const client = createOcrClient(engine.start);
    const reading = client.readTextFromImage(screenshot(1));
    await settle();
    engine.engines[0]!.readings[0]!.finish.reject(new Error('Error attempting to read image.'));
    expect(await reading).toEqual({ ok: false, message: 'The text in this screenshot could not be read (Error attempting to read image.). Type the content in yourself.' });
    await settle();
    expect(engine.engines[0]!.terminated).toBe(true);
    client.closeOcr();
  });

  it('no text in the picture: says so instead of filling the field with nothing', async () => {
    const engine = standIn({ autoFinish: true, text: () => ' \n \n' });
    const client = createOcrClient(engine.start);
    expect(await client.readTextFromImage(screenshot(1))).toEqual({ ok: false, message: 'No text was found in this screenshot. Type the content in yourself if it has any.' });
    client.closeOcr();
  });
});
