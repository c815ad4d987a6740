import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atomicWrite, atomicWriteFiles } from '../../../electron/services/durable-files';
import { LedgerFailure } from '../../../shared/ipc/result';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem, type Fault } from './faulty-file-system';

describe('an atomic write', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'header.json');
      await writeFile(path, 'old');
      await atomicWrite(new FaultyFileSystem(), path, Buffer.from('new contents'));
      expect(await readFile(path, 'utf8')).toBe('new contents');
      expect(await readdir(dir)).toEqual(['header.json']);
    });
  });

  it.each<[string, Fault, RegExp]>([
    ['the disk fills up part-way through', { operation: 'write', code: 'ENOSPC', afterBytes: 5 }, /The disk is full, so the header could not be saved; nothing was changed\. Free some space/],
    ['permission is refused', { operation: 'open', code: 'EACCES' }, /refused permission/],
    ['the fsync fails', { operation: 'sync', code: 'EIO' }, /hardware error.*nothing was changed/],
    ['the rename fails', { operation: 'rename', code: 'EPERM' }, /refused permission.*nothing was changed/],
  ])('when %s: says so plainly, keeps the old file and leaves no temp file', async (_label, fault, message) => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'header.json');
      await writeFile(path, 'the previous header');
      const fs = new FaultyFileSystem();
      fs.inject(fault);
      const error = await atomicWrite(fs, path, Buffer.from('a new header that is longer'), 'the header').catch((e: unknown) => e);
      expect(fs.triggered).toBe(1);
      expect(error).toBeInstanceOf(LedgerFailure);
      expect((error as LedgerFailure).code).toBe('storage_failure');
      expect((error as LedgerFailure).message).toMatch(message);
      expect(await readFile(path, 'utf8')).toBe('the previous header');
      expect(await readdir(dir)).toEqual(['header.json']);
    });
  });

  it('writes every file of a set before renaming any, so a fault leaves all of them as they were', async () => {
    await withTempDir(async (dir) => {
      const first = join(dir, 'a.json');
      const second = join(dir, 'b.json');
      await writeFile(first, 'old a');
      await writeFile(second, 'old b');
      const fs = new FaultyFileSystem();
      fs.inject({ operation: 'write', code: 'ENOSPC', pathIncludes: 'b.json' });
      await expect(atomicWriteFiles(fs, [{ path: first, bytes: Buffer.from('new a') }, { path: second, bytes: Buffer.from('new b') }], 'both')).rejects.toThrow(/disk is full/);
      expect(await readFile(first, 'utf8')).toBe('old a');
      expect(await readFile(second, 'utf8')).toBe('old b');
      expect((await readdir(dir)).sort()).toEqual(['a.json', 'b.json']);
    });
  });
});
