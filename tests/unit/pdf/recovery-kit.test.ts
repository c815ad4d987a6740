import { beforeAll, describe, expect, it } from 'vitest';
import { RECOVERY_KEY_PURPOSE, recoveryKitDocument, recoveryKitInputSchema } from '../../../renderer/src/pdf/documents/recovery-kit';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { RECOVERY_KEY, recoveryKitInput } from './fixtures';
import { pdfInfo, pdfText, rawPdf, xmpPacket } from './pdf-inspect';

describe('the Recovery Kit', () => {
  let bytes: Uint8Array;
  let text: string;
  let info: Record<string, string>;
  beforeAll(async () => {
    bytes = await renderPdf(recoveryKitDocument(recoveryKitInput()));
    text = pdfText(bytes);
    info = pdfInfo(bytes);
  });

  it('prints the recovery key exactly as formatted, and each group numbered', () => {
    expect(text).toContain(RECOVERY_KEY);
    RECOVERY_KEY.split('-').forEach((group, i) => {
      expect(text).toContain(`Group ${i + 1}`);
      expect(text).toMatch(new RegExp(`(^|\\s)${group}(\\s|$)`));
    });
  });

  it('names the city, the ledger, its id and the date it was created', () => {
    for (const expected of ['City of Norwalk', 'Social media removals', '3f2a9c0e7b1d4e5f8a6b2c9d0e1f2a3b', 'June 3, 2026']) expect(text).toContain(expected);
  });

  it('says what the key is for, where to keep it, and has a line to write where it is kept', () => {
    expect(text.replace(/\s+/g, ' ')).toContain(RECOVERY_KEY_PURPOSE);
    expect(text).toContain('Where to keep it');
    expect(text).toMatch(/locked place, apart from the computer/);
    expect(text).toContain('Kept at:');
  });

  it('is one Letter page with its page number, format version and metadata', () => {
    expect(info.Pages).toBe('1');
    expect(info['Page size']).toMatch(/^612 x 792 pts/);
    expect(text).toContain('Page 1 of 1');
    expect(text).toContain('Recovery Kit · document format 1');
    expect(info.Title).toBe('Recovery Kit: Social media removals (City of Norwalk)');
    expect(info.Author).toBe('Records Ledger');
    expect(info.Subject).toMatch(/recovery key/);
    expect(info.Creator).toBe('Records Ledger');
  });

  it('stays on one page with the longest names the vault allows and the widest key the schema allows', async () => {
    const widest = Array.from({ length: 8 }, () => 'WWWWWWWW').join('-');
    const input = recoveryKitInput({
      cityName: 'Norwalk '.repeat(25).slice(0, 200),
      ledgerName: 'W'.repeat(200),
      ledgerId: 'f'.repeat(64),
      createdAt: 'x'.repeat(100),
      recoveryKey: widest,
    });
    expect(recoveryKitInputSchema.safeParse(input).success).toBe(true);
    const long = await renderPdf(recoveryKitDocument(input));
    expect(pdfInfo(long).Pages).toBe('1');
  });

  it('is PDF/A-2b: XMP identification, sRGB output intent, embedded fonts, PDF 1.7, language and title display', () => {
    const xmp = xmpPacket(bytes);
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Recovery Kit: Social media removals (City of Norwalk)</rdf:li>');
    const raw = rawPdf(bytes);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toMatch(/\/OutputIntents \[/);
    expect(raw).toContain('/Lang (en-US)');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/FontFile2 /);
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);
    expect(info['PDF version']).toBe('1.7');
  });

  it('does not claim to be tagged, since pdfmake 0.3 draws no structure tags', () => {
    expect(info.Tagged).toBe('no');
    expect(rawPdf(bytes)).not.toContain('/MarkInfo');
  });

  it('accepts only a key made of groups of capitals and digits joined by hyphens', () => {
    expect(recoveryKitInputSchema.safeParse(recoveryKitInput()).success).toBe(true);
    const nineGroups = Array.from({ length: 9 }, () => 'ABCD').join('-');
    for (const bad of ['abcde-fghjk', 'ABCDE FGHJK', 'ABCDE', 'ABCDE--FGHJK', 'ABCDE-FGHJK-', '<b>-ABCDE', 'ABCDEFGHJ-ABCDE', nineGroups]) {
      expect(recoveryKitInputSchema.safeParse(recoveryKitInput({ recoveryKey: bad })).success, bad).toBe(false);
    }
  });
});
