import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { findElectron } from '../../scripts/electron-binary';

describe('the same first screen in the Electron window', () => {
  it('opens the app from app:// with the first-run screen', async (context) => {
    const found = findElectron({ download: false });
    if (!found.available) {
      context.skip(`Electron cannot run on this machine: ${found.reason}`);
      return;
    }
    const app = await electron.launch({ executablePath: found.path, args: ['.', '--no-sandbox'] });
    try {
      const window = await app.firstWindow();
      expect(window.url()).toBe('app://ledger/index.html');
      await expect.poll(() => window.getByRole('button', { name: 'Create the ledger' }).isVisible()).toBe(true);
      expect(await window.evaluate(() => typeof (window as unknown as { ledger?: unknown }).ledger)).toBe('object');
    } finally {
      await app.close();
    }
  });
});
