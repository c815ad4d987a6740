import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../../electron/services/attachments';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem } from './faulty-file-system';

const screenshot = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 13) & 0xff));

describe('attachments', () => {
  it('stores encrypted bytes and gives them back, with their size and SHA-256', async () => {
    await withTempDir(async (dir) => {
      const store = new AttachmentStore(join(dir, 'attachments'));
      const stored = await store.put('shot-1', screenshot);
      expect(stored).toEqual({ bytes: 5000, sha256: createHash('sha256').update(screenshot).digest('hex') });
      expect(await store.get('shot-1')).toEqual(screenshot);
      expect(await store.list()).toEqual([{ id: 'shot-1', bytes: 5000 }]);
    });
  });

  it('says plainly when an attachment is not there', async () => {
    await withTempDir(async (dir) => {
      const store = new AttachmentStore(join(dir, 'attachments'));
      await expect(store.get('missing')).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.list()).toEqual([]);
    });
  });

  it('accepts the same upload twice but never replaces evidence with different bytes', async () => {
    await withTempDir(async (dir) => {
      const store = new AttachmentStore(join(dir, 'attachments'));
      await store.put('shot-1', screenshot);
      await expect(store.put('shot-1', screenshot)).resolves.toMatchObject({ bytes: 5000 });
      await expect(store.put('shot-1', new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'conflict' });
      expect(await store.get('shot-1')).toEqual(screenshot);
    });
  });

  it('leaves nothing behind when the disk fills up mid-write', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const store = new AttachmentStore(join(dir, 'attachments'), fs);
      await store.put('first', screenshot);
      fs.inject({ operation: 'write', code: 'ENOSPC', afterBytes: 1000 });
      await expect(store.put('second', screenshot)).rejects.toThrow(/disk is full, so the attachment could not be saved/);
      expect(await readdir(join(dir, 'attachments'))).toEqual(['first.bin']);
      await expect(store.get('second')).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  it('refuses an id that could name a file outside its folder', async () => {
    await withTempDir(async (dir) => {
      const store = new AttachmentStore(join(dir, 'attachments'));
      await expect(store.put('../header', screenshot)).rejects.toMatchObject({ code: 'invalid_request' });
    });
  });
});
