import { describe, expect, it, vi } from 'vitest';
import { JobRunner } from '../../../electron/services/jobs';
import { LedgerFailure } from '../../../shared/ipc/result';
import type { JobResult } from '../../../shared/jobs/jobs';
import { manualClock } from './ledger-fixtures';

const report: JobResult = {
  kind: 'verifyJournal',
  report: { entriesChecked: 1, head: { seq: 1, hash: 'a'.repeat(64) }, firstBrokenLink: null, sequenceGaps: [], timeWentBackwards: [], unreadableLines: [], verdict: 'intact' },
};

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('the job runner', () => {
  it('reports progress while running and the result when done', async () => {
    const runner = new JobRunner();
    const gate = deferred();
    const started = runner.start('verifyJournal', 'Checking the journal', async (context) => {
      context.progress({ done: 5, total: 10, unit: 'entries', label: 'Checking the journal' });
      await gate.promise;
      return report;
    });
    expect(started).toMatchObject({ state: 'running', kind: 'verifyJournal', result: null, finishedAt: null });
    expect(runner.status(started.id).progress).toEqual({ done: 5, total: 10, unit: 'entries', label: 'Checking the journal' });
    gate.release();
    await runner.settled(started.id);
    expect(runner.status(started.id)).toMatchObject({ state: 'done', result: report, error: null, finishedAt: expect.any(String) });
  });

  it('runs one job at a time and says which one is in the way', async () => {
    const runner = new JobRunner();
    const gate = deferred();
    const first = runner.start('backup', 'Writing the backup', async () => {
      await gate.promise;
      return report;
    });
    expect(() => runner.start('restore', 'Restoring', async () => report)).toThrow(/Another task \(a backup\) is still running/);
    gate.release();
    await runner.settled(first.id);
    expect(runner.start('restore', 'Restoring', async () => report).state).toBe('running');
  });

  it('cancels: the work is told to stop, and the job ends as cancelled, not failed', async () => {
    const runner = new JobRunner();
    const job = runner.start('backup', 'Writing the backup', (context) => new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason))));
    expect(runner.cancel(job.id).state).toBe('running');
    expect(await runner.settled(job.id)).toMatchObject({ state: 'cancelled', error: null });
  });

  it('passes a clear failure through, and hides an unexpected one behind a plain message', async () => {
    const log = { error: vi.fn() };
    const runner = new JobRunner({ log });
    const clear = runner.start('verifyBackup', 'Checking', async () => {
      throw new LedgerFailure('storage_failure', 'This backup is damaged.');
    });
    expect(await runner.settled(clear.id)).toMatchObject({ state: 'failed', error: { code: 'storage_failure', message: 'This backup is damaged.' } });
    const surprise = runner.start('verifyBackup', 'Checking', async () => {
      throw new TypeError('x is undefined');
    });
    expect(await runner.settled(surprise.id)).toMatchObject({ state: 'failed', error: { code: 'internal', message: expect.stringMatching(/^Checking a backup failed unexpectedly/) } });
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('keeps a finished job for an hour for late polling, then forgets it', async () => {
    const clock = manualClock();
    const runner = new JobRunner({ now: clock.now });
    const job = runner.start('verifyJournal', 'Checking', async () => report);
    await runner.settled(job.id);
    clock.advance(59 * 60 * 1000);
    expect(runner.status(job.id).state).toBe('done');
    clock.advance(2 * 60 * 1000);
    expect(() => runner.status(job.id)).toThrow(/no longer known/);
  });
});
