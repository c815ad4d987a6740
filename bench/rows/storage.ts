import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupService } from '../../electron/services/backup';
import { Journal } from '../../electron/services/journal';
import { VaultStore } from '../../electron/services/vault-store';
import type { NewEvent } from '../../shared/journal/entry';
import type { VaultHeader } from '../../shared/vault/header';
import { median, p95, type BenchRow } from '../results';

/**
 * Main's storage, measured with the real classes on a temp folder, each
 * against the plainest way to do the same work with the same bytes: raw
 * append+fsync, `sha256sum`, a plain file copy.
 */
const BATCH = 1_000;
const PAYLOAD_BYTES = 1_024;
const MB = 1_000_000;

export const benchHeader: VaultHeader = {
  format: 'records-ledger-vault',
  version: 1,
  ledgerId: 'bench-ledger',
  cityName: 'Bench City',
  ledgerName: 'Bench Ledger',
  createdAt: '2025-01-01T00:00:00.000Z',
  slots: [
    {
      id: 'bench',
      kind: 'user',
      userId: 'bench',
      label: 'Bench',
      kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==' },
      wrapped: { nonce: 'bm9uY2Vub25jZW5v', ciphertext: 'Y2lwaGVydGV4dGNpcGhlcnRleHRjaXBoZXJ0ZXh0MTI=' },
      createdAt: '2025-01-01T00:00:00.000Z',
    },
  ],
};

function batchOfEvents(): NewEvent[] {
  // Random bytes stand in for ciphertext, which is incompressible too.
  return Array.from({ length: BATCH }, (_, i) => ({ type: 'record.version', actor: 'bench', recordId: `rec-${i}`, payload: randomBytes(PAYLOAD_BYTES) }));
}

function seconds(ms: number): number {
  return ms / 1000;
}

function filesIn(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .map((name) => join(folder, name));
}

function totalBytes(files: string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0);
}

/** The peer for backup and restore: the same bytes read and written into one file, synced, with no checks. */
async function plainCopy(sources: string[], target: string): Promise<void> {
  const out = await open(target, 'w');
  const chunk = Buffer.allocUnsafe(1024 * 1024);
  try {
    let position = 0;
    for (const source of sources) {
      const input = await open(source, 'r');
      try {
        for (;;) {
          const { bytesRead } = await input.read(chunk, 0, chunk.length, null);
          if (bytesRead === 0) break;
          await out.write(chunk, 0, bytesRead, position);
          position += bytesRead;
        }
      } finally {
        await input.close();
      }
    }
    await out.sync();
  } finally {
    await out.close();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function storageRows(options: { quick: boolean }): Promise<BenchRow[]> {
  const entries = options.quick ? 10_000 : 100_000;
  const label = options.quick ? '10k' : '100k';
  const root = mkdtempSync(join(tmpdir(), 'records-ledger-bench-storage-'));
  const rows: BenchRow[] = [];
  try {
    // Append: the real journal, batch by batch; the peer appends the same number of bytes to a plain file.
    const dataDir = join(root, 'data');
    const vault = new VaultStore(dataDir);
    await vault.create(benchHeader, [{ type: 'vault.created', actor: 'bench', recordId: null, payload: null }]);
    const { journal } = await vault.open();
    const appendMs: number[] = [];
    const rawMs: number[] = [];
    const raw = await open(join(root, 'raw-append.bin'), 'a');
    try {
      for (let done = 0; done < entries; done += BATCH) {
        const batch = batchOfEvents();
        const before = journal.snapshot().segments.reduce((sum, s) => sum + s.bytes, 0);
        appendMs.push(await timed(() => journal.append(batch)));
        const written = journal.snapshot().segments.reduce((sum, s) => sum + s.bytes, 0) - before;
        const same = randomBytes(written);
        rawMs.push(
          await timed(async () => {
            await raw.write(same, 0, same.length, null);
            await raw.sync();
          }),
        );
      }
    } finally {
      await raw.close();
    }
    const appendMedian = median(appendMs);
    const rawMedian = median(rawMs);
    rows.push({
      operation: `journal append: one batch of 1,000 events with 1 KB payloads, fsync'd (${Math.round((BATCH / appendMedian) * 1000).toLocaleString('en-US')} entries/s)`,
      measured: appendMedian,
      p95: p95(appendMs),
      unit: 'ms per batch',
      budget: 200,
      withinBudget: p95(appendMs) <= 200,
      peer: `raw append + fsync of the same bytes: ${rawMedian.toFixed(1)} ms`,
      ratio: appendMedian / rawMedian,
    });

    // Verify: the whole chain, against hashing the same files with sha256sum.
    const segments = filesIn(journal.folder);
    const verifyMs = await timed(async () => {
      const report = await new Journal(journal.folder).verify();
      if (report.verdict !== 'intact' || report.entriesChecked !== entries + 1) throw new Error('The bench journal did not verify.');
    });
    const sha = await timed(async () => {
      const result = spawnSync('sha256sum', segments, { stdio: ['ignore', 'ignore', 'inherit'] });
      if (result.status !== 0) throw new Error('sha256sum failed');
    });
    rows.push({
      operation: `verify the journal: ${label} entries (budget 6 s, at most 3× sha256sum)`,
      measured: seconds(verifyMs),
      unit: 's',
      budget: 6,
      withinBudget: seconds(verifyMs) <= 6 && verifyMs / sha <= 3,
      peer: `sha256sum of the same ${(totalBytes(segments) / MB).toFixed(0)} MB: ${seconds(sha).toFixed(2)} s`,
      ratio: verifyMs / sha,
    });

    // Backup: write, read back, check; against copying the same bytes into one file.
    const backupFolder = join(root, 'backups');
    mkdirSync(backupFolder);
    const sources = [...segments, ...filesIn(join(vault.vaultDir, 'attachments'))];
    const sourceBytes = totalBytes(sources);
    let backupFile = '';
    const backupMs = await timed(async () => {
      backupFile = (await new BackupService({ vault }).create(backupFolder, 1)).backup.file;
    });
    const copyMs = await timed(() => plainCopy(sources, join(root, 'copy.bin')));
    rows.push({
      operation: `backup of a ${label}-event ledger, read back and checked (budget: at least half the speed of a plain copy)`,
      measured: seconds(backupMs),
      unit: 's',
      budget: seconds(2 * copyMs),
      withinBudget: backupMs <= 2 * copyMs,
      peer: `plain copy of the same ${(sourceBytes / MB).toFixed(0)} MB: ${seconds(copyMs).toFixed(2)} s (${(sourceBytes / MB / seconds(copyMs)).toFixed(0)} MB/s; backup ${(sourceBytes / MB / seconds(backupMs)).toFixed(0)} MB/s)`,
      ratio: backupMs / copyMs,
    });

    // Restore: every byte checked as it is unpacked, then the unpacked ledger opened; against copying the backup file.
    const restoreDir = join(root, 'restored');
    const restoreMs = await timed(() => new BackupService({ vault: new VaultStore(restoreDir) }).restore(backupFile));
    const backupBytes = statSync(backupFile).size;
    const copyBackupMs = await timed(() => plainCopy([backupFile], join(root, 'copy-of-backup.bin')));
    rows.push({
      operation: `restore of a ${label}-event backup, every byte and the journal's chain checked as it is unpacked (budget: at least half the speed of a plain copy)`,
      measured: seconds(restoreMs),
      unit: 's',
      budget: seconds(2 * copyBackupMs),
      withinBudget: restoreMs <= 2 * copyBackupMs,
      peer: `plain copy of the ${(backupBytes / MB).toFixed(0)} MB backup: ${seconds(copyBackupMs).toFixed(2)} s (${(backupBytes / MB / seconds(copyBackupMs)).toFixed(0)} MB/s; restore ${(backupBytes / MB / seconds(restoreMs)).toFixed(0)} MB/s)`,
      ratio: restoreMs / copyBackupMs,
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return rows;
}
