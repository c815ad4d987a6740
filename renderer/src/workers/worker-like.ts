/**
 * The slice of a Worker that a page-side client (or a worker starting a
 * helper) uses: it posts `Request`s and hears `Reply`s. Written once so tests
 * can stand in for any of the app's workers by running the other side
 * in-process.
 */
export interface WorkerLike<Request, Reply> {
  onmessage: ((event: MessageEvent<Reply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  onmessageerror: ((event: MessageEvent) => void) | null;
  postMessage(message: Request): void;
  terminate(): void;
}
