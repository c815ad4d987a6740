import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/ipc/dispatch';
import { createPreviewHost } from '../../../electron/services/host';
import { createLedgerServices } from '../../../electron/services/services';
import { channelNames } from '../../../shared/ipc/channels';
import type { Result } from '../../../shared/ipc/result';
import { withTempDir } from '../../support/temp-dir';
import { PausingFileSystem } from './faulty-file-system';
import { events, header, manualClock, slot, vaultPaths } from './ledger-fixtures';

const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0', platform: 'linux' } as const;
const quiet = { error: () => undefined };

function ledger(dataDir: string) {
  const host = createPreviewHost(dataDir);
  const services = createLedgerServices({ dataDir, runtime, host, now: manualClock().now, log: quiet });
  const dispatch = createDispatcher(services.handlers, quiet);
  const call = async (channel: string, request: unknown = {}) => {
    const result = (await dispatch(channel, request)) as Result<Record<string, unknown>>;
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as never;
  };
  const failure = async (channel: string, request: unknown = {}) => {
    const result = await dispatch(channel, request);
    if (result.ok) throw new Error(`${channel} succeeded`);
    return result.error;
  };
  return { services, host, call, failure };
}

describe('the services behind the channel table', () => {
  it('implements every channel', () => {
    const { services } = ledger('/nonexistent');
    for (const name of channelNames) expect(typeof services.handlers[name], name).toBe('function');
  });

  it('touches nothing on disk until asked', async () => {
    await withTempDir(async (dir) => {
      createLedgerServices({ dataDir: join(dir, 'data'), runtime });
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('runs a ledger end to end: create, unlock, append, read, attachments, marker, export', async () => {
    await withTempDir(async (root) => {
      const dir = join(root, 'data');
      const { call } = ledger(dir);
      expect(await call('vaultStatus')).toEqual({ state: 'new' });
      expect(await call('vaultCreate', { header: header(), events: events(2) })).toEqual({ head: { seq: 2, hash: expect.any(String) } });
      expect(await call('vaultUnlockMaterial', { slotId: 'alice' })).toMatchObject({ ledgerId: 'ledger-norwalk-1', slot: { id: 'alice' } });
      expect(await call('vaultReportUnlock', { slotId: 'alice', outcome: 'success' })).toEqual({ consecutiveFailures: 0, retryAfterSeconds: 0 });
      const appended = await call('journalAppend', { events: events(3, { first: 2 }) });
      expect(appended).toMatchObject({ firstSeq: 4, lastSeq: 6, head: { seq: 6 } });
      const read = (await call('journalRead', { afterSeq: 3, limit: 2 })) as { entries: Array<{ seq: number; payload: Uint8Array }>; head: { seq: number } };
      expect(read.entries.map((e) => e.seq)).toEqual([4, 5]);
      expect(read.entries[0]!.payload).toEqual(events(1, { first: 2 })[0]!.payload);
      expect(read.head.seq).toBe(6);
      expect(await call('journalHead')).toMatchObject({ seq: 6 });
      await call('readModelMarkerSet', { instanceId: 'idb-1', lastSeq: 6 });
      expect(await call('attachmentPut', { id: 'shot-1', bytes: new Uint8Array([9, 8, 7]) })).toMatchObject({ bytes: 3 });
      expect(await call('attachmentGet', { id: 'shot-1' })).toEqual({ bytes: new Uint8Array([9, 8, 7]) });
      await call('vaultPutSlot', { slot: slot('bob'), actor: 'alice' });
      await call('vaultRemoveSlot', { slotId: 'bob', actor: 'alice' });
      const saved = (await call('fileSave', { suggestedName: 'Certificate.pdf', bytes: new Uint8Array([1]), actor: 'alice', what: 'Certificate of destruction' })) as { path: string };
      expect(saved.path).toBe(join(root, 'data-exports', 'Certificate.pdf'));
      const status = await call('vaultStatus');
      expect(status).toMatchObject({ state: 'ready', head: { seq: 9 }, readModelMarker: { instanceId: 'idb-1', lastSeq: 6 } });
      const all = (await call('journalRead', { afterSeq: 6, limit: 10 })) as { entries: Array<{ type: string; actor: string }> };
      expect(all.entries.map((e) => [e.type, e.actor])).toEqual([
        ['audit.key_slot_added', 'alice'],
        ['audit.key_slot_removed', 'alice'],
        ['audit.export', 'alice'],
      ]);
    });
  });

  it('answers host channels: folder chooser unsupported in the preview, the lock signal counter', async () => {
    await withTempDir(async (dir) => {
      const { call, host } = ledger(dir);
      expect(await call('folderChoose')).toEqual({ supported: false, path: null });
      expect(await call('systemLockSignal')).toEqual({ generation: 0 });
      host.signalLock();
      expect(await call('systemLockSignal')).toEqual({ generation: 1 });
    });
  });

  it('changes only the settings given', async () => {
    await withTempDir(async (dir) => {
      const { call } = ledger(dir);
      await call('settingsSet', { backupFolder: '/media/usb', dailyBackup: true, backupGenerations: 3 });
      const after = await call('settingsSet', { autoLockMinutes: 5 });
      expect(after).toMatchObject({ autoLockMinutes: 5, backupFolder: '/media/usb', dailyBackup: true, backupGenerations: 3 });
      expect(await call('settingsGet')).toEqual(after);
    });
  });

  it('runs a backup job to completion and lists the backup', async () => {
    await withTempDir(async (dir) => {
      const { call, services } = ledger(join(dir, 'data'));
      await call('vaultCreate', { header: header(), events: events(2) });
      await mkdir(join(dir, 'usb'));
      const started = (await call('jobStart', { actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb') } })) as { id: string };
      await services.jobs.settled(started.id);
      expect(await call('jobStatus', { id: started.id })).toMatchObject({ state: 'done', kind: 'backup' });
      const listed = (await call('backupList', { folder: join(dir, 'usb') })) as { backups: Array<{ file: string }> };
      expect(listed.backups).toHaveLength(1);
      expect(await call('jobCancel', { id: started.id })).toMatchObject({ state: 'done' });
    });
  });

  it('says plainly that there is no ledger yet, for channels that need one', async () => {
    await withTempDir(async (dir) => {
      const { failure } = ledger(dir);
      for (const [channel, request] of [
        ['journalAppend', { events: events(1) }],
        ['journalRead', { afterSeq: 0, limit: 1 }],
        ['attachmentGet', { id: 'x' }],
        ['vaultUnlockMaterial', { slotId: 'alice' }],
      ] as const) {
        expect(await failure(channel, request)).toEqual({ code: 'not_found', message: expect.stringMatching(/no ledger in this data folder yet/) });
      }
    });
  });

  it('refuses to touch an unreadable ledger, naming why, and changes nothing', async () => {
    await withTempDir(async (dir) => {
      const first = ledger(dir);
      await first.call('vaultCreate', { header: header(), events: events(1) });
      await writeFile(vaultPaths(dir).header, JSON.stringify({ ...header(), version: 3 }));
      const { call, failure } = ledger(dir);
      expect(await call('vaultStatus')).toEqual({ state: 'unreadable', message: expect.stringMatching(/format version 3/) });
      expect(await failure('journalAppend', { events: events(1) })).toEqual({ code: 'unsupported_version', message: expect.stringMatching(/format version 3/) });
      expect(await failure('vaultCreate', { header: header(), events: events(1) })).toMatchObject({ code: 'conflict' });
    });
  });

  it('removes a partial file left in the backup folder by a killed backup when it starts', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'usb');
      await mkdir(folder);
      await writeFile(join(folder, '.records-ledger-x-20250101-000000.rlbackup.partial-0123456789abcdef'), 'half');
      await writeFile(join(folder, 'notes.txt'), 'keep');
      const { services, call } = ledger(join(dir, 'data'));
      await call('settingsSet', { backupFolder: folder });
      await services.start();
      services.stop();
      expect(await readdir(folder)).toEqual(['notes.txt']);
    });
  });

  it('removes, when it starts, the partial file of a backup that was killed while writing to a folder other than the backup folder', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      const elsewhere = join(dir, 'desktop');
      const configured = join(dir, 'usb');
      await mkdir(elsewhere);
      await mkdir(configured);
      await writeFile(join(elsewhere, 'notes.txt'), 'keep');
      const fs = new PausingFileSystem();
      const running = createLedgerServices({ dataDir: data, runtime, fs, now: manualClock().now, log: quiet });
      await running.handlers.vaultCreate({ header: header(), events: events(20, { payloadBytes: 2000 }) });
      await running.handlers.settingsSet({ backupFolder: configured });
      // "Back up now" to another folder, and the app is killed part-way through writing it.
      const paused = fs.pauseWrites('.partial-', 4096);
      const job = await running.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: elsewhere, automatic: false } });
      await paused.reached;
      const partial = (await readdir(elsewhere)).find((name) => name.includes('.partial-'))!;
      expect(partial).toBeDefined();
      const record = JSON.parse(await readFile(join(data, 'backups-in-progress.json'), 'utf8')) as unknown;
      expect(record).toEqual({ partials: [join(elsewhere, partial)] });

      const restarted = createLedgerServices({ dataDir: data, runtime, now: manualClock().now, log: quiet });
      await restarted.start();
      restarted.stop();
      expect(await readdir(elsewhere)).toEqual(['notes.txt']);
      expect(await readdir(data)).not.toContain('backups-in-progress.json');

      paused.fail();
      await running.jobs.settled(job.id);
    });
  });

  it('forgets a finished backup: nothing is recorded as in progress once it is done', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      const { call, services } = ledger(data);
      await call('vaultCreate', { header: header(), events: events(2) });
      await mkdir(join(dir, 'desktop'));
      const started = (await call('jobStart', { actor: 'alice', job: { kind: 'backup', folder: join(dir, 'desktop') } })) as { id: string };
      expect(await services.jobs.settled(started.id)).toMatchObject({ state: 'done' });
      expect(await readdir(data)).not.toContain('backups-in-progress.json');
    });
  });

  it('keeps the record of a partial on a drive that is not plugged in, and removes only what it recorded', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      const desktop = join(dir, 'desktop');
      await mkdir(data);
      await mkdir(desktop);
      const unplugged = join(dir, 'usb', '.records-ledger-x-20250101-000000.rlbackup.partial-00000000000000aa');
      const gone = join(desktop, '.records-ledger-x-20250101-000000.rlbackup.partial-00000000000000bb');
      const present = join(desktop, '.records-ledger-x-20250101-000000.rlbackup.partial-00000000000000cc');
      const notAPartial = join(desktop, 'report.pdf');
      const unrecorded = join(desktop, '.records-ledger-x-20250101-000000.rlbackup.partial-00000000000000dd');
      for (const file of [present, notAPartial, unrecorded]) await writeFile(file, 'x');
      await writeFile(join(data, 'backups-in-progress.json'), JSON.stringify({ partials: [unplugged, gone, present, notAPartial] }));
      const { services } = ledger(data);
      await services.start();
      services.stop();
      expect((await readdir(desktop)).sort()).toEqual([unrecorded, notAPartial].map((f) => f.slice(desktop.length + 1)).sort());
      expect(JSON.parse(await readFile(join(data, 'backups-in-progress.json'), 'utf8'))).toEqual({ partials: [unplugged] });
    });
  });
});
