import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, focused, openBrowser, startPreview, type Browser, type RunningPreview } from './support/app';
import { ADMIN as DEFAULT_ADMIN, fillSetupForm, unlockThroughUi } from '../support/ledger-flows';

let preview: RunningPreview;
let browser: Browser;
let recoveryKey = '';
/** This file changes the administrator's passphrase (recovery), so it keeps its own copy. */
const ADMIN = { ...DEFAULT_ADMIN };

function journalLines(): string[] {
  const folder = join(preview.dataDir, 'vault', 'journal');
  return readdirSync(folder)
    .sort()
    .flatMap((f) => readFileSync(join(folder, f), 'utf8').trim().split('\n'));
}

function journalTypes(): string[] {
  return journalLines().map((line) => (JSON.parse(line) as { type: string }).type);
}

beforeAll(async () => {
  preview = await startPreview();
  browser = await openBrowser();
  await browser.page.goto(preview.url);
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
});

describe('creating, unlocking and locking the ledger', () => {
  it('refuses a weak passphrase with a reason, before anything is written', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Create the ledger' }).click();
    await page.getByLabel('City').fill(ADMIN.city);
    await page.getByLabel('Your full name').fill(ADMIN.name);
    await page.getByLabel('Passphrase', { exact: true }).fill('norwalk2026');
    await page.getByLabel('Type the passphrase again').fill('norwalk2026');
    await page.getByRole('button', { name: 'Create the ledger' }).click();
    await expect.poll(() => page.getByText(/at least 12 characters|Too easy to guess/i).first().isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the setup screen with errors');
    expect(readdirSync(preview.dataDir)).not.toContain('vault');
    await page.getByRole('button', { name: 'Back' }).click();
  });

  it('creates the ledger, shows the recovery key once and saves the Recovery Kit', async () => {
    const { page } = browser;
    await fillSetupForm(page, ADMIN);
    await page.getByRole('button', { name: 'Create the ledger' }).click();
    await page.locator('.recovery-key').waitFor({ timeout: 60_000 });
    recoveryKey = (await page.locator('.recovery-key').getAttribute('data-recovery-key'))!;
    expect(recoveryKey).toMatch(/^([0-9A-Z]{5}-){7}[0-9A-Z]{5}$/);
    await expectNoAxeViolations(page, 'the recovery key screen');

    await page.getByRole('button', { name: 'Save the Recovery Kit (PDF)' }).click();
    await expect.poll(() => page.getByText(/Saved the Recovery Kit to/).isVisible(), { timeout: 30_000 }).toBe(true);
    const exports = `${preview.dataDir}-exports`;
    const kit = readdirSync(exports).find((f) => f.startsWith('Recovery Kit'))!;
    const text = execFileSync('pdftotext', ['-layout', join(exports, kit), '-'], { encoding: 'utf8' });
    expect(text).toContain(recoveryKey);
    expect(text).toContain(ADMIN.city);

    // A wrong group is caught; the right ones let us on.
    const inputs = await page.getByLabel(/^Group \d+ of the recovery key$/).all();
    for (const input of inputs) await input.fill('ZZZZZ');
    await page.getByRole('button', { name: 'I have kept the recovery key' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('does not match');
    const groups = recoveryKey.split('-');
    for (const input of inputs) {
      const label = await page.locator(`label[for="${await input.getAttribute('id')}"]`).textContent();
      await input.fill(groups[Number(/Group (\d+)/.exec(label!)![1]) - 1]!);
    }
    await page.getByRole('button', { name: 'I have kept the recovery key' }).click();
    await page.getByRole('heading', { name: `Unlock ${ADMIN.ledger}` }).waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'the unlock screen');
  });

  it('says so plainly when the passphrase is wrong, records the attempt, and changes nothing else', async () => {
    const { page } = browser;
    const header = () => readFileSync(join(preview.dataDir, 'vault', 'header.json'), 'utf8');
    const headerBefore = header();
    const entriesBefore = journalTypes();
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase at all');
    await page.getByRole('button', { name: /^Unlock/ }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('does not open the ledger');
    await expectNoAxeViolations(page, 'the unlock screen after a wrong passphrase');
    expect(header()).toBe(headerBefore);
    expect(journalTypes()).toEqual([...entriesBefore, 'audit.unlock_failed']);
  });

  it('unlocks with the right passphrase and opens on the overview', async () => {
    await unlockThroughUi(browser.page, ADMIN.name, ADMIN.passphrase);
    await expect.poll(() => browser.page.getByRole('heading', { level: 1, name: ADMIN.ledger }).isVisible()).toBe(true);
    await expectNoAxeViolations(browser.page, 'the overview');
  });

  it('locks with the Lock button and with Ctrl+Shift+L, clearing what was shown', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: `Unlock ${ADMIN.ledger}` }).waitFor();
    expect(await page.locator('body').textContent()).not.toContain('Journal entries');
    await unlockThroughUi(page, ADMIN.name, ADMIN.passphrase);
    await page.keyboard.press('Control+Shift+L');
    await page.getByRole('heading', { name: `Unlock ${ADMIN.ledger}` }).waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Locked');
  });

  it('opens with the recovery key after a forgotten passphrase, catching a typo first', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Forgot passphrase?' }).click();
    await expectNoAxeViolations(page, 'the recovery screen');
    const typo = recoveryKey.replace(/^(.{6})(.)/, (_m, head: string, ch: string) => head + (ch === 'A' ? 'B' : 'A'));
    const accented = 'Café crème brûlée sous la tonnelle';
    await page.getByLabel('Recovery key', { exact: true }).fill(typo);
    await page.getByLabel('New passphrase', { exact: true }).fill(accented.normalize('NFC'));
    await page.getByLabel('Type the new passphrase again').fill(accented.normalize('NFC'));
    await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Open and set the new passphrase' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Group 2/);
    await page.getByLabel('Recovery key', { exact: true }).fill(recoveryKey.toLowerCase().replaceAll('-', ' '));
    await page.getByRole('button', { name: 'Open and set the new passphrase' }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    // The new passphrase works when typed in decomposed form (NFD).
    await unlockThroughUi(page, ADMIN.name, accented.normalize('NFD'));
    ADMIN.passphrase = accented;
  });

  it('locks itself after the idle minutes set in Settings', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Lock after this many idle minutes').fill('1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByText('now locks after 1 idle minutes').isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the settings page');
    await page.getByRole('heading', { name: `Unlock ${ADMIN.ledger}` }).waitFor({ timeout: 75_000 });
    await expect.poll(() => page.getByText('Locked after a period without activity.').isVisible()).toBe(true);
    await unlockThroughUi(page, ADMIN.name, ADMIN.passphrase);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Lock after this many idle minutes').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
  });

  it('locks when the system suspends or the screen locks', async () => {
    const { page } = browser;
    process.kill(preview.pid, 'SIGUSR2');
    await page.getByRole('heading', { name: `Unlock ${ADMIN.ledger}` }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByText('Locked because the computer went to sleep or its screen was locked.').isVisible()).toBe(true);
    await unlockThroughUi(page, ADMIN.name, ADMIN.passphrase);
  });

  it('counts idle time on a steady clock: the computer’s clock set a year forward is not time away, and does not lock it', async () => {
    const { page } = browser;
    await expect.poll(() => page.getByRole('button', { name: 'Lock', exact: true }).isVisible()).toBe(true);
    await page.clock.setFixedTime(new Date(Date.now() + 365 * 24 * 60 * 60_000));
    // The idle check runs every second; with no keyboard or pointer activity, three of them pass.
    await page.waitForTimeout(3_000);
    expect(await page.getByRole('button', { name: 'Lock', exact: true }).isVisible()).toBe(true);
    expect(await page.getByText('Locked after a period without activity.').count()).toBe(0);
    await page.clock.setFixedTime(new Date());
  });

  it('reaches every page of the workspace by keyboard alone, axe clean', async () => {
    const { page } = browser;
    for (const name of ['Overview', 'Users', 'Verify ledger', 'Backups', 'Settings']) {
      await page.locator('body').focus();
      let reached = await focused(page);
      for (let presses = 0; presses < 40 && reached.text !== name; presses++) {
        await page.keyboard.press('Tab');
        reached = await focused(page);
      }
      expect(reached).toEqual({ text: name, ringVisible: true });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('main h1').first().isVisible()).toBe(true);
      await expectNoAxeViolations(page, `the ${name} page`);
    }
  });

  it('records every unlock, failed unlock, lock and export in the journal', () => {
    const types = journalTypes();
    for (const type of ['vault.created', 'audit.unlock', 'audit.unlock_failed', 'audit.lock', 'audit.export']) expect(types).toContain(type);
    // Main never sees plaintext: no name typed into the app appears in the journal files.
    expect(journalLines().join('\n')).not.toContain(ADMIN.name);
  });
});
