import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, openBrowser, startPreview, type Browser, type RunningPreview } from './support/app';
import { ADMIN, createLedgerThroughUi, unlockThroughUi } from '../support/ledger-flows';

let preview: RunningPreview;
let browser: Browser;
const CLERK = { name: 'Carla Clerk', passphrase: 'maple lantern orbit quietly seven' };
const admin = { ...ADMIN, passphrase: 'granite willow compass harbor nine' };

beforeAll(async () => {
  preview = await startPreview();
  browser = await openBrowser();
  await browser.page.goto(preview.url);
  await createLedgerThroughUi(browser.page, admin);
  await unlockThroughUi(browser.page, admin.name, admin.passphrase);
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
});

async function fillUserForm(page: Browser['page'], theirs: string) {
  await page.getByLabel('Their passphrase').fill(theirs);
  await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.getByLabel('Your own passphrase, to confirm').fill(admin.passphrase);
}

describe('users and roles', () => {
  it('an administrator adds a clerk, confirming with their own passphrase', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByLabel('Full name').fill(CLERK.name);
    await page.getByLabel('Role').selectOption('clerk');
    await fillUserForm(page, CLERK.passphrase);
    await expectNoAxeViolations(page, 'the add-user form');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('was added as Clerk');
    await expect.poll(() => page.getByRole('cell', { name: CLERK.name, exact: true }).isVisible()).toBe(true);
  });

  it('the clerk unlocks with their own passphrase and is not offered user management', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockThroughUi(page, CLERK.name, CLERK.passphrase);
    expect(await page.getByRole('button', { name: 'Users', exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByText(`${CLERK.name} (Clerk)`).isVisible()).toBe(true);
  });

  it("an administrator resets the clerk's passphrase; the old one stops working", async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockThroughUi(page, admin.name, admin.passphrase);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: `Reset the passphrase of ${CLERK.name}` }).click();
    await fillUserForm(page, 'violet tundra beacon paper eleven');
    await page.getByRole('button', { name: 'Reset passphrase' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('was reset');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('radio', { name: CLERK.name }).check();
    await page.getByLabel('Passphrase', { exact: true }).fill(CLERK.passphrase);
    await page.getByRole('button', { name: /^Unlock/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('does not open the ledger');
    await unlockThroughUi(page, CLERK.name, 'violet tundra beacon paper eleven');
  });

  it('a removed user can no longer open the ledger, and their past actions stay attributed', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockThroughUi(page, admin.name, admin.passphrase);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: `Remove ${CLERK.name}` }).click();
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('was removed');
    await expect.poll(() => page.getByRole('row', { name: new RegExp(`${CLERK.name}.*Removed`) }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: `Unlock ${admin.ledger}` }).waitFor();
    expect(await page.getByRole('radio', { name: CLERK.name }).count()).toBe(0);
  });
});
