import { z } from 'zod';
import { nextYearlyNumber } from '../records/yearly-number';
import { redactionSchema } from './redaction';
import { unusualCircumstanceSchema } from './unusual-circumstances';

/**
 * A California Public Records Act request as counsel works it: when and how
 * it came in, who asked and for what, the records that answer it, what is
 * withheld from them, the extension and the determination, and every
 * document the City sent. Each change is a new version of the record, so
 * the request's history is its journal.
 */
export const CPRA_REQUEST_TABLE = 'cpra_request';

export const receivedViaOptions = ['email', 'web_form', 'letter', 'in_person'] as const;
export const receivedViaSchema = z.enum(receivedViaOptions, { error: 'Say how the request came in: e-mail, web form, letter or in person.' });
export type ReceivedVia = z.infer<typeof receivedViaSchema>;
export const receivedViaLabels: Record<ReceivedVia, string> = { email: 'E-mail', web_form: 'Web form', letter: 'Letter', in_person: 'In person' };

export const requestStatuses = ['received', 'searching', 'determined', 'extended', 'produced', 'closed', 'withdrawn'] as const;
export const requestStatusSchema = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof requestStatusSchema>;
export const requestStatusLabels: Record<RequestStatus, string> = {
  received: 'Received',
  searching: 'Searching',
  determined: 'Determined',
  extended: 'Extended',
  produced: 'Produced',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

/** A request that is still being answered: its records are held from disposition and its clock is shown. */
export function isOpen(status: RequestStatus): boolean {
  return status !== 'closed' && status !== 'withdrawn';
}

const personRef = z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(200) });
export type PersonRef = z.infer<typeof personRef>;

const optionalText = (max: number) => z.string().trim().max(max).optional();
const cityDay = z.iso.date('Enter the date as year-month-day.');

/** Anyone may ask, and need not say who they are (Gov. Code 7921.300): a name is optional. */
export const requesterSchema = z.object({
  name: optionalText(200),
  organisation: optionalText(200),
  email: z.union([z.literal(''), z.email('Enter the requester’s e-mail address as name@example.org, or leave it empty.')]).optional(),
  phone: optionalText(40),
  postalAddress: optionalText(1000),
});
export type Requester = z.infer<typeof requesterSchema>;

/** How a letter greets the requester, and how lists name them. */
export function requesterName(requester: Requester): string {
  return requester.name?.trim() || requester.organisation?.trim() || 'Anonymous requester';
}

/** The record as it stood when it was attached, so a later change or destruction shows on the request. */
export const responsiveRecordSchema = z.object({
  recordId: z.string().min(1).max(64),
  version: z.number().int().min(1),
  /** SHA-256 of the attached version's encrypted payload (the journal's payloadHash). */
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/),
  attachedAt: z.iso.datetime({ offset: true }),
  attachedBy: personRef,
  /** The words searched for when it was found, so the search can be explained later. */
  foundBy: z.string().max(500).optional(),
});
export type ResponsiveRecord = z.infer<typeof responsiveRecordSchema>;

export const extensionSchema = z.object({
  circumstance: unusualCircumstanceSchema,
  /** The day the determination is now due: no more than 14 days past the original due day. */
  dueOn: cityDay,
  /** The written notice's text, as it went to the requester. */
  notice: z.string().trim().min(1, 'Write the notice to the requester: the reason and the date a determination will be made.').max(20_000),
  noticeSentOn: cityDay,
  by: personRef,
  at: z.iso.datetime({ offset: true }),
});
export type Extension = z.infer<typeof extensionSchema>;

export const determinationOutcomes = ['release', 'release_in_part', 'deny', 'no_records'] as const;
export const determinationOutcomeSchema = z.enum(determinationOutcomes, { error: 'Choose the determination.' });
export type DeterminationOutcome = z.infer<typeof determinationOutcomeSchema>;
export const determinationOutcomeLabels: Record<DeterminationOutcome, string> = {
  release: 'Records will be released',
  release_in_part: 'Records will be released in part (some withheld)',
  deny: 'Request denied',
  no_records: 'No responsive records',
};

const responsiblePerson = z.object({
  name: z.string().trim().min(1, 'Enter the name of each person responsible for the denial.').max(200),
  title: z.string().trim().min(1, 'Enter the title of each person responsible for the denial.').max(200),
});

export const determinationSchema = z
  .object({
    outcome: determinationOutcomeSchema,
    /** When the records will be made available (release, release in part). */
    releaseOn: cityDay.optional(),
    /** Gov. Code 7922.540: a denial, in whole or in part, names each person responsible with title. */
    responsible: z.array(responsiblePerson),
    explanation: z.string().trim().max(20_000),
    madeOn: cityDay,
    by: personRef,
  })
  .superRefine((determination, context) => {
    const denies = determination.outcome === 'deny' || determination.outcome === 'release_in_part';
    if (denies && determination.responsible.length === 0) {
      context.addIssue({ code: 'custom', path: ['responsible'], message: 'Gov. Code 7922.540 requires a denial to name each person responsible for it, with title. Add at least one.' });
    }
    const releases = determination.outcome === 'release' || determination.outcome === 'release_in_part';
    if (releases && !determination.releaseOn) {
      context.addIssue({ code: 'custom', path: ['releaseOn'], message: 'Enter the date the records will be made available.' });
    }
  });
export type Determination = z.infer<typeof determinationSchema>;

export const producedDocumentKinds = ['disclosure', 'acknowledgement', 'extension_notice', 'determination', 'denial'] as const;
export const producedDocumentKindSchema = z.enum(producedDocumentKinds);
export type ProducedDocumentKind = z.infer<typeof producedDocumentKindSchema>;
export const producedDocumentKindLabels: Record<ProducedDocumentKind, string> = {
  disclosure: 'Disclosure',
  acknowledgement: 'Acknowledgement letter',
  extension_notice: 'Extension notice',
  determination: 'Determination letter',
  denial: 'Denial letter',
};

/** A document the City produced for the request: what went out, when, and the SHA-256 of the exact file. */
export const producedDocumentSchema = z.object({
  id: z.string().min(1).max(64),
  kind: producedDocumentKindSchema,
  fileName: z.string().min(1).max(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(1),
  pages: z.number().int().min(1),
  /** Bates numbers on its pages, for a disclosure. */
  bates: z.object({ first: z.string(), last: z.string() }).optional(),
  producedAt: z.iso.datetime({ offset: true }),
  producedBy: personRef,
});
export type ProducedDocument = z.infer<typeof producedDocumentSchema>;

export const batesSchema = z.object({
  prefix: z
    .string()
    .trim()
    .max(20, 'Keep the Bates prefix under 20 characters.')
    .regex(/^[A-Za-z0-9_-]*$/, 'A Bates prefix uses letters, digits, - and _ only.'),
  start: z.number({ error: 'Enter the first Bates number.' }).int('Enter a whole number.').min(1, 'Bates numbers start at 1 or more.').max(99_999_999),
});
export type Bates = z.infer<typeof batesSchema>;

export const cpraRequestSchema = z.object({
  id: z.string().min(1).max(64),
  /** "PRA-2026-014": the number staff and the requester quote. */
  number: z.string().min(1).max(40),
  receivedAt: z.iso.datetime({ offset: true, error: 'Enter when the request was received.' }),
  receivedVia: receivedViaSchema,
  requester: requesterSchema,
  /** The request in the requester's own words, exactly as received. */
  words: z.string().min(1, 'Enter the words of the request, as the requester wrote or said them.').max(100_000),
  assignedCounsel: personRef.nullable(),
  status: requestStatusSchema,
  notes: z.string().max(20_000),
  extension: extensionSchema.nullable(),
  determination: determinationSchema.nullable(),
  responsive: z.array(responsiveRecordSchema),
  redactions: z.array(redactionSchema),
  bates: batesSchema,
  documents: z.array(producedDocumentSchema),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type CpraRequest = z.infer<typeof cpraRequestSchema>;

/** "PRA-2026-014": the year's next request number. */
export function nextRequestNumber(existing: readonly string[], today: string): string {
  return nextYearlyNumber('PRA', existing, today);
}

/** The Bates number on a page: prefix and a number of at least six digits ("NOR000123"). */
export function batesNumber(bates: Bates, pageIndex: number): string {
  return `${bates.prefix}${String(bates.start + pageIndex).padStart(6, '0')}`;
}

/**
 * The ids of records that open requests answer: they are held from
 * disposition until the request closes (the retention schedule's
 * `openRequestsFor`).
 */
export function recordsAnsweringOpenRequests(requests: readonly CpraRequest[]): Map<string, string[]> {
  const byRecord = new Map<string, string[]>();
  for (const request of requests) {
    if (!isOpen(request.status)) continue;
    for (const record of request.responsive) byRecord.set(record.recordId, [...(byRecord.get(record.recordId) ?? []), request.number]);
  }
  return byRecord;
}

/**
 * Why a determination contradicts the request's own facts, or null. Withholding
 * any part of a record is a denial in part, which must name each person
 * responsible (Gov. Code 7922.540); records attached are not "no records".
 */
export function determinationConflict(outcome: DeterminationOutcome, request: Pick<CpraRequest, 'redactions' | 'responsive'>): string | null {
  const withheld = request.redactions.filter((r) => r.review.status === 'approved').length;
  if (outcome === 'release' && withheld > 0) {
    return `${withheld} approved redaction${withheld === 1 ? ' withholds' : 's withhold'} part of the records, so this is a release in part: choose “${determinationOutcomeLabels.release_in_part}” and name each person responsible (Gov. Code 7922.540).`;
  }
  if (outcome === 'no_records' && request.responsive.length > 0) {
    return `${request.responsive.length} record${request.responsive.length === 1 ? ' is' : 's are'} attached as answering the request. Detach ${request.responsive.length === 1 ? 'it' : 'them'} first if none answers it.`;
  }
  return null;
}

/** Why no disclosure may be made yet on the determination, or null: only released records go out. */
export function disclosureNotAllowed(request: Pick<CpraRequest, 'determination' | 'redactions' | 'responsive'>): string | null {
  const determination = request.determination;
  if (!determination) return 'Record the determination (records released, or released in part) before the disclosure is made.';
  if (determination.outcome === 'deny' || determination.outcome === 'no_records') return `The determination is “${determinationOutcomeLabels[determination.outcome]}”, so no records are released.`;
  return determinationConflict(determination.outcome, request);
}
