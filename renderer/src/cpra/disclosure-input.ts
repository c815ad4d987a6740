import type { Exemption } from '../../../shared/cpra/exemptions';
import type { LetterTemplate } from '../../../shared/cpra/letters';
import { defaultLetterTemplates, fillLetter, letterValues, recipientLines } from '../../../shared/cpra/letters';
import {
  applyTextRedactions,
  approvedRedactions,
  fieldText,
  isRedactableScreenshot,
  redactableFieldLabels,
  redactableFields,
  regionsOnMissingScreenshots,
  undecidedRedactionsMessage,
  withheldWordsOf,
  withheldWordsStillShown,
  type Redaction,
  type TextRedaction,
} from '../../../shared/cpra/redaction';
import { disclosureNotAllowed, requesterName, type CpraRequest } from '../../../shared/cpra/request';
import { receivedDay } from '../../../shared/cpra/deadlines';
import { policyVersionById, type PolicyRegister } from '../../../shared/policy/policy-versions';
import { CITY_TIME_ZONE, formatMoment } from '../../../shared/removals/moments';
import { contentKindLabels, REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import { siteDisplayName, type Site } from '../../../shared/sites/site';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { readAttachment } from '../attachments/attachment-files';
import type { PdfInputs } from '../pdf/pdf-jobs';
import type { Session } from '../vault/session';
import { responsiveStates } from './responsive-state';

type DisclosureInput = PdfInputs['disclosure'];
type DisclosedRecord = DisclosureInput['records'][number];

export class DisclosureRefused extends Error {}

/**
 * Gathers what the disclosure PDF prints, here in the page because only the
 * page holds keys: each record's current text with approved redactions
 * applied (so withheld characters never reach the PDF worker), its
 * screenshots decrypted for the worker to redact in the pixels, and the
 * cover letter. Refuses, naming why, while anything is undecided, changed
 * or gone.
 */
export async function disclosureInput(
  session: Session,
  ledger: LedgerApi,
  request: CpraRequest,
  context: { exemptions: Exemption[]; sites: Site[]; policies: PolicyRegister; template: LetterTemplate | undefined; dueOn: string; today: string; signer: { name: string; title: string }; signal: AbortSignal; onProgress: (done: number, total: number) => void },
): Promise<DisclosureInput> {
  if (request.responsive.length === 0) throw new DisclosureRefused('No record is attached to this request, so there is nothing to disclose.');
  const notAllowed = disclosureNotAllowed(request);
  if (notAllowed) throw new DisclosureRefused(notAllowed);
  const undecided = undecidedRedactionsMessage(request.redactions);
  if (undecided) throw new DisclosureRefused(undecided);
  const states = await responsiveStates(session, request.responsive);
  const blocked = request.responsive.filter((record) => states.get(record.recordId)?.kind !== 'unchanged');
  if (blocked.length > 0) {
    throw new DisclosureRefused(
      `${blocked.length} attached record${blocked.length === 1 ? ' has' : 's have'} changed or been destroyed since ${blocked.length === 1 ? 'it was' : 'they were'} attached (${blocked.map((r) => r.recordId).join(', ')}). Review them under Responsive records first.`,
    );
  }
  const approved = approvedRedactions(request.redactions);
  const cited = new Set(approved.map((r) => r.exemptionId));
  const removals: Removal[] = [];
  for (const attached of request.responsive) {
    const removal = await session.records.get(REMOVAL_TABLE, attached.recordId, removalSchema);
    if (!removal) throw new DisclosureRefused(`Record ${attached.recordId} could not be read.`);
    const orphaned = regionsOnMissingScreenshots(request.redactions, removal);
    if (orphaned.length > 0) {
      throw new DisclosureRefused(
        `Record ${removals.length + 1} has ${orphaned.length} area redaction${orphaned.length === 1 ? '' : 's'} on a screenshot it no longer has. Redact its current screenshots, then remove the old area${orphaned.length === 1 ? '' : 's'}.`,
      );
    }
    removals.push(removal);
  }
  const printed = removals.map((removal, index) => printedRecord(removal, approved, context, `Record ${index + 1} of ${removals.length}`));
  refuseWithheldWordsStillShown(removals, approved, printed);
  const records: DisclosedRecord[] = [];
  for (const [index, record] of printed.entries()) {
    context.signal.throwIfAborted();
    context.onProgress(index, printed.length);
    records.push({ ...record, images: await screenshotsOf(session, ledger, removals[index]!, approved) });
  }
  const letter = fillLetter(context.template ?? defaultLetterTemplates.determination, letterValues(request, { cityName: session.cityName, today: context.today, dueOn: context.dueOn, timeZone: CITY_TIME_ZONE, exemptions: context.exemptions }));
  return {
    cityName: session.cityName,
    ledgerName: session.ledgerName,
    preparedAt: new Date().toISOString(),
    request: { number: request.number, receivedOn: receivedDay(request.receivedAt, CITY_TIME_ZONE), requesterName: requesterName(request.requester) },
    coverLetter: { date: context.today, recipient: recipientLines(request.requester), subject: letter.subject, paragraphs: letter.paragraphs, signature: context.signer },
    bates: request.bates,
    exemptions: context.exemptions.filter((e) => cited.has(e.id)).map(({ id, citation, title, words }) => ({ id, citation, title, words })),
    records,
    certification: { name: context.signer.name, title: context.signer.title, date: context.today },
  };
}

/** What a record's pages print: its facts and its text fields with the approved redactions applied. Files are read separately. */
function printedRecord(removal: Removal, approved: readonly Redaction[], context: { sites: Site[]; policies: PolicyRegister }, position: string): Omit<DisclosedRecord, 'images'> {
  const site = context.sites.find((s) => s.id === removal.siteId);
  const policy = policyVersionById(context.policies, removal.policyVersionId);
  const mine = approved.filter((r) => r.recordId === removal.id);
  const when = (moment: { utc: string; zone: string } | undefined) => (moment ? formatMoment(moment) : 'Not removed');
  const metadata = [
    { label: 'Site', value: site ? siteDisplayName(site) : removal.siteId },
    { label: 'Kind', value: contentKindLabels[removal.contentKind] },
    { label: 'Posted', value: when(removal.moments.posted) },
    { label: 'Seen by staff', value: when(removal.moments.seen) },
    { label: 'Removed', value: when(removal.moments.removed) },
    { label: 'Policy categories', value: removal.categories.map((c) => policy?.categories.find((p) => p.id === c.categoryId)?.label ?? c.categoryId).join('; ') },
    { label: 'Ledger record', value: removal.id },
  ];
  const fields = redactableFields.flatMap((field) => {
    const text = fieldText(removal, field);
    if (text === null || text === '') return [];
    const spans = mine.filter((r): r is TextRedaction => r.kind === 'text' && r.field === field);
    return [{ field, label: redactableFieldLabels[field], pieces: applyTextRedactions(text, spans) }];
  });
  // Files are named by their place, not their file names: a name ("jdoe-555-0101.png") is not redactable text.
  const withheldImages = removal.attachments
    .filter((file) => !isRedactableScreenshot(file))
    .map((file, n) => ({ fileName: `File ${n + 1}`, reason: file.mediaType === 'application/pdf' ? 'A file exported from the platform (PDF); it is listed here and not reproduced.' : 'A file that is not a screenshot; it is listed here and not reproduced.' }));
  return { recordId: removal.id, heading: `${position}: ${contentKindLabels[removal.contentKind].toLowerCase()} on ${site ? siteDisplayName(site) : 'a City site'}`, metadata, fields, ...(withheldImages.length ? { withheldImages } : {}) };
}

/** Each screenshot decrypted, with the approved areas the PDF worker blacks out in its pixels. */
async function screenshotsOf(session: Session, ledger: LedgerApi, removal: Removal, approved: readonly Redaction[]): Promise<DisclosedRecord['images']> {
  const images: DisclosedRecord['images'] = [];
  for (const [n, file] of removal.attachments.filter(isRedactableScreenshot).entries()) {
    const bytes = await readAttachment(file.attachmentId, { ledger, recordsKey: session.keys.records });
    const regions = approved.flatMap((r) => (r.kind === 'region' && r.recordId === removal.id && r.attachmentId === file.attachmentId ? [{ x: r.x, y: r.y, width: r.width, height: r.height, exemptionIds: [r.exemptionId] }] : []));
    images.push({ attachmentId: file.attachmentId, fileName: `Screenshot ${n + 1}`, mediaType: file.mediaType, bytes, regions });
  }
  return images;
}

/** Refuses the disclosure while words withheld anywhere are still printed somewhere, naming each place. */
function refuseWithheldWordsStillShown(removals: readonly Removal[], approved: readonly Redaction[], printed: ReadonlyArray<Omit<DisclosedRecord, 'images'>>): void {
  const withheld = approved.flatMap((r) => {
    if (r.kind !== 'text') return [];
    const removal = removals.find((x) => x.id === r.recordId);
    const text = removal ? fieldText(removal, r.field) : null;
    return text === null ? [] : [withheldWordsOf(text, r)];
  });
  const places = printed.flatMap((record, index) => [
    // A withheld passage splits the text, so words cannot be found across it.
    ...record.fields.map((field) => ({ where: `record ${index + 1}, ${field.label}`, text: field.pieces.map((piece) => (piece.kind === 'text' ? piece.text : '\n')).join('') })),
    ...record.metadata.map((fact) => ({ where: `record ${index + 1}, ${fact.label}`, text: fact.value })),
  ]);
  const shown = withheldWordsStillShown(places, withheld);
  if (shown.length === 0) return;
  const listed = shown.slice(0, 5).map((found) => `“${found.words}” in ${found.where}`);
  throw new DisclosureRefused(
    `Words withheld elsewhere are still shown: ${listed.join('; ')}${shown.length > 5 ? `; and ${shown.length - 5} more` : ''}. Redact them there too before the disclosure is made.`,
  );
}
