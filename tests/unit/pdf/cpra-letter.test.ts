import { beforeAll, describe, expect, it } from 'vitest';
import { cpraLetterDocument, cpraLetterInputSchema, type CpraLetterInput } from '../../../renderer/src/pdf/documents/cpra-letter';
import { renderPdf } from '../../../renderer/src/pdf/pdf-engine';
import { builtInExemptions } from '../../../shared/cpra/exemptions';
import { defaultLetterTemplates, fillLetter, letterKindLabels, letterKinds, letterValues, recipientLines, type LetterKind } from '../../../shared/cpra/letters';
import type { Redaction } from '../../../shared/cpra/redaction';
import { cpraRequestSchema, type CpraRequest } from '../../../shared/cpra/request';
import { unusualCircumstanceWords } from '../../../shared/cpra/unusual-circumstances';
import { HOSTILE } from './fixtures';
import { activeNamesIn, pdfInfo, pdfPages, pdfText } from './pdf-inspect';

const flat = (text: string) => text.replace(/\s+/g, ' ');

const counsel = { userId: 'user-counsel', name: 'Jane Roe' };

function approved(id: string, exemptionId: string): Redaction {
  return {
    id,
    recordId: 'record-1',
    exemptionId,
    proposedBy: { kind: 'person', person: counsel },
    review: { status: 'approved', by: counsel, at: '2026-11-30T17:00:00.000Z' },
    kind: 'text',
    field: 'content',
    start: 0,
    end: 4,
  };
}

/** A request at the point each letter is written: extended, then released in part. */
function aRequest(overrides: Partial<CpraRequest> = {}): CpraRequest {
  return cpraRequestSchema.parse({
    id: 'request-1',
    number: 'PRA-2026-014',
    receivedAt: '2026-11-25T01:30:00.000Z',
    receivedVia: 'letter',
    requester: { name: 'Alex Doe', organisation: 'Norwalk Gazette', postalAddress: '12 Main Street\nNorwalk, CA 90650' },
    words: 'All comments removed from the City’s Facebook page in October 2026, and {{cityName}} records.',
    assignedCounsel: counsel,
    status: 'determined',
    notes: '',
    extension: { circumstance: 'field_facilities', dueOn: '2026-12-18', notice: 'Sent.', noticeSentOn: '2026-12-01', by: counsel, at: '2026-12-01T17:00:00.000Z' },
    determination: {
      outcome: 'release_in_part',
      releaseOn: '2026-12-22',
      responsible: [
        { name: 'Jane Roe', title: 'City Attorney' },
        { name: 'Sam Poe', title: 'Deputy City Attorney' },
      ],
      explanation: 'Home addresses of private persons are withheld.',
      madeOn: '2026-12-15',
      by: counsel,
    },
    responsive: [],
    redactions: [approved('r1', 'gc-7927-700'), approved('r2', 'gc-7927-705-ac')],
    bates: { prefix: 'NOR', start: 1 },
    documents: [],
    closedAt: null,
    ...overrides,
  });
}

/** What the letters screen would pass the PDF worker: the default template filled from the request. */
function letterInput(kind: LetterKind, request: CpraRequest = aRequest()): CpraLetterInput {
  const filled = fillLetter(
    defaultLetterTemplates[kind],
    letterValues(request, { cityName: 'City of Norwalk', today: '2026-12-15', dueOn: '2026-12-04', timeZone: 'America/Los_Angeles', exemptions: builtInExemptions }),
  );
  return cpraLetterInputSchema.parse({
    cityName: 'City of Norwalk',
    documentTitle: letterKindLabels[kind],
    date: '2026-12-15',
    recipient: recipientLines(request.requester),
    reference: `Public records request ${request.number}`,
    subject: filled.subject,
    paragraphs: filled.paragraphs,
    signature: { name: 'Jane Roe', title: 'City Attorney' },
  });
}

async function letterText(input: CpraLetterInput): Promise<string> {
  return pdfText(await renderPdf(cpraLetterDocument(input)));
}

describe('each default letter, printed', () => {
  const texts = new Map<LetterKind, string>();
  beforeAll(async () => {
    for (const kind of letterKinds) texts.set(kind, await letterText(letterInput(kind)));
  });
  const text = (kind: LetterKind) => flat(texts.get(kind) ?? '');

  it('is laid out as a letter: letterhead, date, address, Re: line, closing and signature', () => {
    for (const kind of letterKinds) {
      const letter = text(kind);
      expect(letter, kind).toMatch(/City of Norwalk December 15, 2026 Alex Doe Norwalk Gazette 12 Main Street Norwalk, CA 90650 Re: /);
      expect(letter, kind).toContain(`Public records request PRA-2026-014 Dear Alex Doe:`);
      expect(letter, kind).toMatch(/Sincerely, Jane Roe City Attorney/);
    }
  });

  it('acknowledges receipt and gives the 10-day due date', () => {
    const letter = text('acknowledgement');
    expect(letter).toContain('Re: Your public records request PRA-2026-014 has been received');
    expect(letter).toContain('received your request for public records on November 24, 2026');
    expect(letter).toContain('the reasons for it by December 4, 2026');
  });

  it('gives the reason for an extension in the statute’s words, and the new date', () => {
    const letter = text('extension_notice');
    expect(letter).toContain(flat(unusualCircumstanceWords.field_facilities));
    expect(letter).toContain('The City expects to send you its determination by December 18, 2026.');
    expect(letter).toContain('was due by December 4, 2026');
  });

  it('says what will be released and when, and what is withheld under which sections', () => {
    const letter = text('determination');
    expect(letter).toContain('will be made available on December 22, 2026');
    expect(letter).toContain('Home addresses of private persons are withheld.');
    expect(letter).toContain('Gov. Code § 7927.700 (Personal privacy): Personnel, medical, or similar files');
    expect(letter).toContain('Gov. Code § 7927.705; Evid. Code § 954 (Attorney-client privilege)');
  });

  it('states the legal basis of a denial and names each person responsible, with title', () => {
    const letter = text('denial');
    expect(letter).toContain('Gov. Code § 7927.700 (Personal privacy)');
    expect(letter).toContain('the persons responsible for this denial are: Jane Roe, City Attorney Sam Poe, Deputy City Attorney');
    expect(texts.get('denial')).toMatch(/^Jane Roe, City Attorney$/m);
    expect(texts.get('denial')).toMatch(/^Sam Poe, Deputy City Attorney$/m);
  });

  it('quotes the request, placeholders the requester typed included, as typed', () => {
    for (const kind of ['acknowledgement', 'determination', 'denial'] as const) expect(text(kind), kind).toContain('and {{cityName}} records.');
  });
});

describe('a letter', () => {
  it('shows a hostile requester name as text, with nothing active in the file', async () => {
    const request = aRequest({ requester: { name: HOSTILE } });
    const bytes = await renderPdf(cpraLetterDocument(letterInput('denial', request)));
    const text = pdfText(bytes);
    // In the address block and the greeting. (The request schema trims the name, which drops HOSTILE's trailing U+FEFF.)
    for (const expected of ['<script>alert(1)</script>', 'javascript:alert(1)', '[U+202E]evil[U+202C]', 'z[U+200B]w[U+200D]x']) {
      expect(text.split(expected).length - 1, expected).toBeGreaterThanOrEqual(2);
    }
    expect(text).not.toMatch(/[\u202E\u202C\u200B\u200D\uFEFF]/);
    expect(activeNamesIn(bytes)).toEqual([]);
  });

  it('goes to "Anonymous requester" when the requester gave no name', async () => {
    const request = aRequest({ requester: {} });
    const text = flat(await letterText(letterInput('acknowledgement', request)));
    expect(text).toContain('December 15, 2026 Anonymous requester Re:');
    expect(text).toContain('Dear Anonymous requester:');
  });

  it('keeps the requester’s line breaks', async () => {
    const request = aRequest({ words: 'First item\nSecond item' });
    expect(await letterText(letterInput('acknowledgement', request))).toMatch(/You asked for the following:\nFirst item\nSecond item\n/);
  });

  it('carries its kind and request on every page, and in its title', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Item ${i + 1}: every comment removed from the City’s pages about topic ${i + 1}.`).join('\n');
    const bytes = await renderPdf(cpraLetterDocument(letterInput('determination', aRequest({ words: long }))));
    const pages = pdfPages(bytes);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(page).toContain('Determination letter · Public records request PRA-2026-014 · Records Ledger document format 1');
    });
    expect(flat(pages.at(-1) ?? '')).toContain('Sincerely, Jane Roe City Attorney');
    expect(pdfInfo(bytes).Title).toBe('Determination letter: Public records request PRA-2026-014 (City of Norwalk)');
  });

  it('keeps the signature on the page of the last paragraph', async () => {
    // This denial fills its first page exactly up to the closing, which would otherwise be left alone on the second.
    const pages = pdfPages(await renderPdf(cpraLetterDocument(letterInput('denial'))));
    expect(pages.length).toBe(2);
    expect(flat(pages[1] ?? '')).toContain('If you have questions, please contact Jane Roe and quote request number PRA-2026-014. Sincerely, Jane Roe City Attorney');
  });

  it('is refused without paragraphs, or with a kind of letter that hides characters', () => {
    const input = letterInput('acknowledgement');
    const empty = cpraLetterInputSchema.safeParse({ ...input, paragraphs: [] });
    expect(empty.error?.issues.map((issue) => issue.message)).toEqual(['The letter has no paragraphs. Write at least one.']);
    const hidden = cpraLetterInputSchema.safeParse({ ...input, documentTitle: 'Denial\u202E letter' });
    expect(hidden.error?.issues.map((issue) => issue.message)).toEqual(['The kind of letter may only hold visible characters.']);
  });
});
