import { beforeAll, describe, expect, it } from 'vitest';
import { retentionReportDocument, retentionReportInputSchema, type RetentionReportInput } from '../../../renderer/src/pdf/documents/retention-report';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { runPdfJob, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import { aSeries, HOSTILE } from './fixtures';
import { activeNamesIn, pdfInfo, pdfPages } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');

const removed = aSeries({ title: HOSTILE });
const blocks = aSeries({
  id: 'series-blocks',
  code: 'SM-BLK',
  title: 'Records of blocked users',
  covers: 'Notices and decisions blocking a user from a City Social Media Site.',
  period: { kind: 'for', years: 3, months: 6, days: 0 },
  trigger: 'block_lifted',
  citation: 'Resolution 25-02',
});
const requests = aSeries({
  id: 'series-cpra',
  code: 'SM-CPRA',
  title: 'Answers to public records requests',
  covers: 'Disclosures and letters sent in answer to Public Records Act requests.',
  period: { kind: 'permanent' },
  trigger: 'request_closed',
  disposition: 'transfer',
  citation: 'Resolution 25-03, section 4',
});

function input(overrides: Partial<RetentionReportInput> = {}): RetentionReportInput {
  return retentionReportInputSchema.parse({
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    preparedAt: '2026-06-01T16:00:00.000Z',
    today: '2026-06-01',
    series: [removed, blocks, requests],
    rows: [
      { seriesId: removed.id, records: 1200, eligibleNow: 40, eligibleIn90Days: 130, onHold: 7, disposedToDate: 310 },
      { seriesId: blocks.id, records: 12, eligibleNow: 0, eligibleIn90Days: 1, onHold: 0, disposedToDate: 5 },
      { seriesId: requests.id, records: 3, eligibleNow: 0, eligibleIn90Days: 0, onHold: 1, disposedToDate: 0 },
    ],
    ...overrides,
  });
}

describe('the retention report', () => {
  let bytes: Uint8Array;
  let pages: string[];
  let text: string;
  beforeAll(async () => {
    bytes = await renderPdf(retentionReportDocument(input()));
    pages = pdfPages(bytes);
    text = flat(pages.join('\n'));
  });

  it('says what it is and the day its counts are as of', () => {
    expect(pages[0]?.split('\n')[0]).toBe('Retention report');
    expect(text).toContain('Counts as of June 1, 2026 Prepared Jun 1, 2026, 9:00 AM PDT Series in the schedule 3');
    expect(pdfInfo(bytes).Title).toBe('Retention report: Social media removals (City of Norwalk), as of 2026-06-01');
  });

  it('gives each series its counts, in order of code, and the totals', () => {
    expect(text).toContain('Series Title Records kept Eligible now Eligible within 90 days On hold Disposed of to date');
    expect(text).toContain('SM-BLK Records of blocked users 12 0 1 0 5');
    expect(text).toContain('SM-CPRA Answers to public records requests 3 0 0 1 0');
    expect(text).toMatch(/SM-REM <script>alert\(1\)<\/script> javascript:alert\(1\) \[U\+202E\]evil\[U\+202C\] z\[U\+200B\]w\[U\+200D\]x 1,200 40 130 7 310/);
    expect(text).toContain('Total 3 series 1,215 40 131 8 315');
    expect(text.indexOf('SM-BLK Records')).toBeLessThan(text.indexOf('SM-CPRA Answers'));
    expect(text.indexOf('SM-CPRA Answers')).toBeLessThan(text.indexOf('SM-REM <script>'));
  });

  it('prints the schedule: what each series covers, how long, from when, what happens at the end and the resolution', () => {
    const schedule = text.slice(text.indexOf('The retention schedule'));
    expect(schedule).toContain(
      'SM-BLK · Records of blocked users Covers Notices and decisions blocking a user from a City Social Media Site. Kept for 3 years, 6 months Counted from the day the poster’s block is lifted At the end Destroy Adopted by Resolution 25-02',
    );
    expect(schedule).toContain('Kept for Permanent Counted from Not counted: kept permanently At the end Transfer to the City’s archives Adopted by Resolution 25-03, section 4');
    expect(schedule).toContain('Kept for 2 years Counted from the date it was removed At the end Destroy Adopted by Resolution 24-17');
    expect(schedule).toContain('Gov. Code 34090 does not allow a city to destroy a record less than two years old');
  });

  it('prints a hostile series title as literal text, with nothing active in the file', () => {
    expect(text).toContain('SM-REM · <script>alert(1)</script> javascript:alert(1) [U+202E]evil[U+202C] z[U+200B]w[U+200D]x');
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('numbers every page', () => {
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain('Records Ledger · Retention report · document format 1');
    });
  });
});

describe('a retention report', () => {
  it('is refused when it counts a series it was not given', async () => {
    const given = input();
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'report', kind: 'retentionReport', input: { ...given, series: [removed, blocks] } }, (message) => messages.push(message));
    expect(messages).toEqual([
      expect.objectContaining({
        type: 'error',
        reason: 'invalid_input',
        message: 'The retention report could not be made: rows.2.seriesId: The series series-cpra was not given, so its counts cannot be named.',
      }),
    ]);
  });
});
