import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { ADMIN, createLedgerThroughUi, unlockThroughUi } from '../../support/ledger-flows';
import { openBrowser, startPreview, type Browser, type RunningPreview } from '../../support/preview';

export * from '../../support/preview';

/** WCAG 2.1 AA, as ADA Title II requires of government software, plus axe's best practices. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

/** The element that has keyboard focus, by its accessible text, and whether its focus ring can be seen. */
export async function focused(page: Page): Promise<{ text: string; ringVisible: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return { text: '', ringVisible: false };
    const style = getComputedStyle(element);
    const width = parseFloat(style.outlineWidth);
    return { text: (element.textContent ?? '').trim(), ringVisible: style.outlineStyle !== 'none' && width >= 2 };
  });
}

export interface UnlockedLedger {
  preview: RunningPreview;
  browser: Browser;
  recoveryKey: string;
}

/**
 * For a whole test file: a fresh preview and browser with a ledger created and
 * unlocked by `admin` before the first test, all closed after the last.
 */
export function unlockedLedgerForThisFile(admin: typeof ADMIN): UnlockedLedger {
  const app = {} as UnlockedLedger;
  beforeAll(async () => {
    app.preview = await startPreview();
    app.browser = await openBrowser();
    await app.browser.page.goto(app.preview.url);
    app.recoveryKey = await createLedgerThroughUi(app.browser.page, admin);
    await unlockThroughUi(app.browser.page, admin.name, admin.passphrase);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.preview?.stop();
  });
  return app;
}
