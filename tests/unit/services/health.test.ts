import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../../electron/services/health';
import { withTempDir } from '../../support/temp-dir';

describe('the health check', () => {
  it('reports a writable data folder and leaves no probe file behind', async () => {
    await withTempDir(async (dir) => {
      const { readdir } = await import('node:fs/promises');
      const health = await checkHealth(join(dir, 'ledger'));
      expect(health).toMatchObject({ status: 'ok', dataFolderWritable: true });
      expect(await readdir(join(dir, 'ledger'))).toEqual([]);
    });
  });

  it('says plainly when the data folder cannot be written', async () => {
    await withTempDir(async (dir) => {
      const blocked = join(dir, 'not-a-folder');
      await writeFile(blocked, 'a file where the folder should be');
      const health = await checkHealth(blocked);
      expect(health.status).toBe('degraded');
      expect(health.dataFolderWritable).toBe(false);
      expect(health.detail).toMatch(/cannot be written .*Nothing can be saved/);
    });
  });
});
