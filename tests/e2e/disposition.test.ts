import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN, unlockThroughUi } from '../support/ledger-flows';
import { expectNoAxeViolations, unlockedLedgerForThisFile } from './support/app';
import { goTo, importSpamComments, registerSite, type ImportedComment } from './support/removal-flows';

const admin = { ...ADMIN, passphrase: 'harbor quartz meadow lantern sixty' };
const RITA = { name: 'Rita Records', passphrase: 'violet compass orchard ninety river' };
const app = unlockedLedgerForThisFile(admin);

/** Unmistakable text that must leave no trace anywhere once destroyed. */
const CANARY = 'CANARYALPHA91C';
const rows: ImportedComment[] = [
  ['disp_alpha', `${CANARY} buy cheap watches now`, 'alpha.png'],
  ['disp_bravo', 'Bravo comment selling sunglasses', ''],
  ['disp_charlie', 'Charlie comment held for litigation', ''],
  ['disp_delta', 'Delta comment about a quokka giveaway', ''],
  ['disp_echo', 'Echo comment kept ten years', ''],
];

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    const entry = lstatSync(path);
    // Chromium's profile holds symbolic links to sockets and locks, not data.
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

function savedExport(prefix: string): string {
  const dir = `${app.preview.dataDir}-exports`;
  const name = readdirSync(dir).filter((f) => f.startsWith(prefix)).sort().at(-1);
  if (!name) throw new Error(`No export starting "${prefix}" in ${dir}`);
  return join(dir, name);
}

function journalLines(): Array<{ seq: number; type: string; payload: string | null }> {
  return filesUnder(join(app.preview.dataDir, 'vault', 'journal'))
    .filter((file) => file.endsWith('.jsonl'))
    .flatMap((file) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { seq: number; type: string; payload: string | null }));
}

const pdfText = (prefix: string) => execFileSync('pdftotext', ['-layout', savedExport(prefix), '-'], { encoding: 'utf8' });

async function openRemovalOf(page: Page, username: string) {
  await goTo(page, 'Removals');
  await page.getByLabel('Poster’s username (exact)').fill(username);
  await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^1 of \d removals shown/);
  await page.getByRole('button', { name: /^Open the removal of/ }).click();
  await page.getByRole('heading', { name: /^Removal of/ }).waitFor();
}

async function placeHold(page: Page, matter: string, number: string) {
  await page.getByLabel('Matter', { exact: true }).fill(matter);
  await page.getByLabel('Matter or case number').fill(number);
  await page.getByLabel('Why the records must be kept').fill('Litigation is reasonably anticipated.');
  await page.getByLabel('Their title').fill('Deputy City Attorney');
}

describe('disposition: from eligibility to a certificate of destruction', () => {
  it('logs five removals from March 2025, one with a screenshot', async () => {
    const { page } = app.browser;
    await registerSite(page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
    const shot = await page.context().newPage();
    await shot.setContent(`<body style="background:#fff;font:32px sans-serif">${CANARY} screenshot</body>`);
    const folder = mkdtempSync(join(tmpdir(), 'records-ledger-disposition-'));
    writeFileSync(join(folder, 'alpha.png'), await shot.screenshot({ type: 'png' }));
    await shot.close();
    await importSpamComments(page, folder, '2025-03', rows);
  });

  it('sets up a ten-year series and moves one record into it, as a recorded decision', async () => {
    const { page } = app.browser;
    await goTo(page, 'Retention');
    await page.getByRole('button', { name: 'Add a record series' }).click();
    await page.getByLabel('Code').fill('SM-10');
    await page.getByLabel('Title').fill('Removed content subject to a settlement agreement');
    await page.getByLabel('What it covers').fill('Removals the settlement in Roe v. City requires be kept ten years.');
    await page.getByLabel('Years').fill('10');
    await page.getByLabel('Adopted by (resolution)').fill('Resolution 25-88');
    await page.getByRole('button', { name: 'Add the series' }).click();
    await page.getByText('SM-10 was added to the retention schedule.').waitFor();

    await openRemovalOf(page, 'disp_echo');
    await page.getByRole('button', { name: 'Change the retention series' }).click();
    await page.getByLabel('New series').selectOption({ label: 'SM-10: Removed content subject to a settlement agreement' });
    await page.getByRole('button', { name: 'Change the series' }).click();
    await page.getByText(/Say why the record belongs in another series/).waitFor();
    await page.getByLabel('Why it belongs there').fill('Named in the Roe settlement.');
    await page.getByRole('button', { name: 'Change the series' }).click();
    await page.getByText(/The record is now in SM-10/).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /Retention series changed from SM-REM to SM-10: Named in the Roe settlement/ }).count()).toBe(1);

    // Counsel holds charlie before anything is listed.
    await openRemovalOf(page, 'disp_charlie');
    await page.getByRole('button', { name: 'Place a legal hold' }).click();
    await placeHold(page, 'Doe v. City of Norwalk', '25-CV-0412');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await page.getByText(/The legal hold for Doe v\. City of Norwalk was placed/).waitFor();
  });

  it('lists the eligible records once the clock passes two years, prints the destruction list and records the approvals', async () => {
    const { page } = app.browser;
    await page.clock.setFixedTime(new Date('2027-06-01T12:00:00-07:00'));
    await goTo(page, 'Overview');
    await goTo(page, 'Retention');
    const facts = page.locator('dl.facts');
    await expect.poll(() => facts.textContent()).toContain('Eligible now3');
    expect(await facts.textContent()).toContain('On hold (never disposed of while held)1');
    await page.getByRole('button', { name: 'List 3 for destruction' }).click();
    await page.getByText(/Batch DB-2027-001 lists 3 records of SM-REM/).waitFor();
    await expectNoAxeViolations(page, 'a disposition batch awaiting approval');

    await page.getByRole('button', { name: 'Print the destruction list (PDF)' }).click();
    await page.getByText(/^Saved the destruction list DB-2027-001 to /).waitFor({ timeout: 60_000 });
    const list = pdfText('Destruction list');
    expect(list).toContain('DB-2027-001');
    expect(list).toContain('34090');
    expect(list).not.toContain(CANARY);

    // Executing before the approvals the statute requires is refused.
    await page.getByRole('button', { name: 'Execute batch DB-2027-001' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Gov. Code 34090' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Record the city attorney’s written consent for DB-2027-001' }).click();
    await page.getByLabel('City attorney', { exact: true }).fill('Arnold Alvarez-Glasman');
    await page.getByLabel('Reference of the written consent').fill('CA-2027-031');
    await page.getByRole('button', { name: 'Record the approval' }).click();
    await page.getByRole('button', { name: 'Record the legislative body’s approval by resolution for DB-2027-001' }).click();
    await page.getByLabel('Resolution number').fill('27-45');
    await page.getByRole('button', { name: 'Record the approval' }).click();
    await page.getByRole('button', { name: 'Record the department head’s approval for DB-2027-001' }).click();
    await page.getByLabel('Department head', { exact: true }).fill('Theresa Devoy');
    await page.getByLabel('Department head’s title').fill('City Clerk');
    await page.getByRole('button', { name: 'Record the approval' }).click();
    await page.getByRole('heading', { name: /Batch DB-2027-001: Destroy, approved, not yet executed/ }).waitFor();

    // Every approval is on record, but an administrator is not the records manager.
    await page.getByRole('button', { name: 'Execute batch DB-2027-001' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Only a records manager may execute' }).count()).toBe(1);
  });

  it('a hold placed after approval, by a search, leaves that record out', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Place a legal hold on a period or a search' }).click();
    await placeHold(page, 'Public Records Act petition', '27-CV-0091');
    await page.getByRole('radio', { name: 'The removals a search finds now' }).check();
    await page.getByLabel('Search for').fill('quokka');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await page.getByText(/placed on the removal found by searching for “quokka”/).waitFor({ timeout: 30_000 });

    // A records manager joins, and executes.
    await page.getByRole('button', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByLabel('Full name').fill(RITA.name);
    await page.getByLabel('Role').selectOption('records_manager');
    await page.getByLabel('Their passphrase').fill(RITA.passphrase);
    await expect.poll(() => page.getByText(/Strong passphrase|Good passphrase/).count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.getByLabel('Your own passphrase, to confirm').fill(admin.passphrase);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toContain('was added as');
  });

  it('the records manager executes it: content, screenshots and search entries are gone, stubs remain, the chain verifies', async () => {
    const { page } = app.browser;
    const attachmentsBefore = filesUnder(join(app.preview.dataDir, 'vault', 'attachments')).length;
    const payloadsBefore = new Map(journalLines().filter((line) => line.type === 'removal.version').map((line) => [line.seq, line.payload]));
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await unlockThroughUi(page, RITA.name, RITA.passphrase);
    await goTo(page, 'Retention');
    await page.getByRole('button', { name: /^DB-2027-001: Destroy, 3 records/ }).click();
    await page.getByRole('button', { name: 'Execute batch DB-2027-001' }).click();
    await page.getByRole('button', { name: 'Destroy them' }).click();
    await page.getByText(/Batch DB-2027-001 was executed: 2 records destroyed, 1 left out/).waitFor({ timeout: 60_000 });
    await expectNoAxeViolations(page, 'an executed disposition batch');
    expect(await page.getByRole('table', { name: 'Left out at execution' }).textContent()).toContain('Public Records Act petition (27-CV-0091)');

    await page.getByRole('button', { name: 'Print the certificate of destruction (PDF)' }).click();
    await page.getByText(/^Saved the certificate of destruction for DB-2027-001 to /).waitFor({ timeout: 60_000 });
    const certificate = pdfText('Certificate of destruction');
    expect(certificate).toContain('DB-2027-001');
    expect(certificate).toContain('Rita Records');
    expect(certificate).toContain('CA-2027-031');
    expect(certificate).toContain('27-45');
    expect(certificate).toContain('Public Records Act petition (27-CV-0091)');
    expect(certificate).not.toContain(CANARY);

    await page.getByRole('button', { name: 'Print the retention report (PDF)' }).click();
    await page.getByText(/^Saved the retention report to /).waitFor({ timeout: 60_000 });
    const report = pdfText('Retention report');
    expect(report).toContain('SM-REM');
    expect(report).toContain('SM-10');
    expect(report).toContain('Resolution 25-88');

    // Two files (the screenshot and its thumbnail) left the vault folder.
    expect(filesUnder(join(app.preview.dataDir, 'vault', 'attachments')).length).toBe(attachmentsBefore - 2);
    // The journal keeps each destroyed version's hash, not its bytes.
    const lines = journalLines();
    const destroyed = lines.filter((line) => line.type === 'removal.version' && line.payload === null);
    expect(destroyed).toHaveLength(2);
    expect(lines.filter((line) => line.type === 'disposed.version')).toHaveLength(2);

    // No trace of the content anywhere: the vault folder, the exports, Chromium's profile (IndexedDB), search.
    for (const file of [...filesUnder(app.preview.dataDir), ...filesUnder(`${app.preview.dataDir}-exports`), ...filesUnder(app.browser.profile)]) {
      expect(readFileSync(file).includes(CANARY), file).toBe(false);
    }
    // Nor of its encrypted bytes in the vault folder: the ciphertext each destroyed journal entry held, raw or in base64.
    // (Chromium's IndexedDB files may keep the read model's stale encrypted copy until LevelDB compacts: see docs/threat-model.md.)
    const ciphertexts = destroyed.map((line) => Buffer.from(payloadsBefore.get(line.seq)!, 'base64'));
    for (const file of filesUnder(app.preview.dataDir)) {
      const bytes = readFileSync(file);
      for (const ciphertext of ciphertexts) {
        expect(bytes.includes(ciphertext.subarray(16, 80)), `ciphertext in ${file}`).toBe(false);
        expect(bytes.includes(ciphertext.toString('base64').slice(24, 100)), `base64 ciphertext in ${file}`).toBe(false);
      }
    }
    await goTo(page, 'Removals');
    await page.getByLabel('Search the content, names, notes and screenshot text').fill(CANARY);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/^0 of 3 removals shown/);

    await page.getByRole('button', { name: 'Verify ledger' }).click();
    await page.getByRole('button', { name: 'Verify the journal' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The journal is intact' }).isVisible(), { timeout: 60_000 }).toBe(true);
  });
});
