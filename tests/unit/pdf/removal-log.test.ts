import { beforeAll, describe, expect, it } from 'vitest';
import { norwalkPolicyV1, type PolicyVersion } from '../../../shared/policy/norwalk-v1';
import { listLinks } from '../../../shared/removals/links';
import type { Moment } from '../../../shared/removals/moments';
import type { Removal } from '../../../shared/removals/removal';
import { removalLogDocument, removalLogInputSchema, type RemovalLogInput } from '../../../renderer/src/pdf/documents/removal-log';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { runPdfJob, type PdfWorkerMessage } from '../../../renderer/src/pdf/pdf-jobs';
import { aRemoval, LA, SHA } from '../removals/fixtures';
import { HOSTILE } from './fixtures';
import { activeNamesIn, count, pdfInfo, pdfPages, pdfText } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** A later version of the policy that rewords one clause, as an amendment would. */
const amended: PolicyVersion = {
  ...norwalkPolicyV1,
  id: 'norwalk-social-media-policy-v2',
  version: 2,
  effectiveDate: '2026-07-01',
  categories: norwalkPolicyV1.categories.map((category) =>
    category.id === 'solicitation_of_commerce' ? { ...category, label: 'Commercial solicitation', clause: 'Advertising, spam or solicitations of commerce;' } : category,
  ),
};

/** The fixture removal moved in time so that it was removed at `removedUtc`, every other moment keeping its distance. */
function removalAt(id: string, removedUtc: string, changes: (removal: Removal) => void = () => {}): Removal {
  const removal = aRemoval();
  const shift = Date.parse(removedUtc) - Date.parse(removal.moments.removed?.utc ?? '');
  const moved = (moment: Moment): Moment => ({ ...moment, utc: new Date(Date.parse(moment.utc) + shift).toISOString() });
  const { moments, reviewTrail: trail } = removal;
  removal.id = id;
  removal.moments = { posted: moved(moments.posted), seen: moved(moments.seen), removed: { utc: removedUtc, zone: LA } };
  trail.flagged.at = moved(trail.flagged.at);
  if (trail.managerNotified) trail.managerNotified.at = moved(trail.managerNotified.at);
  if (trail.counsel) trail.counsel.at = moved(trail.counsel.at);
  if (trail.decision) trail.decision.at = moved(trail.decision.at);
  changes(removal);
  return removal;
}

function input(removals: Removal[], overrides: Partial<RemovalLogInput> = {}): RemovalLogInput {
  return removalLogInputSchema.parse({
    cityName: 'City of Norwalk',
    ledgerName: 'Social media removals',
    timeZone: LA,
    period: { from: '2026-04-01', to: '2026-04-30' },
    generatedBy: 'Maria Lopez',
    generatedAt: 'May 2, 2026 at 9:15 AM',
    policies: [norwalkPolicyV1, amended],
    removals: removals.map((removal, index) => ({ removal, siteName: 'City of Norwalk on Facebook', platform: 'Facebook', version: index + 1 })),
    ...overrides,
  });
}

describe('the removal log', () => {
  let text: string;
  let bytes: Uint8Array;
  const hostileContent = `${HOSTILE}\n<img src=x onerror=alert(1)>`;
  beforeAll(async () => {
    const hostile = removalAt('rem-hostile', '2026-04-20T18:00:00.000Z', (removal) => {
      removal.content = hostileContent;
      removal.links = listLinks(hostileContent);
      removal.poster.displayName = HOSTILE;
      removal.notes = HOSTILE;
    });
    const earlier = removalAt('rem-earlier', '2026-04-05T18:00:00.000Z', (removal) => {
      removal.categories = [{ categoryId: 'threats' }, { categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }];
    });
    const underV2 = removalAt('rem-amended', '2026-04-25T18:00:00.000Z', (removal) => {
      removal.policyVersionId = amended.id;
    });
    // 03:00 UTC on May 1 is the evening of April 30 in Norwalk: inside the period.
    const lastEvening = removalAt('rem-last-evening', '2026-05-01T03:00:00.000Z');
    const nextMonth = removalAt('rem-may', '2026-05-02T18:00:00.000Z');
    const awaiting = removalAt('rem-awaiting', '2026-04-10T18:00:00.000Z', (removal) => {
      removal.status = 'in_review';
      delete removal.moments.removed;
      delete removal.reviewTrail.decision;
    });
    bytes = await renderPdf(removalLogDocument(input([hostile, nextMonth, underV2, earlier, lastEvening, awaiting])));
    text = pdfText(bytes);
  });

  it('names the City, the ledger, the period, who made it and when', () => {
    for (const expected of ['Removal log', 'City of Norwalk', 'Social media removals', 'April 1, 2026 to April 30, 2026', 'Maria Lopez', 'May 2, 2026 at 9:15 AM']) {
      expect(flat(text)).toContain(expected);
    }
    expect(flat(text)).toContain('Removals in this log 5');
    expect(pdfInfo(bytes).Title).toBe('Removal log: Social media removals (City of Norwalk), 2026-04-01 to 2026-04-30');
  });

  it('lists the removals of the period in date order, by the City’s calendar', () => {
    const order = ['rem-earlier', 'rem-awaiting', 'rem-hostile', 'rem-amended', 'rem-last-evening'].map((id) => text.indexOf(`· ${id} ·`));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Removal 1 of 5 · rem-earlier · April 5, 2026');
    expect(text).toContain('rem-last-evening · April 30, 2026');
    expect(text).not.toContain('rem-may');
  });

  it('summarises the period by category, site and decision', () => {
    const summary = flat(pdfPages(bytes)[0] ?? '');
    // Four of the five are spam: three under version 1, one under version 2, summarised under the newest name.
    expect(summary).toContain('Commercial solicitation 4');
    expect(summary).toContain('Threats of violence 1');
    expect(summary).toContain('City of Norwalk on Facebook 5');
    expect(summary).toContain('Remove 4');
    expect(summary).toContain('Awaiting decision 1');
    expect(summary).toContain('counted once in each');
  });

  it('quotes each category’s clause in the words of the record’s own policy version', () => {
    const threats = norwalkPolicyV1.categories.find((category) => category.id === 'threats');
    expect(flat(text)).toContain(flat(`“${threats?.clause}”`));
    expect(flat(text)).toContain('Law cited: Cal. Penal Code § 422');
    // Version 1's wording for the three removed under it, version 2's for the one under it.
    expect(count(text, '“Solicitations of commerce;”')).toBe(3);
    expect(count(text, '“Advertising, spam or solicitations of commerce;”')).toBe(1);
    expect(flat(text)).toContain(`${amended.title}, version 2 (in force from 2026-07-01)`);
  });

  it('prints every field of a removal, with times in their zone and in UTC', () => {
    const flatText = flat(text);
    for (const expected of [
      'Poster user ID Unknown: Facebook does not show it to page admins.',
      'Poster username watchdeals99',
      'Apr 5, 2026, 11:00 AM PDT (UTC 2026-04-05T18:00:00.000Z)',
      'Counsel consulted City Attorney Ortiz',
      'Direction: Remove as commercial solicitation.',
      'City Manager or designee notified Assistant City Manager Lee',
      'Confirmed by Dana Clerk',
      `SHA-256 ${SHA}`,
      'comment.png (screenshot, image/png, 120,000 bytes)',
      'www.example.com/deals (leads to http://www.example.com/deals)',
      'In reply to Street sweeping resumes Monday.',
      'Removed Not removed: awaiting a decision.',
      'Decision Awaiting a decision.',
    ]) {
      expect(flatText).toContain(expected);
    }
  });

  it('prints hostile content literally, with invisible characters named and nothing active in the file', () => {
    for (const expected of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x[U+FEFF]']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(text).toContain('javascript:alert(1) — suspicious: A script address');
    expect(flat(text)).toContain('are printed in this log as their code, such as [U+202E]');
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('numbers every page and names the ledger at the foot', () => {
    const pages = pdfPages(bytes);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain('Records Ledger: Social media removals · Removal log · document format 1');
    });
  });
});

describe('a removal log', () => {
  it('says so when no removal is dated in the period', async () => {
    const text = flat(pdfText(await renderPdf(removalLogDocument(input([removalAt('rem-june', '2026-06-10T18:00:00.000Z')])))));
    expect(text).toContain('Removals in this log 0');
    expect(text).toContain('No removals are dated in this period.');
    expect(text).not.toContain('rem-june');
  });

  it('renders 300 removals, each with its own section, through the PDF worker’s job', async () => {
    const removals = Array.from({ length: 300 }, (_, index) =>
      removalAt(`rem-${String(index + 1).padStart(4, '0')}`, new Date(Date.UTC(2026, 3, 1, 17) + index * 2 * 3_600_000).toISOString(), (removal) => {
        removal.content = `Comment number ${index + 1}: ${HOSTILE}`;
        removal.links = listLinks(removal.content);
      }),
    );
    const messages: PdfWorkerMessage[] = [];
    await runPdfJob({ id: 'log', kind: 'removalLog', input: input(removals) }, (message) => messages.push(message));
    const done = messages.at(-1);
    expect(done?.type).toBe('done');
    expect(messages.some((message) => message.type === 'progress' && message.progress.fraction > 0 && message.progress.fraction < 1)).toBe(true);
    const text = pdfText(done?.type === 'done' ? done.bytes : new Uint8Array());
    expect(text).toContain('Removal 300 of 300 · rem-0300');
    expect(count(text, 'Comment number ')).toBe(300);
    expect(count(text, '[U+202E]evil[U+202C]')).toBeGreaterThanOrEqual(300);
    // Rendering and reading back 300 pages takes a while on a small machine; this is room to finish, not a measurement.
  }, 180_000);

  it('is refused, saying which, when a removal cites a policy version that was not given', async () => {
    const messages: PdfWorkerMessage[] = [];
    const given = input([removalAt('rem-1', '2026-04-05T18:00:00.000Z')]);
    await runPdfJob({ id: 'x', kind: 'removalLog', input: { ...given, policies: [amended] } }, (message) => messages.push(message));
    expect(messages).toEqual([
      expect.objectContaining({ type: 'error', reason: 'invalid_input', message: expect.stringMatching(/^The removal log could not be made: removals\.0\.removal\.policyVersionId: The policy version this removal cites was not given/) }),
    ]);
  });
});
