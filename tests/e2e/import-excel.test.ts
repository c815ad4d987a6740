import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, unlockedLedgerForThisFile } from './support/app';
import { goTo, registerSite } from './support/removal-flows';
import { ADMIN } from '../support/ledger-flows';
import { xlsxBytes } from '../support/xlsx';

const admin = { ...ADMIN, passphrase: 'meadow harbor eleven copper lantern' };
const app = unlockedLedgerForThisFile(admin);

const headers = ['Site', 'Type', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Reason', 'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint', 'Screenshot'];

function row(n: number, screenshot: string): string[] {
  return ['City of Norwalk', 'comment', `excel_poster_${n}`, '2025-06-02 09:00', '2025-06-02 09:20', '2025-06-02 10:00', n === 3 ? '' : `Spreadsheet comment ${n}`, 'Off-topic comment', 'Dana Clerk', '2025-06-02 09:30', 'Jesus Gomez', '2025-06-02 09:45', 'The content expressly violated the Social Media Policy.', 'Dana Clerk', 'yes', screenshot];
}

describe('importing an Excel workbook with screenshots from a folder', () => {
  it('registers the site the rows name', async () => {
    await registerSite(app.browser.page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
  });

  it('reads the workbook, picks each named screenshot from the chosen folder, checks its bytes, and keeps its fingerprint', async () => {
    const { page } = app.browser;
    // Real screenshots, made by the browser: a PNG and a JPEG.
    const shot = await page.context().newPage();
    await shot.setContent('<body style="background:#fff;font:32px sans-serif">Excel row screenshot</body>');
    const png = await shot.screenshot({ type: 'png' });
    const jpeg = await shot.screenshot({ type: 'jpeg' });
    await shot.close();
    const folder = mkdtempSync(join(tmpdir(), 'records-ledger-screenshots-'));
    writeFileSync(join(folder, 'row-one.png'), png);
    writeFileSync(join(folder, 'row-three.jpg'), jpeg);
    writeFileSync(join(folder, 'not-named.png'), png);
    const workbook = join(mkdtempSync(join(tmpdir(), 'records-ledger-xlsx-')), 'removals 2025.xlsx');
    writeFileSync(workbook, xlsxBytes([{ name: 'Removals', rows: [headers, row(1, 'row-one.png'), row(2, ''), row(3, 'row-three.jpg')] }]));

    await goTo(page, 'Import');
    await page.getByLabel('Spreadsheet (CSV or Excel)').setInputFiles(workbook);
    await page.getByRole('button', { name: 'Check the rows' }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Folder with the screenshots').setInputFiles(folder);
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await expect.poll(() => page.getByText(/ready to import/).first().textContent(), { timeout: 60_000 }).toMatch(/^3 rows are ready to import/);
    await expectNoAxeViolations(page, 'the import report for a workbook');
    await page.getByRole('button', { name: 'Import 3 removals' }).click();
    await expect.poll(() => page.getByText('Imported 3 removals in one batch.').isVisible(), { timeout: 60_000 }).toBe(true);

    await goTo(page, 'Removals');
    await page.getByLabel('Poster’s username (exact)').fill('excel_poster_3');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 of 3 removals shown');
    await page.getByRole('button', { name: /^Open the removal of/ }).click();
    const files = page.getByRole('list', { name: 'Attached files' });
    await files.getByText('row-three.jpg', { exact: true }).first().waitFor();
    expect(await files.locator('code').first().textContent()).toBe(createHash('sha256').update(jpeg).digest('hex'));
  });
});
