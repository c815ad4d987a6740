import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Goes to a workspace page by its navigation button. */
export async function goTo(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Ledger' }).getByRole('button', { name, exact: true }).click();
  // The app moves focus to the new page's heading in the next frame; in a third of tries that frame had not come when
  // the click returned. Keys typed before then can land on the heading: fill('') selects the text and then presses
  // Delete, and a Delete that reaches the heading leaves the old username filtering the list (the likely cause of a
  // flaky "1 of 54 removals shown" in hostile-content).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

export interface SiteEntry {
  account: string;
  handle: string;
  url: string;
  email?: string;
}

/** Opens the add-site form and fills it for a Facebook account, approved by the City Manager. */
export async function fillSite(page: Page, site: SiteEntry): Promise<void> {
  await page.getByRole('button', { name: 'Add a site' }).click();
  await page.getByLabel('Platform').selectOption('facebook');
  await page.getByLabel('Account name').fill(site.account);
  await page.getByLabel('Handle').fill(site.handle);
  await page.getByLabel('Web address').fill(site.url);
  await page.getByLabel('Managing department').fill('Communications & Public Affairs');
  await page.getByLabel('Approved by (City Manager or designee)').fill('Jesus Gomez');
  await page.getByLabel('Their title').fill('City Manager');
  await page.getByLabel('Date approved').fill('2025-02-03');
  await page.getByLabel('Authorized City contact email').fill(site.email ?? 'pio@norwalkca.gov');
}

/** Registers a Facebook site run by the City, as an administrator does once per account. */
export async function registerSite(page: Page, site: SiteEntry): Promise<void> {
  // The contact address below is the City's only once the City's domain is set.
  await goTo(page, 'Settings');
  await page.getByLabel('City email domains').fill('norwalkca.gov');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved.').waitFor();
  await goTo(page, 'Sites');
  await fillSite(page, site);
  await page.getByRole('button', { name: 'Save the site' }).click();
  await page.getByRole('cell', { name: `${site.account} (Facebook)`, exact: true }).waitFor();
}

/** A date and time typed into one of the form's moment groups. */
export async function typeMoment(page: Page, group: string, text: string): Promise<void> {
  await page.getByRole('group', { name: group, exact: true }).getByLabel('Date and time').fill(text);
}

export interface RemovalEntry {
  permalink: string;
  username: string;
  displayName?: string;
  content: string;
  categories: string[];
  posted: string;
  removed: string;
}

/**
 * Fills the removal form the way a clerk does: permalink first (which picks
 * the site), the poster, the times, the content, the policy categories and
 * the attestation, and a review trail without counsel.
 */
export async function fillRemoval(page: Page, entry: RemovalEntry): Promise<void> {
  await page.getByLabel('Permalink (web address of the content)').fill(entry.permalink);
  await page.getByLabel('Kind of content').selectOption('comment');
  await page.getByLabel('Display name', { exact: true }).fill(entry.displayName ?? 'A Resident');
  await page.getByLabel('Username or screen name', { exact: true }).fill(entry.username);
  await page.getByRole('checkbox', { name: 'Not available: User ID on the platform' }).check();
  await page.getByLabel('Why is it not available?').fill('The platform does not show user IDs to page managers.');
  await page.getByLabel('Profile address', { exact: true }).fill(`https://www.facebook.com/${entry.username.replace(/^@/, '')}`);
  await typeMoment(page, 'When it was posted', entry.posted);
  await typeMoment(page, 'When staff saw it', entry.posted);
  await typeMoment(page, 'When it was removed', entry.removed);
  await page.getByLabel('Content, exactly as posted').fill(entry.content);
  for (const category of entry.categories) await page.getByRole('checkbox', { name: category, exact: true }).check();
  await page.getByRole('checkbox', { name: /not removed or restricted because of the viewpoint/ }).check();
  await page.getByLabel('Who flagged it').fill('Maria Lopez');
  await typeMoment(page, 'When it was flagged', entry.posted);
  await page.getByLabel('City Manager or designee notified').fill('Jesus Gomez');
  await typeMoment(page, 'When the City Manager or designee was notified', entry.removed);
  await page.getByLabel('Decision').selectOption('remove');
  await page.getByLabel('Who carried out the decision').fill('Maria Lopez');
  await typeMoment(page, 'When the decision was carried out', entry.removed);
}

/** One comment to import: the poster's username, what they wrote, and its screenshot's file name in the folder (or ''). */
export type ImportedComment = [username: string, comment: string, screenshot: string];

const IMPORT_HEADERS = ['Site', 'Type', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Reason', 'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint', 'Screenshot'];

/**
 * Imports comments removed as spam from the City of Norwalk site, one a day
 * from the 3rd of `month` (YYYY-MM), with the screenshots in `folder`, the
 * way records staff bring in a spreadsheet.
 */
export async function importSpamComments(page: Page, folder: string, month: string, comments: readonly ImportedComment[]): Promise<void> {
  const data = comments.map(([user, comment, screenshot], n) => {
    const day = `${month}-0${n + 3}`;
    return ['City of Norwalk', 'comment', user, `${day} 09:00`, `${day} 09:20`, `${day} 10:00`, comment, 'Solicitation of commerce (spam)', 'Dana Clerk', `${day} 09:30`, 'Jesus Gomez', `${day} 09:45`, 'The content expressly violated the Social Media Policy.', 'Dana Clerk', 'yes', screenshot];
  });
  const csv = join(folder, 'removals.csv');
  writeFileSync(csv, Papa.unparse({ fields: IMPORT_HEADERS, data }, { newline: '\r\n' }));
  await goTo(page, 'Import');
  await page.getByLabel('Spreadsheet (CSV or Excel)').setInputFiles(csv);
  await page.getByRole('button', { name: 'Check the rows' }).waitFor({ timeout: 30_000 });
  await page.getByLabel('Folder with the screenshots').setInputFiles(folder);
  await page.getByRole('button', { name: 'Check the rows' }).click();
  await page.getByRole('button', { name: `Import ${comments.length} removals` }).click();
  await expect.poll(() => page.getByText(`Imported ${comments.length} removals in one batch.`).isVisible(), { timeout: 60_000 }).toBe(true);
}

/** Pastes a picture into the removal form's screenshot area, as Ctrl+V does. */
export async function pasteScreenshot(page: Page, png: Buffer): Promise<void> {
  const zone = page.getByRole('group', { name: 'Screenshots and files' });
  await zone.focus();
  await zone.evaluate((element, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, [...png]);
}
