import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPreviewHost, numberedName } from '../../../electron/services/host';
import { withTempDir } from '../../support/temp-dir';

describe('the browser preview host', () => {
  it('saves into <dataDir>/exports and never overwrites: "name (2).pdf"', async () => {
    await withTempDir(async (dir) => {
      const host = createPreviewHost(dir);
      const first = await host.saveFile('Disclosure.pdf', new Uint8Array([1]));
      const second = await host.saveFile('Disclosure.pdf', new Uint8Array([2]));
      expect(first).toBe(join(dir, 'exports', 'Disclosure.pdf'));
      expect(second).toBe(join(dir, 'exports', 'Disclosure (2).pdf'));
      expect([...(await readFile(first!))]).toEqual([1]);
      expect((await readdir(join(dir, 'exports'))).sort()).toEqual(['Disclosure (2).pdf', 'Disclosure.pdf']);
    });
  });

  it('refuses a name that would leave the exports folder', async () => {
    await withTempDir(async (dir) => {
      await expect(createPreviewHost(dir).saveFile('..', new Uint8Array([1]))).rejects.toMatchObject({ code: 'invalid_request' });
    });
  });

  it('has no folder chooser, and counts lock signals', () => {
    const host = createPreviewHost('/unused');
    expect(host.lockGeneration()).toBe(0);
    host.signalLock();
    expect(host.lockGeneration()).toBe(1);
    return expect(host.chooseFolder()).resolves.toEqual({ supported: false, path: null });
  });

  it('numbers names with and without an extension', () => {
    expect(numberedName('report.pdf', 3)).toBe('report (3).pdf');
    expect(numberedName('README', 2)).toBe('README (2)');
    expect(numberedName('.hidden', 2)).toBe('.hidden (2)');
  });
});
