import { readFileSync, unlinkSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { LedgerFailure } from '../../shared/ipc/result';
import { errorCode, isMissing, randomSuffix, readFailure } from './durable-files';

/**
 * One copy of Records Ledger per data folder. Two processes appending to the
 * same journal would interleave their batches and break the chain, so the
 * app takes `<dataDir>/records-ledger.lock` (created exclusively, holding its
 * process id and start time) before it touches anything, and gives it back
 * when it stops. A lock whose process is gone (a crash, a power cut) is
 * taken over.
 */
export const LOCK_FILE = 'records-ledger.lock';

/** A lock file still empty or half written this soon after it was made is another copy starting up. */
const UNFINISHED_GRACE_MS = 10_000;
const ATTEMPTS = 5;

export interface DataFolderLock {
  readonly path: string;
  /** Removes the lock file if it is still this lock's. Synchronous, so it can run while the process quits. */
  release(): void;
}

export interface DataFolderLockOptions {
  now?: () => Date;
  /** Whether a process is running; by default `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
}

/** The error for "another copy has this data folder", so callers can tell it from any other failure at start. */
export class DataFolderLocked extends LedgerFailure {
  constructor(
    message: string,
    readonly holderPid: number | null,
  ) {
    super('conflict', message);
    this.name = 'DataFolderLocked';
  }
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it just belongs to someone else.
    return errorCode(error) !== 'ESRCH';
  }
}

interface Holder {
  pid: number;
  startedAt: string;
}

function parseHolder(text: string): Holder | null {
  try {
    const value = JSON.parse(text) as Partial<Holder> | null;
    if (value && Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.startedAt === 'string') return value as Holder;
  } catch {
    // An empty or half-written lock file.
  }
  return null;
}

async function createLockFile(path: string, content: string): Promise<void> {
  const handle = await fsp.open(path, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(path, { force: true }).catch(() => undefined);
    throw error;
  }
  await handle.close().catch(() => undefined);
}

export async function acquireDataFolderLock(dataDir: string, options: DataFolderLockOptions = {}): Promise<DataFolderLock> {
  const now = options.now ?? (() => new Date());
  const isAlive = options.isAlive ?? processIsAlive;
  const path = join(dataDir, LOCK_FILE);
  const content = `${JSON.stringify({ pid: process.pid, startedAt: now().toISOString() })}\n`;
  const cannot = (error: unknown) => readFailure(error, `the data folder ${dataDir}`);
  await fsp.mkdir(dataDir, { recursive: true }).catch((error: unknown) => {
    throw cannot(error);
  });

  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      await createLockFile(path, content);
      return lockHeld(path, content);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw cannot(error);
    }

    let text: string;
    let modifiedAt: Date;
    try {
      text = await fsp.readFile(path, 'utf8');
      modifiedAt = (await fsp.stat(path)).mtime;
    } catch (error) {
      if (isMissing(error)) continue; // Released meanwhile: try again.
      throw cannot(error);
    }
    const holder = parseHolder(text);
    if (holder && isAlive(holder.pid)) {
      throw new DataFolderLocked(
        `Records Ledger is already open on this data folder (process ${holder.pid}). Close it first. If it is not open anywhere, ask your IT staff to remove the file ${path}.`,
        holder.pid,
      );
    }
    if (!holder && now().getTime() - modifiedAt.getTime() < UNFINISHED_GRACE_MS) {
      throw new DataFolderLocked('Another copy of Records Ledger is opening this data folder right now. Close it first, or wait a moment and try again.', null);
    }

    // Stale. Move it aside and check it is the one just judged: a copy starting at the same moment may have replaced it.
    const aside = `${path}.stale-${randomSuffix()}`;
    try {
      await fsp.rename(path, aside);
    } catch (error) {
      if (isMissing(error)) continue;
      throw cannot(error);
    }
    const moved = await fsp.readFile(aside, 'utf8').catch(() => null);
    if (moved !== text) {
      // Someone else's fresh lock: put it back (never over a newer one) and judge again.
      await fsp.link(aside, path).catch(() => undefined);
    }
    await fsp.rm(aside, { force: true }).catch(() => undefined);
  }
  throw new DataFolderLocked('Records Ledger could not take charge of this data folder: other copies keep starting on it. Close them, then try again.', null);
}

function lockHeld(path: string, content: string): DataFolderLock {
  let held = true;
  return {
    path,
    release: () => {
      if (!held) return;
      held = false;
      try {
        if (readFileSync(path, 'utf8') === content) unlinkSync(path);
      } catch {
        // Already gone, or unreadable: either way it is not ours to remove any more.
      }
    },
  };
}
