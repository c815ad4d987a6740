import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataFolderLock, LOCK_FILE } from '../../../electron/services/data-folder-lock';
import { createLedgerServices } from '../../../electron/services/services';
import { withTempDir } from '../../support/temp-dir';
import { manualClock } from './ledger-fixtures';

const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0', platform: 'linux' } as const;
const quiet = { error: () => undefined };

/** The id of a process that has already ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

/** A process that stays alive until the test ends it (by its id). */
async function withLiveProcess<T>(run: (pid: number) => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  try {
    return await run(child.pid!);
  } finally {
    process.kill(child.pid!, 'SIGKILL');
  }
}

describe('the data folder lock', () => {
  it('is a file holding the process id and start time; a second taker is refused until it is released', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataFolderLock(dir, { now: manualClock().now });
      expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toEqual({ pid: process.pid, startedAt: '2025-03-01T09:00:00.000Z' });
      await expect(acquireDataFolderLock(dir)).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`Records Ledger is already open on this data folder (process ${process.pid}). Close it first.`),
      });
      lock.release();
      expect(await readdir(dir)).toEqual([]);
      (await acquireDataFolderLock(dir)).release();
    });
  });

  it('refuses while another live process holds it, and leaves its lock alone', async () => {
    await withTempDir(async (dir) => {
      await withLiveProcess(async (pid) => {
        const held = JSON.stringify({ pid, startedAt: '2025-03-01T08:00:00.000Z' });
        await writeFile(join(dir, LOCK_FILE), held);
        await expect(acquireDataFolderLock(dir)).rejects.toThrow(`Records Ledger is already open on this data folder (process ${pid}). Close it first.`);
        expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(held);
      });
    });
  });

  it('takes over a lock left by a process that is gone (a crash, a power cut)', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), startedAt: '2025-03-01T08:00:00.000Z' }));
      const lock = await acquireDataFolderLock(dir);
      expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('takes over an old lock file that was never finished, but not one being written right now', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, LOCK_FILE), '');
      await expect(acquireDataFolderLock(dir, { now: () => new Date(Date.now() + 1000) })).rejects.toMatchObject({ code: 'conflict' });
      const lock = await acquireDataFolderLock(dir, { now: () => new Date(Date.now() + 60_000) });
      expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
      lock.release();
    });
  });

  it('on release, leaves alone a lock that is no longer its own', async () => {
    await withTempDir(async (dir) => {
      const lock = await acquireDataFolderLock(dir);
      const other = JSON.stringify({ pid: 1, startedAt: '2025-03-01T08:00:00.000Z' });
      await writeFile(join(dir, LOCK_FILE), other);
      lock.release();
      expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(other);
    });
  });
});

describe('the services and the data folder lock', () => {
  it('start() takes the lock before any housekeeping, a second start on the folder is refused, stop() releases it', async () => {
    await withTempDir(async (dir) => {
      const first = createLedgerServices({ dataDir: dir, runtime, log: quiet });
      await first.start();
      expect(await readdir(dir)).toContain(LOCK_FILE);
      // Left by an interrupted create: the second copy must not touch it, the first one owns the folder.
      await mkdir(join(dir, 'vault.creating-0123456789abcdef'));
      const second = createLedgerServices({ dataDir: dir, runtime, log: quiet });
      await expect(second.start()).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already open on this data folder \(process \d+\)\. Close it first\./) });
      expect(await readdir(dir)).toContain('vault.creating-0123456789abcdef');
      first.stop();
      expect(await readdir(dir)).not.toContain(LOCK_FILE);
      await second.start();
      expect(await readdir(dir)).toEqual([LOCK_FILE]);
      second.stop();
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
