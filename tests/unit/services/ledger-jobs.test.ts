import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLedgerServices } from '../../../electron/services/services';
import type { JobStatus } from '../../../shared/jobs/jobs';
import { withTempDir } from '../../support/temp-dir';
import { events, header, manualClock } from './ledger-fixtures';

const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0', platform: 'linux' } as const;
const quiet = { error: () => undefined };

async function servicesWithLedger(dataDir: string, now = manualClock().now) {
  const services = createLedgerServices({ dataDir, runtime, now, log: quiet });
  await services.handlers.vaultCreate({ header: header(), events: events(3) });
  return services;
}

async function finished(services: ReturnType<typeof createLedgerServices>, started: JobStatus) {
  return services.jobs.settled(started.id);
}

async function auditTrail(services: ReturnType<typeof createLedgerServices>) {
  const { entries } = await services.handlers.journalRead({ afterSeq: 0, limit: 1000 });
  return entries.filter((e) => e.type.startsWith('audit.')).map((e) => [e.type, e.actor, e.payload]);
}

describe('the ledger jobs', () => {
  it('verifies the journal and records that it did', async () => {
    await withTempDir(async (dir) => {
      const services = await servicesWithLedger(dir);
      const job = await finished(services, await services.handlers.jobStart({ actor: 'alice', job: { kind: 'verifyJournal' } }));
      expect(job).toMatchObject({ state: 'done', result: { kind: 'verifyJournal', report: { verdict: 'intact', entriesChecked: 3 } } });
      expect(job.progress).toMatchObject({ done: 3, total: 3, unit: 'entries' });
      expect(await auditTrail(services)).toEqual([['audit.verify', 'alice', null]]);
    });
  });

  it('backs up, records the time of the last backup, and journals it; a failed backup is journaled too', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const services = await servicesWithLedger(join(dir, 'data'), clock.now);
      await mkdir(join(dir, 'usb'));
      clock.advance(5000);
      const job = await finished(services, await services.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb'), automatic: false } }));
      expect(job).toMatchObject({ state: 'done', result: { kind: 'backup', backup: { journalEntries: 3 }, removedGenerations: [] } });
      expect((await services.handlers.settingsGet({})).lastBackupAt).toBe('2025-03-01T09:00:05.000Z');

      const failed = await finished(services, await services.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'gone'), automatic: false } }));
      expect(failed).toMatchObject({ state: 'failed', error: { code: 'not_found', message: expect.stringMatching(/cannot be found/) } });
      expect(await auditTrail(services)).toEqual([
        ['audit.backup', 'alice', null],
        ['audit.backup_failed', 'alice', null],
      ]);
    });
  });

  it('restores into an empty data folder and journals the restore in the restored ledger', async () => {
    await withTempDir(async (dir) => {
      const source = await servicesWithLedger(join(dir, 'data'));
      await mkdir(join(dir, 'usb'));
      const backup = await finished(source, await source.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb'), automatic: false } }));
      const file = backup.result?.kind === 'backup' ? backup.result.backup.file : '';

      const target = createLedgerServices({ dataDir: join(dir, 'new-computer'), runtime, log: quiet });
      const checked = await finished(target, await target.handlers.jobStart({ actor: 'bob', job: { kind: 'verifyBackup', file } }));
      expect(checked).toMatchObject({ state: 'done', result: { kind: 'verifyBackup', backup: { ledgerId: 'ledger-norwalk-1' } } });
      const restored = await finished(target, await target.handlers.jobStart({ actor: 'bob', job: { kind: 'restore', file } }));
      expect(restored).toMatchObject({ state: 'done', result: { kind: 'restore', backup: { file } } });
      expect(await target.handlers.vaultStatus({})).toMatchObject({ state: 'ready', ledgerId: 'ledger-norwalk-1', head: { seq: 4 } });
      expect(await auditTrail(target)).toEqual([['audit.restore', 'bob', null]]);
    });
  });

  it('cancels a restore with nothing left half done', async () => {
    await withTempDir(async (dir) => {
      const source = await servicesWithLedger(join(dir, 'data'));
      await source.handlers.journalAppend({ events: events(200, { payloadBytes: 4000 }) });
      await mkdir(join(dir, 'usb'));
      const backup = await finished(source, await source.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb'), automatic: false } }));
      const file = backup.result?.kind === 'backup' ? backup.result.backup.file : '';

      const target = createLedgerServices({ dataDir: join(dir, 'new-computer'), runtime, log: quiet });
      const started = await target.handlers.jobStart({ actor: 'bob', job: { kind: 'restore', file } });
      await target.handlers.jobCancel({ id: started.id });
      expect(await finished(target, started)).toMatchObject({ state: 'cancelled' });
      expect(await readdir(join(dir, 'new-computer')).catch(() => [])).toEqual([]);
      expect(await target.handlers.vaultStatus({})).toEqual({ state: 'new' });
    });
  });
});
