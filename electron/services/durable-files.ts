import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { LedgerFailure } from '../../shared/ipc/result';

/**
 * The file-system calls main's storage makes, as an interface, so tests can
 * make the disk fill up, refuse permission, or fail an fsync or a rename at
 * exactly the moment that matters, and check that nothing was lost.
 */
export interface LedgerFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface FileFacts {
  size: number;
  mtime: Date;
  isFile(): boolean;
  isDirectory(): boolean;
}

export type OpenFlags = 'r' | 'r+' | 'a' | 'wx';

export interface LedgerFileSystem {
  open(path: string, flags: OpenFlags): Promise<LedgerFileHandle>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<FileFacts>;
  /** Creates the folder and any missing parents. */
  mkdir(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file or a whole folder; no error when it is already gone. */
  remove(path: string): Promise<void>;
}

export const nodeFileSystem: LedgerFileSystem = {
  open: (path, flags) => fsp.open(path, flags),
  readFile: (path) => fsp.readFile(path),
  readdir: (path) => fsp.readdir(path),
  stat: (path) => fsp.stat(path),
  mkdir: async (path) => {
    await fsp.mkdir(path, { recursive: true });
  },
  rename: (from, to) => fsp.rename(from, to),
  remove: (path) => fsp.rm(path, { recursive: true, force: true }),
};

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? ((error as NodeJS.ErrnoException).code ?? undefined) : undefined;
}

export function isMissing(error: unknown): boolean {
  return errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';
}

const REASONS: Record<string, { reason: string; advice: string }> = {
  ENOSPC: { reason: 'The disk is full', advice: 'Free some space on the disk and try again.' },
  EDQUOT: { reason: 'Your disk quota is used up', advice: 'Free some space or ask your IT staff for more, then try again.' },
  EACCES: { reason: 'This computer refused permission to write there', advice: "Ask your IT staff to check the folder's permissions." },
  EPERM: { reason: 'This computer refused permission to write there', advice: "Ask your IT staff to check the folder's permissions." },
  EROFS: { reason: 'The disk is read-only', advice: 'Use a disk that can be written to, or ask your IT staff for help.' },
  EIO: { reason: 'The disk reported a hardware error', advice: 'Check the disk (or its cable), then try again.' },
  EMFILE: { reason: 'The computer has too many files open', advice: 'Close some programs and try again.' },
};

function describe(error: unknown): { reason: string; advice: string } {
  const code = errorCode(error);
  return (
    (code ? REASONS[code] : undefined) ?? {
      reason: `The disk reported an error (${code ?? (error instanceof Error ? error.message : 'unknown')})`,
      advice: 'Try again; if it keeps happening, ask your IT staff to check the disk.',
    }
  );
}

/**
 * The error a clerk sees when a write did not happen. `what` names the thing
 * ("the new journal entries"); the guarantee is that nothing was changed.
 */
export function storageFailure(error: unknown, what: string): LedgerFailure {
  if (error instanceof LedgerFailure) return error;
  const { reason, advice } = describe(error);
  return new LedgerFailure('storage_failure', `${reason}, so ${what} could not be saved; nothing was changed. ${advice}`);
}

/** A write that took effect but may not be complete everywhere: said differently, because it is not "nothing changed". */
function partlySavedFailure(error: unknown, what: string): LedgerFailure {
  const { reason, advice } = describe(error);
  return new LedgerFailure('storage_failure', `${reason} while ${what} was being saved. It was saved, but the disk did not confirm every copy. ${advice}`);
}

/** For reads: what could not be read and why, in words. */
export function readFailure(error: unknown, what: string): LedgerFailure {
  if (error instanceof LedgerFailure) return error;
  const code = errorCode(error);
  if (code === 'ENOENT') return new LedgerFailure('not_found', `${capitalise(what)} cannot be found. Check that the disk or folder is still there.`);
  if (code === 'EACCES' || code === 'EPERM') return new LedgerFailure('forbidden', `This computer refused permission to read ${what}. Ask your IT staff to check the permissions.`);
  const { reason, advice } = describe(error);
  return new LedgerFailure('storage_failure', `${reason}, so ${what} could not be read. ${advice}`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function randomSuffix(): string {
  return randomBytes(8).toString('hex');
}

/** The temp file an atomic write makes beside its target (see atomicWriteFiles). */
const ATOMIC_TEMP_FILE = /^\..+\.tmp-[0-9a-f]{16}$/;

/**
 * Removes the temp files of atomic writes a crash cut short: never read, but
 * they may hold a screenshot's ciphertext that no record names and no
 * disposition would ever destroy. Only safe before any write can be in flight.
 */
export async function removeAtomicWriteLeftovers(fs: LedgerFileSystem, folder: string): Promise<number> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return 0;
  }
  const leftovers = names.filter((name) => ATOMIC_TEMP_FILE.test(name));
  for (const name of leftovers) await fs.remove(join(folder, name)).catch(() => undefined);
  return leftovers.length;
}

/** Writes every byte, however many calls the operating system needs. */
export async function writeAll(handle: LedgerFileHandle, bytes: Uint8Array, position: number | null = null): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, position === null ? null : position + offset);
    if (bytesWritten <= 0) throw Object.assign(new Error('The disk accepted no bytes.'), { code: 'EIO' });
    offset += bytesWritten;
  }
}

async function closeQuietly(handle: LedgerFileHandle): Promise<void> {
  // After a successful fsync the bytes are on disk; a failing close cannot undo that.
  await handle.close().catch(() => undefined);
}

/**
 * A new directory entry (a created or renamed file) is only durable once its
 * folder is synced. Windows cannot open a folder for syncing, and its rename
 * is already durable, so it is skipped there.
 */
export async function syncFolder(fs: LedgerFileSystem, folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await closeQuietly(handle);
  }
}

/** Creates a file that must not exist yet, writes it and syncs it. */
export async function writeNewFile(fs: LedgerFileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const handle = await fs.open(path, 'wx');
  try {
    await writeAll(handle, bytes, 0);
    await handle.sync();
  } finally {
    await closeQuietly(handle);
  }
}

export interface FileToWrite {
  path: string;
  bytes: Uint8Array;
}

/**
 * Replaces files so that each is either wholly old or wholly new: every new
 * version is written and synced to a temp file beside it first (where a full
 * disk or a failed fsync is found out), and only then renamed over the old
 * one, in the order given. On any failure the temp files are removed.
 */
export async function atomicWriteFiles(fs: LedgerFileSystem, files: FileToWrite[], what: string): Promise<void> {
  const temps = files.map((file) => join(dirname(file.path), `.${basename(file.path)}.tmp-${randomSuffix()}`));
  let renamed = 0;
  try {
    for (let i = 0; i < files.length; i++) await writeNewFile(fs, temps[i]!, files[i]!.bytes);
    for (let i = 0; i < files.length; i++) {
      await fs.rename(temps[i]!, files[i]!.path);
      renamed++;
    }
    for (const folder of new Set(files.map((file) => dirname(file.path)))) await syncFolder(fs, folder);
  } catch (error) {
    await Promise.all(temps.slice(renamed).map((temp) => fs.remove(temp).catch(() => undefined)));
    throw renamed > 0 ? partlySavedFailure(error, what) : storageFailure(error, what);
  }
}

export async function atomicWrite(fs: LedgerFileSystem, path: string, bytes: Uint8Array, what = 'the file'): Promise<void> {
  await atomicWriteFiles(fs, [{ path, bytes }], what);
}

export async function exists(fs: LedgerFileSystem, path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** A file's bytes, or null when there is no such file. */
export async function readIfPresent(fs: LedgerFileSystem, path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * A copy that owns its memory. Node's small Buffers share one pooled block;
 * sending a view of it over IPC would copy the whole block, neighbours included.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes) as Uint8Array<ArrayBuffer>;
}

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Positional writes kept in flight while the caller reads and hashes the next
 * chunk, so the disk and the processor work at the same time. A buffer handed
 * over must not be reused by the caller. The first failure is thrown from the
 * next call.
 */
export class WriteQueue {
  private pending: Array<Promise<void>> = [];
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly handle: LedgerFileHandle,
    private readonly depth = 4,
  ) {}

  async write(bytes: Uint8Array, position: number): Promise<void> {
    this.throwIfFailed();
    this.pending.push(
      writeAll(this.handle, bytes, position).catch((error: unknown) => {
        this.failure ??= { error };
      }),
    );
    if (this.pending.length >= this.depth) await this.pending.shift();
    this.throwIfFailed();
  }

  /** Waits for every write in flight; throws the first failure. */
  async drain(): Promise<void> {
    await Promise.all(this.pending.splice(0));
    this.throwIfFailed();
  }

  /** Waits for every write in flight, ignoring failures: before closing a file that is being abandoned. */
  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0));
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }
}

/** Runs tasks one at a time, in order; a failed task does not block the next. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
