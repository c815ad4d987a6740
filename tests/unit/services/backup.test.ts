import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupService } from '../../../electron/services/backup';
import { VaultStore } from '../../../electron/services/vault-store';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem } from './faulty-file-system';
import { events, header, manualClock, vaultPaths } from './ledger-fixtures';

async function ledgerWithContent(dataDir: string, now = manualClock().now, fs?: FaultyFileSystem, ledgerId = 'ledger-norwalk-1') {
  const vault = new VaultStore(dataDir, { now, entriesPerSegment: 20, fs });
  await vault.create(header({ ledgerId }), events(5));
  const { journal, attachments } = await vault.open();
  for (let i = 0; i < 6; i++) await journal.append(events(10, { first: 5 + i * 10, payloadBytes: 300 }));
  await attachments.put('shot-1', new Uint8Array(3000).fill(7));
  await attachments.put('shot-2', new Uint8Array(10).fill(9));
  return { vault, backups: new BackupService({ vault, now, fs }) };
}

/** A ledger on a faulty file system whose one backup in `usb` was made a minute ago, ready for the next one to go wrong. */
async function aBackupMadeAMinuteAgo(dir: string) {
  const folder = join(dir, 'usb');
  await mkdir(folder);
  const fs = new FaultyFileSystem();
  const clock = manualClock();
  const { backups } = await ledgerWithContent(join(dir, 'source'), clock.now, fs);
  const previous = await backups.create(folder, 1);
  clock.advance(60_000);
  return { folder, fs, backups, previous };
}

async function filesUnder(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(folder.length)] = (await readFile(join(entry.parentPath, entry.name))).toString('base64');
  }
  return files;
}

describe('backups', () => {
  it('round trip: backup, verify, restore into a fresh data folder: the same journal and attachments', async () => {
    await withTempDir(async (dir) => {
      const source = join(dir, 'source');
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { vault, backups } = await ledgerWithContent(source);
      const progress: number[] = [];
      const { backup, removedGenerations } = await backups.create(folder, 7, { onProgress: (done) => progress.push(done) });
      expect(backup).toMatchObject({
        file: join(folder, 'records-ledger-social-media-removals-20250301-090000.rlbackup'),
        formatVersion: 1,
        ledgerId: 'ledger-norwalk-1',
        createdAt: '2025-03-01T09:00:00.000Z',
        journalEntries: 65,
        attachments: 2,
      });
      expect(backup.bytes).toBe((await stat(backup.file)).size);
      expect(removedGenerations).toEqual([]);
      expect(progress.length).toBeGreaterThan(2);
      expect(await readdir(folder)).toEqual([backup.file.slice(folder.length + 1)]);

      const target = join(dir, 'target');
      const targetVault = new VaultStore(target);
      const restorer = new BackupService({ vault: targetVault });
      expect(await restorer.verify(backup.file)).toEqual(backup);
      expect(await restorer.restore(backup.file)).toEqual(backup);

      const original = await filesUnder(vault.vaultDir);
      const restored = await filesUnder(targetVault.vaultDir);
      expect(restored).toEqual(original);
      const status = await targetVault.status();
      expect(status).toMatchObject({ state: 'ready', ledgerId: 'ledger-norwalk-1', head: (await vault.open()).journal.head() });
      const { journal } = await targetVault.open();
      expect((await journal.verify()).verdict).toBe('intact');
      expect(await readdir(target)).toEqual(['vault']);
    });
  });

  it('holds the journal as it was when the backup began, not entries added during it', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { vault, backups } = await ledgerWithContent(join(dir, 'source'));
      const { journal } = await vault.open();
      const headAtStart = journal.head();
      let appended = false;
      const { backup } = await backups.create(folder, 7, {
        onProgress: () => {
          if (!appended) {
            appended = true;
            void journal.append(events(3, { first: 900 }));
          }
        },
      });
      expect(backup.journalEntries).toBe(headAtStart.seq);
      const target = new VaultStore(join(dir, 'target'));
      await new BackupService({ vault: target }).restore(backup.file);
      expect((await target.open()).journal.head()).toEqual(headAtStart);
    });
  });

  it('when a restore is cancelled while unpacking: no ledger, nothing left in the data folder', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { backups } = await ledgerWithContent(join(dir, 'source'));
      const { backup } = await backups.create(folder, 7);
      const target = new VaultStore(join(dir, 'target'));
      const controller = new AbortController();
      const restore = new BackupService({ vault: target }).restore(backup.file, {
        signal: controller.signal,
        onProgress: (_done, _total, label) => {
          if (label === 'Restoring the ledger') controller.abort();
        },
      });
      await expect(restore).rejects.toThrow();
      expect(await readdir(join(dir, 'target'))).toEqual([]);
      expect(await target.status()).toEqual({ state: 'new' });
    });
  });

  it('refuses to restore over an existing ledger, changing nothing', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { vault, backups } = await ledgerWithContent(join(dir, 'source'));
      const { backup } = await backups.create(folder, 7);
      const before = await filesUnder(vault.vaultDir);
      await expect(backups.restore(backup.file)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already has a ledger/) });
      expect(await filesUnder(vault.vaultDir)).toEqual(before);
    });
  });

  it('keeps the newest N backups of this ledger, and leaves other files and other ledgers alone', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const clock = manualClock();
      const { backups } = await ledgerWithContent(join(dir, 'source'), clock.now);
      const other = await ledgerWithContent(join(dir, 'other'), clock.now, undefined, 'ledger-other');
      await (await other.vault.open()).journal.append(events(1));
      const otherBackup = (await other.backups.create(folder, 1)).backup.file;
      await writeFile(join(folder, 'notes.txt'), 'keep me');
      const made: string[] = [];
      for (let day = 0; day < 5; day++) {
        clock.advance(24 * 60 * 60 * 1000);
        const { backup, removedGenerations } = await backups.create(folder, 3);
        made.push(backup.file);
        expect(removedGenerations).toEqual(day >= 3 ? [made[day - 3]] : []);
      }
      expect((await readdir(folder)).sort()).toEqual([...made.slice(2), otherBackup, join(folder, 'notes.txt')].map((f) => f.slice(folder.length + 1)).sort());
    });
  });

  it('gives a second backup in the same second its own name', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { backups } = await ledgerWithContent(join(dir, 'source'));
      const first = await backups.create(folder, 7);
      const second = await backups.create(folder, 7);
      expect(second.backup.file).not.toBe(first.backup.file);
      expect(second.backup.file).toMatch(/-20250301-090000-2\.rlbackup$/);
    });
  });

  it('when cancelled mid-way: no partial file, the previous backup untouched', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const clock = manualClock();
      const { backups } = await ledgerWithContent(join(dir, 'source'), clock.now);
      let progressCalls = 0;
      const previous = await backups.create(folder, 1, { onProgress: () => progressCalls++ });
      const previousBytes = await readFile(previous.backup.file);
      clock.advance(60_000);
      // Early in the writing, part-way, and while the finished file is being read back.
      for (const cancelAt of [1, Math.floor(progressCalls / 3), progressCalls - 1]) {
        const controller = new AbortController();
        let calls = 0;
        const attempt = backups.create(folder, 1, {
          signal: controller.signal,
          onProgress: () => {
            if (++calls === cancelAt) controller.abort();
          },
        });
        await expect(attempt).rejects.toThrow();
        expect(await readdir(folder)).toEqual([previous.backup.file.slice(folder.length + 1)]);
        expect(await readFile(previous.backup.file)).toEqual(previousBytes);
      }
    });
  });

  it('removes a partial file left by a backup that was killed, at the next backup', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const { backups } = await ledgerWithContent(join(dir, 'source'));
      const stale = join(folder, '.records-ledger-social-media-removals-20250228-090000.rlbackup.partial-0a1b2c3d4e5f6a7b');
      await writeFile(stale, 'half a backup');
      const { backup } = await backups.create(folder, 7);
      expect(await readdir(folder)).toEqual([backup.file.slice(folder.length + 1)]);
    });
  });

  it('when the backup disk fills up: a clear error, nothing left in the folder, the previous backup intact', async () => {
    await withTempDir(async (dir) => {
      const { folder, fs, backups, previous } = await aBackupMadeAMinuteAgo(dir);
      fs.inject({ operation: 'write', code: 'ENOSPC', pathIncludes: '.partial-', afterBytes: 20_000 });
      await expect(backups.create(folder, 1)).rejects.toThrow(/disk is full, so the backup could not be saved/);
      expect(await readdir(folder)).toEqual([previous.backup.file.slice(folder.length + 1)]);
    });
  });

  it.each([
    ['in the first bytes, where the format is named', 3],
    ['in the middle of the journal it holds', 9_000],
    ['in the last bytes, where its checksum is', -2],
  ])('when the drive silently stores a byte wrongly %s: the backup that reads back differently is removed and reported, the previous one kept', async (_where, atByte) => {
    await withTempDir(async (dir) => {
      const { folder, fs, backups, previous } = await aBackupMadeAMinuteAgo(dir);
      const previousBytes = await readFile(previous.backup.file);
      fs.corruptSilently({ pathIncludes: '.partial-', atByte: atByte >= 0 ? atByte : previousBytes.length + atByte });
      await expect(backups.create(folder, 1)).rejects.toThrow(/The backup was written but did not read back correctly, so it was removed \(.+\)\. Check the backup disk and try again\./);
      expect(fs.triggered).toBe(1);
      expect(await readdir(folder)).toEqual([previous.backup.file.slice(folder.length + 1)]);
      expect(await readFile(previous.backup.file)).toEqual(previousBytes);
      // The old generation was not pruned for a backup that failed; the next good one is made and kept.
      fs.clear();
      const next = await backups.create(folder, 1);
      expect(await readdir(folder)).toEqual([next.backup.file.slice(folder.length + 1)]);
      await expect(backups.verify(next.backup.file)).resolves.toMatchObject({ file: next.backup.file });
    });
  });

  it('says plainly when the backup folder is not there', async () => {
    await withTempDir(async (dir) => {
      const { backups } = await ledgerWithContent(join(dir, 'source'));
      await expect(backups.create(join(dir, 'unplugged'), 7)).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/cannot be found.*plug it in/) });
      await expect(backups.list(join(dir, 'unplugged'))).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  it('lists the backups in a folder, newest first, without partial files', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const clock = manualClock();
      const { backups } = await ledgerWithContent(join(dir, 'source'), clock.now);
      const first = await backups.create(folder, 7);
      clock.advance(1000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await backups.create(folder, 7);
      await writeFile(join(folder, '.records-ledger-x.rlbackup.partial-00ff'), '');
      const listed = await backups.list(folder);
      expect(listed.map((l) => l.file)).toEqual([second.backup.file, first.backup.file]);
      expect(listed[0]!.bytes).toBe(second.backup.bytes);
    });
  });

  it('refuses to verify or restore a backup of a journal whose hash chain is broken, naming the first bad entry', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const source = join(dir, 'source');
      const { backups } = await ledgerWithContent(source);
      // Someone edits entry 12 on disk (same length, so every size still matches): its checksum in the backup will be right.
      const segment = vaultPaths(source).segment(1);
      const lines = (await readFile(segment, 'utf8')).split('\n');
      expect(lines[11]).toContain('"actor":"alice"');
      lines[11] = lines[11]!.replace('"actor":"alice"', '"actor":"alicx"');
      await writeFile(segment, lines.join('\n'));
      const { backup } = await backups.create(folder, 7);

      const target = new VaultStore(join(dir, 'target'));
      const restorer = new BackupService({ vault: target });
      await expect(restorer.verify(backup.file)).rejects.toMatchObject({ code: 'storage_failure', message: expect.stringMatching(/entry 12\b/) });
      await expect(restorer.restore(backup.file)).rejects.toMatchObject({ code: 'storage_failure', message: expect.stringMatching(/entry 12\b/) });
      expect(await readdir(join(dir, 'target')).catch(() => [])).toEqual([]);
      expect(await target.status()).toEqual({ state: 'new' });
    });
  });

  it('refuses a backup while the journal is damaged, leaving the backups already made as they are', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      const source = join(dir, 'source');
      const { backups } = await ledgerWithContent(source);
      const previous = await backups.create(folder, 1);
      const segment = vaultPaths(source).segment(3);
      const text = await readFile(segment, 'utf8');
      await writeFile(segment, `${text.slice(0, -20)}#${text.slice(-19)}`);
      const reopened = new VaultStore(source, { entriesPerSegment: 20 });
      await expect(new BackupService({ vault: reopened }).create(folder, 1)).rejects.toMatchObject({
        code: 'storage_failure',
        message: expect.stringMatching(/last entries are damaged \(segment-000003\.jsonl line \d+\).*backups you already have were left as they are/),
      });
      expect(await readdir(folder)).toEqual([previous.backup.file.slice(folder.length + 1)]);
    });
  });
});
