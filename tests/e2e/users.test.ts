import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, withFreshApp, type Browser, unlockedLedgerForThisFile } from './support/app';
import { ADMIN, fillSetupForm, unlockThroughUi } from '../support/ledger-flows';

const CLERK = { name: 'Carla Clerk', passphrase: 'maple lantern orbit quietly seven' };
const admin = { ...ADMIN, passphrase: 'granite willow compass harbor nine' };

const app = unlockedLedgerForThisFile(admin);

async function fillUserForm(page: Browser['page'], theirs: string) {
  await page.getByLabel('Their passphrase').fill(theirs);
  await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
  await page.getByLabel('Your own passphrase, to confirm').fill(admin.passphrase);
}

describe('users and roles', () => {
  it('an administrator adds a clerk, confirming with their own passphrase', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    // Nobody should believe a clerk's role keeps them from reading anything: it is procedure, not encryption.
    await expect.poll(() => page.getByText(/a matter of procedure, not encryption: anyone with a passphrase can read the ledger/).isVisible()).toBe(true);
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
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockThroughUi(page, CLERK.name, CLERK.passphrase);
    expect(await page.getByRole('button', { name: 'Users', exact: true }).count()).toBe(0);
    await expect.poll(() => page.getByText(`${CLERK.name} (Clerk)`).isVisible()).toBe(true);
  });

  it("an administrator resets the clerk's passphrase; the old one stops working", async () => {
    const { page } = app.browser;
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
    const { page } = app.browser;
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

  it('an administrator makes a new recovery key; the old one stops working and the new one opens', async () => {
    const { page } = app.browser;
    await unlockThroughUi(page, admin.name, admin.passphrase);
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'Make a new recovery key' }).click();
    await page.getByLabel('Your own passphrase, to make a new recovery key').fill(admin.passphrase);
    await page.getByRole('button', { name: 'Make the new recovery key' }).click();
    await page.locator('.recovery-key').waitFor({ timeout: 60_000 });
    await expectNoAxeViolations(page, 'the new recovery key panel');
    const newKey = (await page.locator('.recovery-key').getAttribute('data-recovery-key'))!;
    expect(newKey).not.toBe(app.recoveryKey);
    const groups = newKey.split('-');
    for (const input of await page.getByLabel(/^Group \d+ of the recovery key$/).all()) {
      const label = await page.locator(`label[for="${await input.getAttribute('id')}"]`).textContent();
      await input.fill(groups[Number(/Group (\d+)/.exec(label!)![1]) - 1]!);
    }
    await page.getByRole('button', { name: 'I have kept the recovery key' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The new recovery key is in force');

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('button', { name: 'Forgot passphrase?' }).click();
    const fresh = 'harbour lantern quietly seventeen orbit';
    await page.getByLabel('Recovery key', { exact: true }).fill(app.recoveryKey);
    await page.getByLabel('New passphrase', { exact: true }).fill(fresh);
    await page.getByLabel('Type the new passphrase again').fill(fresh);
    await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Open and set the new passphrase' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent(), { timeout: 30_000 }).toContain('does not open the ledger');
    await page.getByLabel('Recovery key', { exact: true }).fill(newKey);
    await page.getByRole('button', { name: 'Open and set the new passphrase' }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 60_000 });
  });
});

describe('a recovery key that was never confirmed', () => {
  it('is named on the overview until an administrator makes a new one', async () => {
    await withFreshApp(async ({ page }) => {
      await fillSetupForm(page, admin);
      await page.getByRole('button', { name: 'Create the ledger' }).click();
      await page.locator('.recovery-key').waitFor({ timeout: 60_000 });
      // The window closes (or crashes) before the key was confirmed.
      await page.reload();
      await unlockThroughUi(page, admin.name, admin.passphrase);
      await expect.poll(() => page.getByText(/recovery key was never confirmed/).isVisible()).toBe(true);
    });
  });
});
