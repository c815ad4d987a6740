import { describe, expect, it, vi } from 'vitest';
import { DailyBackup, type Timer } from '../../../electron/services/daily-backup';
import { SettingsStore } from '../../../electron/services/settings-store';
import type { JobStatus } from '../../../shared/jobs/jobs';
import { withTempDir } from '../../support/temp-dir';
import { manualClock } from './ledger-fixtures';

const HOUR = 60 * 60 * 1000;

function fakeTimer() {
  const ticks: Array<() => void> = [];
  const timer: Timer = {
    setInterval: (run) => ticks.push(run),
    clearInterval: () => ticks.splice(0),
  };
  return { timer, ticks };
}

async function scheduler(dir: string, settings: Parameters<SettingsStore['update']>[0]) {
  const clock = manualClock('2025-03-10T02:00:00.000Z');
  const store = new SettingsStore(dir);
  await store.update(settings);
  const startBackup = vi.fn((_folder: string) => ({ id: 'job' }) as JobStatus);
  const { timer, ticks } = fakeTimer();
  const daily = new DailyBackup({ settings: store, startBackup, hasLedger: async () => true, now: clock.now, timer });
  return { clock, store, startBackup, daily, ticks };
}

describe('the daily backup', () => {
  it('does nothing while switched off or without a folder', async () => {
    await withTempDir(async (dir) => {
      const off = await scheduler(dir, { dailyBackup: false, backupFolder: '/media/usb' });
      expect(await off.daily.checkNow()).toBe('off');
      await off.store.update({ dailyBackup: true, backupFolder: null });
      expect(await off.daily.checkNow()).toBe('no_folder');
      expect(off.startBackup).not.toHaveBeenCalled();
    });
  });

  it('starts a backup into the chosen folder once the last one is over a day old', async () => {
    await withTempDir(async (dir) => {
      const { clock, store, startBackup, daily } = await scheduler(dir, { dailyBackup: true, backupFolder: '/media/usb', lastBackupAt: '2025-03-09T03:00:00.000Z' });
      expect(await daily.checkNow()).toBe('not_due');
      clock.advance(HOUR + 1);
      expect(await daily.checkNow()).toBe('started');
      expect(startBackup).toHaveBeenCalledWith('/media/usb');
      await store.update({ lastBackupAt: clock.now().toISOString() });
      clock.advance(2 * HOUR);
      expect(await daily.checkNow()).toBe('not_due');
    });
  });

  it('after a failed attempt, waits an hour before trying again rather than every few minutes', async () => {
    await withTempDir(async (dir) => {
      const { clock, startBackup, daily } = await scheduler(dir, { dailyBackup: true, backupFolder: '/media/usb' });
      expect(await daily.checkNow()).toBe('started');
      clock.advance(10 * 60 * 1000);
      expect(await daily.checkNow()).toBe('not_due');
      clock.advance(HOUR);
      expect(await daily.checkNow()).toBe('started');
      expect(startBackup).toHaveBeenCalledTimes(2);
    });
  });

  it('checks at start and on every tick of its timer, until stopped', async () => {
    await withTempDir(async (dir) => {
      const { daily, ticks, startBackup } = await scheduler(dir, { dailyBackup: true, backupFolder: '/media/usb' });
      daily.start();
      await vi.waitFor(() => expect(startBackup).toHaveBeenCalledTimes(1));
      expect(ticks).toHaveLength(1);
      daily.stop();
      expect(ticks).toHaveLength(0);
    });
  });

  it('treats a last backup "in the future" (clock set back) as due', async () => {
    await withTempDir(async (dir) => {
      const { daily } = await scheduler(dir, { dailyBackup: true, backupFolder: '/media/usb', lastBackupAt: '2026-01-01T00:00:00.000Z' });
      expect(await daily.checkNow()).toBe('started');
    });
  });
});
