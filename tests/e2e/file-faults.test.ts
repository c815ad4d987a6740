import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type Browser } from './support/app';
import { startFaultPreview, type FaultPreview } from './support/fault-preview';
import { fillRemoval, goTo, pasteScreenshot, registerSite } from './support/removal-flows';
import { ADMIN, createLedgerThroughUi, unlockThroughUi } from '../support/ledger-flows';
import type { Fault } from '../unit/services/faulty-file-system';

/*
 * The disk failing under each write a clerk makes, seen through the window:
 * the preview runs in this process over a file system that fails on cue.
 * Each case checks what the issue asks of every fault: a clear alert, the
 * typed input kept, the previous state intact on disk and after a reload,
 * and, once the fault is gone, a retry that stores the data exactly once.
 */
const admin = { ...ADMIN, passphrase: 'copper meadow violin harbor sixty' };
let preview: FaultPreview;
let browser: Browser;
let page: Page;
const backupFolder = mkdtempSync(join(tmpdir(), 'records-ledger-fault-backups-'));

beforeAll(async () => {
  preview = await startFaultPreview();
  browser = await openBrowser();
  page = browser.page;
  await page.goto(preview.url);
  await createLedgerThroughUi(page, admin);
  await unlockThroughUi(page, admin.name, admin.passphrase);
  await registerSite(page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
  await goTo(page, 'Log a removal');
  await page.getByRole('button', { name: 'Start a new removal' }).click();
  await page.getByLabel('Username or screen name', { exact: true }).fill('@left.unfinished');
  await page.getByRole('button', { name: 'Close (the draft is kept)' }).click();
  await page.getByText('It is kept under “Unfinished removals”, to finish later.').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  rmSync(backupFolder, { recursive: true, force: true });
});

// ---- what is on disk ------------------------------------------------------

function journalFolder(): string {
  return join(preview.dataDir, 'vault', 'journal');
}

/** Every byte of the journal, in order: the system of record, compared whole. */
function journalBytes(): Buffer {
  const folder = journalFolder();
  return Buffer.concat(readdirSync(folder).sort().map((name) => readFileSync(join(folder, name))));
}

function journalTypes(): string[] {
  return journalBytes()
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { type: string }).type);
}

function removalVersionsInJournal(): number {
  return journalTypes().filter((type) => type === 'removal.version').length;
}

function attachmentFiles(): string[] {
  const folder = join(preview.dataDir, 'vault', 'attachments');
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

function settingsFile(): string {
  return readFileSync(join(preview.dataDir, 'settings.json'), 'utf8');
}

/** Files a write leaves beside the ones it replaces; none may outlive a failure. */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((name) => /\.tmp-|\.partial-/.test(name));
}

// ---- what the clerk sees and does ------------------------------------------

async function alerts(): Promise<string> {
  return (await page.getByRole('alert').allTextContents()).join(' ');
}

/** The fault went off, and the window says so in words: what failed, why, and what to do. */
async function expectClearError(what: RegExp, why: RegExp, todo: RegExp): Promise<void> {
  await expect.poll(alerts, { timeout: 30_000 }).toMatch(why);
  expect(preview.disk.triggered).toBeGreaterThan(0);
  const text = await alerts();
  expect(text).toMatch(what);
  expect(text).toMatch(todo);
  // Messages glued from parts must still read as sentences.
  expect(text).not.toMatch(/\.\.(?!\.)|\.\s*\./);
  // A fault the services did not turn into words would have been logged as unexpected.
  expect(preview.unexpected).toEqual([]);
}

function arm(fault: Fault): void {
  preview.disk.triggered = 0;
  preview.disk.inject(fault);
}

async function reloadAndUnlock(): Promise<void> {
  await page.reload();
  await unlockThroughUi(page, admin.name, admin.passphrase);
}

/** How many removals the list holds, as the list itself says. */
async function removalsListed(): Promise<number> {
  await goTo(page, 'Removals');
  const status = page.getByRole('status').filter({ hasText: /removals shown/ }).first();
  await status.waitFor();
  const text = (await status.textContent()) ?? '';
  return Number(/of (\d+) removals shown/.exec(text)?.[1] ?? NaN);
}

let postNumber = 7000;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Saved exactly once: one row in the list, and no draft left over that could be saved a second time. */
async function expectListedOnce(username: string): Promise<void> {
  expect(await page.getByRole('row').filter({ hasText: username }).count()).toBe(1);
  await goTo(page, 'Log a removal');
  // The list of drafts has loaded once the one left unfinished on purpose is in it.
  await page.getByRole('button', { name: /^Continue: @left\.unfinished/ }).waitFor();
  expect(await page.getByRole('button', { name: new RegExp(`^Continue: ${escaped(username)}`) }).count()).toBe(0);
}

async function startRemoval(username: string, content: string): Promise<void> {
  await goTo(page, 'Log a removal');
  await page.getByRole('button', { name: 'Start a new removal' }).click();
  await fillRemoval(page, {
    permalink: `https://www.facebook.com/CityOfNorwalk/posts/${(postNumber += 1)}`,
    username,
    content,
    categories: ['Off-topic comment'],
    posted: '2026-05-04 09:15',
    removed: '2026-05-04 10:05',
  });
  await page.getByLabel('Counsel consulted').fill('Deputy City Attorney Ortiz');
  await page.getByRole('group', { name: 'When counsel was consulted', exact: true }).getByLabel('Date and time').fill('2026-05-04 09:40');
  await page.getByLabel('Direction counsel gave').fill('Remove: off-topic under the policy.');
}

/**
 * The clerk closes the form after the failure. The autosave runs shortly after
 * the last change, so closing (which keeps the draft at once) rather than
 * reloading straight away is what makes the last change certain to be kept.
 */
async function closeKeepingDraft(): Promise<void> {
  await page.getByRole('button', { name: 'Close (the draft is kept)' }).click();
  await page.getByText('It is kept under “Unfinished removals”, to finish later.').waitFor();
}

async function expectSaved(): Promise<void> {
  await expect.poll(() => page.getByRole('status').allTextContents(), { timeout: 30_000 }).toContainEqual(expect.stringContaining('The removal was saved to the ledger (version 1)'));
}


async function screenshotOf(text: string): Promise<Buffer> {
  const shot = await page.context().newPage();
  try {
    await shot.setViewportSize({ width: 600, height: 160 });
    await shot.setContent(`<body style="margin:30px;background:#fff;color:#000;font:32px sans-serif">${text}</body>`);
    return await shot.screenshot({ type: 'png' });
  } finally {
    await shot.close();
  }
}

// ---- the cases ------------------------------------------------------------

describe('saving a removal when the disk fails', () => {
  for (const { fault, inject, why, todo, username } of [
    {
      fault: 'a journal write that stops after 40 bytes because the disk is full',
      inject: { operation: 'write', code: 'ENOSPC', pathIncludes: 'segment-', afterBytes: 40 } satisfies Fault,
      why: /disk is full/i,
      todo: /free some space/i,
      username: '@full.disk',
    },
    {
      fault: 'an fsync of the journal that fails',
      inject: { operation: 'sync', code: 'EIO', pathIncludes: 'segment-' } satisfies Fault,
      why: /hardware error/i,
      todo: /check the disk/i,
      username: '@failed.fsync',
    },
  ]) {
    it(`${fault}: says so, keeps the form and the journal as they were, and a retry saves it once`, async () => {
      const listedBefore = await removalsListed();
      const versionsBefore = removalVersionsInJournal();
      const content = `Buy followers now at ${username} (case ${listedBefore + 1})`;
      await startRemoval(username, content);
      const journalBefore = journalBytes();

      arm(inject);
      await page.getByRole('button', { name: 'Save the removal' }).click();
      await expectClearError(/removal was not saved/i, why, todo);
      expect(await page.getByLabel('Content, exactly as posted').inputValue()).toBe(content);
      expect(await page.getByLabel('Username or screen name', { exact: true }).inputValue()).toBe(username);
      // Not a byte of the failed save stays in the system of record.
      expect(journalBytes().equals(journalBefore)).toBe(true);
      expect(leftovers(journalFolder())).toEqual([]);

      // A reload finds the ledger as it was, and what was typed still there as a draft.
      await closeKeepingDraft();
      await reloadAndUnlock();
      expect(await removalsListed()).toBe(listedBefore);
      await goTo(page, 'Log a removal');
      await page.getByRole('button', { name: new RegExp(`^Continue: ${escaped(username)}`) }).click();
      expect(await page.getByLabel('Content, exactly as posted').inputValue()).toBe(content);

      preview.disk.clear();
      await page.getByRole('button', { name: 'Save the removal' }).click();
      await expectSaved();
      expect(removalVersionsInJournal()).toBe(versionsBefore + 1);
      expect(await removalsListed()).toBe(listedBefore + 1);
      await expectListedOnce(username);
    });
  }
});

describe('saving a removal with a screenshot when the disk fails', () => {
  it('permission refused while storing the screenshot, then a journal that cannot be written: each said, nothing half kept, and the removal saved once with its screenshot', async () => {
    const png = await screenshotOf('Selling cheap sunglasses here');
    const username = '@shades.seller';
    const listedBefore = await removalsListed();
    const versionsBefore = removalVersionsInJournal();
    await startRemoval(username, '');
    const filesBefore = attachmentFiles();

    arm({ operation: 'open', code: 'EACCES', pathIncludes: 'attachments' });
    await pasteScreenshot(page, png);
    await expectClearError(/could not be saved/i, /refused permission/i, /IT staff/i);
    const attached = page.getByRole('list', { name: 'Attached files' });
    expect(await attached.getByRole('listitem').count()).toBe(0);
    expect(attachmentFiles()).toEqual(filesBefore);
    expect(await page.getByLabel('Username or screen name', { exact: true }).inputValue()).toBe(username);

    preview.disk.clear();
    await pasteScreenshot(page, png);
    await attached.getByText(/^Pasted screenshot .*\.png$/).waitFor({ timeout: 30_000 });
    expect(await attached.getByRole('listitem').count()).toBe(1);
    // The screenshot and its thumbnail, nothing half-written beside them.
    const stored = attachmentFiles().filter((name) => !filesBefore.includes(name));
    expect(stored).toHaveLength(2);
    expect(stored.every((name) => /^[A-Za-z0-9_-]+\.bin$/.test(name))).toBe(true);

    const journalBefore = journalBytes();
    arm({ operation: 'write', code: 'EIO', pathIncludes: 'segment-' });
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await expectClearError(/removal was not saved/i, /hardware error/i, /try again/i);
    expect(journalBytes().equals(journalBefore)).toBe(true);
    expect(await attached.getByRole('listitem').count()).toBe(1);

    // After a reload the ledger is as it was, and the draft still has its screenshot.
    await closeKeepingDraft();
    await reloadAndUnlock();
    expect(await removalsListed()).toBe(listedBefore);
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: /^Continue: @shades\.seller/ }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Attached files' }).getByRole('listitem').count()).toBe(1);

    preview.disk.clear();
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await expectSaved();
    expect(removalVersionsInJournal()).toBe(versionsBefore + 1);
    expect(attachmentFiles()).toEqual([...filesBefore, ...stored].sort());
    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Attached files' }).getByRole('listitem').count()).toBe(1);
    expect(await removalsListed()).toBe(listedBefore + 1);
    await expectListedOnce(username);
  });
});

describe('changing a setting when the disk fails', () => {
  for (const { fault, inject, why, todo, minutes } of [
    {
      fault: 'a rename of the new settings file that is refused',
      inject: { operation: 'rename', code: 'EPERM', pathIncludes: 'settings.json' } satisfies Fault,
      why: /refused permission/i,
      todo: /IT staff/i,
      minutes: '25',
    },
    {
      fault: 'a settings write that stops after 8 bytes because the disk is full',
      inject: { operation: 'write', code: 'ENOSPC', pathIncludes: 'settings.json', afterBytes: 8 } satisfies Fault,
      why: /disk is full/i,
      todo: /free some space/i,
      minutes: '35',
    },
  ]) {
    it(`${fault}: says so, keeps what was typed and the settings as they were, and a retry saves them`, async () => {
      const minutesField = () => page.getByLabel('Lock after this many idle minutes');
      await goTo(page, 'Settings');
      await expect.poll(() => minutesField().isEnabled()).toBe(true);
      // A first change that works, so a stale "saved" could be seen beside the failure.
      await minutesField().fill('17');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Settings saved. The ledger now locks after 17 idle minutes.').waitFor();
      const before = settingsFile();

      await minutesField().fill(minutes);
      arm(inject);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expectClearError(/settings could not be saved/i, why, todo);
      expect(await minutesField().inputValue()).toBe(minutes);
      // The page does not claim a save that did not happen.
      expect((await page.getByRole('status').allTextContents()).join(' ')).not.toMatch(/Settings saved/);
      expect(settingsFile()).toBe(before);
      expect(leftovers(preview.dataDir)).toEqual([]);

      await reloadAndUnlock();
      await goTo(page, 'Settings');
      await expect.poll(() => minutesField().inputValue()).toBe('17');

      preview.disk.clear();
      await minutesField().fill(minutes);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText(`Settings saved. The ledger now locks after ${minutes} idle minutes.`).waitFor();
      expect((JSON.parse(settingsFile()) as { autoLockMinutes: number }).autoLockMinutes).toBe(Number(minutes));
    });
  }
});

describe('making a backup when the disk fails', () => {
  function backupsInFolder(): string[] {
    return readdirSync(backupFolder).filter((name) => name.endsWith('.rlbackup'));
  }

  /** The backups the Backups page lists for the saved backup folder, once it has looked. */
  async function backupsListed(expected: number): Promise<void> {
    await goTo(page, 'Backups');
    await expect.poll(() => page.getByLabel('Backup folder').inputValue()).toBe(backupFolder);
    const rows = page.getByRole('table', { name: `Backups in ${backupFolder}` }).getByRole('row');
    await expect.poll(async () => Math.max(0, (await rows.count()) - 1)).toBe(expected);
  }

  it('saving the backup settings on a full disk: says so, keeps what was typed, claims no save, and a retry saves them', async () => {
    const keep = () => page.getByLabel('Backups to keep');
    await goTo(page, 'Backups');
    await expect.poll(() => keep().isEnabled()).toBe(true);
    await page.getByLabel('Backup folder').fill(backupFolder);
    await keep().fill('5');
    await page.getByRole('button', { name: 'Save backup settings' }).click();
    await page.getByText('Backup settings saved.').waitFor();
    const before = settingsFile();

    await keep().fill('9');
    arm({ operation: 'write', code: 'ENOSPC', pathIncludes: 'settings.json' });
    await page.getByRole('button', { name: 'Save backup settings' }).click();
    await expectClearError(/settings could not be saved/i, /disk is full/i, /free some space/i);
    expect(await keep().inputValue()).toBe('9');
    expect((await page.getByRole('status').allTextContents()).join(' ')).not.toMatch(/Backup settings saved/);
    expect(settingsFile()).toBe(before);
    expect(leftovers(preview.dataDir)).toEqual([]);

    preview.disk.clear();
    await page.getByRole('button', { name: 'Save backup settings' }).click();
    await page.getByText('Backup settings saved.').waitFor();
    expect((JSON.parse(settingsFile()) as { backupGenerations: number }).backupGenerations).toBe(9);
  });

  for (const { fault, inject, why, todo } of [
    {
      fault: 'a backup write that stops after 1,000 bytes because the backup disk is full',
      inject: { operation: 'write', code: 'ENOSPC', pathIncludes: '.rlbackup.partial', afterBytes: 1000 } satisfies Fault,
      why: /disk is full/i,
      todo: /free some space/i,
    },
    {
      fault: 'an fsync of the backup file that fails',
      inject: { operation: 'sync', code: 'EIO', pathIncludes: '.rlbackup.partial' } satisfies Fault,
      why: /hardware error/i,
      todo: /check the disk/i,
    },
    {
      fault: 'the rename that puts the finished backup in place, refused',
      inject: { operation: 'rename', code: 'EACCES', pathIncludes: '.rlbackup' } satisfies Fault,
      why: /refused permission/i,
      todo: /IT staff/i,
    },
  ]) {
    it(`${fault}: says so, leaves no backup and nothing half-written, and backing up again makes exactly one`, async () => {
      await goTo(page, 'Backups');
      await page.getByLabel('Backup folder').fill(backupFolder);
      const before = backupsInFolder();
      const lastBackupBefore = (JSON.parse(settingsFile()) as { lastBackupAt?: string }).lastBackupAt;

      arm(inject);
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expectClearError(/backup could not be saved/i, why, todo);
      expect(await page.getByLabel('Backup folder').inputValue()).toBe(backupFolder);
      expect(backupsInFolder()).toEqual(before);
      expect(leftovers(backupFolder)).toEqual([]);
      expect(existsSync(join(preview.dataDir, 'backups-in-progress.json'))).toBe(false);
      expect((JSON.parse(settingsFile()) as { lastBackupAt?: string }).lastBackupAt).toBe(lastBackupBefore);
      expect(journalTypes().at(-1)).toBe('audit.backup_failed');
      await reloadAndUnlock();
      await backupsListed(before.length);

      preview.disk.clear();
      await page.getByRole('button', { name: 'Back up now' }).click();
      await expect.poll(() => page.getByText(/Backed up and checked/).isVisible(), { timeout: 60_000 }).toBe(true);
      expect(backupsInFolder()).toHaveLength(before.length + 1);
      expect(leftovers(backupFolder)).toEqual([]);
      expect(journalTypes().at(-1)).toBe('audit.backup');
      await backupsListed(before.length + 1);
    });
  }

  it('the backup is made but its date cannot be recorded (settings rename refused): says the backup was made, keeps it, and records the date next time', async () => {
    await goTo(page, 'Backups');
    await page.getByLabel('Backup folder').fill(backupFolder);
    const before = backupsInFolder();
    const settingsBefore = settingsFile();

    arm({ operation: 'rename', code: 'EPERM', pathIncludes: 'settings.json' });
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expectClearError(/backup was made and checked/i, /refused permission/i, /IT staff/i);
    // The backup stands, and the audit trail says so; only its date is missing from the settings.
    expect(backupsInFolder()).toHaveLength(before.length + 1);
    expect(journalTypes().at(-1)).toBe('audit.backup');
    expect(settingsFile()).toBe(settingsBefore);

    preview.disk.clear();
    await page.getByRole('button', { name: 'Back up now' }).click();
    await expect.poll(() => page.getByText(/Backed up and checked/).isVisible(), { timeout: 60_000 }).toBe(true);
    expect(backupsInFolder()).toHaveLength(before.length + 2);
    expect((JSON.parse(settingsFile()) as { lastBackupAt: string | null }).lastBackupAt).not.toBe((JSON.parse(settingsBefore) as { lastBackupAt: string | null }).lastBackupAt);
  });
});
