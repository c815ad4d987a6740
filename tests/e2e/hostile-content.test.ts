import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CORPUS_FILES,
  FILE_CASES,
  formulaCells,
  hostileBytes,
  hostileText,
  LONG_LINE,
  LONG_LINE_CHARACTERS,
  lookalikeUsernames,
  TEXT_CASES,
} from '../fixtures/hostile/corpus';
import { hostileFixtureFiles } from '../fixtures/hostile/generate';
import { ADMIN } from '../support/ledger-flows';
import { xlsxBytes, type XlsxCell } from '../support/xlsx';
import { expectNoAxeViolations } from './support/app';
import { activeNamesInFile, asPrinted, expectNothingFired, injectIntoProbePage, pdfBytesAndStreams, pdfWords, savedExport, watchedLedgerForThisFile } from './support/hostile-flows';
import { fillRemoval, goTo, registerSite, typeMoment } from './support/removal-flows';

/*
 * The hostile corpus (tests/fixtures/hostile) pushed through every path that
 * can carry removed content: the removal form's fields, CSV and Excel import,
 * screenshots and OCR, search, the record page, the CSV export and every PDF
 * that prints content. The browser runs with the CSP bypassed and watches
 * for any payload running, any element made from content, any request or
 * navigation (tests/e2e/support/hostile-flows.ts).
 *
 * The 100,000-character line is printed once, in the removal log: laying out
 * an unbroken run takes time that grows with the square of its length (about
 * 20 seconds for this one), so the copy imported from the CSV, dated a day
 * later, is left out of the PDFs.
 */

const admin = { ...ADMIN, passphrase: 'saffron beacon ledger thirty walrus' };
const app = watchedLedgerForThisFile(admin);

const texts = TEXT_CASES.map((c) => hostileText(c.file));
const longLine = hostileText(LONG_LINE.file);
const formulas = formulaCells();
const lookalikes = lookalikeUsernames();
const cyrillic = lookalikes.find((l) => l.alphabet === 'Cyrillic')!;
const greek = lookalikes.find((l) => l.alphabet === 'Greek')!;

/** Everything the form's content field carries: every text case and every formula a textarea can hold (it turns a lone CR into a line feed). */
const FORM_CONTENT = [...texts, ...formulas.filter((cell) => !cell.startsWith('\r'))].join('\n');
const FORM_DISPLAY_NAME = hostileText('img-onerror.txt');
const FORM_NOTES = `${hostileText('markup-breakout.txt')}\n${hostileText('bidi-override.txt')}`;
const FORM_PARENT = hostileText('iframe-srcdoc.txt');
const FORM_DIRECTION = hostileText('svg-onload.txt');
/** An http address, so the form takes it, with markup in its query. */
const FORM_PERMALINK = `https://www.facebook.com/CityOfNorwalk/posts/31337?comment_id=<script>window.__canary='permalink'</script>`;

/** The lines the removal log repeats on each page: its running head and foot, and the heading row of a removal that runs onto the page. */
const REMOVAL_LOG_FURNITURE = [/^City of Norwalk Removal log$/, /^Records Ledger: .* Page \d+ of \d+$/, /^Removal \d+ of \d+ · [0-9a-f]+ · [A-Z][a-z]+ \d{1,2}, \d{4}$/];

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const status = (page: Page) => page.getByRole('status').first().textContent();

async function search(page: Page, words: string, shown: RegExp) {
  await page.getByLabel('Search the content, names, notes and screenshot text').fill(words);
  await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(shown);
}

/** The whole list again: no username, no words searched for. */
async function showAll(page: Page) {
  await goTo(page, 'Removals');
  await page.getByLabel('Poster’s username (exact)').fill('');
  await page.getByLabel('Search the content, names, notes and screenshot text').fill('');
  await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/^(\d+) of \1 removals shown/);
}

async function openOnly(page: Page, username: string) {
  await showAll(page);
  await page.getByLabel('Poster’s username (exact)').fill(username);
  await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/^1 of \d+ removals shown/);
  await page.getByRole('button', { name: /^Open the removal of/ }).click();
  await page.getByRole('heading', { level: 1, name: /^Removal of/ }).waitFor();
}

const IMPORT_HEADERS = ['Site', 'Type', 'Link', 'Display name', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Notes', 'Reason', 'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint', 'Screenshot'];

interface ImportRow {
  username: string;
  displayName: string;
  content: string;
  notes?: string;
  link?: string;
  screenshot?: string;
  /** YYYY-MM-DD: the day it was posted and removed. */
  day?: string;
}

function importCells(row: ImportRow, n: number): string[] {
  const day = row.day ?? '2026-09-02';
  return [
    'City of Norwalk',
    'comment',
    row.link ?? `https://www.facebook.com/CityOfNorwalk/posts/${70_000 + n}`,
    row.displayName,
    row.username,
    `${day} 09:00`,
    `${day} 09:20`,
    `${day} 10:00`,
    row.content,
    row.notes ?? '',
    'Solicitation of commerce (spam)',
    'Dana Clerk',
    `${day} 09:30`,
    'Jesus Gomez',
    `${day} 09:45`,
    'The content expressly violated the Social Media Policy.',
    'Dana Clerk',
    'yes',
    row.screenshot ?? '',
  ];
}

/** Chooses the spreadsheet (and the screenshot folder), checks the rows and returns the report's text. */
async function checkImport(page: Page, file: string, folder?: string): Promise<string> {
  await goTo(page, 'Import');
  await page.getByLabel('Spreadsheet (CSV or Excel)').setInputFiles(file);
  await page.getByRole('button', { name: 'Check the rows' }).waitFor({ timeout: 30_000 });
  if (folder) await page.getByLabel('Folder with the screenshots').setInputFiles(folder);
  await page.getByRole('button', { name: 'Check the rows' }).click();
  const report = page.getByText(/rows? (is|are) ready to import/).first();
  await report.waitFor({ timeout: 60_000 });
  return (await page.locator('section', { has: page.getByRole('heading', { name: '4. Report' }) }).last().textContent()) ?? '';
}

/** Rows for a spreadsheet: one per text case (with hostile notes, and markup for every other display name), then one per formula in every text column. */
function spreadsheetRows(prefix: string): ImportRow[] {
  const notes = hostileText('markup-breakout.txt');
  const rows: ImportRow[] = texts.map((content, n) => ({ username: `${prefix}_text_${n}`, displayName: n % 2 ? texts[0]! : `Poster ${n}`, content, notes }));
  formulas.forEach((cell, n) => rows.push({ username: `${prefix}_formula_${n}`, displayName: cell, content: cell, notes: cell }));
  return rows;
}

describe('the hostile corpus', () => {
  it('is on disk exactly as generate.ts makes it, one file per case', () => {
    const made = hostileFixtureFiles();
    expect([...made.keys()].sort()).toEqual([...CORPUS_FILES].sort());
    for (const [name, bytes] of made) expect(sha256(hostileBytes(name)), name).toBe(sha256(bytes));
    expect(longLine).toHaveLength(LONG_LINE_CHARACTERS);
    expect(longLine).not.toMatch(/\s/);
  });

  it('would be seen if it ever ran: inserted as HTML in a page of this browser, it fires the canary and the watch', async () => {
    // The cases that act where they stand (the others send the whole page to the canary, which the watch sees as a navigation).
    const seen = await injectIntoProbePage(app, ['img-onerror.txt', 'svg-onload.txt', 'event-handlers.txt'].map(hostileText).join(''));
    expect(seen.canary).toBeDefined();
    expect(seen.findings.join('\n')).toMatch(/event handler attribute onerror/);
    expect(seen.findings.join('\n')).toMatch(/SVG or MathML element/);
    expect(seen.findings.join('\n')).toMatch(/element the app never makes: <video>/);
    expect(seen.canaryRequests.length).toBeGreaterThan(0);
    await expectNothingFired(app, 'in the app’s own page, while the probe page was attacked');
  });
});

describe('hostile content through the removal form, screenshots, OCR and the record page', () => {
  it('registers the site the removals come from', async () => {
    await registerSite(app.page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
  });

  it('refuses a script or data permalink with a clear message, then keeps every field exactly as typed', async () => {
    const { page } = app;
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await fillRemoval(page, {
      permalink: `javascript:window.__canary='permalink';fetch('http://canary.invalid/permalink')`,
      username: cyrillic.lookalike,
      displayName: FORM_DISPLAY_NAME,
      content: FORM_CONTENT,
      categories: ['Solicitation of commerce (spam)'],
      posted: '2026-09-01 09:00',
      removed: '2026-09-01 10:00',
    });
    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'City of Norwalk (Facebook)' });
    await page.getByLabel('Parent post or thread (what it replied to)').fill(FORM_PARENT);
    await page.getByLabel('Notes').fill(FORM_NOTES);
    await page.getByLabel('Counsel consulted').fill('Deputy City Attorney Ortiz');
    await typeMoment(page, 'When counsel was consulted', '2026-09-01 09:40');
    await page.getByLabel('Direction counsel gave').fill(FORM_DIRECTION);
    await page.getByRole('button', { name: 'Save the removal' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.textContent()).toContain('must be a web address starting with https:// or http://');

    await page.getByLabel('Permalink (web address of the content)').fill(`data:text/html,<script>window.__canary='data-permalink'</script>`);
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await expect.poll(() => summary.textContent()).toContain('must be a web address starting with https:// or http://');
    await expectNothingFired(app, 'after refusing script and data permalinks');

    await page.getByLabel('Permalink (web address of the content)').fill(FORM_PERMALINK);
    // The textareas hold the very characters typed, markup and all.
    expect(await page.getByLabel('Content, exactly as posted').inputValue()).toBe(FORM_CONTENT);
    expect(await page.getByLabel('Notes').inputValue()).toBe(FORM_NOTES);
    await expectNothingFired(app, 'with every field of the form filled with hostile text');
  });

  it('refuses an SVG and a web page posing as pictures, and keeps the polyglots and the scripted PDF byte for byte', async () => {
    const { page } = app;
    const shot = await app.context.newPage();
    await shot.setViewportSize({ width: 900, height: 200 });
    await shot.setContent(hostileText('ocr-script.html'));
    const ocrPicture = await shot.screenshot({ type: 'png' });
    await shot.close();

    const offered = [...FILE_CASES.filter((c) => c.file !== 'ocr-script.html').map((c) => ({ name: c.file, mimeType: 'application/octet-stream', buffer: hostileBytes(c.file) })), { name: 'ocr-script.png', mimeType: 'image/png', buffer: ocrPicture }];
    await page.getByLabel('Choose files…').setInputFiles(offered);
    const list = page.getByRole('list', { name: 'Attached files' });
    await expect.poll(() => list.getByRole('listitem').count(), { timeout: 30_000 }).toBe(4);
    const problems = page.locator('.attachments').getByRole('alert');
    for (const refused of FILE_CASES.filter((c) => c.expected === 'refused')) {
      await expect.poll(() => problems.textContent()).toMatch(refused.refusalSays!);
    }
    // Kept exactly as received: the fingerprint is of the bytes offered, trailing HTML and script included.
    const fingerprints = await list.locator('code').allTextContents();
    for (const kept of FILE_CASES.filter((c) => c.expected.startsWith('kept'))) expect(fingerprints).toContain(sha256(hostileBytes(kept.file)));
    await expectNothingFired(app, 'after offering the hostile files');

    // The scripted PDF is never opened inside the app: its viewer shows only its facts.
    await page.getByRole('button', { name: /^View pdf-javascript\.pdf/ }).click();
    const viewer = page.getByRole('dialog');
    await expect.poll(() => viewer.textContent()).toContain('PDF files are not opened inside Records Ledger');
    expect(await page.locator('iframe, embed, object').count()).toBe(0);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    // The PNG with a web page after its end is shown as a picture from a blob, nothing else.
    await page.getByRole('button', { name: /^View png-trailing-html\.png/ }).click();
    await expect.poll(() => viewer.locator('img').getAttribute('src')).toMatch(/^blob:/);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });
    await expectNothingFired(app, 'after viewing the kept files');
  });

  it('reads a screenshot whose pixels say a script, and keeps the text read as text', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Read text from screenshot ocr-script.png' }).click();
    const recognised = page.getByLabel('Text read from the screenshot');
    await expect.poll(() => recognised.inputValue(), { timeout: 60_000 }).toMatch(/script/i);
    expect(await recognised.inputValue()).toMatch(/alert/i);
    await page.getByRole('button', { name: 'I checked this text against the screenshot: keep it' }).click();
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await expect.poll(() => status(page)).toContain('The removal was saved to the ledger (version 1)');
    await expectNothingFired(app, 'after saving the hostile removal');
  });

  it('shows every field of the record as the literal characters, with nothing made from them', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    await page.getByRole('heading', { level: 1, name: /^Removal of Sep 1, 2026/ }).waitFor();
    expect(await page.getByTestId('record-content').textContent()).toBe(FORM_CONTENT);
    const fact = (label: string) => page.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd[1]');
    expect(await fact('Display name').textContent()).toBe(FORM_DISPLAY_NAME);
    expect(await fact('Username or screen name').textContent()).toBe(cyrillic.lookalike);
    expect(await fact('Permalink').textContent()).toBe(FORM_PERMALINK);
    const verbatim = await page.locator('pre.verbatim').allTextContents();
    expect(verbatim).toContain(FORM_NOTES);
    expect(verbatim).toContain(FORM_PARENT);
    expect((await fact('Counsel consulted').textContent()) ?? '').toContain(FORM_DIRECTION);
    const ocrText = verbatim.find((text) => /alert/i.test(text) && text !== FORM_CONTENT);
    expect(ocrText).toMatch(/script/i);
    // Addresses in the content are text, never links.
    expect(await page.locator('a').count()).toBe(0);
    expect(await page.locator('main img').evaluateAll((images) => images.every((image) => (image as HTMLImageElement).src.startsWith('blob:')))).toBe(true);
    await expectNoAxeViolations(page, 'a record full of hostile content');
    await expectNothingFired(app, 'on the record page');
  });

  it('lists the script, data and disguised addresses on the record page with their warnings', async () => {
    const { page } = app;
    const warnings = page.locator('.record .warning');
    expect(await warnings.filter({ hasText: 'A script address' }).count()).toBeGreaterThan(0);
    expect(await warnings.filter({ hasText: 'A data address' }).count()).toBeGreaterThan(0);
    expect(await warnings.filter({ hasText: 'invisible or direction-changing characters' }).count()).toBeGreaterThan(0);
    expect(await warnings.filter({ hasText: 'letters from other alphabets' }).count()).toBeGreaterThan(0);
  });

  it('keeps a 100,000-character line without a break whole, and shows it whole', async () => {
    const { page } = app;
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await fillRemoval(page, {
      permalink: 'https://www.facebook.com/CityOfNorwalk/posts/100000',
      username: 'long.line.poster',
      content: longLine,
      categories: ['Solicitation of commerce (spam)'],
      posted: '2026-10-01 09:00',
      removed: '2026-10-01 10:00',
    });
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await page.getByRole('button', { name: 'Record the reason and save' }).click();
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('The removal was saved to the ledger (version 1)');
    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    await page.getByRole('heading', { level: 1, name: /^Removal of Oct 1, 2026/ }).waitFor();
    expect(await page.getByTestId('record-content').textContent()).toBe(longLine);
    // Wrapped inside the page, not a line running off it.
    const width = await page.getByTestId('record-content').evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.client + 1);
    await expectNothingFired(app, 'with the 100,000-character line on screen');
  });
});

describe('hostile content through spreadsheet import', () => {
  const folder = mkdtempSync(join(tmpdir(), 'records-ledger-hostile-import-'));

  it('refuses the whole CSV while a row names an SVG posing as a screenshot, saying which row and why', async () => {
    const { page } = app;
    for (const file of ['png-trailing-html.png', 'svg-posing-as-png.png', 'gif-js-polyglot.gif']) writeFileSync(join(folder, file), hostileBytes(file));
    const rows = [...spreadsheetRows('csv'), { username: 'svg_poster', displayName: 'SVG', content: 'A row whose screenshot is a drawing with script.', screenshot: 'svg-posing-as-png.png' }];
    const file = join(folder, 'hostile removals.csv');
    writeFileSync(file, Papa.unparse({ fields: IMPORT_HEADERS, data: rows.map(importCells) }, { newline: '\r\n' }));
    await checkImport(page, file, folder);
    await page.getByRole('button', { name: /^Import \d+ removals$/ }).click();
    await expect.poll(() => page.locator('.error-message').allTextContents(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/svg-posing-as-png\.png.*is an SVG drawing.*Nothing was imported/s));
    await goTo(page, 'Removals');
    await expect.poll(() => status(page)).toMatch(/^2 of 2 removals shown/);
    await expectNothingFired(app, 'after the refused import');
  });

  it('imports every case from CSV as text, flags formulas, refuses a script permalink row, and keeps the polyglot screenshots', async () => {
    const { page } = app;
    const rows: ImportRow[] = [
      ...spreadsheetRows('csv'),
      { username: 'csv_screenshots', displayName: 'Screenshot poster', content: 'Two hostile pictures attached.', screenshot: 'png-trailing-html.png; gif-js-polyglot.gif' },
      { username: 'csv_bad_link', displayName: 'Link poster', content: 'A row whose permalink is a script.', link: `javascript:window.__canary='csv-permalink'` },
      { username: 'csv_long_line', displayName: 'Long line', content: longLine, day: '2026-10-02' },
      ...lookalikes.flatMap((l) => [
        { username: l.imitates, displayName: `The real ${l.imitates}`, content: `Genuine poster ${l.imitates}` },
        { username: l.lookalike, displayName: `Look-alike of ${l.imitates}`, content: `Look-alike poster (${l.alphabet})` },
      ]).filter((row) => row.username !== cyrillic.lookalike),
    ];
    const file = join(folder, 'hostile removals.csv');
    writeFileSync(file, Papa.unparse({ fields: IMPORT_HEADERS, data: rows.map(importCells) }, { newline: '\r\n' }));
    const report = await checkImport(page, file, folder);
    const good = rows.length - 1;
    expect(report).toContain(`${good} rows are ready to import. 1 row has problems`);
    expect(report).toMatch(/must be a web address starting with https:\/\/ or http:\/\//);
    expect(report).toMatch(/like a spreadsheet formula\. It is imported as text and never calculated/);
    await expectNothingFired(app, 'on the import report of the CSV');
    await page.getByRole('button', { name: `Import ${good} removals` }).click();
    await expect.poll(() => page.getByText(`Imported ${good} removals in one batch.`).isVisible(), { timeout: 60_000 }).toBe(true);
    await openOnly(page, 'csv_screenshots');
    const fingerprints = await page.getByRole('list', { name: 'Attached files' }).locator('code').allTextContents();
    expect(fingerprints).toEqual(expect.arrayContaining([sha256(hostileBytes('png-trailing-html.png')), sha256(hostileBytes('gif-js-polyglot.gif'))]));
    await expectNothingFired(app, 'after importing the CSV');
  });

  it('imports every case from an Excel workbook, a live formula cell included, as text', async () => {
    const { page } = app;
    const rows: XlsxCell[][] = [IMPORT_HEADERS, ...spreadsheetRows('xlsx').map(importCells)];
    const live = importCells({ username: 'xlsx_live_formula', displayName: 'Live formula', content: 'placeholder' }, 999);
    const cells: XlsxCell[] = [...live];
    cells[8] = { formula: 'HYPERLINK("http://canary.invalid/xlsx-formula","Click for a refund")', cached: 'Click for a refund' };
    rows.push(cells);
    const file = join(folder, 'hostile removals.xlsx');
    writeFileSync(file, xlsxBytes([{ name: 'Removals', rows }]));
    const report = await checkImport(page, file);
    const good = rows.length - 1;
    expect(report).toContain(`${good} rows are ready to import`);
    await page.getByRole('button', { name: `Import ${good} removals` }).click();
    await expect.poll(() => page.getByText(`Imported ${good} removals in one batch.`).isVisible(), { timeout: 60_000 }).toBe(true);
    await openOnly(page, 'xlsx_live_formula');
    // The cell's value as Excel last showed it; the formula itself is never carried in or run.
    expect(await page.getByTestId('record-content').textContent()).toBe('Click for a refund');
    await openOnly(page, 'xlsx_text_1');
    expect(await page.getByTestId('record-content').textContent()).toBe(texts[1]);
    await expectNothingFired(app, 'after importing the workbook');
  });
});

describe('hostile content in search, look-alike flags and the list', () => {
  it('searches with payloads typed in, finding by words and through invisible characters, with nothing made from them', async () => {
    const { page } = app;
    await showAll(page);
    // Each payload, typed in whole, finds the records that hold it.
    for (const words of [texts[0]!, hostileText('img-onerror.txt'), hostileText('svg-onload.txt'), hostileText('bidi-override.txt'), hostileText('javascript-link.txt')]) {
      await search(page, words, /^[1-9]\d* of \d+ removals shown/);
      await page.getByLabel('Search the content, names, notes and screenshot text').fill('');
      await expect.poll(() => status(page), { timeout: 30_000 }).toMatch(/^(\d+) of \1 removals shown/);
    }
    // "prize" is in the javascript-link case: the form's record, a CSV row and a workbook row.
    await search(page, 'prize', /^3 of \d+ removals shown/);
    // A zero-width space cannot hide a word from search: "paypal" finds "pay\u200Bpal".
    await search(page, 'paypal', /^3 of \d+ removals shown/);
    // The text read from the screenshot is searchable too.
    await search(page, 'alert', /^[1-9]\d* of \d+ removals shown/);
    const excerpts = await page.locator('td.excerpt').allTextContents();
    expect(excerpts.length).toBeGreaterThan(0);
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('');
    await expectNothingFired(app, 'after searching with payloads');
  });

  it('flags Cyrillic and Greek look-alikes as possibly the same poster, never as one', async () => {
    const { page } = app;
    for (const [username, sign] of [[cyrillic.lookalike, /Cyrillic/], [greek.lookalike, /Greek/]] as const) {
      await openOnly(page, username);
      const flag = page.getByRole('note').filter({ has: page.getByRole('heading', { name: 'Possibly the same poster' }) });
      await expect.poll(() => flag.isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await flag.textContent()).toMatch(sign);
    }
    await expectNothingFired(app, 'on the look-alike flags');
  });
});

describe('hostile content in exports', () => {
  it('exports a CSV in which every formula is neutralised and every case reads back exactly', async () => {
    const { page } = app;
    await showAll(page);
    await page.getByRole('button', { name: /^Export these \d+ removals as CSV$/ }).click();
    await expect.poll(() => page.getByText(/^Saved \d+ removals to /).isVisible(), { timeout: 60_000 }).toBe(true);
    const parsed = Papa.parse<string[]>(readFileSync(savedExport(app, 'Removals '), 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    const cells = parsed.data.flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    for (const cell of formulas) expect(cells, JSON.stringify(cell)).toContain(`'${cell}`);
    for (const text of texts) expect(cells, text).toContain(text);
    expect(cells).toContain(FORM_CONTENT);
    expect(cells).toContain(longLine);
    expect(cells).toContain(`'${cyrillic.lookalike}`);
    await expectNothingFired(app, 'after the CSV export');
  });

  it('prints the removal log with every case as literal text and nothing active in the file', async () => {
    const { page } = app;
    await showAll(page);
    await page.getByLabel('Removed from').fill('2026-09-01');
    // To October 1: the form's 100,000-character line, not the CSV's copy of it.
    await page.getByLabel('Removed to').fill('2026-10-01');
    await expect.poll(() => status(page)).toMatch(/^\d+ of \d+ removals shown/);
    await page.getByRole('button', { name: 'Print the removal log (PDF)' }).click();
    await expect.poll(() => page.getByText(/^Saved \d+ removals to .*\.pdf/).isVisible(), { timeout: 100_000 }).toBe(true);
    const file = savedExport(app, 'Removal log');
    const words = pdfWords(file, REMOVAL_LOG_FURNITURE);
    for (const text of [FORM_CONTENT, FORM_NOTES, FORM_PARENT, ...texts, ...formulas]) expect(words, text.slice(0, 60)).toContain(asPrinted(text));
    expect(words).toContain(asPrinted(FORM_DISPLAY_NAME));
    expect(words).toContain('[U+202E]');
    expect(words).toContain('[U+200B]');
    expect(words).toContain(longLine);
    expect(activeNamesInFile(file)).toEqual([]);
    // The scripted PDF and the polyglots are listed by name, their bytes never copied in.
    for (const part of pdfBytesAndStreams(file)) {
      expect(part.includes('app.alert'), 'the PDF attachment’s script').toBe(false);
      expect(part.includes("__canary='gif-js-polyglot'"), 'the GIF’s script').toBe(false);
      expect(part.includes("__canary='png-trailing-html'"), 'the PNG’s trailing page').toBe(false);
    }
    await page.getByLabel('Removed from').fill('');
    await page.getByLabel('Removed to').fill('');
    await expectNothingFired(app, 'after printing the removal log');
  }, 120_000);

  it('carries hostile request words and records through the letters and the disclosure as literal text', async () => {
    const { page } = app;
    const requestWords = `${hostileText('template-injection.txt')}\n${texts[0]}\n${hostileText('bidi-override.txt')}`;
    await goTo(page, 'Public records requests');
    await page.getByRole('button', { name: 'Log a request' }).click();
    await page.getByRole('group', { name: 'Received', exact: true }).getByLabel('Date and time').fill('11/20/2026 9:15 AM');
    await page.getByLabel('How it came in').selectOption('email');
    await page.getByLabel('Name', { exact: true }).fill(hostileText('img-onerror.txt').slice(0, 200));
    await page.getByLabel('The request, in the requester’s words').fill(requestWords);
    await page.getByRole('button', { name: 'Log the request' }).click();
    const heading = page.getByRole('heading', { name: /^Request PRA-\d{4}-\d+$/ });
    await heading.waitFor();
    const number = ((await heading.textContent()) ?? '').replace('Request ', '');
    await expect.poll(() => page.locator('main').textContent()).toContain(requestWords.split('\n')[0]);
    await expectNothingFired(app, 'on the request page');

    await page.getByLabel('Signer’s title').fill('Deputy City Attorney');
    await page.getByRole('button', { name: 'Print the acknowledgement letter' }).click();
    await page.getByText(/^Saved the acknowledgement letter to /).waitFor({ timeout: 60_000 });
    const letter = savedExport(app, `${number} Acknowledgement letter`);
    const letterWords = pdfWords(letter);
    // Placeholders and replacement patterns in the requester's words are printed, not filled in.
    expect(letterWords).toContain(asPrinted(requestWords));
    expect(activeNamesInFile(letter)).toEqual([]);

    await page.getByLabel('Search the removals for').fill('prize');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: 'Attach 3 records' }).click();
    await expect.poll(() => page.getByText('Version 1, unchanged since it was attached.').count(), { timeout: 15_000 }).toBe(3);
    await page.getByRole('button', { name: 'Record the determination' }).click();
    await page.getByRole('radio', { name: 'Records will be released', exact: true }).check();
    await page.getByLabel('Records available on').fill('2026-11-30');
    await page.getByRole('button', { name: 'Save the determination' }).click();
    await page.getByText(/^Records will be released, available 2026-11-30/).waitFor();
    await page.getByLabel('Certifier’s title').fill('Deputy City Attorney');
    await page.getByRole('button', { name: 'Make the disclosure PDF' }).click();
    await page.getByText(/^Saved the disclosure to /).waitFor({ timeout: 90_000 });
    const disclosure = savedExport(app, `${number} Disclosure`);
    const disclosed = pdfWords(disclosure, [new RegExp(`^City of Norwalk Disclosure · request ${number}$`), /^Records Ledger · Disclosure · .* Page \d+ of \d+$/]);
    expect(disclosed).toContain(asPrinted(FORM_CONTENT));
    for (const text of texts) expect(disclosed, text.slice(0, 60)).toContain(asPrinted(text));
    expect(disclosed).toContain('itislistedhereandnotreproduced');
    expect(activeNamesInFile(disclosure)).toEqual([]);
    for (const part of pdfBytesAndStreams(disclosure)) {
      expect(part.includes('app.alert'), 'the PDF attachment’s script').toBe(false);
      expect(part.includes("__canary='png-trailing-html'"), 'the PNG’s trailing page').toBe(false);
      expect(part.includes("__canary='gif-js-polyglot'"), 'the GIF’s script').toBe(false);
    }
    await expectNothingFired(app, 'after the letters and the disclosure');
  }, 150_000);

  it('lists the records for destruction two years on: the destruction list and the retention report print none of the content, and nothing active', async () => {
    const { page } = app;
    await page.clock.setFixedTime(new Date('2028-12-01T12:00:00-08:00'));
    await goTo(page, 'Overview');
    await goTo(page, 'Retention');
    await page.getByRole('button', { name: /^List \d+ for destruction$/ }).click();
    await page.getByText(/^Batch DB-\d{4}-\d+ lists \d+ records of SM-REM/).waitFor();
    await page.getByRole('button', { name: 'Print the destruction list (PDF)' }).click();
    await page.getByText(/^Saved the destruction list DB-\d{4}-\d+ to /).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Print the retention report (PDF)' }).click();
    await page.getByText(/^Saved the retention report to /).waitFor({ timeout: 60_000 });
    for (const file of [savedExport(app, 'Destruction list'), savedExport(app, 'Retention report')]) {
      const words = pdfWords(file);
      for (const marker of ['__canary', 'canary.invalid', '<script', 'cmd|', '[U+202E]']) expect(words, `${marker} in ${file}`).not.toContain(marker);
      expect(activeNamesInFile(file)).toEqual([]);
    }
    await expectNothingFired(app, 'after the retention documents');
  });

  it('sent nothing anywhere but the preview’s own origin, from start to end', async () => {
    await expectNothingFired(app, 'at the end');
  });
});
