import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

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
