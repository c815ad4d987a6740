import { runDecodeJob, type DecodeReply } from './decode-job';

/**
 * The attachment decode worker: started by decode-client for one file and
 * terminated as soon as it answers (or is cancelled), so no decoded picture
 * outlives the check. The DOM lib types `self` as a Window; this is the slice
 * of DedicatedWorkerGlobalScope the worker uses.
 */
interface DecodeWorkerScope {
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  postMessage(message: DecodeReply, transfer: Transferable[]): void;
}

const scope = self as unknown as DecodeWorkerScope;

scope.onmessage = (event) => {
  void runDecodeJob(event.data, {
    decode: (blob) => createImageBitmap(blob),
    createCanvas: (width, height) => new OffscreenCanvas(width, height),
  }).then((reply) => {
    const thumbnail = reply.outcome.ok ? reply.outcome.thumbnail : undefined;
    scope.postMessage(reply, thumbnail ? [thumbnail.buffer] : []);
  });
};
