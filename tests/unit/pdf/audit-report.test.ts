import { beforeAll, describe, expect, it } from 'vitest';
import { auditReportDocument, auditReportInputSchema, type CheckpointComparison } from '../../../renderer/src/pdf/documents/audit-report';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { auditReportInput, hash } from './fixtures';
import { count, pdfInfo, pdfPages, pdfText } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the audit verification report', () => {
  it('says in words that an intact journal is intact, with what was checked and by whom', async () => {
    const bytes = await renderPdf(auditReportDocument(auditReportInput()));
    const text = pdfText(bytes);
    expect(text).toContain('The journal is intact');
    expect(text).not.toContain('BROKEN');
    for (const expected of ['City of Norwalk', 'Social media removals', '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b', 'Maria Lopez', 'June 3, 2026 at 2:05 PM', hash('a')]) {
      expect(text).toContain(expected);
    }
    expect(flat(text)).toContain('Entries checked 1200');
    expect(flat(text)).toContain('Journal head (last seq) 1200');
    expect(flat(text)).toContain('None: the sequence numbers run without a gap.');
    expect(flat(text)).toContain('No signed checkpoint was compared');
    expect(text).toContain('Page 1 of 1');
    expect(text).toContain('Audit verification report · document format 1');
    const info = pdfInfo(bytes);
    expect(info.Title).toBe('Audit verification report: Social media removals (City of Norwalk)');
    expect(info.Author).toBe('Records Ledger');
    expect(info.Subject).toMatch(/Verification of a Records Ledger journal/);
  });

  it('says a broken journal is BROKEN, and where the first broken link is', async () => {
    const text = pdfText(
      await renderPdf(
        auditReportDocument(
          auditReportInput({
            verdict: 'broken',
            firstBrokenLink: { seq: 4711, problem: 'prevHash does not match the hash of entry 4710', expected: hash('b'), found: hash('c') },
            timeWentBackwards: [{ seq: 4800, previousAt: '2026-01-02T03:04:05.000Z', at: '2026-01-02T03:00:00.000Z' }],
            unreadableLines: [{ segment: 'segment-000003.jsonl', line: 42, problem: 'not JSON' }],
          }),
        ),
      ),
    );
    expect(text).toContain('The journal is BROKEN');
    expect(flat(text)).toMatch(/First broken link Seq 4711 Problem prevHash does not match the hash of entry 4710/);
    expect(flat(text)).toContain(`Expected hash ${hash('b')}`);
    expect(flat(text)).toContain(`Found hash ${hash('c')}`);
    expect(flat(text)).toContain('4800 2026-01-02T03:04:05.000Z 2026-01-02T03:00:00.000Z');
    expect(flat(text)).toContain('segment-000003.jsonl 42 not JSON');
  });

  const checkpoint = (outcome: CheckpointComparison['outcome'], extra: Partial<CheckpointComparison> = {}): CheckpointComparison => ({
    seq: 1000,
    hash: hash('d'),
    signedAt: 'May 1, 2026',
    outcome,
    journalHash: hash('d'),
    detail: null,
    ...extra,
  });

  it.each([
    ['matches', checkpoint('matches'), 'Matches: the journal’s entry 1000 has the hash the checkpoint signed.', null],
    [
      'truncated',
      checkpoint('truncated', { seq: 1500, journalHash: null }),
      'Journal shorter than the checkpoint (truncated): the checkpoint covers entries up to seq 1500; the journal ends at seq 1200.',
      'But it is shorter than the signed checkpoint',
    ],
    [
      'rewritten',
      checkpoint('rewritten', { journalHash: hash('e') }),
      'Hash differs (rewritten): the journal’s entry 1000 is not the entry the checkpoint signed.',
      'But it does not match the signed checkpoint',
    ],
    [
      'invalid',
      checkpoint('invalid', { detail: 'The signature does not verify.' }),
      'Checkpoint invalid: it cannot be trusted, so it proves nothing about the journal.',
      'The signed checkpoint given is invalid',
    ],
  ])('states the checkpoint comparison when it %s', async (_outcome, given, outcomeWords, caveat) => {
    const text = flat(pdfText(await renderPdf(auditReportDocument(auditReportInput({ checkpoint: given })))));
    expect(text).toContain(outcomeWords);
    expect(text).toContain(`Checkpoint seq ${given.seq}`);
    expect(text).toContain(`Checkpoint hash ${given.hash}`);
    expect(text).toContain(`Signed ${given.signedAt}`);
    if (given.journalHash === null) expect(text).toContain(`The journal has no entry ${given.seq}.`);
    else expect(text).toContain(`Journal hash at seq ${given.seq} ${given.journalHash}`);
    if (given.detail) expect(text).toContain(given.detail);
    if (caveat) expect(text).toContain(caveat);
    else expect(text).not.toContain('But it');
  });

  it('refuses a report that calls a journal with a broken link intact', () => {
    const contradictory = auditReportInput({ firstBrokenLink: { seq: 1, problem: 'x', expected: hash('b'), found: hash('c') } });
    expect(auditReportInputSchema.safeParse(contradictory).success).toBe(false);
    expect(auditReportInputSchema.safeParse({ ...contradictory, verdict: 'broken' }).success).toBe(true);
  });

  describe('with 5,000 sequence gaps', () => {
    let pages: string[];
    beforeAll(async () => {
      const sequenceGaps = Array.from({ length: 5000 }, (_, i) => ({ after: 10_000 + i * 3, next: 10_000 + i * 3 + 2 }));
      const bytes = await renderPdf(auditReportDocument(auditReportInput({ verdict: 'broken', entriesChecked: 30_000, sequenceGaps })));
      pages = pdfPages(bytes);
    }, 60_000);

    it('lists every gap across many pages, repeating the header row on each', () => {
      expect(pages.length).toBeGreaterThan(10);
      const all = pages.join('\n');
      expect(all).toContain('Sequence gaps (5000)');
      expect(all).toMatch(/^10000 10002 1$/m);
      expect(all).toMatch(/^24997 24999 1$/m);
      const hasGaps = pages.map((page) => /^\d+ \d+ 1$/m.test(page));
      const first = hasGaps.indexOf(true);
      const last = hasGaps.lastIndexOf(true);
      expect(last - first + 1).toBeGreaterThan(10);
      for (let i = first; i <= last; i++) {
        expect(hasGaps[i], `page ${i + 1} continues the table`).toBe(true);
        expect(count(pages[i] ?? '', 'After seq Next seq Entries missing'), `header row on page ${i + 1}`).toBe(1);
      }
      const rows = all.match(/^\d+ \d+ 1$/gm) ?? [];
      expect(rows.length).toBe(5000);
    });

    it('numbers every page "Page N of M"', () => {
      pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    });
  });
});
