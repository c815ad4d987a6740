import { describe, expect, it, vi } from 'vitest';
import { createDecoder, type DecodeWorkerLike } from '../../../renderer/src/attachments/decode-client';
import { runDecodeJob, THUMBNAIL_LONG_SIDE, type DecodeReply, type DecodeRequest, type ImageTools } from '../../../renderer/src/attachments/decode-job';
import { encodePng } from './image-fixtures';

/** Stands in for createImageBitmap and OffscreenCanvas, recording what the job asked of them. */
function fakeTools(picture: { width: number; height: number } | 'undecodable') {
  const canvases: { width: number; height: number; drawn: number[][] }[] = [];
  const close = vi.fn();
  const tools: ImageTools = {
    decode: async () => {
      if (picture === 'undecodable') throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      return { ...picture, close };
    },
    createCanvas: (width, height) => {
      const canvas = { width, height, drawn: [] as number[][] };
      canvases.push(canvas);
      return {
        getContext: () => ({ imageSmoothingQuality: 'low' as ImageSmoothingQuality, drawImage: (_: never, ...box: number[]) => void canvas.drawn.push(box) }),
        convertToBlob: async ({ type }) => new Blob([encodePng(width, height)], { type }),
      };
    },
  };
  return { tools, canvases, close };
}

const png = encodePng(2, 2);

describe('the decode job', () => {
  it('reports the pixel size and makes a thumbnail no longer than 320 px on its long side', async () => {
    const { tools, canvases, close } = fakeTools({ width: 1920, height: 1080 });
    const reply = await runDecodeJob({ id: '7', bytes: png, mediaType: 'image/png' }, tools);
    expect(reply.id).toBe('7');
    if (!reply.outcome.ok) throw new Error(reply.outcome.message);
    expect(reply.outcome).toMatchObject({ width: 1920, height: 1080 });
    expect(canvases).toEqual([{ width: THUMBNAIL_LONG_SIDE, height: 180, drawn: [[0, 0, 320, 180]] }]);
    expect(reply.outcome.thumbnail?.subarray(0, 4)).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(close).toHaveBeenCalled();
  });

  it('never enlarges a small picture, and keeps a tall one tall', async () => {
    const small = fakeTools({ width: 40, height: 30 });
    await runDecodeJob({ id: '1', bytes: png, mediaType: 'image/png' }, small.tools);
    expect(small.canvases[0]).toMatchObject({ width: 40, height: 30 });
    const tall = fakeTools({ width: 1080, height: 20_000 });
    await runDecodeJob({ id: '2', bytes: png, mediaType: 'image/png' }, tall.tools);
    expect(tall.canvases[0]).toMatchObject({ width: 17, height: 320 });
  });

  it('refuses bytes that do not decode, saying what they claimed to be', async () => {
    const { tools } = fakeTools('undecodable');
    const reply = await runDecodeJob({ id: '3', bytes: png, mediaType: 'image/webp' }, tools);
    expect(reply.outcome).toEqual({ ok: false, message: expect.stringContaining('even though the file begins like a WebP image') });
  });

  it('never opens a PDF', async () => {
    const { tools, canvases } = fakeTools('undecodable');
    expect((await runDecodeJob({ id: '4', bytes: png, mediaType: 'application/pdf' }, tools)).outcome).toEqual({ ok: true });
    expect(canvases).toEqual([]);
  });

  it('answers a malformed request with a message instead of failing silently', async () => {
    const { tools } = fakeTools({ width: 1, height: 1 });
    expect((await runDecodeJob({ id: '5', bytes: 'not bytes', mediaType: 'image/png' }, tools)).outcome.ok).toBe(false);
    expect((await runDecodeJob({ id: '6', bytes: png, mediaType: 'image/svg+xml' }, tools)).outcome.ok).toBe(false);
  });
});

/** A decoder that keeps a worker ready, and every worker it started, to be watched. */
function decoderKeepingOneReady() {
  const workers: Array<ReturnType<typeof fakeWorker>> = [];
  const decode = createDecoder(() => {
    const worker = fakeWorker('answer');
    workers.push(worker);
    return worker;
  }, { keepOneReady: true });
  return { decode, workers };
}

/** A worker that runs the job in-process, or never answers, so the client can be watched. */
function fakeWorker(behaviour: 'answer' | 'hang' | 'crash') {
  const worker: DecodeWorkerLike & { terminated: boolean; posted: DecodeRequest[] } = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminated: false,
    posted: [],
    postMessage(request) {
      worker.posted.push(request);
      if (behaviour === 'answer') {
        void runDecodeJob(request, fakeTools({ width: 10, height: 5 }).tools).then((reply) => worker.onmessage?.({ data: reply } as MessageEvent<DecodeReply>));
      } else if (behaviour === 'crash') {
        queueMicrotask(() => worker.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent));
      }
    },
    terminate() {
      worker.terminated = true;
    },
  };
  return worker;
}

describe('the decode client', () => {
  it('answers with the worker outcome and stops the worker', async () => {
    const worker = fakeWorker('answer');
    const decode = createDecoder(() => worker);
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true, width: 10, height: 5 });
    expect(worker.terminated).toBe(true);
    expect(worker.posted[0]?.bytes).toEqual(png);
  });

  it('terminates the worker when cancelled', async () => {
    const worker = fakeWorker('hang');
    const controller = new AbortController();
    const pending = createDecoder(() => worker)(png, 'image/png', controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(true);
  });

  it('turns a worker that stops into a refusal the clerk can act on', async () => {
    const worker = fakeWorker('crash');
    expect(await createDecoder(() => worker)(png, 'image/png')).toEqual({ ok: false, message: expect.stringContaining('too large or badly damaged') });
    expect(worker.terminated).toBe(true);
  });

  it('keeps one fresh worker ready for the next picture when asked to, never reusing one that has seen a picture', async () => {
    const { decode, workers } = decoderKeepingOneReady();
    decode.warmUp();
    decode.warmUp();
    expect(workers).toHaveLength(1);
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true });
    // The one that was waiting checked the picture and was ended; a new one waits, having seen nothing.
    expect(workers).toHaveLength(2);
    expect(workers[0]).toMatchObject({ terminated: true, posted: [expect.anything()] });
    expect(workers[1]).toMatchObject({ terminated: false, posted: [] });
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true });
    expect(workers.map((worker) => [worker.terminated, worker.posted.length])).toEqual([
      [true, 1],
      [true, 1],
      [false, 0],
    ]);
  });

  it('lets go of a waiting worker that fails to start, and checks the picture in a new one', async () => {
    const { decode, workers } = decoderKeepingOneReady();
    decode.warmUp();
    workers[0]!.onerror?.({ message: 'script failed to load', preventDefault() {} } as ErrorEvent);
    expect(workers[0]!.terminated).toBe(true);
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true, width: 10 });
    expect(workers[1]!.posted).toHaveLength(1);
  });

  it('still answers, and checks the next picture, when a worker to keep ready cannot be started', async () => {
    let started = 0;
    const decode = createDecoder(() => {
      started += 1;
      if (started === 2) throw new DOMException('blocked', 'SecurityError');
      return fakeWorker('answer');
    }, { keepOneReady: true });
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true });
    expect(await decode(png, 'image/png')).toMatchObject({ ok: true });
    expect(() => decode.warmUp()).not.toThrow();
  });

  it('keeps no worker waiting unless asked to', async () => {
    const createWorker = vi.fn(() => fakeWorker('answer'));
    const decode = createDecoder(createWorker);
    decode.warmUp();
    expect(createWorker).not.toHaveBeenCalled();
    await decode(png, 'image/png');
    expect(createWorker).toHaveBeenCalledTimes(1);
  });

  it('starts no worker for a PDF', async () => {
    const createWorker = vi.fn(() => fakeWorker('hang'));
    expect(await createDecoder(createWorker)(png, 'application/pdf')).toEqual({ ok: true });
    expect(createWorker).not.toHaveBeenCalled();
  });
});
