import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../../electron/services/data-folder-lock';
import { withTempDir } from '../../support/temp-dir';

/**
 * The preview's start, run from source (tsx): what it prints, and that it
 * will not open a data folder another copy has open.
 */
function runPreview(args: string[], until: RegExp): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'electron/preview/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The preview did not finish in time. Output:\n${output}`));
    }, 20_000);
    const seen = () => {
      if (until.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      seen();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      seen();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('starting the browser preview', () => {
  it('prints where saved documents go (outside the data folder, or --exports-dir), and frees the data folder when stopped', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      const first = await runPreview(['--data-dir', data, '--port', '0'], /Press Ctrl\+C/);
      expect(first.output).toContain(`Saved documents go to: ${data}-exports\n`);
      expect(first.code).toBe(0);
      const chosen = join(dir, 'my documents');
      const second = await runPreview(['--data-dir', data, '--exports-dir', chosen], /Press Ctrl\+C/);
      expect(second.output).toContain(`Saved documents go to: ${chosen}\n`);
      expect(second.code).toBe(0);
      expect(await readdir(data)).not.toContain(LOCK_FILE);
    });
  }, 40_000);

  it('says the folder is already open, and exits 1, when another copy holds the data folder', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      await mkdir(data);
      await writeFile(join(data, LOCK_FILE), JSON.stringify({ pid: process.pid, startedAt: '2025-03-01T08:00:00.000Z' }));
      const { code, output } = await runPreview(['--data-dir', data], /$^/);
      expect(output).toContain(`Records Ledger is already open on this data folder (process ${process.pid}). Close it first.`);
      expect(output).not.toContain('Records Ledger preview: http');
      expect(code).toBe(1);
    });
  }, 30_000);
});
