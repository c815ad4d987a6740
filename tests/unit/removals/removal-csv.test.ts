import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvFileBytes } from '../../../shared/export/csv';
import { listLinks } from '../../../shared/removals/links';
import type { Removal } from '../../../shared/removals/removal';
import { removalsCsv, type RemovalCsvRow } from '../../../shared/removals/removal-csv';
import { aRemoval, policy, SHA } from './fixtures';

/** Markup, script addresses, a right-to-left override and zero-width characters, as a hostile poster could write them. */
const HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1) \u202Eevil\u202C z\u200Bw\u200Dx\uFEFF';

function row(removal: Removal = aRemoval(), version = 3): RemovalCsvRow {
  return { removal, siteName: 'City of Norwalk on Facebook', platform: 'Facebook', policy, version };
}

/** The file as a spreadsheet would read it: bytes decoded (byte order mark dropped), then split into cells by header. */
function readBack(csv: string): Record<string, string>[] {
  const text = new TextDecoder().decode(csvFileBytes(csv));
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, delimiter: ',' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

describe('the removals CSV', () => {
  it('has one row per removal with the record’s fields, times in their zone and in UTC', () => {
    const second = aRemoval();
    second.id = 'rem-0002';
    const rows = readBack(removalsCsv([row(), row(second, 1)]));
    expect(rows.map((cells) => cells['Record ID'])).toEqual(['rem-0001', 'rem-0002']);
    const [first] = rows;
    expect(first).toMatchObject({
      Status: 'Decided and logged',
      Site: 'City of Norwalk on Facebook',
      Platform: 'Facebook',
      'Content kind': 'comment',
      Permalink: 'https://www.facebook.com/CityOfNorwalk/posts/123?comment_id=456',
      Posted: 'Apr 10, 2026, 8:00 AM PDT',
      'Posted (UTC)': '2026-04-10T15:00:00.000Z',
      Removed: 'Apr 10, 2026, 11:00 AM PDT',
      'Removed (UTC)': '2026-04-10T18:00:00.000Z',
      'Poster username': 'watchdeals99',
      Categories: 'Solicitation of commerce (spam)',
      'Policy version': `${policy.title}, version ${policy.version} (in force from ${policy.effectiveDate})`,
      'Counsel consulted': 'City Attorney Ortiz',
      'Counsel direction': 'Remove as commercial solicitation.',
      Decision: 'Remove',
      'Decision carried out by': 'Dana Clerk',
      'Record version': '3',
    });
    expect(first?.Attachments).toBe(`comment.png (screenshot, image/png, 120000 bytes, SHA-256 ${SHA})`);
    expect(first?.['Links in the content']).toBe('www.example.com/deals (leads to http://www.example.com/deals)');
  });

  it('explains each unknown part of the poster’s identity', () => {
    const cells = only(readBack(removalsCsv([row()])));
    expect(cells['Poster user ID']).toBe('Unknown: Facebook does not show it to page admins.');
  });

  it('leaves the removal and review columns empty when the content was left up without counsel', () => {
    const removal = aRemoval();
    delete removal.moments.removed;
    delete removal.reviewTrail.counsel;
    removal.reviewTrail.noCounselReason = 'The content expressly violated the Social Media Policy.';
    removal.reviewTrail.decision = { outcome: 'leave_up', carriedOutBy: 'Dana Clerk', at: { utc: '2026-04-10T18:00:00.000Z', zone: 'America/Los_Angeles' } };
    const cells = only(readBack(removalsCsv([row(removal)])));
    expect(cells.Removed).toBe('');
    expect(cells['Removed (UTC)']).toBe('');
    expect(cells['Counsel consulted']).toBe('');
    expect(cells['Why counsel was not consulted']).toBe('The content expressly violated the Social Media Policy.');
    expect(cells.Decision).toBe('Leave up');
  });

  it('names the category from the record’s policy version, with the law cited', () => {
    const removal = aRemoval();
    removal.categories = [{ categoryId: 'threats' }, { categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }];
    const cells = only(readBack(removalsCsv([row(removal)])));
    expect(cells.Categories).toBe('Threats of violence\nOther applicable law (citation: Cal. Penal Code § 422)');
  });

  it.each([
    ['=', '=HYPERLINK("http://evil.example","Click")'],
    ['+', "+1+cmd|' /C calc'!A0"],
    ['-', '-2+3'],
    ['@', '@SUM(1+1)'],
  ])('turns a cell starting with %s into text a spreadsheet will not run', (_start, formula) => {
    const removal = aRemoval();
    removal.content = formula;
    removal.links = listLinks(formula);
    removal.poster.displayName = formula;
    removal.notes = formula;
    const cells = only(readBack(removalsCsv([row(removal)])));
    for (const column of ['Content', 'Poster display name', 'Notes']) expect(cells[column]).toBe(`'${formula}`);
  });

  it('keeps hostile text exactly as written, invisible characters included', () => {
    const removal = aRemoval();
    const content = `${HOSTILE}\nsecond line, "quoted", with a comma`;
    removal.content = content;
    removal.links = listLinks(content);
    removal.poster.displayName = HOSTILE;
    removal.parentContext = HOSTILE;
    removal.notes = HOSTILE;
    const cells = only(readBack(removalsCsv([row(removal)])));
    expect(cells.Content).toBe(content);
    expect(cells['Poster display name']).toBe(HOSTILE);
    expect(cells['In reply to']).toBe(HOSTILE);
    expect(cells.Notes).toBe(HOSTILE);
    expect(cells['Links in the content']).toContain('javascript:alert(1) — suspicious: A script address');
  });

  it('writes only the header row when there is nothing to export', () => {
    const csv = removalsCsv([]);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1);
    expect(csv).toMatch(/^Record ID,Status,Site,/);
  });
});
