import { z } from 'zod';
import { LedgerFailure } from '../../shared/ipc/result';
import { atomicWrite, nodeFileSystem, readIfPresent, type LedgerFileSystem } from './durable-files';

/**
 * A growing wait after wrong passphrases, kept on disk so quitting and
 * restarting the app does not reset it. It slows guessing at the keyboard;
 * the passphrase KDF is what protects a copied vault.
 */
const MAX_DELAY_SECONDS = 300;
const FREE_ATTEMPTS = 3;

const throttleFileSchema = z.object({
  consecutiveFailures: z.number().int().min(0),
  lastFailureAt: z.string().nullable(),
});
type ThrottleState = z.infer<typeof throttleFileSchema>;

/** Seconds to wait after `failures` wrong passphrases in a row: none for the first three, then 2, 4, 8 … up to 5 minutes. */
export function delayAfterFailures(failures: number): number {
  if (failures <= FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_SECONDS, 2 ** (failures - FREE_ATTEMPTS));
}

export class UnlockThrottle {
  private state: ThrottleState | null = null;

  constructor(
    private readonly file: string,
    private readonly now: () => Date,
    private readonly fs: LedgerFileSystem = nodeFileSystem,
  ) {}

  /** Refuses while the wait after the last wrong passphrase is still running. */
  async check(): Promise<void> {
    const remaining = this.remainingSeconds(await this.load());
    if (remaining > 0) {
      throw new LedgerFailure('throttled', `Too many wrong passphrases. Try again in ${remaining} second${remaining === 1 ? '' : 's'}.`);
    }
  }

  async record(outcome: 'success' | 'failure'): Promise<{ consecutiveFailures: number; retryAfterSeconds: number }> {
    const previous = await this.load();
    const next: ThrottleState =
      outcome === 'success'
        ? { consecutiveFailures: 0, lastFailureAt: null }
        : { consecutiveFailures: previous.consecutiveFailures + 1, lastFailureAt: this.now().toISOString() };
    // Memory first: even if the disk refuses the write, this session keeps counting.
    this.state = next;
    await atomicWrite(this.fs, this.file, Buffer.from(`${JSON.stringify(next)}\n`), 'the count of wrong passphrases');
    return { consecutiveFailures: next.consecutiveFailures, retryAfterSeconds: delayAfterFailures(next.consecutiveFailures) };
  }

  private remainingSeconds(state: ThrottleState): number {
    const delay = delayAfterFailures(state.consecutiveFailures);
    if (delay === 0 || state.lastFailureAt === null) return 0;
    const elapsed = (this.now().getTime() - Date.parse(state.lastFailureAt)) / 1000;
    // A clock set back must not stretch the wait beyond the delay itself.
    return Math.ceil(Math.min(delay, Math.max(0, delay - elapsed)));
  }

  private async load(): Promise<ThrottleState> {
    if (this.state) return this.state;
    const bytes = await readIfPresent(this.fs, this.file).catch(() => null);
    let state: ThrottleState = { consecutiveFailures: 0, lastFailureAt: null };
    if (bytes) {
      try {
        state = throttleFileSchema.parse(JSON.parse(bytes.toString('utf8')));
      } catch {
        // An unreadable count is treated as none: whoever can damage this file can also read the whole vault.
      }
    }
    this.state = state;
    return state;
  }
}
