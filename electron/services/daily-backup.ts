import type { JobStatus } from '../../shared/jobs/jobs';
import type { SettingsStore } from './settings-store';

/**
 * The daily backup: when it is switched on and a folder is set, a backup is
 * started once the last one is more than a day old. The check runs every few
 * minutes rather than at a fixed hour, so a computer that was off at night
 * still gets its backup soon after it is switched on. Each check also removes
 * the folder's old backups once they may no longer hold destroyed content.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
/** After an automatic backup fails (drive unplugged, say), wait this long before trying again. */
const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;

export interface Timer {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface DailyBackupOptions {
  settings: SettingsStore;
  /** Starts a backup job as "system"; throws when it cannot (no ledger, another job running). */
  startBackup: (folder: string) => JobStatus;
  /** Whether there is a ledger to back up. */
  hasLedger: () => Promise<boolean>;
  /**
   * Removes the backups in the folder that hold content a disposition
   * destroyed, once their time is up: checked on every tick, so it happens
   * even on days no backup is made (or when daily backups are off).
   */
  removeExpiredBackups?: (folder: string) => Promise<unknown>;
  now?: () => Date;
  timer?: Timer;
  checkEveryMs?: number;
}

export type DailyBackupCheck = 'off' | 'no_folder' | 'no_ledger' | 'not_due' | 'started' | 'could_not_start';

export class DailyBackup {
  private handle: unknown = null;
  private lastAttemptAt = -Infinity;
  private readonly now: () => Date;
  private readonly timer: Timer;

  constructor(private readonly options: DailyBackupOptions) {
    this.now = options.now ?? (() => new Date());
    this.timer = options.timer ?? {
      setInterval: (run, ms) => {
        const handle = setInterval(run, ms);
        handle.unref();
        return handle;
      },
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    };
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timer.setInterval(() => void this.checkNow(), this.options.checkEveryMs ?? 10 * 60 * 1000);
    void this.checkNow();
  }

  stop(): void {
    if (this.handle !== null) this.timer.clearInterval(this.handle);
    this.handle = null;
  }

  async checkNow(): Promise<DailyBackupCheck> {
    try {
      const settings = await this.options.settings.get();
      if (settings.backupFolder && this.options.removeExpiredBackups) {
        // A drive not plugged in, or a check that fails, must not stop the backup itself; the next tick tries again.
        await this.options.removeExpiredBackups(settings.backupFolder).catch(() => undefined);
      }
      if (!settings.dailyBackup) return 'off';
      if (!settings.backupFolder) return 'no_folder';
      const now = this.now().getTime();
      const last = settings.lastBackupAt ? Date.parse(settings.lastBackupAt) : -Infinity;
      // A last backup "in the future" means the clock was moved back; treat it as due rather than waiting for the clock.
      const due = !(now - last < DAY_MS && last <= now);
      if (!due || now - this.lastAttemptAt < RETRY_AFTER_FAILURE_MS) return 'not_due';
      if (!(await this.options.hasLedger())) return 'no_ledger';
      this.lastAttemptAt = now;
      this.options.startBackup(settings.backupFolder);
      return 'started';
    } catch {
      return 'could_not_start';
    }
  }
}
