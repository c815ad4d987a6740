import { z } from 'zod';
import { longDate } from '../../../../shared/cpra/letters';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, DocumentDefinition } from '../doc-definition';
import { framedDocument, labelledFooter, PRODUCT_NAME } from './common';
import { visibleRuns, visibleText } from './visible-text';

/**
 * A letter to a public records requester (acknowledgement, extension
 * notice, determination, denial): the City as letterhead, the date, the
 * requester's address block, a "Re:" line, the filled-in paragraphs and the
 * signature block. Every string here can hold the requester's own words or
 * name, so all of it is printed through visibleText.
 */

/** Bump when the letter's layout or fixed wording changes; printed in its footer. */
export const CPRA_LETTER_FORMAT_VERSION = 1;

const line = (what: string, max: number) => z.string().trim().min(1, `Enter ${what}.`).max(max);

export const cpraLetterInputSchema = z.object({
  cityName: vaultHeaderSchema.shape.cityName,
  /**
   * The kind of letter, e.g. "Extension notice": in the page header, the footer and the metadata.
   * The page header prints it as given, so characters a reader could not see are refused.
   */
  documentTitle: line('the kind of letter', 100).regex(/^[^\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]+$/u, 'The kind of letter may only hold visible characters.'),
  /** The letter's date. */
  date: z.iso.date('Enter the letter’s date as year-month-day.'),
  /** Address lines; for a requester who gave nothing, just "Anonymous requester". */
  recipient: z.array(z.string().max(1000)).min(1, 'Say who the letter is to (at least “Anonymous requester”).').max(20),
  /** "Public records request PRA-2026-014". */
  reference: line('what the letter is about (the request number)', 300),
  subject: line('the subject of the letter', 1000),
  paragraphs: z.array(z.string().max(200_000)).min(1, 'The letter has no paragraphs. Write at least one.'),
  signature: z.object({ name: line('the name of the person signing', 200), title: line('the title of the person signing', 200) }),
});
export type CpraLetterInput = z.infer<typeof cpraLetterInputSchema>;

/** A last paragraph longer than this is not kept with the signature: a block taller than a page cannot be kept together. */
const LONGEST_PARAGRAPH_KEPT_WITH_SIGNATURE = 1000;

const paragraph = (text: string): Content => ({ ...visibleText(text, { multiline: true }), margin: [0, 0, 0, 10] });

export function cpraLetterDocument(input: CpraLetterInput): DocumentDefinition {
  const lastText = input.paragraphs.at(-1);
  const last = lastText !== undefined && lastText.length <= LONGEST_PARAGRAPH_KEPT_WITH_SIGNATURE ? lastText : undefined;
  const body = last === undefined ? input.paragraphs : input.paragraphs.slice(0, -1);
  const content: Content[] = [
    { ...visibleText(input.cityName, { maxLength: 200 }), fontSize: 16, bold: true, margin: [0, 0, 0, 18] },
    { text: longDate(input.date), margin: [0, 0, 0, 14] },
    { stack: input.recipient.map((address): Content => visibleText(address, { multiline: true, maxLength: 1000 })), margin: [0, 0, 0, 14] },
    {
      columns: [
        { width: 28, text: 'Re:', bold: true },
        { width: '*', stack: [{ ...visibleText(input.subject, { multiline: true }), bold: true }, visibleText(input.reference)] },
      ],
      margin: [0, 0, 0, 14],
    },
    ...body.map(paragraph),
    // The closing and the signature are one block, with the last paragraph when it is short: a signature alone at the top of a page reads as if it signed nothing.
    {
      unbreakable: true,
      stack: [
        ...(last === undefined ? [] : [paragraph(last)]),
        { text: 'Sincerely,', margin: [0, 8, 0, 40] },
        visibleText(input.signature.name),
        visibleText(input.signature.title),
      ],
    },
  ];
  const definition = framedDocument({
    documentTitle: input.documentTitle,
    formatVersion: CPRA_LETTER_FORMAT_VERSION,
    cityName: input.cityName,
    metadataTitle: `${input.documentTitle}: ${input.reference} (${input.cityName})`,
    subject: `A letter from ${input.cityName} to a public records requester: ${input.subject}`,
    content,
  });
  definition.footer = letterFooter(input.documentTitle, input.reference);
  return definition;
}

/** The reference on every page, so a loose second page can be matched to its request. */
function letterFooter(documentTitle: string, reference: string): DocumentDefinition['footer'] {
  return labelledFooter(
    [
      ...visibleRuns(documentTitle, { maxLength: 40, briefOmission: true }),
      ' · ',
      ...visibleRuns(reference, { maxLength: 60, briefOmission: true }),
      ` · ${PRODUCT_NAME} document format ${CPRA_LETTER_FORMAT_VERSION}`,
    ],
    { noWrap: true },
  );
}
