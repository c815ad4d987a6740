/** Whole user journeys through the real UI, shared by the end-to-end tests and the benchmarks. */
import type { Page } from 'playwright-core';

export const ADMIN = { city: 'City of Norwalk', ledger: 'Social media removals', name: 'Ada Administrator', passphrase: 'correct horse battery staple archive' };

/** Opens the setup screen and fills it as a person would, up to an accepted passphrase. */
export async function fillSetupForm(page: Page, admin = ADMIN): Promise<void> {
  await page.getByRole('button', { name: 'Create the ledger' }).click();
  await page.getByLabel('City').fill(admin.city);
  await page.getByLabel('Ledger name').fill(admin.ledger);
  await page.getByLabel('Your full name').fill(admin.name);
  await page.getByLabel('Passphrase', { exact: true }).fill(admin.passphrase);
  await page.getByLabel('Type the passphrase again').fill(admin.passphrase);
  await page.getByText(/Strong passphrase|Good passphrase/).first().waitFor({ timeout: 20_000 });
}

/** Fills the first-run form and confirms the recovery key, as a person would. Returns the recovery key. */
export async function createLedgerThroughUi(page: Page, admin = ADMIN): Promise<string> {
  await fillSetupForm(page, admin);
  await page.getByRole('button', { name: 'Create the ledger' }).click();
  const keyLocator = page.locator('.recovery-key');
  await keyLocator.waitFor({ timeout: 60_000 });
  const recoveryKey = (await keyLocator.getAttribute('data-recovery-key'))!;
  const groups = recoveryKey.split('-');
  for (const label of await page.getByLabel(/^Group \d+ of the recovery key$/).all()) {
    const name = (await label.getAttribute('id'))!;
    const text = await page.locator(`label[for="${name}"]`).textContent();
    const index = Number(/Group (\d+)/.exec(text ?? '')![1]) - 1;
    await label.fill(groups[index]!);
  }
  await page.getByRole('button', { name: 'I have kept the recovery key' }).click();
  await page.getByRole('heading', { name: `Unlock ${admin.ledger}` }).waitFor({ timeout: 30_000 });
  return recoveryKey;
}

export async function unlockThroughUi(page: Page, who: string, passphrase: string): Promise<void> {
  await page.getByRole('radio', { name: who }).check();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: /^Unlock/ }).click();
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 60_000 });
}
