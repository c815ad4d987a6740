import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLedgerServices } from '../../../electron/services/services';
import type { JobRequest, JobStatus } from '../../../shared/jobs/jobs';
import type { NewEvent } from '../../../shared/journal/entry';
import { withTempDir } from '../../support/temp-dir';
import { disposalEvents, header, manualClock, randomBytesFrom, seededRandom } from './ledger-fixtures';

/**
 * The backup rotation after a disposition: backups made before it still hold
 * what it destroyed, so they are kept only until the day the schedule allows
 * (backupsHoldContentUntil, a city day), then removed however many
 * generations are kept, on the next backup, at start and on the daily check.
 */
const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0', platform: 'linux' } as const;
const quiet = { error: () => undefined };

type Services = ReturnType<typeof createLedgerServices>;

async function done(services: Services, started: JobStatus): Promise<JobStatus> {
  const finished = await services.jobs.settled(started.id);
  expect(finished).toMatchObject({ state: 'done' });
  return finished;
}

async function backUp(services: Services, folder: string): Promise<{ file: string; removed: string[] }> {
  const finished = await done(services, await services.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder, automatic: false } }));
  if (finished.result?.kind !== 'backup') throw new Error('not a backup result');
  return { file: basename(finished.result.backup.file), removed: finished.result.removedGenerations.map((f) => basename(f)) };
}

async function expiryAudits(services: Services) {
  const { entries } = await services.handlers.journalRead({ afterSeq: 0, limit: 10_000 });
  return entries.filter((e) => e.type === 'audit.backup_expired').map((e) => [e.actor, e.payload]);
}

/**
 * Backups on 1 and 2 March (Pacific time), a disposition executed on 3 March
 * whose backups may hold its content until 5 March, and a backup after it.
 */
async function ledgerWithBackupsAroundADisposition(dir: string) {
  const data = join(dir, 'data');
  const usb = join(dir, 'usb');
  await mkdir(usb);
  const clock = manualClock('2025-03-01T18:00:00.000Z');
  const services = createLedgerServices({ dataDir: data, runtime, now: clock.now, log: quiet });
  const random = seededRandom(5);
  const versions: NewEvent[] = ['old-1', 'old-2', 'new-1'].map((recordId) => ({ type: 'removal.version', actor: 'alice', recordId, payload: randomBytesFrom(random, 100) }));
  await services.handlers.vaultCreate({ header: header(), events: versions });
  await services.handlers.settingsSet({ backupFolder: usb, backupGenerations: 7 });
  const first = await backUp(services, usb);
  clock.set('2025-03-02T18:00:00.000Z');
  const second = await backUp(services, usb);
  clock.set('2025-03-03T18:00:00.000Z');
  const dispose: JobRequest = {
    kind: 'dispose',
    batchId: 'batch-1',
    events: disposalEvents('batch-1', ['old-1', 'old-2'], { random }),
    recordIds: ['old-1', 'old-2'],
    attachmentIds: [],
    backupsHoldContentUntil: '2025-03-05',
  };
  await done(services, await services.handlers.jobStart({ actor: 'rita', job: dispose }));
  clock.set('2025-03-03T19:00:00.000Z');
  const third = await backUp(services, usb);
  // Things in the folder that are not this ledger's backups are never touched.
  await writeFile(join(usb, 'notes.txt'), 'keep');
  return { data, usb, clock, services, before: [first.file, second.file], after: third.file };
}

describe('the backup rotation after a disposition', () => {
  it('keeps the backups made before it until the day allowed, then removes them on the next backup, whatever the generations', async () => {
    await withTempDir(async (dir) => {
      const { usb, clock, services, before, after } = await ledgerWithBackupsAroundADisposition(dir);
      clock.set('2025-03-04T18:00:00.000Z');
      const fourth = await backUp(services, usb);
      expect(fourth.removed).toEqual([]);
      expect((await readdir(usb)).sort()).toEqual([...before, after, fourth.file, 'notes.txt'].sort());

      // 5 March, 08:00 in Norwalk.
      clock.set('2025-03-05T16:00:00.000Z');
      const fifth = await backUp(services, usb);
      expect(fifth.removed.sort()).toEqual([...before].sort());
      expect((await readdir(usb)).sort()).toEqual([after, fourth.file, fifth.file, 'notes.txt'].sort());
      expect(await expiryAudits(services)).toEqual([
        ['system', null],
        ['system', null],
      ]);
    });
  });

  it('goes by the city’s calendar: late on 4 March in Norwalk (already 5 March in UTC) the backups are still kept', async () => {
    await withTempDir(async (dir) => {
      const { usb, clock, services, before } = await ledgerWithBackupsAroundADisposition(dir);
      clock.set('2025-03-05T06:00:00.000Z');
      const next = await backUp(services, usb);
      expect(next.removed).toEqual([]);
      for (const file of before) expect(await readdir(usb)).toContain(file);
    });
  });

  it('removes them when the app starts on or after that day, even with no new backup', async () => {
    await withTempDir(async (dir) => {
      const { data, usb, before, after } = await ledgerWithBackupsAroundADisposition(dir);
      const early = createLedgerServices({ dataDir: data, runtime, now: manualClock('2025-03-04T18:00:00.000Z').now, log: quiet });
      await early.start();
      early.stop();
      for (const file of before) expect(await readdir(usb)).toContain(file);

      const restarted = createLedgerServices({ dataDir: data, runtime, now: manualClock('2025-03-06T18:00:00.000Z').now, log: quiet });
      await restarted.start();
      restarted.stop();
      expect((await readdir(usb)).sort()).toEqual([after, 'notes.txt'].sort());
      expect(await expiryAudits(createLedgerServices({ dataDir: data, runtime, log: quiet }))).toHaveLength(2);
    });
  });

  it('removes them on the daily check, even when daily backups are switched off', async () => {
    await withTempDir(async (dir) => {
      const { usb, clock, services, after } = await ledgerWithBackupsAroundADisposition(dir);
      await services.handlers.settingsSet({ dailyBackup: false });
      clock.set('2025-03-04T18:00:00.000Z');
      expect(await services.dailyBackup.checkNow()).toBe('off');
      expect(await readdir(usb)).toHaveLength(4);
      clock.set('2025-03-05T18:00:00.000Z');
      expect(await services.dailyBackup.checkNow()).toBe('off');
      expect((await readdir(usb)).sort()).toEqual([after, 'notes.txt'].sort());
    });
  });

  it('leaves another ledger’s backups in the same folder alone', async () => {
    await withTempDir(async (dir) => {
      const { usb, clock, services, after } = await ledgerWithBackupsAroundADisposition(dir);
      const other = createLedgerServices({ dataDir: join(dir, 'other'), runtime, now: manualClock('2025-03-01T12:00:00.000Z').now, log: quiet });
      await other.handlers.vaultCreate({ header: header({ ledgerId: 'ledger-other', ledgerName: 'Other Ledger' }), events: [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }] });
      const theirs = await backUp(other, usb);
      clock.set('2025-03-05T18:00:00.000Z');
      await services.dailyBackup.checkNow();
      expect((await readdir(usb)).sort()).toEqual([after, theirs.file, 'notes.txt'].sort());
    });
  });
});
