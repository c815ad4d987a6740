import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, unlockedLedgerForThisFile } from './support/app';
import { fillSite } from './support/removal-flows';
import { ADMIN } from '../support/ledger-flows';

const admin = { ...ADMIN, passphrase: 'juniper atlas meadow copper nineteen' };

const app = unlockedLedgerForThisFile(admin);


describe('the City Social Media Sites register', () => {
  it('uses the City email domains an administrator sets', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('City email domains').fill('@NorwalkCA.gov');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByLabel('City email domains').inputValue()).toBe('norwalkca.gov');
  });

  it('registers a site with a City contact address', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    await expectNoAxeViolations(page, 'the empty sites register');
    await fillSite(page, { account: 'City of Norwalk', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk', email: 'pio@norwalkca.gov' });
    await expectNoAxeViolations(page, 'the add-site form');
    await page.getByRole('button', { name: 'Save the site' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('City of Norwalk (Facebook) was added to the register');
    await expect.poll(() => page.getByRole('cell', { name: 'City of Norwalk (Facebook)', exact: true }).isVisible()).toBe(true);
  });

  it('asks for the written approval when the contact address is not the City’s, and keeps what was typed', async () => {
    const { page } = app.browser;
    await fillSite(page, { account: 'Norwalk Parks', handle: 'NorwalkParks', url: 'https://www.facebook.com/NorwalkParks', email: 'parks.volunteer@gmail.com' });
    await page.getByRole('button', { name: 'Save the site' }).click();
    await expect.poll(() => page.getByLabel('Approval reference').evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await page.getByLabel('Account name').inputValue()).toBe('Norwalk Parks');
    await expectNoAxeViolations(page, 'the add-site form asking for approval');
    await page.getByLabel('Approval reference').fill('CPA memo 2025-14');
    await page.getByLabel('Approved in writing by').fill('Ana Rivera');
    await page.getByLabel('Title of the person who approved it').fill('Director, Communications & Public Affairs');
    await page.getByLabel('Date of the written approval').fill('2025-02-10');
    await page.getByRole('button', { name: 'Save the site' }).click();
    await expect.poll(() => page.getByRole('cell', { name: /parks\.volunteer@gmail\.com \(approved: CPA memo 2025-14\)/ }).isVisible()).toBe(true);
  });

  it('refuses the same account twice, naming the entry already there', async () => {
    const { page } = app.browser;
    await fillSite(page, { account: 'Norwalk again', handle: 'cityofnorwalk', url: 'https://facebook.com/cityofnorwalk/', email: 'pio@norwalkca.gov' });
    await page.getByRole('button', { name: 'Save the site' }).click();
    await expect.poll(() => page.getByText(/already in the register as "City of Norwalk"/).first().isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('row').count()).toBe(3);
  });

  it('records a site’s termination as a new version, asking what changed and why', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Change City of Norwalk (Facebook)' }).click();
    expect(await page.getByLabel('Account name').inputValue()).toBe('City of Norwalk');
    await page.getByLabel('Status').selectOption('terminated');
    await page.getByLabel('Date terminated').fill('2026-06-30');
    await page.getByRole('button', { name: 'Save the site' }).click();
    const reason = page.getByLabel('What changed, and why');
    await expect.poll(() => reason.evaluate((e) => e === document.activeElement)).toBe(true);
    await expectNoAxeViolations(page, 'the change-site form');
    await reason.fill('Account closed under Council resolution 2026-31.');
    await page.getByRole('button', { name: 'Save the site' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('was saved as a new version');
    await expect.poll(() => page.getByRole('cell', { name: 'Terminated 2026-06-30' }).isVisible()).toBe(true);
  });
});
