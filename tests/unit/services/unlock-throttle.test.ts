import { describe, expect, it } from 'vitest';
import { delayAfterFailures } from '../../../electron/services/unlock-throttle';
import { VaultStore } from '../../../electron/services/vault-store';
import { withTempDir } from '../../support/temp-dir';
import { events, header, manualClock } from './ledger-fixtures';

describe('the wait after wrong passphrases', () => {
  it('is free for three tries, then doubles from 2 seconds up to 5 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 10, 11, 12, 50].map(delayAfterFailures)).toEqual([0, 0, 0, 2, 4, 8, 128, 256, 300, 300]);
  });

  it('refuses the slot while the wait runs, says how long, and lets the person in once it has passed', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const store = new VaultStore(dir, { now: clock.now });
      await store.create(header(), events(1));
      for (let i = 0; i < 3; i++) await store.reportUnlock('alice', 'failure');
      await expect(store.unlockMaterial('alice')).resolves.toMatchObject({ ledgerId: 'ledger-norwalk-1', slot: { id: 'alice' } });

      expect(await store.reportUnlock('alice', 'failure')).toEqual({ consecutiveFailures: 4, retryAfterSeconds: 2 });
      await expect(store.unlockMaterial('alice')).rejects.toMatchObject({ code: 'throttled', message: 'Too many wrong passphrases. Try again in 2 seconds.' });
      // The wait is for the ledger, not per name: trying another slot does not get round it.
      await expect(store.unlockMaterial('recovery-1')).rejects.toMatchObject({ code: 'throttled' });
      clock.advance(1_000);
      await expect(store.unlockMaterial('alice')).rejects.toThrow('Try again in 1 second.');
      clock.advance(1_000);
      await expect(store.unlockMaterial('alice')).resolves.toBeDefined();

      expect(await store.reportUnlock('alice', 'failure')).toEqual({ consecutiveFailures: 5, retryAfterSeconds: 4 });
      await expect(store.unlockMaterial('alice')).rejects.toThrow('Try again in 4 seconds.');
    });
  });

  it('survives a restart of the app', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const store = new VaultStore(dir, { now: clock.now });
      await store.create(header(), events(1));
      for (let i = 0; i < 6; i++) await store.reportUnlock('alice', 'failure');
      const restarted = new VaultStore(dir, { now: clock.now });
      await expect(restarted.unlockMaterial('alice')).rejects.toThrow('Try again in 8 seconds.');
      expect(await restarted.reportUnlock('alice', 'failure')).toEqual({ consecutiveFailures: 7, retryAfterSeconds: 16 });
    });
  });

  it('starts again from nothing after a correct passphrase', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const store = new VaultStore(dir, { now: clock.now });
      await store.create(header(), events(1));
      for (let i = 0; i < 5; i++) await store.reportUnlock('alice', 'failure');
      clock.advance(10_000);
      expect(await store.reportUnlock('alice', 'success')).toEqual({ consecutiveFailures: 0, retryAfterSeconds: 0 });
      await store.reportUnlock('alice', 'failure');
      await expect(new VaultStore(dir, { now: clock.now }).unlockMaterial('alice')).resolves.toBeDefined();
    });
  });

  it('does not stretch the wait when the clock is set back', async () => {
    await withTempDir(async (dir) => {
      const clock = manualClock();
      const store = new VaultStore(dir, { now: clock.now });
      await store.create(header(), events(1));
      for (let i = 0; i < 4; i++) await store.reportUnlock('alice', 'failure');
      clock.advance(-24 * 60 * 60 * 1000);
      await expect(store.unlockMaterial('alice')).rejects.toThrow('Try again in 2 seconds.');
    });
  });
});
