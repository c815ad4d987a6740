import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESTROYING_LABEL, DisposalService } from '../../../electron/services/disposal';
import type { LedgerFileSystem } from '../../../electron/services/durable-files';
import { createLedgerServices } from '../../../electron/services/services';
import { VaultStore } from '../../../electron/services/vault-store';
import { bytesToBase64 } from '../../../shared/encoding';
import type { JobProgress } from '../../../electron/services/jobs';
import type { JobRequest, JobStatus } from '../../../shared/jobs/jobs';
import type { NewEvent } from '../../../shared/journal/entry';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem, PausingFileSystem } from './faulty-file-system';
import { disposalEvents, filesHolding, header, manualClock, randomBytesFrom, seededRandom, traces, vaultPaths } from './ledger-fixtures';

/** Executing a disposition batch in main, as the records manager's "Execute" starts it. */
const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '0.0.0', platform: 'linux' } as const;
const quiet = { error: () => undefined };
const BATCH = 'batch-2026-003';

interface Written {
  recordId: string;
  payload: Uint8Array;
}

/** A ledger with `disposed` records and `kept` records, each with two versions in different segments and one screenshot. */
async function ledgerWithRecords(dataDir: string, options: { fs?: LedgerFileSystem; disposed?: number; kept?: number } = {}) {
  const random = seededRandom(34090);
  const clock = manualClock();
  const services = createLedgerServices({ dataDir, runtime, fs: options.fs, now: clock.now, entriesPerSegment: 8, log: quiet });
  await services.handlers.vaultCreate({ header: header(), events: [{ type: 'vault.created', actor: 'alice', recordId: null, payload: null }] });
  const disposed = Array.from({ length: options.disposed ?? 10 }, (_, i) => `old-${i}`);
  const kept = Array.from({ length: options.kept ?? 5 }, (_, i) => `new-${i}`);
  const written: Written[] = [];
  for (let round = 0; round < 2; round++) {
    const batch: NewEvent[] = [...disposed, ...kept].map((recordId) => ({ type: 'removal.version', actor: 'alice', recordId, payload: randomBytesFrom(random, 200) }));
    await services.handlers.journalAppend({ events: batch });
    written.push(...batch.map((e) => ({ recordId: e.recordId!, payload: e.payload! })));
  }
  const files = new Map<string, Uint8Array>();
  for (const recordId of [...disposed, ...kept]) {
    const bytes = randomBytesFrom(random, 500);
    files.set(`shot-${recordId}`, bytes);
    await services.handlers.attachmentPut({ id: `shot-${recordId}`, bytes });
  }
  const request: Extract<JobRequest, { kind: 'dispose' }> = {
    kind: 'dispose',
    batchId: BATCH,
    events: disposalEvents(BATCH, disposed, { random }),
    recordIds: disposed,
    attachmentIds: disposed.map((id) => `shot-${id}`),
    backupsHoldContentUntil: '2025-03-08',
  };
  return { services, clock, disposed, kept, written, files, request };
}

async function everything(dataDir: string) {
  const { entries } = await createLedgerServices({ dataDir, runtime, log: quiet }).handlers.journalRead({ afterSeq: 0, limit: 10_000 });
  return entries;
}

/** Every file of the ledger with its bytes: "exactly as they were" is checked byte for byte. */
async function vaultFiles(dataDir: string): Promise<Record<string, string>> {
  const folder = vaultPaths(dataDir).vault;
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(folder.length)] = (await readFile(join(entry.parentPath, entry.name))).toString('base64');
  }
  return files;
}

async function settle(services: ReturnType<typeof createLedgerServices>, started: JobStatus) {
  return services.jobs.settled(started.id);
}

describe('executing a disposition batch', () => {
  it('appends the stubs once, destroys every earlier version of the disposed records and their files, and leaves the rest as it was', async () => {
    await withTempDir(async (dir) => {
      const { services, disposed, written, files, request } = await ledgerWithRecords(dir);
      const headBefore = (await services.handlers.journalHead({})).seq;
      const destroyedTraces = written.filter((w) => disposed.includes(w.recordId)).flatMap((w) => traces(w.payload));
      const job = await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }));

      expect(job).toMatchObject({
        state: 'done',
        result: { kind: 'dispose', batchId: BATCH, firstSeq: headBefore + 1, lastSeq: headBefore + disposed.length + 1, payloadsDestroyed: 2 * disposed.length, filesDestroyed: disposed.length },
      });
      const entries = await everything(dir);
      expect(entries.filter((e) => e.type === 'disposed.version').map((e) => e.recordId)).toEqual(disposed);
      expect(entries.filter((e) => e.type === 'disposition.version').map((e) => [e.recordId, e.actor])).toEqual([[BATCH, 'rita']]);
      const versions = entries.filter((e) => e.type === 'removal.version');
      expect(versions).toHaveLength(written.length);
      for (const [index, entry] of versions.entries()) {
        // Appended in the order written: each entry is the version written at its place.
        expect(entry.recordId).toBe(written[index]!.recordId);
        if (disposed.includes(entry.recordId!)) expect(entry.payload).toBeNull();
        else expect(entry.payload).toEqual(written[index]!.payload);
      }
      // The stubs themselves keep their content: they are what remains.
      for (const entry of entries.filter((e) => e.type.startsWith('disposed') || e.type.startsWith('disposition'))) expect(entry.payload).not.toBeNull();
      expect(await filesHolding(dir, destroyedTraces)).toEqual([]);
      const stored = (await readdir(vaultPaths(dir).attachments)).sort();
      expect(stored).toEqual([...files.keys()].filter((id) => !id.startsWith('shot-old')).map((id) => `${id}.bin`).sort());
      await expect(services.handlers.attachmentGet({ id: 'shot-old-0' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/destroyed under the retention schedule/) });
      const verified = await settle(services, await services.handlers.jobStart({ actor: 'rita', job: { kind: 'verifyJournal' } }));
      expect(verified).toMatchObject({ result: { report: { verdict: 'intact' } } });
      // Nothing is left of the intent; the destruction is recorded for the backup rotation.
      expect(await readdir(join(dir, 'disposal'))).toEqual([]);
      expect(JSON.parse(await readFile(join(dir, 'destructions.json'), 'utf8'))).toEqual({
        format: 1,
        destructions: [{ batchId: BATCH, executedAt: expect.any(String), backupsHoldContentUntil: '2025-03-08' }],
      });
    });
  });

  it('reports its progress: recording, then entries scanned, then files destroyed', async () => {
    await withTempDir(async (dir) => {
      const { request } = await ledgerWithRecords(dir, { disposed: 12 });
      const disposal = new DisposalService({ vault: new VaultStore(dir, { entriesPerSegment: 8 }) });
      const seen: JobProgress[] = [];
      const outcome = await disposal.execute('rita', request, { onProgress: (p) => seen.push(p) });
      const scanning = seen.filter((p) => p.label === DESTROYING_LABEL);
      expect(scanning.at(-1)).toEqual({ done: outcome.firstSeq - 1, total: outcome.firstSeq - 1, unit: 'entries', label: DESTROYING_LABEL });
      expect(seen.filter((p) => p.unit === 'files').at(-1)).toMatchObject({ done: 12, total: 12 });
      expect(seen.map((p) => p.unit)).toEqual([...seen.map((p) => p.unit)].sort((a, b) => ['events', 'entries', 'files'].indexOf(a) - ['events', 'entries', 'files'].indexOf(b)));
    });
  });

  it('refuses while a backup is being written, and a backup is refused while a disposition is executed', async () => {
    await withTempDir(async (dir) => {
      const fs = new PausingFileSystem();
      const { services, request } = await ledgerWithRecords(join(dir, 'data'), { fs });
      await mkdir(join(dir, 'usb'));
      const backupPaused = fs.pauseWrites('.partial-', 100);
      const backup = await services.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb'), automatic: false } });
      await backupPaused.reached;
      expect(() => services.handlers.jobStart({ actor: 'rita', job: request })).toThrow('A backup is being written; execute the disposition batch when it finishes.');
      backupPaused.release();
      expect(await settle(services, backup)).toMatchObject({ state: 'done' });

      const destroyPaused = fs.pauseWrites('.rewrite-', 10);
      const dispose = await services.handlers.jobStart({ actor: 'rita', job: request });
      await destroyPaused.reached;
      expect(() => services.handlers.jobStart({ actor: 'alice', job: { kind: 'backup', folder: join(dir, 'usb'), automatic: false } })).toThrow(
        'A disposition batch is being executed; start the backup when it finishes.',
      );
      expect(() => services.handlers.jobStart({ actor: 'alice', job: { kind: 'restore', file: join(dir, 'usb', 'x.rlbackup') } })).toThrow(
        'A disposition batch is being executed; start the restore when it finishes.',
      );
      destroyPaused.release();
      expect(await settle(services, dispose)).toMatchObject({ state: 'done' });
    });
  });

  it('cancelled before the events are written: the journal and every file are exactly as they were', async () => {
    await withTempDir(async (dir) => {
      const fs = new PausingFileSystem();
      const { services, request } = await ledgerWithRecords(dir, { fs });
      const before = await vaultFiles(dir);
      const paused = fs.pauseWrites('disposal', 10);
      const job = await services.handlers.jobStart({ actor: 'rita', job: request });
      await paused.reached;
      expect(services.handlers.jobCancel({ id: job.id })).toMatchObject({ state: 'running' });
      paused.release();
      expect(await settle(services, job)).toMatchObject({ state: 'cancelled', result: null, error: null });
      expect(await vaultFiles(dir)).toEqual(before);
      expect(await readdir(join(dir, 'disposal'))).toEqual([]);
      expect(await readdir(dir)).not.toContain('destructions.json');
    });
  });

  it('cancelled once the events are written: it says it is still running and finishes the destruction', async () => {
    await withTempDir(async (dir) => {
      const fs = new PausingFileSystem();
      const { services, disposed, request } = await ledgerWithRecords(dir, { fs });
      const paused = fs.pauseWrites('.rewrite-', 10);
      const job = await services.handlers.jobStart({ actor: 'rita', job: request });
      await paused.reached;
      expect(services.handlers.jobCancel({ id: job.id })).toMatchObject({ state: 'running', progress: { label: DESTROYING_LABEL } });
      paused.release();
      expect(await settle(services, job)).toMatchObject({ state: 'done', result: { payloadsDestroyed: 2 * disposed.length, filesDestroyed: disposed.length } });
    });
  });

  it('when the journal cannot take the events (disk full), nothing is changed and nothing is left to resume', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const { services, request } = await ledgerWithRecords(dir, { fs });
      const before = await vaultFiles(dir);
      fs.inject({ operation: 'write', code: 'ENOSPC', pathIncludes: 'segment-', afterBytes: 100 });
      const job = await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }));
      expect(job).toMatchObject({ state: 'failed', error: { code: 'storage_failure', message: expect.stringMatching(/^The disk is full/) } });
      expect(await vaultFiles(dir)).toEqual(before);
      expect(await readdir(join(dir, 'disposal'))).toEqual([]);
    });
  });

  it('refuses a batch in which a record has no stub, and a batch already executed; nothing is changed', async () => {
    await withTempDir(async (dir) => {
      const { services, request } = await ledgerWithRecords(dir);
      const before = await vaultFiles(dir);
      const withoutStub = { ...request, events: request.events.filter((e) => e.recordId !== 'old-3') };
      expect(await settle(services, await services.handlers.jobStart({ actor: 'rita', job: withoutStub }))).toMatchObject({
        state: 'failed',
        error: { code: 'invalid_request', message: 'The disposition was not executed: record old-3 has no stub saying what was destroyed. Nothing was changed.' },
      });
      expect(await vaultFiles(dir)).toEqual(before);

      expect(await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }))).toMatchObject({ state: 'done' });
      const head = (await services.handlers.journalHead({})).seq;
      expect(await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }))).toMatchObject({
        state: 'failed',
        error: { code: 'conflict', message: expect.stringMatching(/already executed/) },
      });
      expect((await services.handlers.journalHead({})).seq).toBe(head);
    });
  });

  it('stopped part-way by a disk error after the events were written: finished when the app next starts, the stubs written once', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const { services, disposed, written, request } = await ledgerWithRecords(dir, { fs });
      fs.inject({ operation: 'rename', code: 'EIO', pathIncludes: 'segment-' });
      const job = await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }));
      expect(job).toMatchObject({ state: 'failed', error: { message: expect.stringMatching(/^The disposition batch is recorded in the journal, but destroying its content stopped part-way: .* Records Ledger finishes it the next time it starts/) } });
      expect(await readdir(join(dir, 'disposal'))).toEqual([`${BATCH}.json`]);

      const restarted = createLedgerServices({ dataDir: dir, runtime, now: manualClock('2025-03-02T09:00:00.000Z').now, log: quiet });
      await restarted.start();
      restarted.stop();
      const entries = await everything(dir);
      expect(entries.filter((e) => e.type === 'disposed.version')).toHaveLength(disposed.length);
      expect(entries.filter((e) => e.type === 'removal.version' && disposed.includes(e.recordId!) && e.payload !== null)).toEqual([]);
      expect(await filesHolding(dir, written.filter((w) => disposed.includes(w.recordId)).flatMap((w) => traces(w.payload)))).toEqual([]);
      expect((await readdir(vaultPaths(dir).attachments)).filter((name) => name.startsWith('shot-old'))).toEqual([]);
      expect(await readdir(join(dir, 'disposal'))).toEqual([]);
    });
  });

  it('an intent whose events never reached the journal (a crash just after it was written) is appended once, at start', async () => {
    await withTempDir(async (dir) => {
      const { services, disposed, request } = await ledgerWithRecords(dir);
      const head = (await services.handlers.journalHead({})).seq;
      await mkdir(join(dir, 'disposal'));
      const intent = {
        format: 1,
        batchId: BATCH,
        actor: 'rita',
        events: request.events.map((e) => ({ ...e, payload: e.payload && bytesToBase64(e.payload) })),
        recordIds: request.recordIds,
        attachmentIds: request.attachmentIds,
        backupsHoldContentUntil: request.backupsHoldContentUntil,
        headSeq: head,
        startedAt: '2025-03-01T09:00:00.000Z',
      };
      await writeFile(join(dir, 'disposal', `${BATCH}.json`), JSON.stringify(intent));
      for (let start = 0; start < 2; start++) {
        const restarted = createLedgerServices({ dataDir: dir, runtime, log: quiet });
        await restarted.start();
        restarted.stop();
        if (start === 0) await writeFile(join(dir, 'disposal', `${BATCH}.json`), JSON.stringify(intent));
      }
      const entries = await everything(dir);
      expect(entries.filter((e) => e.type === 'disposed.version').map((e) => e.seq)).toEqual(disposed.map((_, i) => head + 1 + i));
      expect(entries.filter((e) => e.type === 'removal.version' && disposed.includes(e.recordId!) && e.payload !== null)).toEqual([]);
    });
  });

  it('refuses by name an intent in a format it does not know, and leaves everything as it is', async () => {
    await withTempDir(async (dir) => {
      const { services, request } = await ledgerWithRecords(dir);
      const before = await vaultFiles(dir);
      await mkdir(join(dir, 'disposal'));
      await writeFile(join(dir, 'disposal', `${BATCH}.json`), JSON.stringify({ format: 2, batchId: BATCH }));
      const errors: string[] = [];
      const restarted = createLedgerServices({ dataDir: dir, runtime, log: { error: (message: string, error: unknown) => errors.push(`${message}: ${(error as Error | null)?.message ?? ''}`) } });
      await restarted.start();
      restarted.stop();
      expect(errors.join('\n')).toMatch(/format 2, which this version of Records Ledger does not know/);
      expect(await vaultFiles(dir)).toEqual(before);
      expect(await settle(services, await services.handlers.jobStart({ actor: 'rita', job: request }))).toMatchObject({
        state: 'failed',
        error: { code: 'unsupported_version', message: expect.stringMatching(/format 2, which this version of Records Ledger does not know/) },
      });
    });
  });
});
