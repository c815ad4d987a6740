import type { JobRequest, JobStatus } from '../../shared/jobs/jobs';
import { LedgerFailure } from '../../shared/ipc/result';
import type { BackupService } from './backup';
import type { DisposalService } from './disposal';
import { storageFailure } from './durable-files';
import type { JobContext, JobLog, JobRunner } from './jobs';
import type { SettingsStore } from './settings-store';
import type { VaultStore } from './vault-store';

/**
 * What each kind of job does, and the audit entry it leaves in the journal
 * (payload null: main has no key to encrypt details with). A restore is
 * recorded in the restored ledger's own journal; a disposition by the events
 * it appends.
 */
export interface LedgerJobsOptions {
  runner: JobRunner;
  vault: VaultStore;
  backups: BackupService;
  disposal: DisposalService;
  settings: SettingsStore;
  now?: () => Date;
  log?: JobLog;
}

const LABELS: Record<JobRequest['kind'], string> = {
  verifyJournal: 'Checking the journal',
  backup: 'Writing the backup',
  verifyBackup: 'Checking the backup',
  restore: 'Restoring the ledger',
  dispose: 'Executing the disposition batch',
};

export class LedgerJobs {
  private readonly now: () => Date;
  private readonly log: JobLog;

  constructor(private readonly options: LedgerJobsOptions) {
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? console;
  }

  start(actor: string, request: JobRequest): JobStatus {
    return this.options.runner.start(request.kind, LABELS[request.kind], (context) => this.run(actor, request, context));
  }

  private async run(actor: string, request: JobRequest, context: JobContext) {
    const { vault, backups, disposal, settings } = this.options;
    const bytesProgress = (done: number, total: number, label: string) => context.progress({ done, total, unit: 'bytes', label });
    const run = { signal: context.signal, onProgress: bytesProgress };
    switch (request.kind) {
      case 'verifyJournal': {
        const { journal } = await vault.open();
        const marker = await vault.readModelMarker();
        const report = await journal.verify({
          signal: context.signal,
          expectedLastSeq: marker?.lastSeq ?? 0,
          onProgress: (done, total) => context.progress({ done, total, unit: 'entries', label: LABELS.verifyJournal }),
        });
        await this.audit(actor, report.verdict === 'intact' ? 'audit.verify' : 'audit.verify_failed');
        return { kind: 'verifyJournal' as const, report };
      }
      case 'backup': {
        const { backupGenerations } = await settings.get();
        let outcome: Awaited<ReturnType<BackupService['create']>>;
        try {
          outcome = await backups.create(request.folder, backupGenerations, run);
        } catch (error) {
          if (!context.signal.aborted) await this.audit(actor, 'audit.backup_failed');
          throw error;
        }
        // From here the backup exists and was checked: neither the audit trail nor the message may say it failed.
        await this.audit(actor, 'audit.backup');
        try {
          await settings.update({ lastBackupAt: this.now().toISOString() });
        } catch (error) {
          // The settings store's message says why (a full disk, a refused permission) and what to do.
          const why = storageFailure(error, 'the date of the last backup').message;
          throw new LedgerFailure(
            'storage_failure',
            `The backup was made and checked (${outcome.backup.file}). Only its date could not be recorded, so the daily backup may run again sooner than needed. ${why}`,
          );
        }
        return { kind: 'backup' as const, ...outcome };
      }
      case 'verifyBackup': {
        try {
          const backup = await backups.verify(request.file, run);
          await this.audit(actor, 'audit.backup_verified');
          return { kind: 'verifyBackup' as const, backup };
        } catch (error) {
          if (!context.signal.aborted) await this.audit(actor, 'audit.backup_verify_failed');
          throw error;
        }
      }
      case 'restore': {
        const backup = await backups.restore(request.file, run);
        await this.audit(actor, 'audit.restore');
        return { kind: 'restore' as const, backup };
      }
      case 'dispose': {
        // The events it appends (the stubs and the batch's executed version) are its record in the journal.
        const outcome = await disposal.execute(actor, request, {
          signal: context.signal,
          onProgress: (progress) => context.progress(progress),
          cannotBeStoppedNow: () => context.cannotBeStoppedNow(),
        });
        return { kind: 'dispose' as const, ...outcome };
      }
    }
  }

  /**
   * The job's own outcome stands even if its audit entry cannot be written
   * (a full disk also stops every other change, and says so there).
   */
  private async audit(actor: string, type: string): Promise<void> {
    try {
      if (!(await this.options.vault.exists())) return;
      const { journal } = await this.options.vault.open();
      await journal.append([{ type, actor, recordId: null, payload: null }]);
    } catch (error) {
      this.log.error(`The audit entry ${type} could not be written`, error);
    }
  }
}
