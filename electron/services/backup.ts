import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { BackupSummary } from '../../shared/jobs/jobs';
import { LedgerFailure } from '../../shared/ipc/result';
import { CITY_TIME_ZONE } from '../../shared/removals/moments';
import { parseVaultHeader } from '../../shared/vault/header';
import {
  BACKUP_EXTENSION,
  BACKUP_FORMAT_NAME,
  BACKUP_FORMAT_VERSION,
  backupFileName,
  BackupWriter,
  readBackup,
  readBackupManifest,
  type BackupManifest,
  type BackupReadResult,
  type BackupSink,
} from './backup-format';
import {
  atomicWrite,
  isMissing,
  nodeFileSystem,
  randomSuffix,
  readFailure,
  readIfPresent,
  SerialQueue,
  storageFailure,
  syncFolder,
  writeNewFile,
  WriteQueue,
  type LedgerFileHandle,
  type LedgerFileSystem,
} from './durable-files';
import { readDestructions } from './disposal';
import { ChainChecker, Journal } from './journal';
import { ATTACHMENTS_FOLDER, HEADER_BACKUP_FILE, HEADER_FILE, JOURNAL_FOLDER, serializeHeader, type VaultStore } from './vault-store';

/**
 * Backups of the whole ledger into one file, checked by reading them back,
 * and restores that check a backup completely before anything is put in place.
 */
const PARTIAL_FILE = /^\.records-ledger-.+\.rlbackup\.partial-[0-9a-f]+$/;
/** In the data folder: every partial file a backup is writing, wherever it is, so one left by a killed backup is found at the next start. */
export const BACKUPS_IN_PROGRESS_FILE = 'backups-in-progress.json';
const OUR_BACKUP_FILE = /^records-ledger-.+\.rlbackup$/;
const COPY_CHUNK_BYTES = 1024 * 1024;

export type BackupProgress = (done: number, total: number, label: string) => void;

export interface BackupRunOptions {
  signal?: AbortSignal;
  onProgress?: BackupProgress;
}

export interface BackupServiceOptions {
  vault: VaultStore;
  fs?: LedgerFileSystem;
  now?: () => Date;
}

export interface BackupListing {
  file: string;
  bytes: number;
  modifiedAt: string;
}

interface Source {
  path: string;
  bytes: number;
  data?: Buffer;
  file?: string;
}

function summarise(file: string, read: { manifest: BackupManifest; bytes: number; sha256: string }): BackupSummary {
  return {
    file,
    bytes: read.bytes,
    sha256: read.sha256,
    formatVersion: read.manifest.version,
    ledgerId: read.manifest.ledgerId,
    createdAt: read.manifest.createdAt,
    journalEntries: read.manifest.journal.entries,
    attachments: read.manifest.files.filter((entry) => entry.path.startsWith(`${ATTACHMENTS_FOLDER}/`)).length,
  };
}

/**
 * Checks the hash chain of the journal inside a backup as its bytes stream
 * past: the checksums prove the backup is the file that was written, this
 * proves the journal in it was not changed before it was written.
 */
function journalChainCheck(): { sink: BackupSink; verdict(manifest: BackupManifest): LedgerFailure | null } {
  const checker = new ChainChecker();
  let inJournal = false;
  return {
    sink: {
      keepsChunks: false,
      fileStart: async (entry) => {
        inJournal = entry.path.startsWith(`${JOURNAL_FOLDER}/`);
        if (inJournal) checker.beginSegment(basename(entry.path));
      },
      fileChunk: async (chunk) => {
        if (inJournal) checker.push(chunk);
      },
      fileEnd: async () => {
        if (inJournal) checker.endSegment();
        inJournal = false;
      },
    },
    verdict: (manifest) => {
      const expected = manifest.journal.head;
      const report = checker.finish({ knownHead: expected, expectedLastSeq: expected.seq });
      const damaged = (detail: string) => new LedgerFailure('storage_failure', `This backup is damaged: ${detail} Use another copy of the backup.`);
      if (report.verdict === 'broken') {
        const seq = checker.firstBadSeq ?? report.firstBrokenLink?.seq ?? report.head.seq + 1;
        const unreadable = report.unreadableLines[0];
        const why =
          report.firstBrokenLink?.seq === seq
            ? report.firstBrokenLink.problem
            : unreadable
              ? `Line ${unreadable.line} of ${unreadable.segment} cannot be read. ${unreadable.problem}`
              : `Entry ${seq} is missing.`;
        return damaged(`its journal fails the tamper check at entry ${seq}. ${why}`);
      }
      if (report.head.seq !== expected.seq || report.head.hash !== expected.hash) {
        return damaged(`its journal ends at entry ${report.head.seq}, but its table of contents says it ends at entry ${expected.seq}.`);
      }
      return null;
    },
  };
}

export class BackupService {
  private readonly vault: VaultStore;
  private readonly fs: LedgerFileSystem;
  private readonly now: () => Date;
  /** Changes to the list of backups in progress, one at a time. */
  private readonly inProgress = new SerialQueue();
  /** Backups removed because they hold destroyed content, one folder check at a time (so each is removed, and journaled, once). */
  private readonly expiring = new SerialQueue();

  constructor(options: BackupServiceOptions) {
    this.vault = options.vault;
    this.fs = options.fs ?? nodeFileSystem;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Writes a backup of the ledger as it stands now into `folder`, reads it
   * back to prove it, and only then removes this ledger's oldest backups
   * beyond `generations`. Cancelled or failed: nothing is left behind.
   */
  async create(folder: string, generations: number, options: BackupRunOptions = {}): Promise<{ backup: BackupSummary; removedGenerations: string[] }> {
    const vault = await this.vault.open();
    const damage = vault.journal.damage();
    if (damage) {
      // A backup now would leave out the damaged entries, and in time replace every backup that has them.
      throw new LedgerFailure('storage_failure', `${damage.message} The backups you already have were left as they are.`);
    }
    await this.checkFolder(folder);
    await this.removeStalePartials(folder);

    const createdAt = this.now();
    // The journal only grows and only counts synced batches, so its lengths now are a consistent snapshot.
    const journal = vault.journal.snapshot();
    const attachments = await vault.attachments.list();
    const headerBytes = serializeHeader(vault.header);
    const sources: Source[] = [
      { path: HEADER_FILE, bytes: headerBytes.length, data: headerBytes },
      ...journal.segments.map((segment) => ({ path: `${JOURNAL_FOLDER}/${segment.name}`, bytes: segment.bytes, file: join(vault.journal.folder, segment.name) })),
      ...attachments.map((a) => ({ path: `${ATTACHMENTS_FOLDER}/${vault.attachments.fileName(a.id)}`, bytes: a.bytes, file: join(vault.attachments.folder, vault.attachments.fileName(a.id)) })),
    ];
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT_NAME,
      version: BACKUP_FORMAT_VERSION,
      ledgerId: vault.header.ledgerId,
      ledgerName: vault.header.ledgerName,
      cityName: vault.header.cityName,
      createdAt: createdAt.toISOString(),
      journal: { entries: journal.head.seq, head: journal.head },
      files: sources.map(({ path, bytes }) => ({ path, bytes })),
    };
    const total = sources.reduce((sum, source) => sum + source.bytes, 0);
    const progress = (done: number, label: string) => options.onProgress?.(done, total * 2, label);

    const finalPath = join(folder, await this.freeName(folder, backupFileName(vault.header.ledgerName, createdAt)));
    const partial = resolve(folder, `.${finalPath.slice(folder.length + 1)}.partial-${randomSuffix()}`);
    let written: { bytes: number; sha256: string };
    let handle: LedgerFileHandle | null = null;
    let writer: BackupWriter | null = null;
    await this.recordPartial(partial).catch((error: unknown) => {
      throw storageFailure(error, 'the backup');
    });
    try {
      handle = await this.fs.open(partial, 'wx');
      writer = new BackupWriter(handle, manifest);
      await writer.start();
      let done = 0;
      for (const source of sources) {
        options.signal?.throwIfAborted();
        writer.beginFile();
        if (source.data) {
          await writer.addToFile(source.data);
          done += source.data.length;
        } else {
          done = await this.copyInto(writer, source, done, (d) => progress(d, 'Writing the backup'), options.signal);
        }
        writer.endFile();
        progress(done, 'Writing the backup');
      }
      written = await writer.finish();
      await handle.sync();
      await handle.close();
      handle = null;
      options.signal?.throwIfAborted();
      await this.fs.rename(partial, finalPath);
      await syncFolder(this.fs, folder);
    } catch (error) {
      await writer?.abandon();
      if (handle) await handle.close().catch(() => undefined);
      await this.fs.remove(partial).catch(() => undefined);
      await this.forgetPartial(partial);
      if (options.signal?.aborted) throw error;
      throw storageFailure(error, 'the backup');
    }
    await this.forgetPartial(partial);

    let verified: BackupReadResult;
    try {
      verified = await readBackup(this.fs, finalPath, {
        signal: options.signal,
        onProgress: (done) => progress(total + done, 'Checking the backup'),
      });
      if (verified.sha256 !== written.sha256) throw new Error('The backup read back differently from how it was written.');
    } catch (error) {
      // An unproven backup is worse than none: someone might rely on it.
      await this.fs.remove(finalPath).catch(() => undefined);
      await syncFolder(this.fs, folder).catch(() => undefined);
      if (options.signal?.aborted) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new LedgerFailure('storage_failure', `The backup was written but did not read back correctly, so it was removed (${detail}). Check the backup disk and try again.`);
    }
    const removedGenerations = await this.removeOldGenerations(folder, manifest.ledgerId, generations, finalPath);
    // The new backup stands even when the older ones cannot be checked now: the next start or daily check tries again.
    const expired = await this.removeBackupsHoldingDestroyedContent(folder, finalPath).catch(() => [] as string[]);
    return { backup: summarise(finalPath, verified), removedGenerations: [...removedGenerations, ...expired] };
  }

  /** Reads a backup completely and checks every byte, and the hash chain of the journal in it. */
  async verify(file: string, options: BackupRunOptions = {}): Promise<BackupSummary> {
    const chain = journalChainCheck();
    const read = await readBackup(this.fs, file, {
      signal: options.signal,
      sink: chain.sink,
      onProgress: (done, total) => options.onProgress?.(done, total, 'Checking the backup'),
    });
    const failure = chain.verdict(read.manifest);
    if (failure) throw failure;
    return summarise(file, read);
  }

  /**
   * Restores a backup into a data folder that has no ledger. The backup is
   * read once: every byte is checked (each file's checksum, the final one,
   * the journal's hash chain) as it is unpacked into a folder beside the live
   * location. Only when all of it passes, and the unpacked ledger opens at
   * the journal head the backup names, is that folder renamed into place
   * whole; on any failure or Cancel it is removed, and the data folder has no
   * ledger, as before. Reading the backup twice (check, then unpack) cost a
   * second SHA-256 pass over every byte and took restore past twice a copy.
   */
  async restore(file: string, options: BackupRunOptions = {}): Promise<BackupSummary> {
    if (await this.vault.exists()) {
      throw new LedgerFailure('conflict', 'This data folder already has a ledger, so a backup cannot be restored into it. Nothing was changed.');
    }
    const chain = journalChainCheck();
    const staging = this.vault.stagingFolderForRestore();
    const writing: { handle: LedgerFileHandle | null; queue: WriteQueue | null; position: number } = { handle: null, queue: null, position: 0 };
    const saving = <T>(step: Promise<T>) =>
      step.catch((error: unknown) => {
        throw storageFailure(error, 'the restored ledger');
      });
    let read: Awaited<ReturnType<typeof readBackup>>;
    try {
      await saving(this.fs.mkdir(join(staging, JOURNAL_FOLDER)));
      await saving(this.fs.mkdir(join(staging, ATTACHMENTS_FOLDER)));
      read = await readBackup(this.fs, file, {
        signal: options.signal,
        onProgress: (done, total) => options.onProgress?.(done, total, 'Restoring the ledger'),
        sink: {
          fileStart: async (entry) => {
            await chain.sink.fileStart(entry);
            writing.handle = await saving(this.fs.open(join(staging, entry.path), 'wx'));
            writing.queue = new WriteQueue(writing.handle);
            writing.position = 0;
          },
          fileChunk: async (chunk) => {
            await chain.sink.fileChunk(chunk);
            await saving(writing.queue!.write(chunk, writing.position));
            writing.position += chunk.length;
          },
          fileEnd: async (entry) => {
            await chain.sink.fileEnd(entry);
            await saving(writing.queue!.drain());
            await saving(writing.handle!.sync());
            await writing.handle!.close();
            writing.handle = null;
            writing.queue = null;
          },
        },
      });
      const failure = chain.verdict(read.manifest);
      if (failure) throw failure;
      await this.checkUnpacked(staging, read.manifest, await this.fs.readFile(join(staging, HEADER_FILE)));
      options.signal?.throwIfAborted();
      await this.vault.installRestored(staging);
    } catch (error) {
      await writing.queue?.settle();
      await writing.handle?.close().catch(() => undefined);
      await this.fs.remove(staging).catch(() => undefined);
      throw error;
    }
    return summarise(file, read);
  }

  /** The backup files in a folder, newest first. */
  async list(folder: string): Promise<BackupListing[]> {
    const names = await this.fs.readdir(folder).catch((error: unknown) => {
      throw readFailure(error, `the backup folder ${folder}`);
    });
    const listings: BackupListing[] = [];
    for (const name of names) {
      if (name.startsWith('.') || !name.endsWith(BACKUP_EXTENSION)) continue;
      const facts = await this.fs.stat(join(folder, name)).catch(() => null);
      if (facts?.isFile()) listings.push({ file: join(folder, name), bytes: facts.size, modifiedAt: facts.mtime.toISOString() });
    }
    return listings.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.file.localeCompare(a.file));
  }

  /** Removes what a backup that was killed part-way (power cut, crash) left in the folder. */
  async removeStalePartials(folder: string): Promise<string[]> {
    const names = await this.fs.readdir(folder).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      if (!PARTIAL_FILE.test(name)) continue;
      await this.fs.remove(join(folder, name)).then(
        () => removed.push(name),
        () => undefined,
      );
    }
    return removed;
  }

  /**
   * Removes the partial files that backups recorded as in progress and that
   * are still there: left by a backup that was killed (power cut, crash), in
   * whatever folder it was writing to. Only recorded files are touched, and
   * only ones named as partial backups. A record whose folder cannot be seen
   * (a drive not plugged in) is kept for next time.
   */
  removeRecordedPartials(): Promise<string[]> {
    return this.inProgress.run(async () => {
      const removed: string[] = [];
      const keep: string[] = [];
      for (const path of await this.readInProgress()) {
        if (!isAbsolute(path) || !PARTIAL_FILE.test(basename(path))) continue;
        const found = await this.fs.stat(path).then(
          (facts) => ({ facts, error: null }),
          (error: unknown) => ({ facts: null, error }),
        );
        if (!found.facts) {
          // Gone: forget it, unless its folder is not there to look in (a drive not plugged in).
          const folderSeen = isMissing(found.error) && (await this.fs.stat(dirname(path)).then(() => true, () => false));
          if (!folderSeen) keep.push(path);
          continue;
        }
        if (!found.facts.isFile()) continue;
        await this.fs.remove(path).then(
          () => removed.push(path),
          () => keep.push(path),
        );
      }
      await this.writeInProgress(keep).catch(() => undefined);
      return removed;
    });
  }

  private get inProgressFile(): string {
    return join(this.vault.dataDir, BACKUPS_IN_PROGRESS_FILE);
  }

  private async readInProgress(): Promise<string[]> {
    const bytes = await readIfPresent(this.fs, this.inProgressFile).catch(() => null);
    if (!bytes) return [];
    try {
      const value = JSON.parse(bytes.toString('utf8')) as { partials?: unknown };
      return Array.isArray(value.partials) ? value.partials.filter((path): path is string => typeof path === 'string') : [];
    } catch {
      return [];
    }
  }

  private async writeInProgress(partials: string[]): Promise<void> {
    if (partials.length === 0) {
      await this.fs.remove(this.inProgressFile);
      return;
    }
    await atomicWrite(this.fs, this.inProgressFile, Buffer.from(`${JSON.stringify({ partials })}\n`), 'the list of backups in progress');
  }

  private recordPartial(path: string): Promise<void> {
    return this.inProgress.run(async () => {
      const partials = await this.readInProgress();
      if (!partials.includes(path)) partials.push(path);
      await this.writeInProgress(partials);
    });
  }

  /** Done with, whichever way: a failure here only leaves a record that the next start clears. */
  private forgetPartial(path: string): Promise<void> {
    return this.inProgress
      .run(async () => this.writeInProgress((await this.readInProgress()).filter((recorded) => recorded !== path)))
      .catch(() => undefined);
  }

  private async checkFolder(folder: string): Promise<void> {
    const facts = await this.fs.stat(folder).catch(() => null);
    if (!facts?.isDirectory()) {
      throw new LedgerFailure('not_found', `The backup folder ${folder} cannot be found. If it is on a removable drive, plug it in; or choose another folder.`);
    }
  }

  private async freeName(folder: string, name: string): Promise<string> {
    const names = new Set(
      await this.fs.readdir(folder).catch((error: unknown) => {
        throw readFailure(error, `the backup folder ${folder}`);
      }),
    );
    if (!names.has(name)) return name;
    const stem = name.slice(0, -BACKUP_EXTENSION.length);
    for (let n = 2; ; n++) {
      const candidate = `${stem}-${n}${BACKUP_EXTENSION}`;
      if (!names.has(candidate)) return candidate;
    }
  }

  /** Copies one file into the backup, up to its snapshot length, reading the next chunk while this one is written. */
  private async copyInto(writer: BackupWriter, source: Source, done: number, progress: (done: number) => void, signal?: AbortSignal): Promise<number> {
    const handle = await this.fs.open(source.file!, 'r');
    const readAt = (position: number) => {
      // A fresh buffer each time: the writer keeps each one until its write is done.
      const chunk = Buffer.allocUnsafe(Math.min(COPY_CHUNK_BYTES, source.bytes - position));
      const reading = handle.read(chunk, 0, chunk.length, position).then(({ bytesRead }) => chunk.subarray(0, bytesRead));
      reading.catch(() => undefined);
      return reading;
    };
    let next: Promise<Buffer> | null = null;
    try {
      let position = 0;
      next = source.bytes > 0 ? readAt(0) : null;
      while (next) {
        const chunk: Buffer = await next;
        if (chunk.length === 0) break;
        position += chunk.length;
        next = position < source.bytes ? readAt(position) : null;
        await writer.addToFile(chunk);
        done += chunk.length;
        progress(done);
        signal?.throwIfAborted();
      }
      return done;
    } finally {
      await next?.catch(() => undefined);
      await handle.close().catch(() => undefined);
    }
  }

  private async checkUnpacked(staging: string, manifest: BackupManifest, headerBytes: Buffer): Promise<void> {
    let header: unknown;
    try {
      header = JSON.parse(headerBytes.toString('utf8'));
    } catch {
      header = null;
    }
    const parsed = parseVaultHeader(header);
    if (!parsed.ok) throw new LedgerFailure(parsed.reason === 'unknown_version' ? 'unsupported_version' : 'storage_failure', `The backup cannot be restored: ${parsed.message}`);
    if (parsed.header.ledgerId !== manifest.ledgerId) throw new LedgerFailure('storage_failure', 'The backup cannot be restored: its vault header belongs to a different ledger.');
    await writeNewFile(this.fs, join(staging, HEADER_BACKUP_FILE), headerBytes).catch((error: unknown) => {
      throw storageFailure(error, 'the restored ledger');
    });
    const head = await new Journal(join(staging, JOURNAL_FOLDER), { fs: this.fs }).open();
    if (head.seq !== manifest.journal.head.seq || head.hash !== manifest.journal.head.hash) {
      throw new LedgerFailure('storage_failure', `The backup cannot be restored: its journal ends at entry ${head.seq}, not at entry ${manifest.journal.head.seq} as it should.`);
    }
    for (const folder of [join(staging, JOURNAL_FOLDER), join(staging, ATTACHMENTS_FOLDER), staging]) {
      await syncFolder(this.fs, folder).catch((error: unknown) => {
        throw storageFailure(error, 'the restored ledger');
      });
    }
  }

  /**
   * Removes this ledger's backups in `folder` that were made before a
   * disposition destroyed content, once the city day until which the
   * retention schedule lets backups hold it has come, however many
   * generations are kept: the content is then gone from every copy the app
   * knows of. Each removal is journaled (audit.backup_expired). Returns the
   * files removed.
   */
  removeBackupsHoldingDestroyedContent(folder: string, keep?: string): Promise<string[]> {
    return this.expiring.run(async () => {
      if (!(await this.vault.exists())) return [];
      const today = DateTime.fromJSDate(this.now()).setZone(CITY_TIME_ZONE).toISODate() ?? '';
      const due = (await readDestructions(this.fs, this.vault.dataDir)).filter((d) => d.backupsHoldContentUntil === null || d.backupsHoldContentUntil <= today);
      if (due.length === 0) return [];
      // A backup made before the latest destruction now due holds its content (and perhaps that of earlier ones).
      const before = Math.max(...due.map((d) => Date.parse(d.executedAt)));
      const vault = await this.vault.open();
      const names = await this.fs.readdir(folder).catch(() => [] as string[]);
      const removed: string[] = [];
      for (const name of names.sort()) {
        const file = join(folder, name);
        if (!OUR_BACKUP_FILE.test(name) || file === keep) continue;
        const manifest = await readBackupManifest(this.fs, file);
        if (manifest?.ledgerId !== vault.header.ledgerId || !(Date.parse(manifest.createdAt) < before)) continue;
        const gone = await this.fs.remove(file).then(
          () => true,
          () => false,
        );
        if (gone) removed.push(file);
      }
      if (removed.length === 0) return removed;
      await syncFolder(this.fs, folder).catch(() => undefined);
      // The removal stands even if the journal cannot take its audit entries now (a full disk stops every other change too, and says so there).
      await vault.journal.append(removed.map(() => ({ type: 'audit.backup_expired', actor: 'system', recordId: null, payload: null }))).catch(() => undefined);
      return removed;
    });
  }

  /** Keeps the newest `generations` backups of this ledger in the folder (the new one always among them). */
  private async removeOldGenerations(folder: string, ledgerId: string, generations: number, keep: string): Promise<string[]> {
    const names = await this.fs.readdir(folder).catch(() => [] as string[]);
    const ours: Array<{ file: string; createdAt: string }> = [];
    for (const name of names) {
      const file = join(folder, name);
      if (!OUR_BACKUP_FILE.test(name) || file === keep) continue;
      const manifest = await readBackupManifest(this.fs, file);
      // Only backups proven to be this ledger's are candidates; anything else in the folder is left alone.
      if (manifest?.ledgerId === ledgerId) ours.push({ file, createdAt: manifest.createdAt });
    }
    ours.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.file.localeCompare(a.file));
    const removed: string[] = [];
    for (const old of ours.slice(Math.max(0, generations - 1))) {
      await this.fs.remove(old.file).then(
        () => removed.push(old.file),
        () => undefined,
      );
    }
    if (removed.length > 0) await syncFolder(this.fs, folder).catch(() => undefined);
    return removed;
  }
}
