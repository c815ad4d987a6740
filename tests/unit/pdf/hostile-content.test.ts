import { beforeAll, describe, expect, it } from 'vitest';
import { auditReportDocument } from '../../../renderer/src/pdf/documents/audit-report';
import { recoveryKitDocument } from '../../../renderer/src/pdf/documents/recovery-kit';
import { metadataText, visibleRuns } from '../../../renderer/src/pdf/documents/visible-text';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { auditReportInput, HOSTILE, recoveryKitInput } from './fixtures';
import { activeNamesIn, pdfInfo, pdfText, xmpPacket } from './pdf-inspect';

/** How HOSTILE must read in the PDF: markup and script URLs as typed, invisible code points named. */
const HOSTILE_AS_PRINTED = ['<script>alert(1)</script>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x[U+FEFF]'];

describe('hostile text in a ledger name', () => {
  let kit: Uint8Array;
  let report: Uint8Array;
  beforeAll(async () => {
    kit = await renderPdf(recoveryKitDocument(recoveryKitInput({ ledgerName: HOSTILE, cityName: HOSTILE })));
    report = await renderPdf(
      auditReportDocument(
        auditReportInput({
          ledgerName: HOSTILE,
          ranBy: HOSTILE,
          verdict: 'broken',
          unreadableLines: [{ segment: HOSTILE, line: 3, problem: `<img src=x onerror=alert(1)> ${HOSTILE}` }],
        }),
      ),
    );
  });

  it('appears literally as text, with invisible characters shown as code points', () => {
    for (const bytes of [kit, report]) {
      const text = pdfText(bytes);
      for (const expected of HOSTILE_AS_PRINTED) expect(text).toContain(expected);
      expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    }
    expect(pdfText(report)).toContain('<img src=x onerror=alert(1)>');
  });

  it('leaves no JavaScript, URI, Launch or other action, annotation or embedded file in the file', () => {
    expect(activeNamesIn(kit)).toEqual([]);
    expect(activeNamesIn(report)).toEqual([]);
    expect(pdfInfo(kit).JavaScript).toBe('no');
  });

  it('is made harmless in the metadata, which PDFKit writes into XMP without escaping', () => {
    const title = pdfInfo(kit).Title ?? '';
    expect(title).toContain('‹script›alert(1)‹/script›');
    expect(title).not.toMatch(/[<>\u202E\u200B]/);
    const xmp = xmpPacket(kit);
    expect(xmp).not.toContain('<script>');
    expect(xmp).toContain('‹script›alert(1)‹/script› javascript:alert(1) evil zwx');
  });
});

describe('visibleRuns', () => {
  it('lets a long unbroken run wrap anywhere, and leaves ordinary words alone', () => {
    const runs = visibleRuns(`short words ${'f'.repeat(64)} after`);
    expect(runs).toEqual(['short words ', { text: 'f'.repeat(64), wordBreak: 'break-all' }, ' after']);
  });

  it('keeps line breaks only when asked, and shows them otherwise', () => {
    expect(visibleRuns('a\r\nb', { multiline: true })).toEqual(['a\nb']);
    expect(visibleRuns('a\nb')).toEqual(['a', expect.objectContaining({ text: '[U+000A]' }), 'b']);
  });

  it('says how much it left out', () => {
    expect(visibleRuns('abcdef', { maxLength: 4 })).toEqual(['abcd', expect.objectContaining({ text: ' … [2 more characters not shown]' })]);
  });

  it('says so when the value is empty', () => {
    expect(visibleRuns('')).toEqual([expect.objectContaining({ text: '(empty)' })]);
  });

  it('names a lone surrogate rather than passing it to the font', () => {
    expect(visibleRuns('a\uD800b')).toEqual(['a', expect.objectContaining({ text: '[U+D800]' }), 'b']);
  });
});

describe('metadataText', () => {
  it('replaces markup characters with look-alikes and drops invisible ones', () => {
    expect(metadataText('A & B <x>\u202E\u200B\n  end')).toBe('A ＆ B ‹x› end');
  });
});
