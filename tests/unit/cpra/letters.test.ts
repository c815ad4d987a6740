import { describe, expect, it } from 'vitest';
import { builtInExemptions } from '../../../shared/cpra/exemptions';
import {
  defaultLetterTemplates,
  fillLetter,
  letterKinds,
  letterTemplateSchema,
  letterValues,
  missingPlaceholderMessage,
  missingRequired,
  placeholderNames,
  placeholders,
  recipientLines,
  unknownPlaceholderMessage,
  unknownPlaceholders,
  type LetterContext,
  type LetterValues,
} from '../../../shared/cpra/letters';
import { producedDocumentKinds, cpraRequestSchema, type CpraRequest, type Determination } from '../../../shared/cpra/request';
import type { Redaction } from '../../../shared/cpra/redaction';
import { unusualCircumstanceWords } from '../../../shared/cpra/unusual-circumstances';

const counsel = { userId: 'user-counsel', name: 'Jane Roe' };

function redaction(id: string, exemptionId: string, status: 'approved' | 'rejected' | 'proposed'): Redaction {
  return {
    id,
    recordId: 'record-1',
    exemptionId,
    proposedBy: { kind: 'person', person: counsel },
    review: status === 'proposed' ? { status } : { status, by: counsel, at: '2026-11-30T17:00:00.000Z' },
    kind: 'text',
    field: 'content',
    start: 0,
    end: 4,
  };
}

const PARTIAL_RELEASE: Determination = {
  outcome: 'release_in_part',
  releaseOn: '2026-12-22',
  responsible: [
    { name: 'Jane Roe', title: 'City Attorney' },
    { name: 'Sam Poe', title: 'Deputy City Attorney' },
  ],
  explanation: 'Home addresses of private persons are withheld.',
  madeOn: '2026-12-01',
  by: counsel,
};

function aRequest(overrides: Partial<CpraRequest> = {}): CpraRequest {
  return cpraRequestSchema.parse({
    id: 'request-1',
    number: 'PRA-2026-014',
    // 5:30 PM on November 24 in Norwalk; already November 25 in UTC.
    receivedAt: '2026-11-25T01:30:00.000Z',
    receivedVia: 'email',
    requester: { name: 'Alex Doe', email: 'alex@example.org' },
    words: 'All comments removed from the City’s Facebook page in October 2026.',
    assignedCounsel: counsel,
    status: 'searching',
    notes: '',
    extension: null,
    determination: null,
    responsive: [],
    redactions: [],
    bates: { prefix: 'NOR', start: 1 },
    documents: [],
    closedAt: null,
    ...overrides,
  });
}

const context: LetterContext = {
  cityName: 'City of Norwalk',
  today: '2026-12-01',
  dueOn: '2026-12-04',
  timeZone: 'America/Los_Angeles',
  exemptions: builtInExemptions,
};

/** Each placeholder filled with a value that names it, so a swapped value shows. */
const namedValues = Object.fromEntries(placeholderNames.map((name) => [name, `<${name} value>`])) as LetterValues;

describe('filling a letter template', () => {
  it('replaces every placeholder with its own value, in the subject and the body', () => {
    for (const name of placeholderNames) {
      const filled = fillLetter({ subject: `About {{${name}}}`, body: `Before {{${name}}} after.` }, namedValues);
      expect(filled).toEqual({ subject: `About <${name} value>`, paragraphs: [`Before <${name} value> after.`] });
    }
  });

  it('accepts spaces inside the braces', () => {
    expect(fillLetter({ subject: 'x', body: 'Dear {{ requesterName }}:' }, namedValues).paragraphs).toEqual(['Dear <requesterName value>:']);
  });

  it('splits the body into paragraphs at blank lines and keeps single line breaks', () => {
    const filled = fillLetter({ subject: 'x', body: 'First line\nsecond line\r\n\r\nNext paragraph\n   \n\n\nLast' }, namedValues);
    expect(filled.paragraphs).toEqual(['First line\nsecond line', 'Next paragraph', 'Last']);
  });

  it('prints placeholders a requester typed into the request as the characters they typed', () => {
    const words = 'Send me {{cityName}} and {{ requesterName }} records, $& and $1 too.';
    const values = letterValues(aRequest({ words }), context);
    const filled = fillLetter(defaultLetterTemplates.acknowledgement, values);
    expect(filled.paragraphs).toContain(`You asked for the following:\n${words}`);
    expect(filled.paragraphs.join('\n')).toContain('The City of Norwalk received your request');
  });

  it('keeps the line breaks of a value, blank lines included, inside its paragraph', () => {
    const words = 'Item one\nItem two\n\nItem three, after a blank line';
    const filled = fillLetter(defaultLetterTemplates.acknowledgement, letterValues(aRequest({ words }), context));
    const template = fillLetter(defaultLetterTemplates.acknowledgement, letterValues(aRequest(), context));
    expect(filled.paragraphs).toContain(`You asked for the following:\n${words}`);
    expect(filled.paragraphs).toHaveLength(template.paragraphs.length);
  });
});

describe('checking a template before it is saved', () => {
  it('lists every placeholder with a description for the editor', () => {
    expect(placeholders.map((placeholder) => placeholder.name)).toEqual([...placeholderNames]);
    for (const placeholder of placeholders) expect(placeholder.description.length).toBeGreaterThan(10);
  });

  it('finds placeholders the app does not fill, as written, once each', () => {
    expect(unknownPlaceholders({ subject: 'Request {{requestNumber}} {{caseNo}}', body: 'Dear {{cityname}}, {{city name}} {{caseNo}} {{}}' })).toEqual([
      '{{caseNo}}',
      '{{cityname}}',
      '{{city name}}',
      '{{}}',
    ]);
    expect(unknownPlaceholders(defaultLetterTemplates.denial)).toEqual([]);
  });

  it('names an unknown placeholder and suggests the one probably meant', () => {
    expect(unknownPlaceholderMessage(['{{cityname}}'])).toBe(
      'The letter uses {{cityname}}, which is not a placeholder the app can fill in. Did you mean {{cityName}}? Correct it from the list of placeholders, or remove it.',
    );
    expect(unknownPlaceholderMessage(['{{a}}', '{{b}}', '{{c}}'])).toBe(
      'The letter uses {{a}}, {{b}} and {{c}}, which are not placeholders the app can fill in. Correct them from the list of placeholders, or remove them.',
    );
    expect(unknownPlaceholderMessage([])).toBeNull();
  });

  it('refuses a denial that no longer names the persons responsible', () => {
    const template = { ...defaultLetterTemplates.denial, body: defaultLetterTemplates.denial.body.replace('{{responsiblePersons}}', 'the City Attorney') };
    expect(missingRequired('denial', template)).toEqual(['responsiblePersons']);
    const result = letterTemplateSchema.safeParse(template);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['body'],
        message: 'A denial must name each person responsible for it, with title (Gov. Code § 7922.540(b)). Put {{responsiblePersons}} back in the letter.',
      }),
    ]);
  });

  it('refuses an extension notice without the reason and the new date', () => {
    const template = { id: 'extension_notice' as const, subject: 'Extension', body: 'We need more time.' };
    expect(missingRequired('extension_notice', template)).toEqual(['circumstance', 'extendedDueOn']);
    expect(missingPlaceholderMessage('extension_notice', 'extendedDueOn')).toBe(
      'An extension notice must give the date a determination is expected (Gov. Code § 7922.535(b)). Put {{extendedDueOn}} back in the letter.',
    );
  });

  it('accepts a required placeholder in the subject line', () => {
    expect(missingRequired('acknowledgement', { subject: 'Due {{dueOn}}', body: 'Received {{receivedOn}}.' })).toEqual([]);
  });

  it('refuses an unknown placeholder in the field where it is', () => {
    const result = letterTemplateSchema.safeParse({ ...defaultLetterTemplates.acknowledgement, subject: 'Request {{requestNo}}' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['subject'], 'The letter uses {{requestNo}}, which is not a placeholder the app can fill in. Correct it from the list of placeholders, or remove it.'],
    ]);
  });

  it('starts with a valid template for each letter the City sends', () => {
    for (const kind of letterKinds) {
      expect(producedDocumentKinds).toContain(kind);
      expect(letterTemplateSchema.parse(defaultLetterTemplates[kind]).id).toBe(kind);
    }
  });
});

describe('the values a letter is filled with', () => {
  it('names the requester, their organisation, or "Anonymous requester"', () => {
    expect(letterValues(aRequest(), context).requesterName).toBe('Alex Doe');
    expect(letterValues(aRequest({ requester: { organisation: 'Norwalk Gazette' } }), context).requesterName).toBe('Norwalk Gazette');
    expect(letterValues(aRequest({ requester: { name: '  ' } }), context).requesterName).toBe('Anonymous requester');
  });

  it('writes dates out, the day received being the day in the City', () => {
    const values = letterValues(aRequest(), context);
    expect(values.receivedOn).toBe('November 24, 2026');
    expect(values.dueOn).toBe('December 4, 2026');
    expect(values.today).toBe('December 1, 2026');
    expect(letterValues(aRequest(), { ...context, timeZone: 'UTC' }).receivedOn).toBe('November 25, 2026');
  });

  it('quotes the unusual circumstance and the extended due date of the extension', () => {
    const request = aRequest({
      extension: { circumstance: 'voluminous', dueOn: '2026-12-18', notice: 'Notice text', noticeSentOn: '2026-12-01', by: counsel, at: '2026-12-01T17:00:00.000Z' },
    });
    const values = letterValues(request, context);
    expect(values.circumstance).toBe(unusualCircumstanceWords.voluminous);
    expect(values.extendedDueOn).toBe('December 18, 2026');
  });

  it('uses the extension being written before it is saved', () => {
    const values = letterValues(aRequest(), { ...context, extension: { circumstance: 'consultation', dueOn: '2026-12-16' } });
    expect(values.circumstance).toBe(unusualCircumstanceWords.consultation);
    expect(values.extendedDueOn).toBe('December 16, 2026');
  });

  it('shows what is not recorded yet instead of leaving a hole', () => {
    const values = letterValues(aRequest({ assignedCounsel: null }), context);
    expect(values.extendedDueOn).toBe('[No extension has been recorded for this request.]');
    expect(values.determination).toBe('[No determination has been recorded for this request yet.]');
    expect(values.releaseOn).toBe('[No release date has been recorded.]');
    expect(values.counselName).toBe('the City Attorney’s Office');
  });

  it('lists the persons responsible for a denial by name and title, one per line', () => {
    const values = letterValues(aRequest({ determination: PARTIAL_RELEASE }), context);
    expect(values.responsiblePersons).toBe('Jane Roe, City Attorney\nSam Poe, Deputy City Attorney');
    expect(values.releaseOn).toBe('December 22, 2026');
    expect(values.determination).toContain('will be made available on December 22, 2026');
    expect(values.determination.endsWith('\nHome addresses of private persons are withheld.')).toBe(true);
  });

  it('cites each exemption the approved redactions rely on, once, with what it says', () => {
    const request = aRequest({
      determination: PARTIAL_RELEASE,
      redactions: [
        redaction('r1', 'gc-7927-700', 'approved'),
        redaction('r2', 'gc-7922-000', 'rejected'),
        redaction('r3', 'gc-7927-200', 'proposed'),
        redaction('r4', 'gc-7927-705-ac', 'approved'),
        redaction('r5', 'gc-7927-700', 'approved'),
      ],
    });
    expect(letterValues(request, context).withheldSections.split('\n')).toEqual([
      'Gov. Code § 7927.700 (Personal privacy): Personnel, medical, or similar files, the disclosure of which would constitute an unwarranted invasion of personal privacy.',
      'Gov. Code § 7927.705; Evid. Code § 954 (Attorney-client privilege): Confidential communications between the City and its attorneys, privileged under the Evidence Code.',
    ]);
  });

  it('says when a cited exemption is missing from the list, or when a denial cites none', () => {
    const unknown = aRequest({ determination: PARTIAL_RELEASE, redactions: [redaction('r1', 'retired-one', 'approved')] });
    expect(letterValues(unknown, context).withheldSections).toBe('[The exemption “retired-one” is not in the City’s list of exemptions: name the provision of law here.]');
    const denied = aRequest({ determination: { ...PARTIAL_RELEASE, outcome: 'deny', releaseOn: undefined } });
    expect(letterValues(denied, context).withheldSections).toBe('[No redaction cites an exemption: name each provision of law relied on (Gov. Code § 7922.540(c)).]');
  });

  it('says nothing is withheld when records are released in full', () => {
    const released = aRequest({ determination: { ...PARTIAL_RELEASE, outcome: 'release', responsible: [], explanation: '' } });
    const values = letterValues(released, context);
    expect(values.withheldSections).toBe('None: no record or part of a record is withheld.');
    expect(values.responsiblePersons).toBe('None: nothing is withheld, so no one is responsible for a denial.');
    expect(values.determination).toBe('The City has determined that your request seeks disclosable public records in its possession. The records will be made available on December 22, 2026.');
  });
});

describe('the address block of a letter', () => {
  it('has the name, the organisation and each line of the postal address', () => {
    expect(recipientLines({ name: 'Alex Doe', organisation: 'Norwalk Gazette', postalAddress: '12 Main Street\r\n\nNorwalk, CA 90650' })).toEqual([
      'Alex Doe',
      'Norwalk Gazette',
      '12 Main Street',
      'Norwalk, CA 90650',
    ]);
  });

  it('falls back to the e-mail address, and to "Anonymous requester" alone', () => {
    expect(recipientLines({ organisation: 'Norwalk Gazette', email: 'desk@example.org' })).toEqual(['Norwalk Gazette', 'By e-mail: desk@example.org']);
    expect(recipientLines({})).toEqual(['Anonymous requester']);
  });
});
