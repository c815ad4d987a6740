import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, withFreshApp, unlockedLedgerForThisFile } from './support/app';
import { ADMIN, createLedgerThroughUi, unlockThroughUi } from '../support/ledger-flows';

const admin = { ...ADMIN, passphrase: 'sapphire kettle meadow rover twelve' };
const backupFolder = mkdtempSync(join(tmpdir(), 'records-ledger-backups-'));

const app = unlockedLedgerForThisFile(admin);

function savedExport(prefix: string): string {
  const dir = `${app.preview.dataDir}-exports`;
  const name = readdirSync(dir).filter((f) => f.startsWith(prefix)).sort().at(-1)!;
  return join(dir, name);
}

describe('verifying the ledger', () => {
  it('finds an intact journal, saves a signed checkpoint and prints the report', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Verify ledger' }).click();
    await page.getByRole('button', { name: 'Verify the journal' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The journal is intact' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expectNoAxeViolations(page, 'the verification report');
    await page.getByRole('button', { name: 'Save a signed checkpoint' }).click();
    await expect.poll(() => page.getByText(/Saved a signed checkpoint/).isVisible()).toBe(true);
    await page.getByLabel('Compare with a signed checkpoint file').setInputFiles(savedExport('Checkpoint'));
    await expect.poll(() => page.getByText(/still contains, unchanged/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Save the audit verification report (PDF)' }).click();
    await expect.poll(() => page.getByText(/Saved the audit verification report/).isVisible(), { timeout: 30_000 }).toBe(true);
    const text = execFileSync('pdftotext', [savedExport('Audit verification report'), '-'], { encoding: 'utf8' });
    expect(text).toContain('The journal is intact');
  });

  it('names the first bad entry after someone edits the journal file', async () => {
    const { page } = app.browser;
    const journalDir = join(app.preview.dataDir, 'vault', 'journal');
    const segment = join(journalDir, readdirSync(journalDir).sort()[0]!);
    const lines = readFileSync(segment, 'utf8').split('\n');
    const second = JSON.parse(lines[1]!) as { actor: string; seq: number };
    second.actor = 'someone-else';
    lines[1] = JSON.stringify(second);
    writeFileSync(segment, lines.join('\n'));
    await page.getByRole('button', { name: 'Verify the journal' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'The journal is BROKEN' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText(/Entry 2:/).isVisible()).toBe(true);
  });
});

describe('backups', () => {
  it('backs up now, verifies the file, and restores it onto a fresh install', async () => {
    // A ledger of its own: the one above had its journal edited on purpose.
    await withFreshApp(async ({ page }) => {
      await createLedgerThroughUi(page, admin);
      await unlockThroughUi(page, admin.name, admin.passphrase);
      await page.getByRole('button', { name: 'Backups' }).click();
      await page.getByLabel('Backup folder').fill(backupFolder);
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expect.poll(() => page.getByText(/Backed up and checked/).isVisible(), { timeout: 60_000 }).toBe(true);
      await expectNoAxeViolations(page, 'the backups page');
      const file = join(backupFolder, readdirSync(backupFolder).find((f) => f.endsWith('.rlbackup'))!);
      await page.getByLabel('Backup file to verify').fill(file);
      await page.getByRole('button', { name: 'Verify the backup' }).click();
      await expect.poll(() => page.getByText(/The backup is intact/).isVisible(), { timeout: 60_000 }).toBe(true);

      // A damaged copy is refused, and the message says so.
      const damaged = join(backupFolder, 'damaged.rlbackup');
      const bytes = readFileSync(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      writeFileSync(damaged, bytes);
      await page.getByLabel('Backup file to verify').fill(damaged);
      await page.getByRole('button', { name: 'Verify the backup' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/damaged/i));
      expect(await page.getByText(/The backup is intact/).count()).toBe(0);

      // Restore onto a brand-new data folder and browser profile.
      await withFreshApp(async ({ page: restored }) => {
        await restored.getByRole('button', { name: 'Restore from a backup' }).click();
        await restored.getByLabel('Backup file').fill(file);
        await restored.getByRole('button', { name: 'Check the backup' }).click();
        await expect.poll(() => restored.getByRole('heading', { name: 'The backup is intact' }).isVisible(), { timeout: 60_000 }).toBe(true);
        await expectNoAxeViolations(restored, 'the restore screen');
        await restored.getByRole('button', { name: 'Restore this backup' }).click();
        await restored.getByRole('heading', { name: `Unlock ${admin.ledger}` }).waitFor({ timeout: 60_000 });
        await unlockThroughUi(restored, admin.name, admin.passphrase);
        await restored.getByRole('button', { name: 'Verify ledger' }).click();
        await restored.getByRole('button', { name: 'Verify the journal' }).click();
        await expect.poll(() => restored.getByRole('heading', { name: 'The journal is intact' }).isVisible(), { timeout: 30_000 }).toBe(true);
      });
    });
  });
});

describe('the read model', () => {
  it('is rebuilt from the journal when IndexedDB is deleted behind the app’s back', async () => {
    await withFreshApp(async ({ page }) => {
      await createLedgerThroughUi(page, admin);
      await unlockThroughUi(page, admin.name, admin.passphrase);
      await page.getByRole('button', { name: 'Lock', exact: true }).click();
      await page.evaluate(async () => {
        const databases = await indexedDB.databases();
        await Promise.all(databases.map((d) => new Promise((resolve) => {
          const request = indexedDB.deleteDatabase(d.name!);
          request.onsuccess = request.onerror = request.onblocked = () => resolve(null);
        })));
      });
      await unlockThroughUi(page, admin.name, admin.passphrase);
      await expect.poll(() => page.getByText(/was missing .*rebuilt from the journal/).isVisible()).toBe(true);
      await page.getByRole('button', { name: 'Users', exact: true }).click();
      await expect.poll(() => page.getByRole('cell', { name: admin.name, exact: true }).isVisible()).toBe(true);
    });
  });
});
