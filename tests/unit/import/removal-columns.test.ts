import { describe, expect, it } from 'vitest';
import {
  guessMapping,
  importFieldForRecordField,
  missingRequiredFields,
  readCategories,
  readSpreadsheetMoment,
  removalDraftFromRow,
  type ColumnMapping,
  type RowContext,
} from '../../../shared/import/removal-columns';
import { readMomentEntry } from '../../../shared/removals/moments';
import { removalFromDraft } from '../../../shared/removals/validate-removal';
import { clerkHeaders, clerkRow, counter, LA, now, policy, sites, type ClerkRow } from './fixtures';

const mapping = guessMapping([...clerkHeaders]);

function context(overrides: Partial<RowContext> = {}): RowContext {
  return { sites, policy, timeZone: LA, fileName: 'log.csv', newId: counter().newId, screenshotFiles: null, ...overrides };
}

function read(overrides: Partial<ClerkRow> = {}, extra: Record<string, string> = {}, map: ColumnMapping = mapping, ctx: Partial<RowContext> = {}) {
  return removalDraftFromRow({ row: 7, values: { ...clerkRow(7, overrides), ...extra } }, map, context(ctx));
}

function problemsOf(reading: ReturnType<typeof read>) {
  return reading.ok ? [] : reading.problems;
}

describe('guessing the columns from the header', () => {
  it('maps a typical clerk log field by field', () => {
    expect(mapping).toMatchObject({
      site: 'Site',
      contentKind: 'Type',
      permalink: 'Link',
      posterDisplayName: 'Display name',
      posterUsername: 'Username',
      posted: 'Posted',
      seen: 'Seen',
      removed: 'Date removed',
      content: 'Comment',
      categories: 'Reason',
      flaggedBy: 'Flagged by',
      flaggedAt: 'Flagged on',
      managerNotifiedWho: 'Manager notified',
      managerNotifiedAt: 'Notified on',
      noCounselReason: 'Reason counsel not consulted',
      decisionBy: 'Removed by',
      attested: 'Not based on viewpoint',
    });
  });

  it.each([
    ['Removed on', 'removed'],
    ['REMOVED ON', 'removed'],
    ['Date of removal (PST)', 'removed'],
    ['Screen name', 'posterUsername'],
    ['Handle', 'posterUsername'],
    ["Poster's username", 'posterUsername'],
    ['Text', 'content'],
    ['Category', 'categories'],
    ['Screenshots', 'screenshots'],
  ])('reads “%s” as %s', (header, field) => {
    expect(guessMapping([header])).toEqual({ [field]: header });
  });

  it('uses each column once and leaves headers it does not know unmapped', () => {
    const guessed = guessMapping(['Username', 'Screen name', 'Date', 'Ticket #']);
    expect(guessed).toEqual({ posterUsername: 'Username' });
  });

  it('names the required fields a mapping lacks, and none once they are all there', () => {
    expect(missingRequiredFields({}, [])).toContain('“Site” or “Permalink”');
    expect(missingRequiredFields(mapping, [...clerkHeaders])).toEqual([]);
    const { attested: _dropped, ...withoutAttestation } = mapping;
    expect(missingRequiredFields(withoutAttestation, [...clerkHeaders])).toEqual(['“Remover confirmed: not based on viewpoint (yes or no)”']);
  });
});

describe('reading one row', () => {
  it('reads a complete row into a draft that validates', () => {
    const reading = read();
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    const checked = removalFromDraft(reading.draft, { now, policy });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.removal).toMatchObject({
      siteId: 'site-ig',
      status: 'logged',
      contentKind: 'comment',
      categories: [{ categoryId: 'solicitation_of_commerce' }],
      attestation: { notBasedOnViewpoint: true, attestedBy: 'Dana Clerk' },
      reviewTrail: { decision: { outcome: 'remove', carriedOutBy: 'Dana Clerk' } },
    });
    expect(checked.removal.moments.posted.utc).toBe('2025-03-04T22:05:00.000Z');
    expect(checked.removal.reviewTrail.decision?.at).toEqual(checked.removal.moments.removed);
  });

  it('keeps the content exactly, spaces and line breaks included', () => {
    const content = '  =HYPERLINK("x")  \n<b>not bold</b> ';
    const reading = read({ Comment: content });
    expect(reading.ok && reading.draft.content).toBe(content);
  });

  it('marks blank poster fields unknown, saying which file and row', () => {
    const reading = read({ 'Display name': '  ', Username: '' });
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    const reason = 'Not recorded in the imported spreadsheet log.csv, row 7';
    expect(reading.draft.poster).toEqual({
      displayName: { unknown: true, reason },
      username: { unknown: true, reason },
      platformUserId: { unknown: true, reason },
      profileUrl: { unknown: true, reason },
    });
  });

  describe('sites', () => {
    it.each([
      ['city of norwalk', 'site-fb'],
      ['CityofNorwalkCA', 'site-fb'],
      ['@cityofnorwalkca', 'site-fb'],
      ['https://facebook.com/cityofnorwalkca/', 'site-fb'],
      ['www.instagram.com/norwalkparks', 'site-ig'],
      ['Norwalk Parks (Instagram)', 'site-ig'],
    ])('matches “%s” to the register', (value, siteId) => {
      const reading = read({ Site: value });
      expect(reading.ok && reading.draft.siteId).toBe(siteId);
    });

    it('refuses a site not in the register, naming the value and every registered site', () => {
      const [problem] = problemsOf(read({ Site: 'Norwalk Library' }));
      expect(problem).toMatchObject({ row: 7, column: 'Site', field: 'site' });
      expect(problem?.message).toContain('“Norwalk Library” is not in the Sites register');
      expect(problem?.message).toContain('City of Norwalk (Facebook); Norwalk Parks (Instagram)');
    });

    it('refuses a name two registered sites share, asking for the handle or address', () => {
      const twin = { ...sites[1]!, id: 'site-ig-2', accountName: 'City of Norwalk', handle: 'norwalk_city', url: 'https://www.instagram.com/norwalk_city' };
      const [problem] = problemsOf(read({ Site: 'City of Norwalk' }, {}, mapping, { sites: [...sites, twin] }));
      expect(problem?.message).toMatch(/could be any of City of Norwalk \(Facebook\); City of Norwalk \(Instagram\)/);
    });

    it('takes the site from the permalink when the site cell is blank', () => {
      const reading = read({ Site: '', Link: 'https://www.instagram.com/norwalkparks/p/abc123/' });
      expect(reading.ok && reading.draft.siteId).toBe('site-ig');
    });
  });

  describe('categories', () => {
    it('reads labels and ids in any case, separated by ; or ,', () => {
      expect(readCategories('profanity; THREATS OF VIOLENCE, sexual_content', policy)).toEqual({ ids: ['profanity', 'threats', 'sexual_content'], unknown: [] });
    });

    it('reads a label that itself contains a comma', () => {
      expect(readCategories('Political campaigns, candidates or ballot measures, Profane language or content', policy)).toEqual({
        ids: ['political_campaign', 'profanity'],
        unknown: [],
      });
    });

    it('refuses an unknown category, listing the valid labels', () => {
      const [problem] = problemsOf(read({ Reason: 'Spam; Rude' }));
      expect(problem).toMatchObject({ column: 'Reason', field: 'categories' });
      expect(problem?.message).toContain('“Spam”, “Rude” are not categories');
      for (const category of policy.categories) expect(problem?.message).toContain(category.label);
    });

    it('keeps a citation given with a category that does not ask for one, and says so', () => {
      const reading = read({ Reason: 'Threats of violence' }, { Law: 'Cal. Penal Code § 422' }, { ...mapping, citation: 'Law' });
      expect(reading.ok && reading.draft.categories).toEqual([{ categoryId: 'threats', citation: 'Cal. Penal Code § 422' }]);
      expect(reading.warnings).toEqual([expect.objectContaining({ row: 7, column: 'Law', message: expect.stringContaining('kept with “Threats of violence”') })]);
    });

    it('puts the citation on "other applicable law"', () => {
      const reading = read({ Reason: 'Profanity; Other applicable law' }, { Law: 'Cal. Penal Code § 422' }, { ...mapping, citation: 'Law' });
      expect(reading.ok && reading.draft.categories).toEqual([{ categoryId: 'profanity' }, { categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }]);
    });
  });

  describe('dates and times', () => {
    it.each([
      ['2025-03-04 14:05', '2025-03-04T22:05:00.000Z'],
      ['3/4/2025 2:05 PM', '2025-03-04T22:05:00.000Z'],
      ['2025-03-04T14:05:00-05:00', '2025-03-04T19:05:00.000Z'],
      ['2025-03-04T22:05:00Z', '2025-03-04T22:05:00.000Z'],
    ])('reads %s in the chosen zone (or by its own offset)', (typed, utc) => {
      const read = readSpreadsheetMoment(typed, LA);
      expect(read.ok).toBe(true);
      if (!read.ok) return;
      // Read back the way the record reads a typed time, so this is the instant that would be saved.
      const reading = readMomentEntry(read.entry);
      expect(reading.status === 'ok' && reading.moment).toEqual({ utc, zone: LA });
    });

    it('reads the same wall clock in another zone as another instant', () => {
      const reading = read({}, {}, mapping, { timeZone: 'America/New_York' });
      const checked = reading.ok ? removalFromDraft(reading.draft, { now, policy }) : null;
      expect(checked?.ok && checked.removal.moments.posted).toEqual({ utc: '2025-03-04T19:05:00.000Z', zone: 'America/New_York' });
    });

    it('leaves a time the clocks skipped to the record check (reported by the plan), keeping the wall clock as written', () => {
      const reading = read({ Posted: '2025-03-09 02:30' });
      expect(reading.ok && reading.draft.moments?.posted).toEqual({ local: '2025-03-09T02:30', zone: LA });
    });

    it('reads a time that happened twice precisely when asked, asking for the offset', () => {
      const read = readSpreadsheetMoment('2025-11-02 01:30', LA);
      expect(read.ok).toBe(false);
      expect(!read.ok && read.message).toContain('2025-11-02T01:30-07:00');
    });

    it('refuses text that is not a date', () => {
      const [problem] = problemsOf(read({ Seen: 'last Tuesday' }));
      expect(problem).toMatchObject({ column: 'Seen', field: 'seen' });
    });
  });

  describe("the remover's attestation", () => {
    it('is refused when the row does not say yes, explaining what the spreadsheet must record', () => {
      const [problem] = problemsOf(read({ 'Not based on viewpoint': '' }));
      expect(problem).toMatchObject({ column: 'Not based on viewpoint', field: 'attested' });
      expect(problem?.message).toContain('must record the remover’s confirmation');
    });

    it('is refused when the cell is neither yes nor no', () => {
      expect(problemsOf(read({ 'Not based on viewpoint': 'maybe' }))[0]?.message).toContain('“maybe” does not say yes or no');
    });

    it('names who attested from its own column, else from who removed it', () => {
      const own = read({}, { 'Attested by': 'Sam Supervisor' }, { ...mapping, attestedBy: 'Attested by' });
      expect(own.ok && own.draft.attestation).toEqual({ notBasedOnViewpoint: true, attestedBy: 'Sam Supervisor' });
      expect(problemsOf(read({ 'Removed by': '' }))[0]?.field).toBe('attestedBy');
    });
  });

  describe('screenshots', () => {
    const withShots = { ...mapping, screenshots: 'Screenshots' };

    it('finds named files in the chosen folder, ignoring case', () => {
      const reading = read({}, { Screenshots: 'shot-1.PNG; shot-2.jpg' }, withShots, { screenshotFiles: ['shot-1.png', 'shot-2.jpg', 'other.png'] });
      expect(reading.ok && reading.screenshots).toEqual(['shot-1.png', 'shot-2.jpg']);
    });

    it('asks for the folder when none was chosen', () => {
      expect(problemsOf(read({}, { Screenshots: 'shot-1.png' }, withShots))[0]?.message).toContain('no folder with the screenshots was chosen');
    });

    it('names a file missing from the folder, and refuses a kind of file that cannot be attached', () => {
      const problems = problemsOf(read({}, { Screenshots: 'gone.png; page.svg' }, withShots, { screenshotFiles: ['shot-1.png'] }));
      expect(problems.map((problem) => problem.message).join(' ')).toMatch(/“page\.svg” cannot be attached.*“gone\.png” is not in the chosen screenshots folder/);
    });
  });

  it('ties a record problem back to the column it came from', () => {
    expect(importFieldForRecordField('reviewTrail.flagged.by')).toBe('flaggedBy');
    expect(importFieldForRecordField('reviewTrail.managerNotified')).toBe('managerNotifiedWho');
    expect(importFieldForRecordField('categories.1.citation')).toBe('citation');
    expect(importFieldForRecordField('categories.0.categoryId')).toBe('categories');
    expect(importFieldForRecordField('attestation')).toBe('attested');
    expect(importFieldForRecordField('id')).toBeNull();
  });
});
