import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, focused, openBrowser, startPreview, type Browser, type RunningPreview } from './support/app';

let preview: RunningPreview;
let browser: Browser;

beforeAll(async () => {
  preview = await startPreview();
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
});

describe('the app shell in the browser preview', () => {
  it('opens on the first-run screen and takes the token out of the address bar', async () => {
    const { page } = browser;
    await page.goto(preview.url);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Records Ledger' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('button', { name: 'Create the ledger' }).isVisible()).toBe(true);
    expect(page.url()).not.toContain('token=');
    await expectNoAxeViolations(page, 'the first-run screen');
  });

  it('works by keyboard alone, with a focus ring you can see', async () => {
    const { page } = browser;
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ text: 'About', ringVisible: true });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ text: 'Create the ledger', ringVisible: true });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ text: 'Restore from a backup', ringVisible: true });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Create the ledger' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'the setup screen');
    await page.getByRole('button', { name: 'Back' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Restore from a backup' }).isVisible()).toBe(true);
  });

  it('shows the version and the policy it enforces in the About panel, and closes on Escape', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Create the ledger' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page)).text).toBe('About');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'About Records Ledger' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    const text = await dialog.textContent();
    expect(text).toContain('0.1.0');
    expect(text).toContain('Browser preview');
    expect(text).toContain('City of Norwalk Social Media Policy, version 1');
    expect((await focused(page)).text).toBe('Close');
    await expectNoAxeViolations(page, 'the About panel');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect((await focused(page)).text).toBe('About');
  });

  it('keeps working after a reload of the same tab', async () => {
    const { page } = browser;
    await page.reload();
    await page.getByRole('button', { name: 'About' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('0.1.0');
    await page.keyboard.press('Escape');
  });

  it('sends nothing anywhere but its own loopback origin', () => {
    expect(browser.requests.length).toBeGreaterThan(0);
    expect(browser.requests.filter((url) => !url.startsWith(preview.origin))).toEqual([]);
  });

  it('says what is wrong when opened without its token', async () => {
    const other = await browser.context.newPage();
    await other.goto(`${preview.origin}/`);
    await expect.poll(() => other.getByRole('alert').textContent()).toContain('without its launch token');
    await expectNoAxeViolations(other, 'the first-run screen without a token');
    await other.close();
  });
});
