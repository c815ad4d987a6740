import type { ChannelHandlers } from '../ipc/dispatch';
import { describeApp, type RuntimeDescription } from './app-info';
import { BackupService } from './backup';
import { DailyBackup } from './daily-backup';
import { acquireDataFolderLock, type DataFolderLock } from './data-folder-lock';
import { DisposalService } from './disposal';
import { nodeFileSystem, type LedgerFileSystem } from './durable-files';
import { checkHealth } from './health';
import { createPreviewHost, type Host } from './host';
import { JobRunner, type JobLog } from './jobs';
import { LedgerJobs } from './ledger-jobs';
import { SettingsStore } from './settings-store';
import { VaultStore } from './vault-store';

export interface ServiceOptions {
  /** The folder that holds the vault, journal, attachments and backups. */
  dataDir: string;
  runtime: RuntimeDescription;
  /** Save dialogs, folder choosers, lock signals. Without one, the preview's (saves into <dataDir>-exports, beside the data folder). */
  host?: Host;
  now?: () => Date;
  fs?: LedgerFileSystem;
  /** Journal segment size; tests make it small to exercise rolling over. */
  entriesPerSegment?: number;
  log?: JobLog;
}

export interface LedgerServices {
  handlers: ChannelHandlers;
  host: Host;
  dailyBackup: DailyBackup;
  jobs: JobRunner;
  /**
   * Takes the data folder's lock (refused with DataFolderLocked while another
   * copy has it open), then start-of-day housekeeping (an interrupted
   * disposition finished; leftovers of an interrupted create, restore or
   * backup removed; backups that may no longer hold destroyed content
   * removed), then the daily backup timer.
   */
  start(): Promise<void>;
  /** Stops the timer and gives the data folder's lock back. */
  stop(): void;
}

/**
 * Main's services over one data folder: the same object serves Electron's
 * IPC, the browser preview and the unit tests. Nothing touches the disk until
 * the first request, so creating the services is free.
 */
export function createLedgerServices(options: ServiceOptions): LedgerServices {
  const fs = options.fs ?? nodeFileSystem;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? console;
  const host = options.host ?? createPreviewHost(options.dataDir, { fs });
  const settings = new SettingsStore(options.dataDir, fs);
  const vault = new VaultStore(options.dataDir, { fs, now, entriesPerSegment: options.entriesPerSegment });
  const backups = new BackupService({ vault, fs, now });
  const disposal = new DisposalService({ vault, fs, now });
  const runner = new JobRunner({ now, log });
  const jobs = new LedgerJobs({ runner, vault, backups, disposal, settings, now, log });
  const removeExpiredBackups = async (folder: string) => {
    // Not while a job runs: a restore may be reading one of these backups, and a backup job does this itself when it ends.
    if (runner.running()) return;
    await backups.removeBackupsHoldingDestroyedContent(folder);
  };
  const dailyBackup = new DailyBackup({
    settings,
    now,
    hasLedger: () => vault.exists(),
    startBackup: (folder) => jobs.start('system', { kind: 'backup', folder, automatic: true }),
    removeExpiredBackups,
  });

  /**
   * A disposition that a crash (or a failure) left unfinished is finished
   * before anything else: each as a job, so no backup can copy the journal
   * while its files are rewritten. One that fails stays recorded, and is
   * tried again at the next start or when the batch is executed again.
   */
  const finishInterruptedDispositions = async () => {
    let unfinished: string[];
    try {
      unfinished = await disposal.unfinishedBatches();
    } catch (error) {
      log.error('The dispositions left unfinished could not be listed', error);
      return;
    }
    for (const batchId of unfinished) {
      try {
        const job = runner.start('dispose', 'Finishing a disposition batch that was interrupted', async (context) => {
          const outcome = await disposal.resume(batchId, { onProgress: (progress) => context.progress(progress), cannotBeStoppedNow: () => context.cannotBeStoppedNow() });
          if (!outcome) throw new Error(`Disposition batch ${batchId} was no longer unfinished.`);
          return { kind: 'dispose' as const, ...outcome };
        });
        const finished = await runner.settled(job.id);
        if (finished.state !== 'done') log.error(`Disposition batch ${batchId} could not be finished`, finished.error);
      } catch (error) {
        log.error(`Disposition batch ${batchId} could not be finished`, error);
      }
    }
  };

  const journal = async () => (await vault.open()).journal;
  let lock: DataFolderLock | null = null;

  const handlers: ChannelHandlers = {
    appInfo: () => describeApp(options.runtime),
    health: () => checkHealth(options.dataDir),

    vaultStatus: () => vault.status(),
    vaultCreate: ({ header, events }) => vault.create(header, events),
    vaultUnlockMaterial: ({ slotId }) => vault.unlockMaterial(slotId),
    vaultReportUnlock: ({ slotId, outcome }) => vault.reportUnlock(slotId, outcome),
    vaultPutSlot: async ({ slot, actor }) => {
      await vault.putSlot(slot, actor);
      return {};
    },
    vaultRemoveSlot: async ({ slotId, actor }) => {
      await vault.removeSlot(slotId, actor);
      return {};
    },

    journalAppend: async ({ events }) => (await journal()).append(events),
    journalRead: async ({ afterSeq, limit }) => {
      const open = await journal();
      const entries = await open.read(afterSeq, limit);
      return { entries, head: open.head() };
    },
    journalHead: async () => (await journal()).head(),
    readModelMarkerSet: async (marker) => {
      await vault.setReadModelMarker(marker);
      return {};
    },

    attachmentPut: async ({ id, bytes }) => (await vault.open()).attachments.put(id, bytes),
    attachmentGet: async ({ id }) => ({ bytes: await (await vault.open()).attachments.get(id) }),

    jobStart: ({ actor, job }) => jobs.start(actor, job),
    jobStatus: ({ id }) => runner.status(id),
    jobCancel: ({ id }) => runner.cancel(id),
    backupList: async ({ folder }) => ({ backups: await backups.list(folder) }),

    settingsGet: () => settings.get(),
    settingsSet: (changes) => settings.update(changes),

    fileSave: async ({ suggestedName, bytes, actor }) => {
      const path = await host.saveFile(suggestedName, bytes);
      if (path !== null && (await vault.exists())) {
        // The file is saved whatever happens next; a missing audit entry is logged, not thrown at the person.
        await journal()
          .then((open) => open.append([{ type: 'audit.export', actor, recordId: null, payload: null }]))
          .catch((error: unknown) => log.error('The audit entry audit.export could not be written', error));
      }
      return { path };
    },
    folderChoose: () => host.chooseFolder(),
    systemLockSignal: () => ({ generation: host.lockGeneration() }),
  };

  return {
    handlers,
    host,
    dailyBackup,
    jobs: runner,
    start: async () => {
      // Before anything else: housekeeping in a folder another copy is using would remove its work in progress.
      lock ??= await acquireDataFolderLock(options.dataDir);
      await vault.removeStaleStaging();
      await finishInterruptedDispositions();
      await backups.removeRecordedPartials();
      const { backupFolder } = await settings.get();
      if (backupFolder) {
        await backups.removeStalePartials(backupFolder);
        await removeExpiredBackups(backupFolder).catch((error: unknown) => log.error('Backups holding destroyed content could not be checked', error));
      }
      dailyBackup.start();
    },
    stop: () => {
      dailyBackup.stop();
      lock?.release();
      lock = null;
    },
  };
}

/** The channel handlers alone, for callers that need no housekeeping or timers. */
export function createServices(options: ServiceOptions): ChannelHandlers {
  return createLedgerServices(options).handlers;
}
