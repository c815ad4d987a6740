import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultStore } from '../../../electron/services/vault-store';
import { withTempDir } from '../../support/temp-dir';
import { FaultyFileSystem, type Fault } from './faulty-file-system';
import { events, header, manualClock, recoverySlot, slot, vaultPaths } from './ledger-fixtures';

async function createdVault(dataDir: string, options: ConstructorParameters<typeof VaultStore>[1] = {}) {
  const store = new VaultStore(dataDir, options);
  await store.create(header(), events(2));
  return store;
}

async function snapshotFolder(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name).slice(folder.length)] = await readFile(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

async function auditTypes(store: VaultStore) {
  const { journal } = await store.open();
  return (await journal.read(0, 1000)).filter((e) => e.type.startsWith('audit.')).map((e) => [e.type, e.actor]);
}

describe('the vault on disk', () => {
  it('says "new" for an empty or missing data folder, and writes nothing to find out', async () => {
    await withTempDir(async (dir) => {
      expect(await new VaultStore(join(dir, 'missing')).status()).toEqual({ state: 'new' });
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('creates the header (two copies) and the first batch together, and reports the ledger ready', async () => {
    await withTempDir(async (dir) => {
      const store = new VaultStore(dir);
      const { head } = await store.create(header(), events(3));
      expect(head.seq).toBe(3);
      const paths = vaultPaths(dir);
      expect(JSON.parse(await readFile(paths.header, 'utf8'))).toEqual(header());
      expect(await readFile(paths.headerBackup, 'utf8')).toBe(await readFile(paths.header, 'utf8'));
      expect(await readdir(dir)).toEqual(['vault']);
      const status = await new VaultStore(dir).status();
      expect(status).toMatchObject({
        state: 'ready',
        ledgerId: 'ledger-norwalk-1',
        ledgerName: 'Social Media Removals',
        head,
        readModelMarker: null,
        slots: [
          { id: 'alice', kind: 'user', userId: 'alice', label: 'Clerk alice' },
          { id: 'recovery-1', kind: 'recovery', userId: null, label: 'Recovery key' },
        ],
      });
    });
  });

  it('refuses to create a second ledger over the first, changing nothing', async () => {
    await withTempDir(async (dir) => {
      const store = await createdVault(dir);
      const before = await snapshotFolder(dir);
      await expect(store.create(header({ ledgerId: 'other' }), events(1))).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already exists/) });
      expect(await snapshotFolder(dir)).toEqual(before);
    });
  });

  it('leaves no half-made vault when creating fails, and can create afterwards', async () => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      fs.inject({ operation: 'write', code: 'ENOSPC', pathIncludes: 'segment-', afterBytes: 50 });
      const store = new VaultStore(dir, { fs });
      await expect(store.create(header(), events(2))).rejects.toThrow(/disk is full/);
      expect(await readdir(dir)).toEqual([]);
      expect(await store.status()).toEqual({ state: 'new' });
      await store.create(header(), events(2));
      expect((await store.status()).state).toBe('ready');
    });
  });

  it('removes leftovers of an interrupted create or restore at start', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'vault.creating-0123abcd', 'journal'), { recursive: true });
      await mkdir(join(dir, 'vault.restoring-89ef'), { recursive: true });
      await writeFile(join(dir, 'vault.restoring-89ef', 'header.json'), '{}');
      await writeFile(join(dir, 'settings.json'), '{}');
      expect(await new VaultStore(dir).status()).toEqual({ state: 'new' });
      expect(await readdir(dir)).toEqual(['settings.json']);
    });
  });

  it('removes temp files of writes a crash cut short, in the vault and its attachments, and nothing else, at start', async () => {
    await withTempDir(async (dir) => {
      const created = await createdVault(dir);
      const { attachments } = await created.open();
      await attachments.put('shot-1', new Uint8Array([1, 2, 3]));
      const paths = vaultPaths(dir);
      // What a kill between writing and renaming leaves (atomicWriteFiles names them so).
      await writeFile(join(paths.attachments, '.shot-2.bin.tmp-0123456789abcdef'), 'ciphertext of a screenshot nobody saved');
      await writeFile(join(paths.vault, '.read-model.json.tmp-fedcba9876543210'), '{"half":');
      await writeFile(join(paths.attachments, 'notes.txt'), 'not ours to judge');
      const before = (await readdir(paths.vault)).filter((name) => !name.includes('.tmp-')).sort();

      expect(await new VaultStore(dir).status()).toMatchObject({ state: 'ready' });
      expect((await readdir(paths.attachments)).sort()).toEqual(['notes.txt', 'shot-1.bin']);
      expect((await readdir(paths.vault)).sort()).toEqual(before);
    });
  });

  it('uses the backup copy of the header when the primary is damaged or missing', async () => {
    await withTempDir(async (dir) => {
      await createdVault(dir);
      const paths = vaultPaths(dir);
      await writeFile(paths.header, '{"format":"records-ledger-vault","vers');
      expect(await new VaultStore(dir).status()).toMatchObject({ state: 'ready', ledgerId: 'ledger-norwalk-1' });
      await writeFile(paths.header, '');
      expect(await new VaultStore(dir).status()).toMatchObject({ state: 'ready' });
      await writeFile(paths.header, JSON.stringify({ ...header(), slots: 'none' }));
      expect(await new VaultStore(dir).status()).toMatchObject({ state: 'ready' });
    });
  });

  it('reports "unreadable", changing nothing, when both copies are damaged', async () => {
    await withTempDir(async (dir) => {
      await createdVault(dir);
      const paths = vaultPaths(dir);
      await writeFile(paths.header, 'not json');
      await writeFile(paths.headerBackup, '{"half":');
      const before = await snapshotFolder(dir);
      const store = new VaultStore(dir);
      expect(await store.status()).toEqual({ state: 'unreadable', message: expect.stringMatching(/damaged.*backup copy cannot be used.*restore the ledger from a backup/) });
      await expect(store.create(header(), events(1))).rejects.toMatchObject({ code: 'conflict' });
      await expect(store.unlockMaterial('alice')).rejects.toMatchObject({ code: 'storage_failure' });
      expect(await snapshotFolder(dir)).toEqual(before);
    });
  });

  it('refuses a header of an unknown, newer version by name, without falling back to the older copy', async () => {
    await withTempDir(async (dir) => {
      await createdVault(dir);
      await writeFile(vaultPaths(dir).header, JSON.stringify({ ...header(), version: 2 }));
      const before = await snapshotFolder(dir);
      const store = new VaultStore(dir);
      expect(await store.status()).toEqual({ state: 'unreadable', message: expect.stringMatching(/format version 2; this app reads vault format version 1/) });
      await expect(store.open()).rejects.toMatchObject({ code: 'unsupported_version' });
      expect(await snapshotFolder(dir)).toEqual(before);
    });
  });

  it('refuses a header whose key slot was weakened below the passphrase-protection floor', async () => {
    await withTempDir(async (dir) => {
      await createdVault(dir);
      const weakened = header({ slots: [slot('alice', { kdf: { ...slot('alice').kdf, memoryKiB: 1024, iterations: 1 } }), recoverySlot()] });
      await writeFile(vaultPaths(dir).header, JSON.stringify(weakened));
      await writeFile(vaultPaths(dir).headerBackup, JSON.stringify(weakened));
      const store = new VaultStore(dir);
      expect(await store.status()).toEqual({ state: 'unreadable', message: expect.stringMatching(/"Clerk alice" asks for weaker passphrase protection.*refused/) });
      await expect(store.unlockMaterial('alice')).rejects.toThrow(/weaker passphrase protection/);
    });
  });

  it('refuses to add a key slot with weakened passphrase protection', async () => {
    await withTempDir(async (dir) => {
      const store = await createdVault(dir);
      const weak = slot('bob', { kdf: { ...slot('bob').kdf, memoryKiB: 32 * 1024 } });
      await expect(store.putSlot(weak, 'alice')).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/weaker passphrase protection/) });
      expect((await store.open()).header.slots.map((s) => s.id)).toEqual(['alice', 'recovery-1']);
    });
  });

  it('adds, replaces and removes key slots, keeping both header copies and journaling each change', async () => {
    await withTempDir(async (dir) => {
      const store = await createdVault(dir);
      await store.putSlot(slot('bob'), 'alice');
      await store.putSlot(slot('bob', { label: 'Bob (new passphrase)' }), 'bob');
      await store.removeSlot('alice', 'bob');
      const fresh = new VaultStore(dir);
      const status = await fresh.status();
      expect(status.state === 'ready' && status.slots.map((s) => [s.id, s.label])).toEqual([
        ['recovery-1', 'Recovery key'],
        ['bob', 'Bob (new passphrase)'],
      ]);
      const paths = vaultPaths(dir);
      expect(await readFile(paths.headerBackup, 'utf8')).toBe(await readFile(paths.header, 'utf8'));
      expect(await auditTypes(fresh)).toEqual([
        ['audit.key_slot_added', 'alice'],
        ['audit.key_slot_added', 'bob'],
        ['audit.key_slot_removed', 'bob'],
      ]);
    });
  });

  it('refuses to remove the recovery slot or the last user slot, or to add a second recovery slot', async () => {
    await withTempDir(async (dir) => {
      const store = await createdVault(dir);
      await expect(store.removeSlot('recovery-1', 'alice')).rejects.toThrow(/recovery key cannot be removed/);
      await expect(store.removeSlot('alice', 'alice')).rejects.toThrow(/last person who can open the ledger/);
      await expect(store.removeSlot('nobody', 'alice')).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.putSlot(slot('recovery-2', { kind: 'recovery', userId: null }), 'alice')).rejects.toThrow(/already has a recovery key/);
      expect((await store.open()).header.slots).toEqual(header().slots);
    });
  });

  it.each<[string, Fault]>([
    ['the disk is full', { operation: 'write', code: 'ENOSPC', pathIncludes: 'header' }],
    ['the write fails after some bytes', { operation: 'write', code: 'EIO', pathIncludes: 'header.backup', afterBytes: 40 }],
    ['permission is refused', { operation: 'open', code: 'EACCES', pathIncludes: 'header' }],
    ['the fsync fails', { operation: 'sync', code: 'EIO', pathIncludes: 'header' }],
    ['the rename fails', { operation: 'rename', code: 'EIO', pathIncludes: 'header.json' }],
  ])('when %s while the header is written: a clear error, both copies as they were', async (_label, fault) => {
    await withTempDir(async (dir) => {
      const fs = new FaultyFileSystem();
      const store = await createdVault(dir, { fs });
      const before = await snapshotFolder(dir);
      fs.inject(fault);
      await expect(store.putSlot(slot('bob'), 'alice')).rejects.toMatchObject({ code: 'storage_failure', message: expect.stringMatching(/could not be saved; nothing was changed/) });
      expect(fs.triggered).toBe(1);
      expect(await snapshotFolder(dir)).toEqual(before);
      expect((await store.open()).header.slots.map((s) => s.id)).toEqual(['alice', 'recovery-1']);
      await store.putSlot(slot('bob'), 'alice');
      expect((await new VaultStore(dir).open()).header.slots.map((s) => s.id)).toEqual(['alice', 'recovery-1', 'bob']);
    });
  });

  it('keeps the read model marker, and refuses one that is ahead of the journal', async () => {
    await withTempDir(async (dir) => {
      const store = await createdVault(dir);
      await store.setReadModelMarker({ instanceId: 'idb-1', lastSeq: 2 });
      expect(await new VaultStore(dir).status()).toMatchObject({ readModelMarker: { instanceId: 'idb-1', lastSeq: 2 } });
      await expect(store.setReadModelMarker({ instanceId: 'idb-1', lastSeq: 9 })).rejects.toMatchObject({ code: 'conflict' });
    });
  });

  it('refuses vault operations with a clear message when there is no ledger yet', async () => {
    await withTempDir(async (dir) => {
      await expect(new VaultStore(dir).unlockMaterial('alice')).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/no ledger in this data folder yet/) });
    });
  });

  it('journals unlocks with the slot owner as actor, or "recovery"', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const store = await createdVault(dir, { now: clock.now });
      await store.reportUnlock('alice', 'failure');
      await store.reportUnlock('recovery-1', 'success');
      const { journal } = await store.open();
      const audit = (await journal.read(2, 10)).map((e) => ({ type: e.type, actor: e.actor, recordId: e.recordId, payload: e.payload }));
      expect(audit).toEqual([
        { type: 'audit.unlock_failed', actor: 'alice', recordId: null, payload: null },
        { type: 'audit.unlock', actor: 'recovery', recordId: null, payload: null },
      ]);
    });
  });
});
