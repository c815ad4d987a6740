import { randomBytes } from 'node:crypto';
import type { JobKind, JobResult, JobStatus } from '../../shared/jobs/jobs';
import { LedgerFailure, type LedgerError } from '../../shared/ipc/result';

/**
 * Long work (verification, backups, restores, dispositions) as jobs: started,
 * polled, cancellable. One job runs at a time: two backups, a restore during a
 * backup, or a backup copying journal files a disposition is rewriting, would
 * fight over the same files. Finished jobs stay a while so a
 * window that polls late still gets the answer.
 */
export interface JobProgress {
  done: number;
  total: number;
  unit: string;
  label: string;
}

export interface JobContext {
  signal: AbortSignal;
  progress(update: JobProgress): void;
  /**
   * From here on the job runs to completion: a cancel is no longer passed
   * on, and a failure is reported as a failure (a disposition once its
   * events are in the journal).
   */
  cannotBeStoppedNow(): void;
}

export type JobWork = (context: JobContext) => Promise<JobResult>;

export interface JobLog {
  error(message: string, error: unknown): void;
}

export interface JobRunnerOptions {
  now?: () => Date;
  /** How long a finished job can still be polled. */
  keepFinishedMs?: number;
  log?: JobLog;
}

interface Job {
  status: JobStatus;
  controller: AbortController;
  settled: Promise<JobStatus>;
  stoppable: boolean;
}

const KIND_NAMES: Record<JobKind, string> = {
  verifyJournal: 'checking the journal',
  backup: 'a backup',
  verifyBackup: 'checking a backup',
  restore: 'a restore',
  dispose: 'executing a disposition batch',
};

/** What a person is asked to start once the running job is done. */
const START_LATER: Record<JobKind, string> = {
  verifyJournal: 'check the journal',
  backup: 'start the backup',
  verifyBackup: 'check the backup',
  restore: 'start the restore',
  dispose: 'execute the disposition batch',
};

/** The job kinds that copy, read or replace the journal's files wholesale, which a disposition rewrites. */
const COPIES_THE_LEDGER = new Set<JobKind>(['backup', 'verifyBackup', 'restore']);
const RUNNING_NOW: Partial<Record<JobKind, string>> = {
  dispose: 'A disposition batch is being executed',
  backup: 'A backup is being written',
  verifyBackup: 'A backup is being checked',
  restore: 'A backup is being restored',
};

function conflict(running: JobKind, wanted: JobKind): string {
  // A disposition rewrites journal files: a backup copying them meanwhile would be corrupt, so this pair gets its own words.
  const pair = (running === 'dispose' && COPIES_THE_LEDGER.has(wanted)) || (wanted === 'dispose' && COPIES_THE_LEDGER.has(running));
  if (pair) return `${RUNNING_NOW[running]!}; ${START_LATER[wanted]} when it finishes.`;
  return `Another task (${KIND_NAMES[running]}) is still running. Wait for it to finish, or cancel it, then try again.`;
}

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => Date;
  private readonly keepFinishedMs: number;
  private readonly log: JobLog;

  constructor(options: JobRunnerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.keepFinishedMs = options.keepFinishedMs ?? 60 * 60 * 1000;
    this.log = options.log ?? console;
  }

  start(kind: JobKind, label: string, work: JobWork): JobStatus {
    this.forgetOldJobs();
    const running = this.running();
    if (running) {
      throw new LedgerFailure('conflict', conflict(running.kind, kind));
    }
    const id = randomBytes(12).toString('base64url');
    const controller = new AbortController();
    const status: JobStatus = {
      id,
      kind,
      state: 'running',
      progress: { done: 0, total: 0, unit: 'items', label },
      result: null,
      error: null,
      startedAt: this.now().toISOString(),
      finishedAt: null,
    };
    const job: Job = { status, controller, stoppable: true, settled: Promise.resolve(status) };
    const context: JobContext = {
      signal: controller.signal,
      progress: (update) => {
        if (status.state === 'running') status.progress = { ...update };
      },
      cannotBeStoppedNow: () => {
        job.stoppable = false;
      },
    };
    job.settled = (async () => {
      try {
        status.result = await work(context);
        status.state = 'done';
      } catch (error) {
        if (controller.signal.aborted && job.stoppable) {
          status.state = 'cancelled';
        } else {
          status.state = 'failed';
          status.error = this.describe(kind, error);
        }
      }
      status.finishedAt = this.now().toISOString();
      return this.copy(status);
    })();
    this.jobs.set(id, job);
    return this.copy(status);
  }

  status(id: string): JobStatus {
    this.forgetOldJobs();
    return this.copy(this.find(id).status);
  }

  /**
   * Asks the job to stop; it reports "cancelled" once it has undone what it
   * started. A job past the point where it can be stopped carries on, and
   * the status returned says it is still running.
   */
  cancel(id: string): JobStatus {
    const job = this.find(id);
    if (job.status.state === 'running' && job.stoppable) job.controller.abort();
    return this.copy(job.status);
  }

  /** Resolves when the job has finished, whichever way. */
  settled(id: string): Promise<JobStatus> {
    return this.find(id).settled;
  }

  running(): JobStatus | null {
    for (const job of this.jobs.values()) if (job.status.state === 'running') return this.copy(job.status);
    return null;
  }

  private find(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new LedgerFailure('not_found', 'This task is no longer known. It may have finished more than an hour ago, or the app was restarted.');
    return job;
  }

  private describe(kind: JobKind, error: unknown): LedgerError {
    if (error instanceof LedgerFailure) return { code: error.code, message: error.message };
    this.log.error(`Job ${kind} failed`, error);
    return { code: 'internal', message: `${KIND_NAMES[kind]} failed unexpectedly. The details were written to the application log.`.replace(/^./, (c) => c.toUpperCase()) };
  }

  private forgetOldJobs(): void {
    const cutoff = this.now().getTime() - this.keepFinishedMs;
    for (const [id, job] of this.jobs) {
      if (job.status.finishedAt !== null && Date.parse(job.status.finishedAt) < cutoff) this.jobs.delete(id);
    }
  }

  private copy(status: JobStatus): JobStatus {
    return { ...status, progress: { ...status.progress } };
  }
}
