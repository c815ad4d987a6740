import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPreviewHost, defaultExportsDir, numberedName } from '../../../electron/services/host';
import { withTempDir } from '../../support/temp-dir';

describe('the browser preview host', () => {
  it('saves beside the data folder, never inside it: <dataDir>-exports, and never overwrites: "name (2).pdf"', async () => {
    await withTempDir(async (dir) => {
      const data = join(dir, 'data');
      const host = createPreviewHost(data);
      expect(host.exportsDir).toBe(join(dir, 'data-exports'));
      const first = await host.saveFile('Disclosure.pdf', new Uint8Array([1]));
      const second = await host.saveFile('Disclosure.pdf', new Uint8Array([2]));
      expect(first).toBe(join(dir, 'data-exports', 'Disclosure.pdf'));
      expect(second).toBe(join(dir, 'data-exports', 'Disclosure (2).pdf'));
      expect([...(await readFile(first!))]).toEqual([1]);
      expect((await readdir(join(dir, 'data-exports'))).sort()).toEqual(['Disclosure (2).pdf', 'Disclosure.pdf']);
      // A Recovery Kit saved there is not copied along with the data folder.
      expect(await readdir(dir)).toEqual(['data-exports']);
    });
  });

  it('names the sibling folder the same way however the data folder is written', () => {
    expect(defaultExportsDir('/home/clerk/.config/Records Ledger')).toBe('/home/clerk/.config/Records Ledger-exports');
    expect(defaultExportsDir('/home/clerk/.config/Records Ledger/')).toBe('/home/clerk/.config/Records Ledger-exports');
  });

  it('saves into the folder it is given instead, when that is outside the data folder', async () => {
    await withTempDir(async (dir) => {
      const host = createPreviewHost(join(dir, 'data'), { exportsDir: join(dir, 'documents') });
      expect(await host.saveFile('Kit.pdf', new Uint8Array([3]))).toBe(join(dir, 'documents', 'Kit.pdf'));
    });
  });

  it('refuses an exports folder inside the data folder, where it would sit beside the vault', () => {
    for (const exportsDir of ['/srv/ledger', '/srv/ledger/exports']) {
      expect(() => createPreviewHost('/srv/ledger', { exportsDir })).toThrow(/outside the data folder/);
    }
    expect(() => createPreviewHost('/srv/ledger', { exportsDir: '/srv/ledger-exports' })).not.toThrow();
  });

  it('refuses a name that would leave the exports folder', async () => {
    await withTempDir(async (dir) => {
      await expect(createPreviewHost(join(dir, 'data')).saveFile('..', new Uint8Array([1]))).rejects.toMatchObject({ code: 'invalid_request' });
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
