import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openBrowser, startPreview, type Browser, type RunningPreview } from './support/app';
import { ADMIN, createLedgerThroughUi, unlockThroughUi } from '../support/ledger-flows';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk';

const admin = { ...ADMIN, passphrase: 'pebble orchard lantern mosaic thirty' };
let disk: SmallDisk | null = null;
let preview: RunningPreview | null = null;
let browser: Browser | null = null;

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  disk?.unmount();
});

describe('a disk that fills up while saving', () => {
  it('shows the error, stores nothing partial, keeps the form, and saves once there is space', async (context) => {
    const mounted = mountSmallDisk(16);
    if ('unavailable' in mounted) {
      context.skip(`Cannot test a full disk on this machine: ${mounted.unavailable}`);
      return;
    }
    disk = mounted;
    const dataDir = join(disk.dir, 'ledger');
    preview = await startPreview(dataDir, ['--exports-dir', join(disk.dir, 'exports')]);
    browser = await openBrowser();
    const { page } = browser;
    await page.goto(preview.url);
    await createLedgerThroughUi(page, admin);
    await unlockThroughUi(page, admin.name, admin.passphrase);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByLabel('Full name').fill('Dora Diskfull');
    await page.getByLabel('Role').selectOption('counsel');
    await page.getByLabel('Their passphrase').fill('marble canyon whistle eleven kettle');
    await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel('Your own passphrase, to confirm').fill(admin.passphrase);

    const journalBefore = readFileSync(join(dataDir, 'vault', 'journal', 'segment-000001.jsonl'));
    const headerBefore = readFileSync(join(dataDir, 'vault', 'header.json'));
    disk.fill();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/disk is full/i));
    await expectNoAxeViolations(page, 'the add-user form after a full disk');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Dora Diskfull');
    expect(readFileSync(join(dataDir, 'vault', 'journal', 'segment-000001.jsonl')).equals(journalBefore)).toBe(true);
    expect(readFileSync(join(dataDir, 'vault', 'header.json')).equals(headerBefore)).toBe(true);

    disk.free();
    await page.getByLabel('Your own passphrase, to confirm').fill(admin.passphrase);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('status').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('Dora Diskfull was added'));
  });
});
