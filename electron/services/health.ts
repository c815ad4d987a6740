import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Health } from '../../shared/ipc/channels';

/**
 * Proves the data folder can take a durable write (create, write, fsync,
 * remove) so a full or read-only disk is reported before a clerk types a record.
 */
export async function checkHealth(dataDir: string): Promise<Health> {
  const probe = join(dataDir, `.health-${process.pid}`);
  try {
    await mkdir(dataDir, { recursive: true });
    const handle = await open(probe, 'w');
    try {
      await handle.writeFile('ok');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(probe, { force: true });
    return { status: 'ok', dataFolderWritable: true, detail: 'The data folder accepts durable writes.' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return {
      status: 'degraded',
      dataFolderWritable: false,
      detail: `The data folder cannot be written (${code}). Nothing can be saved until this is fixed.`,
    };
  }
}
