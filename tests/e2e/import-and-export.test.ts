import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, unlockedLedgerForThisFile } from './support/app';
import { goTo, registerSite } from './support/removal-flows';
import { ADMIN } from '../support/ledger-flows';

const admin = { ...ADMIN, passphrase: 'copper window seventy lantern brook' };
const app = unlockedLedgerForThisFile(admin);

const headers = ['Site', 'Type', 'Link', 'Display name', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Reason', 'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint'];

/** A clerk's spreadsheet as kept today: 1,000 good rows, one naming a site the City does not run, and one removed before it was posted. */
function clerkSpreadsheet(): string {
  const rows = Array.from({ length: 1_000 }, (_, n) => [
    'City of Norwalk',
    'comment',
    `https://www.facebook.com/CityOfNorwalk/posts/${5000 + n}`,
    `Poster ${n}`,
    `poster_${n % 300}`,
    '3/4/2025 2:05 PM',
    '2025-03-04 15:00',
    `2025-03-${String((n % 27) + 5).padStart(2, '0')} 16:00`,
    n === 27 ? '=HYPERLINK("http://evil.example","click") spam offer 27' : `Buy cheap watches, offer ${n}! <script>window.__canary=1</script>`,
    'Solicitation of commerce (spam)',
    'Dana Clerk',
    '2025-03-04 15:05',
    'Assistant City Manager Lee',
    '2025-03-04 15:30',
    'The content expressly violated the Social Media Policy.',
    'Dana Clerk',
    'yes',
  ]);
  const unknownSite = [...rows[0]!];
  unknownSite[0] = 'Norwalk Fan Page';
  const backwards = [...rows[1]!];
  backwards[7] = '2025-03-01 09:00';
  return Papa.unparse({ fields: headers, data: [...rows, unknownSite, backwards] }, { newline: '\r\n' });
}

function savedExport(prefix: string): string {
  const dir = `${app.preview.dataDir}-exports`;
  const name = readdirSync(dir).filter((f) => f.startsWith(prefix)).sort().at(-1);
  if (!name) throw new Error(`No export starting "${prefix}" in ${dir}`);
  return join(dir, name);
}

describe('importing the spreadsheet clerks keep today', () => {
  it('registers the site the rows name', async () => {
    await registerSite(app.browser.page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
  });

  it('maps the columns, reports the rows that fail and why, imports nothing until confirmed, then all 1,000 in one batch', async () => {
    const { page } = app.browser;
    const file = join(mkdtempSync(join(tmpdir(), 'records-ledger-import-')), 'removal log 2025.csv');
    writeFileSync(file, clerkSpreadsheet());
    await goTo(page, 'Import');
    await expectNoAxeViolations(page, 'the import screen');
    // The later rows, the two with problems among them, are checked by the import worker's helper on another core.
    const workersStarted = new Map<string, string>();
    const devtools = await page.context().newCDPSession(page);
    // A worker's address is known a moment after it is created.
    const noteWorker = ({ targetInfo }: { targetInfo: { targetId: string; type: string; url: string } }) => {
      if (targetInfo.type === 'worker') workersStarted.set(targetInfo.targetId, targetInfo.url);
    };
    devtools.on('Target.targetCreated', noteWorker);
    devtools.on('Target.targetInfoChanged', noteWorker);
    await devtools.send('Target.setDiscoverTargets', { discover: true });
    await page.getByLabel('Spreadsheet (CSV or Excel)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the rows' }).waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'the column mapping and preview');
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await expect.poll(() => page.getByText(/rows are ready to import/).textContent(), { timeout: 60_000 }).toMatch(/1,000 rows are ready to import\. 2 rows have problems/);
    const problems = page.getByRole('table', { name: /Rows with problems/ });
    expect(await problems.textContent()).toContain('Norwalk Fan Page');
    expect(await problems.textContent()).toMatch(/before it was posted/);
    expect([...workersStarted.values()].filter((url) => /row-check\.worker/.test(url))).toHaveLength(1);
    await devtools.detach();
    await expectNoAxeViolations(page, 'the import report');

    // Nothing is in the ledger before the clerk confirms.
    await goTo(page, 'Removals');
    await expect.poll(() => page.getByText('No removals are logged yet').isVisible()).toBe(true);
    await goTo(page, 'Import');
    await page.getByLabel('Spreadsheet (CSV or Excel)').setInputFiles(file);
    await page.getByRole('button', { name: 'Check the rows' }).click();
    await page.getByRole('button', { name: 'Import 1,000 removals' }).click();
    await expect.poll(() => page.getByText('Imported 1,000 removals in one batch.').isVisible(), { timeout: 120_000 }).toBe(true);

    await goTo(page, 'Removals');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('1,000 of 1,000 removals shown');
    // Virtualised: the table holds a screenful of rows, not a thousand.
    expect(await page.getByRole('row').count()).toBeLessThan(80);
    // Scrolled, each row shows where its number puts it: the 501st just below the column headers, the last at the end.
    const scroller = page.getByRole('region', { name: 'Removals found (scrolls)' });
    const rowInView = () =>
      scroller.evaluate((element) => {
        const view = element.getBoundingClientRect();
        const header = element.querySelector('thead')!.getBoundingClientRect();
        const below = document.elementFromPoint(view.left + 20, header.bottom + 2)?.closest('[role="row"]');
        const last = element.querySelector('[role="row"][aria-rowindex="1001"]')?.getBoundingClientRect();
        // The last row at the very end: its bottom on the bottom edge of what the list shows (inside its border and any scroll bar).
        const shownBottom = view.top + element.clientTop + element.clientHeight;
        return { belowHeaders: below?.getAttribute('aria-rowindex'), lastAtTheEnd: last !== undefined && last.top >= header.bottom && Math.abs(last.bottom - shownBottom) <= 1 };
      });
    await scroller.scrollIntoViewIfNeeded();
    await scroller.evaluate((element) => (element.scrollTop = 500 * 44));
    await expect.poll(rowInView).toEqual({ belowHeaders: '502', lastAtTheEnd: false });
    await scroller.focus();
    await page.keyboard.press('End');
    await expect.poll(async () => (await rowInView()).lastAtTheEnd).toBe(true);
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('offer 999');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('1 of 1,000 removals shown');
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('');
    expect(await page.evaluate(() => (window as unknown as { __canary?: unknown }).__canary)).toBeUndefined();
  });
});

describe('exporting the removal log', () => {
  it('exports the filtered list as a spreadsheet-safe CSV that reads back with every removal', async () => {
    const { page } = app.browser;
    await page.getByLabel('Removed from').fill('2025-03-05');
    await page.getByLabel('Removed to').fill('2025-03-05');
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^3\d of 1,000 removals shown/);
    const shown = Number(/^(\d+) of/.exec((await page.getByRole('status').first().textContent()) ?? '')?.[1]);
    await page.getByRole('button', { name: /^Export these \d+ removals as CSV$/ }).click();
    await expect.poll(() => page.getByText(/^Saved \d+ removals to /).isVisible(), { timeout: 60_000 }).toBe(true);
    const parsed = Papa.parse<string[]>(readFileSync(savedExport('Removals '), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    expect(parsed.data.length - 1).toBe(shown);
    const text = parsed.data.flat().join('\n');
    expect(text).toContain('<script>window.__canary=1</script>');
    // A formula typed into a cell is kept as text, and is never live in the export.
    expect(text).toContain('HYPERLINK("http://evil.example","click") spam offer 27');
    expect(parsed.data.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);
  });

  it('prints the removal log for the date range as a PDF whose text reads back', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Print the removal log (PDF)' }).click();
    await expect.poll(() => page.getByText(/^Saved \d+ removals to .*\.pdf/).isVisible(), { timeout: 120_000 }).toBe(true);
    const text = execFileSync('pdftotext', [savedExport('Removal log'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Removal log');
    expect(text).toContain('Solicitation of commerce (spam)');
    expect(text).toContain('<script>window.__canary=1</script>');
    await expectNoAxeViolations(page, 'the removals list after exports');
  });
});

describe('the overview', () => {
  it('charts removals per month by category and by site, with the numbers in tables beside them', async () => {
    const { page } = app.browser;
    await goTo(page, 'Overview');
    await page.getByLabel('Period').selectOption({ label: 'All time' });
    const tables = page.getByRole('table');
    await expect.poll(() => tables.count()).toBeGreaterThanOrEqual(2);
    expect(await tables.first().textContent()).toContain('Mar 2025');
    expect(await tables.first().textContent()).toMatch(/1,?000/);
    expect(await page.locator('canvas[role="img"]').count()).toBe(2);
    // The ledger's facts, counted a chunk at a time: the 1,000 imported removals, the site they name, the administrator and the policy register.
    await expect.poll(() => page.locator('dl.facts').last().textContent()).toMatch(/Records1003$/);
    await expectNoAxeViolations(page, 'the overview with charts');
  });
});

describe('the retention schedule', () => {
  it('applies the two-year series to every removal, counting in the City’s calendar, with the clock the test sets', async () => {
    const { page } = app.browser;
    // Removals dated March 5 to 31, 2025 become eligible on the same days of 2027.
    await page.clock.setFixedTime(new Date('2027-03-10T12:00:00-08:00'));
    await goTo(page, 'Overview');
    await goTo(page, 'Retention');
    expect(await page.getByRole('cell', { name: 'SM-REM' }).isVisible()).toBe(true);
    const facts = page.locator('dl.facts');
    await expect.poll(() => facts.textContent()).toContain('Removals in the ledger1,000');
    // n % 27 from 0 to 5 removed on March 5 to 10: 38 + 5 × 37 rows.
    expect(await facts.textContent()).toContain('Eligible now223');
    expect(await facts.textContent()).toContain('Eligible in the next 90 days777');
    await expectNoAxeViolations(page, 'the retention screen');

    await page.getByRole('button', { name: 'Add a record series' }).click();
    await page.getByLabel('Code').fill('SM-SHORT');
    await page.getByLabel('Title').fill('Too short');
    await page.getByLabel('What it covers').fill('Nothing, this is refused.');
    await page.getByLabel('Years').fill('1');
    await page.getByLabel('Days').fill('364');
    await page.getByLabel('Adopted by (resolution)').fill('Resolution 26-1');
    await page.getByRole('button', { name: 'Add the series' }).click();
    await expect.poll(() => page.getByText(/Gov\. Code 34090/).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
