import { DateTime } from 'luxon';
import { z } from 'zod';
import { exemptionLabel, type Exemption } from './exemptions';
import { producedDocumentKindLabels, requesterName, type CpraRequest, type Determination, type Extension, type ProducedDocumentKind, type Requester } from './request';
import { unusualCircumstanceWords } from './unusual-circumstances';

/**
 * The letters the City sends a requester, as templates the administrator or
 * counsel edits (each edit a journaled version of a `cpra_letter_template`
 * record). A template is plain text with placeholders in double braces; the
 * app fills them from the request. The statute decides what some letters
 * must say, so a template that drops those placeholders is refused.
 */
export const LETTER_TEMPLATE_TABLE = 'cpra_letter_template';

export const letterKinds = ['acknowledgement', 'extension_notice', 'determination', 'denial'] as const satisfies readonly ProducedDocumentKind[];
export const letterKindSchema = z.enum(letterKinds, { error: 'Choose which letter this is.' });
export type LetterKind = z.infer<typeof letterKindSchema>;
export const letterKindLabels: Record<LetterKind, string> = {
  acknowledgement: producedDocumentKindLabels.acknowledgement,
  extension_notice: producedDocumentKindLabels.extension_notice,
  determination: producedDocumentKindLabels.determination,
  denial: producedDocumentKindLabels.denial,
};

export const placeholderNames = [
  'cityName',
  'requestNumber',
  'requesterName',
  'receivedOn',
  'requestWords',
  'dueOn',
  'extendedDueOn',
  'circumstance',
  'releaseOn',
  'determination',
  'withheldSections',
  'responsiblePersons',
  'counselName',
  'today',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

/** Every value a letter can hold, as plain text (line breaks allowed). */
export type LetterValues = Record<PlaceholderName, string>;

/** For the template editor's help text, in the order it lists them. */
export const placeholders: ReadonlyArray<{ name: PlaceholderName; description: string }> = [
  { name: 'cityName', description: 'The City’s name, as the ledger has it (for example: City of Norwalk).' },
  { name: 'requestNumber', description: 'The request’s number (for example: PRA-2026-014).' },
  { name: 'requesterName', description: 'The requester’s name, or their organisation, or “Anonymous requester”.' },
  { name: 'receivedOn', description: 'The day the request was received (for example: November 24, 2026).' },
  { name: 'requestWords', description: 'The request in the requester’s own words, exactly as received.' },
  { name: 'dueOn', description: 'The day the determination is due: 10 days after the request was received.' },
  { name: 'extendedDueOn', description: 'The day the determination is due after the extension (no more than 14 days later).' },
  { name: 'circumstance', description: 'The unusual circumstance that requires more time, in the words of Gov. Code § 7922.535(c).' },
  { name: 'releaseOn', description: 'The day the records will be made available.' },
  { name: 'determination', description: 'The City’s determination in a sentence or two, followed by counsel’s explanation.' },
  { name: 'withheldSections', description: 'The provisions of law relied on to withhold records, one per line, each with what it says.' },
  { name: 'responsiblePersons', description: 'The name and title of each person responsible for a denial, one per line (for example: Jane Roe, City Attorney).' },
  { name: 'counselName', description: 'The counsel assigned to the request.' },
  { name: 'today', description: 'The date of the letter.' },
];

const knownNames: ReadonlySet<string> = new Set(placeholderNames);

/** Anything in double braces counts, so a mistyped placeholder is caught instead of printed. Spaces inside the braces are allowed. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;

const personRef = z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(200) });

const templateFields = z.object({
  id: letterKindSchema,
  subject: z.string().trim().min(1, 'Enter the subject line of the letter.').max(500, 'Keep the subject line under 500 characters.'),
  /** Paragraphs separated by blank lines; a single line break stays a line break. */
  body: z.string().trim().min(1, 'Write the body of the letter.').max(50_000, 'Keep the letter under 50,000 characters.'),
  updatedBy: personRef.optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
});

export const letterTemplateSchema = templateFields.superRefine((template, context) => {
  for (const field of ['subject', 'body'] as const) {
    const message = unknownPlaceholderMessage(unknownPlaceholders({ subject: field === 'subject' ? template.subject : '', body: field === 'body' ? template.body : '' }));
    if (message) context.addIssue({ code: 'custom', path: [field], message });
  }
  for (const name of missingRequired(template.id, template)) {
    context.addIssue({ code: 'custom', path: ['body'], message: missingPlaceholderMessage(template.id, name) });
  }
});
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;
type TemplateText = Pick<LetterTemplate, 'subject' | 'body'>;

/**
 * What the law makes each letter say, and so what its template may not lose.
 * The determination letter can deny in part, so it carries the denial's
 * requirements too.
 */
export const requiredPlaceholders: Record<LetterKind, ReadonlyArray<{ name: PlaceholderName; why: string }>> = {
  acknowledgement: [
    { name: 'receivedOn', why: 'An acknowledgement says when the request was received.' },
    { name: 'dueOn', why: 'An acknowledgement tells the requester the day the City’s determination is due (Gov. Code § 7922.535(a)).' },
  ],
  extension_notice: [
    { name: 'circumstance', why: 'An extension notice must give the reason for the extension (Gov. Code § 7922.535(b)).' },
    { name: 'extendedDueOn', why: 'An extension notice must give the date a determination is expected (Gov. Code § 7922.535(b)).' },
  ],
  determination: [
    { name: 'determination', why: 'A determination letter must say what the City determined and why (Gov. Code § 7922.535(a)).' },
    { name: 'withheldSections', why: 'Anything withheld must be justified by the provisions of law relied on (Gov. Code § 7922.540(c)).' },
    { name: 'responsiblePersons', why: 'A denial, even in part, must name each person responsible for it, with title (Gov. Code § 7922.540(b)).' },
  ],
  denial: [
    { name: 'withheldSections', why: 'A denial must give the legal basis for withholding each record (Gov. Code § 7922.540(c)).' },
    { name: 'responsiblePersons', why: 'A denial must name each person responsible for it, with title (Gov. Code § 7922.540(b)).' },
  ],
};

function placeholdersIn(text: string): Array<{ token: string; name: string }> {
  return [...text.matchAll(PLACEHOLDER)].map((match) => ({ token: match[0], name: (match[1] ?? '').trim() }));
}

/** Placeholders the app does not fill, each as written ("{{cityname}}"), once each, in the order they appear. */
export function unknownPlaceholders(template: TemplateText): string[] {
  const unknown = placeholdersIn(`${template.subject}\n${template.body}`)
    .filter(({ name }) => !knownNames.has(name))
    .map(({ token }) => token);
  return [...new Set(unknown)];
}

/** The placeholders this kind of letter must contain (in the subject or the body) but does not. */
export function missingRequired(kind: LetterKind, template: TemplateText): PlaceholderName[] {
  const present = new Set(placeholdersIn(`${template.subject}\n${template.body}`).map(({ name }) => name));
  return requiredPlaceholders[kind].filter(({ name }) => !present.has(name)).map(({ name }) => name);
}

/** What the editor says when it refuses unknown placeholders; null when there are none. */
export function unknownPlaceholderMessage(unknown: readonly string[]): string | null {
  if (unknown.length === 0) return null;
  if (unknown.length === 1) {
    const token = unknown[0] ?? '';
    const name = token.slice(2, -2).trim().toLowerCase();
    const meant = placeholderNames.find((known) => known.toLowerCase() === name);
    return `The letter uses ${token}, which is not a placeholder the app can fill in. ${meant ? `Did you mean {{${meant}}}? ` : ''}Correct it from the list of placeholders, or remove it.`;
  }
  const listed = `${unknown.slice(0, -1).join(', ')} and ${unknown.at(-1) ?? ''}`;
  return `The letter uses ${listed}, which are not placeholders the app can fill in. Correct them from the list of placeholders, or remove them.`;
}

export function missingPlaceholderMessage(kind: LetterKind, name: PlaceholderName): string {
  const why = requiredPlaceholders[kind].find((required) => required.name === name)?.why ?? `The ${letterKindLabels[kind].toLowerCase()} needs it.`;
  return `${why} Put {{${name}}} back in the letter.`;
}

/**
 * Fills the template. Values are inserted once, as text: nothing in a value
 * is read as a placeholder, so a requester who writes "{{cityName}}" sees
 * exactly that. The body is split into paragraphs before filling, so a value
 * with blank lines in it stays inside its paragraph; line breaks are kept.
 */
export function fillLetter(template: TemplateText, values: LetterValues): { subject: string; paragraphs: string[] } {
  const fill = (text: string) =>
    // A replacer function: its result is inserted as is, with no "$&"-style patterns.
    text.replace(PLACEHOLDER, (token, inner: string) => {
      const name = inner.trim();
      return knownNames.has(name) ? values[name as PlaceholderName] : token;
    });
  const paragraphs = normaliseLineBreaks(template.body)
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map(fill)
    .filter((paragraph) => paragraph.trim() !== '');
  return { subject: fill(normaliseLineBreaks(template.subject).trim()), paragraphs };
}

function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A calendar day (YYYY-MM-DD) as a letter writes it: "November 24, 2026". */
export function longDate(day: string): string {
  const date = DateTime.fromISO(day, { zone: 'utc' });
  return date.isValid ? date.toFormat('MMMM d, yyyy', { locale: 'en-US' }) : day;
}

export interface LetterContext {
  cityName: string;
  /** The letter's date, YYYY-MM-DD. */
  today: string;
  /** The 10-day determination due day, YYYY-MM-DD (from the request clock). */
  dueOn: string;
  /** The City's zone: the day the request was received is the day there. */
  timeZone: string;
  /** Every exemption the City knows (exemptionList), to name those the request's redactions cite. */
  exemptions: readonly Exemption[];
  /** The extension being written, before it is saved with its notice; otherwise the request's own. */
  extension?: Pick<Extension, 'circumstance' | 'dueOn'> | null;
  /** The determination being written, before it is saved; otherwise the request's own. */
  determination?: Determination | null;
}

/*
 * Where the request does not yet have what a value needs, the value says so
 * in brackets rather than being left empty: whoever reviews the letter sees
 * the gap instead of a sentence with a hole in it.
 */
const NOT_YET = {
  extension: '[No extension has been recorded for this request.]',
  determination: '[No determination has been recorded for this request yet.]',
  releaseOn: '[No release date has been recorded.]',
} as const;

const NOTHING_WITHHELD = 'None: no record or part of a record is withheld.';

/** The values a letter about this request is filled with. */
export function letterValues(request: CpraRequest, context: LetterContext): LetterValues {
  const extension = context.extension === undefined ? request.extension : context.extension;
  const determination = context.determination === undefined ? request.determination : context.determination;
  const receivedOn = DateTime.fromISO(request.receivedAt, { setZone: true }).setZone(context.timeZone).toFormat('MMMM d, yyyy', { locale: 'en-US' });
  return {
    cityName: context.cityName,
    requestNumber: request.number,
    requesterName: requesterName(request.requester),
    receivedOn,
    requestWords: request.words,
    dueOn: longDate(context.dueOn),
    extendedDueOn: extension ? longDate(extension.dueOn) : NOT_YET.extension,
    circumstance: extension ? unusualCircumstanceWords[extension.circumstance] : NOT_YET.extension,
    releaseOn: determination?.releaseOn ? longDate(determination.releaseOn) : NOT_YET.releaseOn,
    determination: determination ? determinationText(determination) : NOT_YET.determination,
    withheldSections: withheldSections(request, determination, context.exemptions),
    responsiblePersons: responsiblePersons(determination),
    counselName: request.assignedCounsel?.name ?? 'the City Attorney’s Office',
    today: longDate(context.today),
  };
}

function determinationText(determination: Determination): string {
  const releaseOn = determination.releaseOn ? longDate(determination.releaseOn) : NOT_YET.releaseOn;
  const outcome: Record<Determination['outcome'], string> = {
    release: `The City has determined that your request seeks disclosable public records in its possession. The records will be made available on ${releaseOn}.`,
    release_in_part:
      'The City has determined that your request seeks disclosable public records in its possession, and that some of those records, or parts of them, are exempt from disclosure. ' +
      `The records that are not exempt, and every part of a record that can reasonably be separated from what is exempt (Gov. Code § 7922.525), will be made available on ${releaseOn}. ` +
      'What is withheld, and why, is set out in this letter.',
    deny: 'The City has determined that the records you asked for are exempt from disclosure, and your request is denied. The reasons are set out in this letter.',
    no_records: 'The City has searched for the records you asked for and has determined that it has no records that respond to your request.',
  };
  const explanation = determination.explanation.trim();
  return explanation ? `${outcome[determination.outcome]}\n${explanation}` : outcome[determination.outcome];
}

/** The exemptions the approved redactions cite, one per line with what each says, in the order first cited. */
function withheldSections(request: CpraRequest, determination: Determination | null, exemptions: readonly Exemption[]): string {
  const cited = [...new Set(request.redactions.filter((redaction) => redaction.review.status === 'approved').map((redaction) => redaction.exemptionId))];
  if (cited.length > 0) {
    const byId = new Map(exemptions.map((exemption) => [exemption.id, exemption]));
    return cited
      .map((id) => {
        const exemption = byId.get(id);
        return exemption ? `${exemptionLabel(exemption)}: ${exemption.words}` : `[The exemption “${id}” is not in the City’s list of exemptions: name the provision of law here.]`;
      })
      .join('\n');
  }
  if (!determination) return NOT_YET.determination;
  // A whole denial withholds records without redacting them: the provisions must still be named, so the gap is shown.
  if (determination.outcome === 'deny' || determination.outcome === 'release_in_part') {
    return '[No redaction cites an exemption: name each provision of law relied on (Gov. Code § 7922.540(c)).]';
  }
  return NOTHING_WITHHELD;
}

/** "Jane Roe, City Attorney", one per line (Gov. Code 7922.540(b)). */
function responsiblePersons(determination: Determination | null): string {
  if (!determination) return NOT_YET.determination;
  if (determination.responsible.length === 0) return 'None: nothing is withheld, so no one is responsible for a denial.';
  return determination.responsible.map((person) => `${person.name}, ${person.title}`).join('\n');
}

/** The letter's address block: who it goes to, then where; "Anonymous requester" alone when nothing is known. */
export function recipientLines(requester: Requester): string[] {
  const name = requester.name?.trim();
  const organisation = requester.organisation?.trim();
  const lines = [requesterName(requester)];
  if (name && organisation) lines.push(organisation);
  const address = requester.postalAddress?.trim();
  if (address) {
    lines.push(
      ...normaliseLineBreaks(address)
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
    );
  } else if (requester.email?.trim()) {
    lines.push(`By e-mail: ${requester.email.trim()}`);
  }
  return lines;
}

const REQUEST_ACT = 'California Public Records Act';
const CONTACT = 'If you have questions, please contact {{counselName}} and quote request number {{requestNumber}}.';

/**
 * The wording the app starts with. Counsel may edit it, but the required
 * placeholders stay (see requiredPlaceholders).
 */
export const defaultLetterTemplates: Record<LetterKind, LetterTemplate> = {
  acknowledgement: {
    id: 'acknowledgement',
    subject: 'Your public records request {{requestNumber}} has been received',
    body: [
      'Dear {{requesterName}}:',
      'The {{cityName}} received your request for public records on {{receivedOn}} and has given it the number {{requestNumber}}. Please quote this number whenever you contact us about the request.',
      'You asked for the following:\n{{requestWords}}',
      `Under the ${REQUEST_ACT} (Gov. Code § 7922.535(a)), the City will determine within 10 days of receiving your request whether it seeks copies of disclosable public records in the City’s possession, and will notify you of its determination and the reasons for it by {{dueOn}}. If the City determines that your request seeks disclosable public records, it will also tell you the estimated date and time when they will be made available.`,
      'If the City needs more time because of one of the unusual circumstances the Act describes (Gov. Code § 7922.535(b) and (c)), it will tell you so in writing by {{dueOn}}, with the reason and the date by which you can expect its determination.',
      'If you have questions, or can help us identify the records you are looking for (Gov. Code § 7922.600), please contact {{counselName}} and quote request number {{requestNumber}}.',
    ].join('\n\n'),
  },
  extension_notice: {
    id: 'extension_notice',
    subject: 'Public records request {{requestNumber}}: extension of time to respond',
    body: [
      'Dear {{requesterName}}:',
      'On {{receivedOn}}, the {{cityName}} received your request for public records, number {{requestNumber}}. The City’s determination on your request was due by {{dueOn}}.',
      `Under the ${REQUEST_ACT} (Gov. Code § 7922.535(b)), the City is extending the time to make its determination, because of the following unusual circumstance:\n{{circumstance}}`,
      'The City expects to send you its determination by {{extendedDueOn}}. The Act does not allow an extension of more than 14 days, and the City will respond sooner if it can.',
      CONTACT,
    ].join('\n\n'),
  },
  determination: {
    id: 'determination',
    subject: 'Public records request {{requestNumber}}: the City’s determination',
    body: [
      'Dear {{requesterName}}:',
      `This letter is the determination of the {{cityName}} on your request for public records number {{requestNumber}}, received on {{receivedOn}}, under the ${REQUEST_ACT} (Gov. Code § 7922.535(a)).`,
      'You asked for the following:\n{{requestWords}}',
      'Determination:\n{{determination}}',
      'Records withheld. The City withholds a record, or part of one, only where an express provision of law exempts it from disclosure, or where on the facts of the particular case the public interest served by not disclosing it clearly outweighs the public interest served by disclosing it (Gov. Code §§ 7922.000 and 7922.540(c)). The provisions of law relied on are:\n{{withheldSections}}',
      'The persons responsible for withholding any record, or part of one, are (Gov. Code § 7922.540(b)):\n{{responsiblePersons}}',
      CONTACT,
    ].join('\n\n'),
  },
  denial: {
    id: 'denial',
    subject: 'Public records request {{requestNumber}}: denial',
    body: [
      'Dear {{requesterName}}:',
      `The {{cityName}} has considered your request for public records number {{requestNumber}}, received on {{receivedOn}}, under the ${REQUEST_ACT}. You asked for the following:\n{{requestWords}}`,
      'Determination:\n{{determination}}',
      'Legal basis. A record may be withheld only where an express provision of law exempts it from disclosure, or where on the facts of the particular case the public interest served by not disclosing it clearly outweighs the public interest served by disclosing it (Gov. Code §§ 7922.000 and 7922.540(c)). The City relies on the following provisions:\n{{withheldSections}}',
      'As Gov. Code § 7922.540(b) requires, the persons responsible for this denial are:\n{{responsiblePersons}}',
      'Where only part of a record is exempt, the City releases every part that can reasonably be separated from what is exempt (Gov. Code § 7922.525). The Public Records Act allows you to ask the superior court to review this decision.',
      CONTACT,
    ].join('\n\n'),
  },
};
