import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN } from '../support/ledger-flows';
import { expectNoAxeViolations, unlockedLedgerForThisFile } from './support/app';
import { goTo, importSpamComments, registerSite, type ImportedComment } from './support/removal-flows';
import { pdfBytesAndStreams } from './support/hostile-flows';

const admin = { ...ADMIN, passphrase: 'juniper mosaic harbor tundra eleven' };
const app = unlockedLedgerForThisFile(admin);

/** What the disclosure must withhold: the finders' e-mail, phone and address, a name counsel types, and the screenshot's top half. */
const WITHHELD = ['929-5700', 'zelda.q@example.net', 'Zelda Quartermain', '12700 Norwalk Blvd'];
const HOSTILE_WORDS = 'All removed comments about watches <img src=x onerror=alert(1)>';
const rows: ImportedComment[] = [
  ['cpra_one', 'Call Zelda Quartermain at (562) 929-5700 or zelda.q@example.net about cheap watches', 'shot.png'],
  ['cpra_two', 'Cheap watches again, pick up at 12700 Norwalk Blvd, Norwalk, CA 90650', ''],
  ['cpra_three', 'A comment about parking meters', ''],
];

function exportsDir(): string {
  return `${app.preview.dataDir}-exports`;
}

function savedExport(prefix: string): string {
  const name = readdirSync(exportsDir()).filter((f) => f.startsWith(prefix)).sort().at(-1);
  if (!name) throw new Error(`No export starting "${prefix}" in ${exportsDir()}`);
  return join(exportsDir(), name);
}

const pdfText = (file: string, page?: number) => execFileSync('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'], { encoding: 'utf8' });
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** The pixel at (x, y) of a PPM (P6) file as [r, g, b]. */
function ppmPixel(file: string, x: number, y: number): number[] {
  const bytes = readFileSync(file);
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 64).toString('latin1'))!;
  const width = Number(header[1]);
  const offset = header[0].length + (y * width + x) * 3;
  return [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!];
}

async function approveEveryProposal(page: Page) {
  const approve = page.getByRole('button', { name: /^Approve redaction/ });
  for (let left = await approve.count(); left > 0; left = await approve.count()) {
    await approve.first().click();
    await expect.poll(() => approve.count(), { timeout: 15_000 }).toBeLessThan(left);
  }
}

describe('a public records request, from logging to the disclosure', () => {
  it('logs three removals, one with a screenshot', async () => {
    const { page } = app.browser;
    await registerSite(page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
    const shot = await page.context().newPage();
    await shot.setViewportSize({ width: 600, height: 200 });
    await shot.setContent('<body style="margin:0;background:#fff;font:28px sans-serif"><div style="height:100px;background:#fff">SECRETIMAGE 562-555-0199</div><div>public part</div></body>');
    const folder = mkdtempSync(join(tmpdir(), 'records-ledger-cpra-'));
    writeFileSync(join(folder, 'shot.png'), await shot.screenshot({ type: 'png' }));
    await shot.close();
    await importSpamComments(page, folder, '2026-11', rows);
  });

  it('logs a request received before a holiday: due on the next business day, with a day counter', async () => {
    const { page } = app.browser;
    await page.clock.setFixedTime(new Date('2026-12-22T10:30:00-08:00'));
    await goTo(page, 'Overview');
    await goTo(page, 'Public records requests');
    await page.getByText('No request is open.').waitFor();
    await page.getByRole('button', { name: 'Log a request' }).click();
    await page.getByRole('group', { name: 'Received', exact: true }).getByLabel('Date and time').fill('12/22/2026 9:15 AM');
    await page.getByLabel('How it came in').selectOption('email');
    await page.getByLabel('Name', { exact: true }).fill('Pat Requester');
    await page.getByLabel('The request, in the requester’s words').fill(HOSTILE_WORDS);
    await page.getByRole('button', { name: 'Log the request' }).click();
    await page.getByRole('heading', { name: 'Request PRA-2026-001' }).waitFor();
    // Ten days after Dec 22 is New Year's Day, a Friday holiday: due Monday, Jan 4.
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toContain('2027-01-04 — 13 days left');
    await page.getByText(HOSTILE_WORDS).waitFor();
    await expectNoAxeViolations(page, 'a new public records request');

    await page.getByLabel('Signer’s title').fill('Deputy City Attorney');
    await page.getByRole('button', { name: 'Print the acknowledgement letter' }).click();
    await page.getByText(/^Saved the acknowledgement letter to /).waitFor({ timeout: 60_000 });
    const acknowledgement = pdfText(savedExport('PRA-2026-001 Acknowledgement letter'));
    expect(acknowledgement).toContain('January 4, 2027');
    expect(acknowledgement).toContain('Pat Requester');

    await page.getByRole('button', { name: 'Back to requests' }).click();
    const row = page.getByRole('row', { name: /PRA-2026-001/ });
    expect(await row.textContent()).toContain('13 days left');
    await expectNoAxeViolations(page, 'the requests dashboard');
  });

  it('extends once for a statutory reason; a second extension is refused', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'PRA-2026-001' }).click();
    await page.getByRole('button', { name: 'Extend the deadline' }).click();
    await page.getByRole('radio', { name: 'A voluminous amount of separate and distinct records' }).check();
    await expect.poll(() => page.getByLabel('New determination date').inputValue()).toBe('2027-01-15');
    await page.getByLabel('Written notice to the requester').fill('We need to examine many separate records; a determination will be made by January 15, 2027.');
    await page.getByRole('button', { name: 'Record the extension' }).click();
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toContain('2027-01-15 (extended)');

    await page.getByLabel('Signer’s title').fill('Deputy City Attorney');
    await page.getByRole('button', { name: 'Print the extension notice' }).click();
    await page.getByText(/^Saved the extension notice to /).waitFor({ timeout: 60_000 });
    const notice = pdfText(savedExport('PRA-2026-001 Extension notice')).replace(/\s+/g, ' ');
    expect(notice).toContain('January 15, 2027');
    expect(notice).toContain('voluminous amount of separate and distinct records');

    await page.getByRole('button', { name: 'Extend the deadline' }).click();
    await page.getByRole('radio', { name: 'Consultation with another agency or other City departments' }).check();
    await page.getByLabel('Written notice to the requester').fill('More time again.');
    await page.getByRole('button', { name: 'Record the extension' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'one extension only' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('finds and attaches the records; they are held from disposition while the request is open', async () => {
    const { page } = app.browser;
    await page.getByLabel('Search the removals for').fill('watches');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Attach 2 records' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Redact Record/ }).count()).toBe(2);
    expect(await page.getByText('Version 1, unchanged since it was attached.').count()).toBe(2);

    await goTo(page, 'Removals');
    await page.getByLabel('Legal hold').selectOption('held');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/^2 of 3 removals shown/);
    await goTo(page, 'Public records requests');
    await page.getByRole('button', { name: 'PRA-2026-001' }).click();
  });

  it('redacts text by the finders and by typed words, and an area of the screenshot; counsel approves each', async () => {
    const { page } = app.browser;
    for (const n of [1, 2]) {
      await page.getByRole('button', { name: new RegExp(`^Redact Record ${n} of 2`) }).click();
      await page.getByRole('button', { name: 'Find e-mail addresses, phone numbers, street addresses and SSNs' }).click();
      await expect.poll(() => page.getByRole('status').filter({ hasText: /The finders proposed/ }).count(), { timeout: 15_000 }).toBe(1);
      const content = page.getByRole('region', { name: 'Content', exact: true });
      if ((await content.textContent())?.includes('Zelda Quartermain')) {
        await expectNoAxeViolations(page, 'redacting a record');
        await content.getByLabel('Words to withhold').fill('Zelda Quartermain');
        await content.getByLabel('Exemption').selectOption({ label: 'Gov. Code § 7927.700 (Personal privacy)' });
        await content.getByRole('button', { name: 'Redact these words' }).click();
        await expect.poll(() => page.getByRole('button', { name: /^Approve redaction.*Zelda Quartermain/ }).count(), { timeout: 15_000 }).toBe(1);

        const shot = page.getByRole('region', { name: 'Screenshot shot.png' });
        await shot.getByLabel('Left (pixels)').fill('0');
        await shot.getByLabel('Top (pixels)').fill('0');
        await shot.getByLabel('Width (pixels)').fill('600');
        await shot.getByLabel('Height (pixels)').fill('100');
        await shot.getByLabel('Exemption').selectOption({ label: 'Gov. Code § 7927.700 (Personal privacy)' });
        await shot.getByRole('button', { name: 'Redact this area' }).click();
        await expect.poll(() => page.getByRole('button', { name: /^Approve redaction.*shot\.png/ }).count(), { timeout: 15_000 }).toBe(1);
      }
      await page.getByRole('button', { name: new RegExp(`^Close redaction`) }).click();
    }
    await approveEveryProposal(page);
    expect(await page.getByRole('button', { name: /^Approve redaction/ }).count()).toBe(0);
    await expectNoAxeViolations(page, 'approved redactions');
  });

  it('records a determination in part and prints the determination and the denial naming who is responsible', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Record the determination' }).click();
    await page.getByRole('radio', { name: 'Records will be released in part (some withheld)' }).check();
    await page.getByLabel('Records available on').fill('2027-01-12');
    await page.getByRole('button', { name: 'Save the determination' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: '7922.540' }).count()).toBe(1);
    await page.getByLabel('Name of person 1').fill('Arnold Alvarez-Glasman');
    await page.getByLabel('Title of person 1').fill('City Attorney');
    await page.getByRole('button', { name: 'Save the determination' }).click();
    await page.getByText(/^Records will be released in part \(some withheld\), available 2027-01-12/).waitFor();
    // The clock stops once the determination is made.
    await expect.poll(() => page.locator('dl.facts').first().textContent()).toContain('Determined 2026-12-22');

    await page.getByLabel('Signer’s title').fill('City Attorney');
    await page.getByRole('button', { name: 'Print the denial letter' }).click();
    await page.getByText(/^Saved the denial letter to /).waitFor({ timeout: 60_000 });
    const denial = pdfText(savedExport('PRA-2026-001 Denial letter')).replace(/\s+/g, ' ');
    expect(denial).toContain('Arnold Alvarez-Glasman');
    expect(denial).toContain('City Attorney');
    expect(denial).toContain('7927.700');
    await page.getByRole('button', { name: 'Print the determination letter' }).click();
    await page.getByText(/^Saved the determination letter to /).waitFor({ timeout: 60_000 });
    expect(pdfText(savedExport('PRA-2026-001 Determination letter')).replace(/\s+/g, ' ')).toContain('January 12, 2027');
  });

  it('produces the disclosure: redacted text and pixels absent, Bates numbers on every page, the exemption log, its hash on record', async () => {
    const { page } = app.browser;
    await page.getByLabel('Bates prefix').fill('NOR');
    await page.getByLabel('First Bates number').fill('100');
    await page.getByLabel('Certifier’s title').fill('Deputy City Attorney');
    await page.getByRole('button', { name: 'Make the disclosure PDF' }).click();
    await page.getByText(/^Saved the disclosure to /).waitFor({ timeout: 120_000 });
    const file = savedExport('PRA-2026-001 Disclosure');

    const text = pdfText(file);
    const flat = text.replace(/\s+/g, ' ');
    for (const secret of WITHHELD) expect(flat, secret).not.toContain(secret);
    expect(flat).toContain('cheap watches');
    expect(flat).toContain('Withheld');
    expect(flat).toContain('Gov. Code § 7927.700');
    expect(flat).not.toContain('parking meters');
    for (const part of pdfBytesAndStreams(file)) for (const secret of WITHHELD) expect(part.includes(secret), secret).toBe(false);

    const pages = pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(4);
    for (let n = 1; n <= pages; n++) expect(pdfText(file, n), `page ${n}`).toContain(`NOR${String(99 + n).padStart(6, '0')}`);

    // The screenshot goes in with its top half blacked out in the pixels, the rest as it was.
    const images = mkdtempSync(join(tmpdir(), 'records-ledger-cpra-images-'));
    execFileSync('pdfimages', [file, join(images, 'image')]);
    const extracted = readdirSync(images).filter((name) => name.endsWith('.ppm'));
    expect(extracted).toHaveLength(1);
    const picture = join(images, extracted[0]!);
    expect(ppmPixel(picture, 300, 50)).toEqual([0, 0, 0]);
    expect(ppmPixel(picture, 20, 20)).toEqual([0, 0, 0]);
    expect(ppmPixel(picture, 300, 190).every((channel) => channel > 200)).toBe(true);

    // The request records the exact file it released.
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    await expect.poll(() => page.getByRole('table', { name: /Documents the City produced/ }).textContent()).toContain(sha256);
    expect(await page.getByRole('table', { name: /Documents the City produced/ }).textContent()).toContain(`Bates NOR000100 to NOR${String(99 + pages).padStart(6, '0')}`);
    expect(await page.locator('ol.history').textContent()).toContain('Determination extended to 2027-01-15');
    await expectNoAxeViolations(page, 'a request with its disclosure produced');
  });
});
