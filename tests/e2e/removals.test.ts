import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { expectNoAxeViolations, focused, unlockedLedgerForThisFile } from './support/app';
import { fillRemoval, goTo, pasteScreenshot, registerSite, typeMoment } from './support/removal-flows';
import { ADMIN } from '../support/ledger-flows';

const admin = { ...ADMIN, passphrase: 'harbor lantern quiet meadow ninety' };
const app = unlockedLedgerForThisFile(admin);

// Removed content is hostile: every piece of markup here must be shown as the characters it is.
const HOSTILE =
  'You will regret this <script>window.__canary = "script"</script> <img src="x" onerror="window.__canary = \'img\'"> ' +
  '<a href="javascript:window.__canary=1">click</a> <style>body{display:none}</style> \u202Egnp.exe\u202C zero\u200Bwidth';

describe('logging a removal', () => {
  it('registers the site the removal came from', async () => {
    await registerSite(app.browser.page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' });
  });

  it('asks why counsel was not consulted, records the reason, and saves the removal', async () => {
    const { page } = app.browser;
    await page.evaluate(() => ((window as unknown as { __canary: unknown }).__canary = false));
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await expectNoAxeViolations(page, 'the empty removal form');
    await fillRemoval(page, {
      permalink: 'https://www.facebook.com/CityOfNorwalk/posts/1234567890?comment_id=42',
      username: '@angry.resident',
      content: HOSTILE,
      categories: ['Threats of violence'],
      posted: '2026-03-08 09:15',
      removed: '2026-03-08 10:05',
    });
    // Pasting the permalink picked the site.
    expect(await page.getByLabel('Site', { exact: true }).evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('City of Norwalk (Facebook)');
    await page.getByRole('button', { name: 'Save the removal' }).click();
    const reason = page.getByLabel('Counsel was not consulted. Why?');
    await expect.poll(() => reason.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await reason.inputValue()).toBe('The content expressly violated the Social Media Policy.');
    await expectNoAxeViolations(page, 'the removal form asking why counsel was not consulted');
    await page.getByRole('button', { name: 'Record the reason and save' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The removal was saved to the ledger (version 1)');
  });

  it('shows the record with its content as literal text, its policy words and its review trail', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    await page.getByRole('heading', { level: 1, name: /^Removal of Mar 8, 2026, 10:05 AM PDT/ }).waitFor();
    expect(await page.getByTestId('record-content').textContent()).toBe(HOSTILE);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator('main style, main script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __canary: unknown }).__canary)).toBe(false);
    await expect.poll(() => page.getByText('Not consulted. Reason recorded: The content expressly violated the Social Media Policy.').isVisible()).toBe(true);
    // The words of the policy version it was removed under, quoted.
    expect(await page.locator('blockquote.clause').textContent()).toBe('“Threats of violence or injury to any person, property, or organization, or the incitement of others to such violence.”');
    await expectNoAxeViolations(page, 'a removal record');
  });

  it('keeps a correction as version 2, with the reason and what changed, and version 1 still readable', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Correct this removal' }).click();
    await page.getByLabel('Notes').fill('Poster also messaged the Parks page.');
    await page.getByLabel('What was corrected, and why').fill('Added a note from the Parks department.');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('saved as version 2');
    const rows = page.getByRole('table').last().getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(2).textContent()).toContain('Added a note from the Parks department.');
    expect(await rows.nth(2).textContent()).toContain('notes');
  });

  it('lists it, and finds it by a word of its content and by the poster’s username', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 of 1 removals shown');
    expect(await page.getByRole('row').nth(1).textContent()).toContain('@angry.resident');
    await expectNoAxeViolations(page, 'the removals list');
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('regre');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 of 1 removals shown');
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('regret nothingmatches');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('0 of 1 removals shown');
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('');
    await page.getByLabel('Poster’s username (exact)').fill('ANGRY.RESIDENT');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 of 1 removals shown');
    await page.getByLabel('Poster’s username (exact)').fill('angry.residen');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('0 of 1 removals shown');
    await page.getByLabel('Poster’s username (exact)').fill('');
    expect(await page.evaluate(() => (window as unknown as { __canary: unknown }).__canary)).toBe(false);
  });

  it('keeps an unfinished removal through a lock, to be continued after unlocking', async () => {
    const { page } = app.browser;
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await page.getByLabel('Username or screen name', { exact: true }).fill('@half.typed');
    await page.getByLabel('Content, exactly as posted').fill('typed just before the screen locked');
    await typeMoment(page, 'When it was posted', '3/9/2026 4:40 PM');
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: `Unlock ${admin.ledger}` }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill(admin.passphrase);
    await page.getByRole('button', { name: /^Unlock/ }).click();
    await page.getByRole('button', { name: 'Lock', exact: true }).waitFor({ timeout: 60_000 });
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: /^Continue: @half\.typed/ }).click();
    expect(await page.getByLabel('Content, exactly as posted').inputValue()).toBe('typed just before the screen locked');
    expect(await page.getByRole('group', { name: 'When it was posted', exact: true }).getByLabel('Date and time').inputValue()).toBe('3/9/2026 4:40 PM');
  });

  it('refuses a removal dated after now or before it was posted, and a time the clocks skipped, naming each', async () => {
    const { page } = app.browser;
    await typeMoment(page, 'When it was removed', '2099-01-01 10:00');
    await typeMoment(page, 'When staff saw it', '3/8/2026 2:30 AM');
    await page.getByRole('button', { name: 'Save as awaiting a decision' }).click();
    const summary = page.locator('.error-summary');
    await expect.poll(() => summary.evaluate((e) => e === document.activeElement)).toBe(true);
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('is in the future');
    expect(text).toContain('did not happen in America/Los_Angeles');
    await expectNoAxeViolations(page, 'the removal form with problems');
    // Nothing typed was lost by the refusal.
    expect(await page.getByLabel('Content, exactly as posted').inputValue()).toBe('typed just before the screen locked');
  });
});

describe('a removal kept only as a screenshot', () => {
  it('takes a pasted screenshot, refuses an SVG posing as a PNG, reads the text from the screenshot, and keeps both', async () => {
    const { page } = app.browser;
    // A real screenshot of a comment, made by the browser itself.
    const shot = await page.context().newPage();
    await shot.setViewportSize({ width: 900, height: 240 });
    await shot.setContent('<body style="margin:40px;background:#fff;color:#000;font:44px sans-serif">Meet me at the park gate tonight</body>');
    const png = await shot.screenshot({ type: 'png' });
    await shot.close();

    await goTo(page, 'Removals');
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await fillRemoval(page, {
      permalink: 'https://www.facebook.com/CityOfNorwalk/posts/555',
      username: 'night.owl',
      content: '',
      categories: ['Off-topic comment'],
      posted: '2026-04-02 21:00',
      removed: '2026-04-02 22:10',
    });
    await pasteScreenshot(page, png);
    const list = page.getByRole('list', { name: 'Attached files' });
    await list.getByText(/^Pasted screenshot .*\.png$/).waitFor();
    // The fingerprint shown is of the bytes pasted, untouched.
    expect(await list.locator('code').first().textContent()).toBe(createHash('sha256').update(png).digest('hex'));

    await page.getByLabel('Choose files…').setInputFiles({ name: 'comment.png', mimeType: 'image/png', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__canary=1"><text>hi</text></svg>') });
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'comment.png' }).first().textContent()).toContain('SVG');
    expect(await list.getByRole('listitem').count()).toBe(1);

    await page.getByRole('button', { name: /^View Pasted screenshot/ }).click();
    const viewer = page.getByRole('dialog');
    await viewer.waitFor();
    await expectNoAxeViolations(page, 'the screenshot viewer');
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: /^Read text from screenshot Pasted screenshot/ }).click();
    const recognised = page.getByLabel('Text read from the screenshot');
    await expect.poll(() => recognised.inputValue(), { timeout: 60_000 }).toMatch(/park gate/i);
    await page.getByRole('button', { name: 'I checked this text against the screenshot: keep it' }).click();
    await page.getByLabel('Counsel consulted').fill('Deputy City Attorney Ortiz');
    await typeMoment(page, 'When counsel was consulted', '2026-04-02 21:30');
    await page.getByLabel('Direction counsel gave').fill('Remove: off-topic under the policy.');
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The removal was saved to the ledger (version 1)');

    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    await page.getByRole('heading', { level: 1, name: /^Removal of Apr 2, 2026, 10:10 PM PDT/ }).waitFor();
    expect(await page.getByText('(No text: the content is in the screenshot.)').isVisible()).toBe(true);
    expect(await page.locator('pre.verbatim').nth(1).textContent()).toMatch(/park gate/i);
    expect(await page.getByRole('list', { name: 'Attached files' }).locator('code').first().textContent()).toBe(createHash('sha256').update(png).digest('hex'));
    await expectNoAxeViolations(page, 'a removal record with a screenshot');

    // The text read from the screenshot makes it searchable.
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByLabel('Search the content, names, notes and screenshot text').fill('gate');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('1 of 2 removals shown');
    expect(await page.getByRole('row').nth(1).textContent()).toContain('night.owl');
  });
});

describe('blocking a poster', () => {
  async function startBlock(page: typeof app.browser.page) {
    await goTo(page, 'Blocks');
    await page.getByRole('button', { name: 'Block a poster' }).click();
    await page.getByLabel('Site', { exact: true }).selectOption({ label: 'City of Norwalk (Facebook)' });
    await page.getByLabel('Poster’s username or screen name').fill('angry.resident');
    await page.getByRole('button', { name: 'Check the poster’s removals' }).click();
  }

  it('refuses a block that rests on removals the policy does not allow, and says what is missing', async () => {
    const { page } = app.browser;
    await startBlock(page);
    const answer = page.locator('.block-answer');
    await expect.poll(() => answer.textContent()).toContain('This poster cannot be blocked on this site');
    expect(await answer.textContent()).toMatch(/2 more|two more|needs? 2/i);
    expect(await page.getByRole('button', { name: 'Record the block' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'a refused block');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('allows it once the poster has repeated removals in block-eligible categories, and records who decided and when to review', async () => {
    const { page } = app.browser;
    for (const [index, category] of ['Defamatory statements', 'Solicitation of commerce (spam)'].entries()) {
      await goTo(page, 'Removals');
      await goTo(page, 'Log a removal');
      await page.getByRole('button', { name: 'Start a new removal' }).click();
      await fillRemoval(page, {
        permalink: `https://www.facebook.com/CityOfNorwalk/posts/90${index}`,
        username: '@Angry.Resident',
        content: `Removal number ${index + 2} from this poster.`,
        categories: [category],
        posted: `2026-05-0${index + 1} 08:00`,
        removed: `2026-05-0${index + 1} 09:00`,
      });
      await page.getByRole('button', { name: 'Save the removal' }).click();
      await page.getByRole('button', { name: 'Record the reason and save' }).click();
      await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The removal was saved');
    }
    await startBlock(page);
    await expect.poll(() => page.locator('.block-answer').textContent()).toContain('The policy allows a block');
    expect(await page.getByRole('group', { name: 'Removals the block rests on' }).getByRole('checkbox', { checked: true }).count()).toBe(2);
    await page.getByLabel('Their title').fill('Public Information Officer');
    await page.getByRole('button', { name: 'Record the block' }).click();
    // The statement that the block is not about viewpoint is required.
    await expect.poll(() => page.getByText(/not because the poster disagreed/).count()).toBeGreaterThan(1);
    await page.getByRole('checkbox', { name: /I confirm this block is not because/ }).check();
    await page.getByRole('button', { name: 'Record the block' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The block was recorded, resting on 2 removals');
    expect(await page.getByRole('row').nth(1).textContent()).toContain('angry.resident');
    await expectNoAxeViolations(page, 'the block register');
  });
});

describe('look-alike posters', () => {
  it('flags a username spelled with a Cyrillic letter as possibly the same poster', async () => {
    const { page } = app.browser;
    await goTo(page, 'Removals');
    await goTo(page, 'Log a removal');
    await page.getByRole('button', { name: 'Start a new removal' }).click();
    await fillRemoval(page, {
      permalink: 'https://www.facebook.com/CityOfNorwalk/posts/777',
      username: '@\u0430ngry.resident',
      content: 'Same words, different account.',
      categories: ['Defamatory statements'],
      posted: '2026-05-03 08:00',
      removed: '2026-05-03 09:00',
    });
    await page.getByRole('button', { name: 'Save the removal' }).click();
    await page.getByRole('button', { name: 'Record the reason and save' }).click();
    await page.getByRole('button', { name: 'Open the removal just saved' }).click();
    const flag = page.getByRole('note').filter({ has: page.getByRole('heading', { name: 'Possibly the same poster' }) });
    await expect.poll(() => flag.isVisible()).toBe(true);
    expect(await flag.textContent()).toMatch(/Cyrillic/);
    expect(await flag.getByRole('button', { name: 'Open that removal' }).count()).toBeGreaterThanOrEqual(1);
    await expectNoAxeViolations(page, 'a removal flagged as a possible look-alike poster');
  });
});

describe('legal holds', () => {
  it('holds every removal of a poster, shows it in the list, and filters by it', async () => {
    const { page } = app.browser;
    await goTo(page, 'Removals');
    await page.getByLabel('Poster’s username (exact)').fill('angry.resident');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('3 of 5 removals shown');
    await page.getByRole('button', { name: /^Open the removal of/ }).first().click();
    await page.getByRole('button', { name: 'Place a legal hold' }).click();
    await page.getByLabel('Matter', { exact: true }).fill('Resident v. City of Norwalk');
    await page.getByLabel('Matter or case number').fill('BC-2026-0412');
    await page.getByLabel('Why the records must be kept').fill('The poster has threatened to sue over the removals.');
    await page.getByRole('radio', { name: /Every removal of the poster/ }).check();
    await page.getByLabel('Their title').fill('Deputy City Attorney');
    await expectNoAxeViolations(page, 'the place-a-hold form');
    await page.getByRole('button', { name: 'Place the hold' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'The legal hold for Resident v. City of Norwalk was placed' }).count()).toBe(1);
    expect(await page.getByText(/On hold: one matter holds this removal/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByLabel('Poster’s username (exact)').fill('');
    await page.getByLabel('Legal hold').selectOption('held');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('3 of 5 removals shown');
    expect(await page.getByRole('row').nth(1).textContent()).toContain('on hold');
    await page.getByLabel('Legal hold').selectOption('');
  });
});

describe('logging a removal by keyboard alone', () => {
  /** Presses Tab (never clicks) until the control has focus. */
  async function tabTo(page: Page, control: Locator, limit = 400): Promise<void> {
    for (let presses = 0; presses < limit; presses++) {
      if (await control.evaluate((element) => element === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${control.toString()}`);
  }
  async function typeInto(page: Page, control: Locator, text: string): Promise<void> {
    await tabTo(page, control);
    await page.keyboard.type(text);
  }
  const moment = (page: Page, group: string) => page.getByRole('group', { name: group, exact: true }).getByLabel('Date and time');

  it('reaches and fills every part of the form with Tab, typing, Space and Enter, with the focus always visible', async () => {
    const { page } = app.browser;
    await goTo(page, 'Removals');
    await page.getByRole('heading', { name: 'Removals', level: 1 }).focus();
    await tabTo(page, page.getByRole('navigation', { name: 'Ledger' }).getByRole('button', { name: 'Log a removal', exact: true }), 60);
    expect((await focused(page)).ringVisible).toBe(true);
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('button', { name: 'Start a new removal' }));
    await page.keyboard.press('Enter');

    await tabTo(page, page.getByLabel('Site', { exact: true }));
    await page.keyboard.type('City');
    await tabTo(page, page.getByLabel('Kind of content'));
    await page.keyboard.type('Rep');
    await typeInto(page, page.getByLabel('Display name', { exact: true }), 'Keyboard Resident');
    await typeInto(page, page.getByLabel('Username or screen name', { exact: true }), 'keys.only');
    await tabTo(page, page.getByRole('checkbox', { name: 'Not available: User ID on the platform' }));
    await page.keyboard.press('Space');
    await typeInto(page, page.getByLabel('Why is it not available?'), 'Not shown to page managers.');
    await typeInto(page, page.getByLabel('Profile address', { exact: true }), 'https://www.facebook.com/keys.only');
    await typeInto(page, moment(page, 'When it was posted'), '2026-06-01 10:00');
    await typeInto(page, moment(page, 'When staff saw it'), '2026-06-01 10:30');
    await typeInto(page, moment(page, 'When it was removed'), '2026-06-01 11:00');
    await typeInto(page, page.getByLabel('Content, exactly as posted'), 'Vote for my cousin for council!');
    await tabTo(page, page.getByRole('checkbox', { name: 'Political campaigns, candidates or ballot measures', exact: true }));
    expect((await focused(page)).ringVisible).toBe(true);
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('checkbox', { name: /not removed or restricted because of the viewpoint/ }));
    await page.keyboard.press('Space');
    await typeInto(page, page.getByLabel('Who flagged it'), 'Maria Lopez');
    await typeInto(page, moment(page, 'When it was flagged'), '2026-06-01 10:30');
    await typeInto(page, page.getByLabel('City Manager or designee notified'), 'Jesus Gomez');
    await typeInto(page, moment(page, 'When the City Manager or designee was notified'), '2026-06-01 10:45');
    await tabTo(page, page.getByLabel('Decision'));
    await page.keyboard.type('Rem');
    await typeInto(page, page.getByLabel('Who carried out the decision'), 'Maria Lopez');
    await typeInto(page, moment(page, 'When the decision was carried out'), '2026-06-01 11:00');
    await tabTo(page, page.getByRole('button', { name: 'Save the removal' }));
    await page.keyboard.press('Enter');
    // Asked why counsel was not consulted, with the focus on the answer.
    await expect.poll(() => page.getByLabel('Counsel was not consulted. Why?').evaluate((e) => e === document.activeElement)).toBe(true);
    await tabTo(page, page.getByRole('button', { name: 'Record the reason and save' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The removal was saved to the ledger (version 1)');
    await tabTo(page, page.getByRole('button', { name: 'Open the removal just saved' }));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /^Removal of Jun 1, 2026, 11:00 AM PDT/ }).waitFor();
    expect(await page.getByTestId('record-content').textContent()).toBe('Vote for my cousin for council!');
    expect(await page.getByText('Reply', { exact: true }).count()).toBeGreaterThan(0);
  });

  it('keeps an unfinished correction as a draft and picks it up again, rather than starting over', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Correct this removal' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Correct this removal \(from version 1\)/ }).evaluate((e) => e === document.activeElement)).toBe(true);
    await page.getByLabel('Notes').fill('Half-finished correction.');
    await page.getByRole('button', { name: 'Close (the correction is kept as a draft)' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('The correction is kept as a draft');
    await page.getByRole('button', { name: 'Correct this removal' }).click();
    expect(await page.getByLabel('Notes').inputValue()).toBe('Half-finished correction.');
    await page.getByLabel('What was corrected, and why').fill('Added the note.');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('saved as version 2');
  });
});
