/**
 * The page's side of bench/page-outcome.ts: when the work ends, leaves its
 * result (or why it failed) on `window` under the names the runner reads,
 * and turns #state from "running" to "done" or "failed".
 */
export function publishOutcome<T>(work: Promise<T>, keys: { result: string; error: string }): void {
  const shared = window as unknown as Record<string, unknown>;
  const state = (text: string) => (document.getElementById('state')!.textContent = text);
  work.then(
    (result) => {
      shared[keys.result] = result;
      state('done');
    },
    (error: unknown) => {
      shared[keys.error] = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      state('failed');
    },
  );
}
