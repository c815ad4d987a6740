import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../electron/services/settings-store';
import { defaultSettings } from '../../../shared/settings';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem } from './faulty-file-system';

describe('settings', () => {
  it('starts from the defaults and keeps changes across restarts', async () => {
    await withTempDir(async (dir) => {
      expect(await new SettingsStore(dir).get()).toEqual(defaultSettings);
      await new SettingsStore(dir).update({ backupFolder: '/media/usb', dailyBackup: true });
      await new SettingsStore(dir).update({ autoLockMinutes: 5 });
      expect(await new SettingsStore(dir).get()).toEqual({ ...defaultSettings, backupFolder: '/media/usb', dailyBackup: true, autoLockMinutes: 5 });
      expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ autoLockMinutes: 5 });
    });
  });

  it('falls back to the defaults when settings.json is damaged', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'settings.json'), '{"autoLockMinutes": "soon"');
      expect(await new SettingsStore(dir).get()).toEqual(defaultSettings);
    });
  });

  it('keeps the old settings when the disk is full', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const store = new SettingsStore(dir, fs);
      await store.update({ autoLockMinutes: 15 });
      fs.inject({ operation: 'write', code: 'ENOSPC' });
      await expect(store.update({ autoLockMinutes: 30 })).rejects.toThrow(/disk is full, so the settings could not be saved/);
      expect((await store.get()).autoLockMinutes).toBe(15);
    });
  });
});
