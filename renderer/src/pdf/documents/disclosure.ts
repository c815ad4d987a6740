import { z } from 'zod';
import { exemptionSchema } from '../../../../shared/cpra/exemptions';
import { clipRegion, redactableFieldSchema, type DisclosedPiece } from '../../../../shared/cpra/redaction';
import { batesNumber, batesSchema, type Bates } from '../../../../shared/cpra/request';
import { CITY_TIME_ZONE, timeZoneSchema } from '../../../../shared/removals/moments';
import { vaultHeaderSchema } from '../../../../shared/vault/header';
import type { Content, ContentText, DocumentDefinition, DynamicContent, Inline, StyleProperties, TableCell } from '../doc-definition';
import type { RedactedImage } from '../redact-image';
import { CONTENT_WIDTH, framedDocument, PAGE_MARGINS, PAGE_SIZE, pageNumberText, PRODUCT_NAME } from './common';
import { calendarDayText, count, instantText, writeInForm } from './retention-parts';
import { keyValueTable, listTable } from './tables';
import { visibleRuns, visibleText } from './visible-text';

/**
 * The disclosure: what the City releases to a requester under the Public
 * Records Act. A cover letter, an index of the records, each record (its
 * facts, its text with each withheld passage drawn as a black box naming the
 * sections that withhold it, and its screenshots with withheld areas painted
 * black), the exemption log, and the certification; a Bates number at the
 * foot of every page.
 *
 * Nothing withheld is ever given to this module: text arrives already cut by
 * applyTextRedactions, and screenshots arrive as PNGs rebuilt from their
 * redacted pixels (redact-image.ts). The originals' bytes are in the input
 * only so the job can redact them; this module never reads them.
 */

/** Bump when the disclosure's layout or wording changes; printed in its footer. */
export const DISCLOSURE_FORMAT_VERSION = 1;

export const DISCLOSURE_TITLE = 'Disclosure';

/** pdfmake lays out the whole document in memory at once; a production larger than this is better made in parts. */
export const MAX_RECORDS_IN_DISCLOSURE = 5_000;

const calendarDay = z.iso.date({ error: 'Dates must be written YYYY-MM-DD.' });
const line = (max: number) => z.string().max(max);

export const disclosedPieceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('withheld'), exemptionIds: z.array(z.string().min(1).max(64)).min(1, 'A withheld passage must cite at least one exemption.') }),
]) satisfies z.ZodType<DisclosedPiece>;

const pixelAreaSchema = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  exemptionIds: z.array(z.string().min(1).max(64)).min(1, 'A withheld area must cite at least one exemption.'),
});

export const disclosureImageSchema = z.object({
  attachmentId: z.string().min(1).max(64),
  fileName: z.string().min(1).max(500),
  mediaType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif'], {
    error: 'Only PNG, JPEG, WebP and GIF screenshots can be shown in a disclosure; list any other file under withheld images with the reason.',
  }),
  /** The original file, decrypted: redacted in the worker, never copied into the PDF. */
  bytes: z.instanceof(Uint8Array),
  regions: z.array(pixelAreaSchema),
});
export type DisclosureImage = z.infer<typeof disclosureImageSchema>;

export const disclosureRecordSchema = z.object({
  recordId: z.string().min(1).max(64),
  /** "Removal 3 of 12: comment on City of Norwalk (Facebook)". */
  heading: z.string().min(1).max(1000),
  /** Site, kind, dates, categories: facts that are never redacted. */
  metadata: z.array(z.object({ label: line(200).min(1), value: line(20_000) })),
  fields: z.array(
    z.object({
      field: redactableFieldSchema,
      label: line(200).min(1),
      pieces: z.array(disclosedPieceSchema).min(1),
    }),
  ),
  images: z.array(disclosureImageSchema),
  /** Files that cannot be shown (a PDF original, for example), each with why. */
  withheldImages: z.array(z.object({ fileName: z.string().min(1).max(500), reason: z.string().min(1).max(5000) })).optional(),
});
export type DisclosureRecord = z.infer<typeof disclosureRecordSchema>;

export const disclosureInputSchema = z
  .object({
    cityName: vaultHeaderSchema.shape.cityName,
    ledgerName: vaultHeaderSchema.shape.ledgerName,
    /** When it was made: printed on the index. The caller owns the clock. */
    preparedAt: z.iso.datetime({ offset: true }),
    /** The City's zone: preparedAt is printed in it. */
    timeZone: timeZoneSchema.default(CITY_TIME_ZONE),
    request: z.object({
      number: z.string().min(1).max(40),
      receivedOn: calendarDay,
      requesterName: z.string().min(1).max(200),
    }),
    coverLetter: z.object({
      date: calendarDay,
      /** The address lines, as they go on the letter. */
      recipient: z.array(line(500)).max(12),
      subject: line(1000).min(1),
      paragraphs: z.array(line(100_000)),
      signature: z.object({ name: line(200).min(1), title: line(200).min(1) }),
    }),
    bates: batesSchema,
    /** Every exemption the withheld passages and areas cite. */
    exemptions: z.array(exemptionSchema.pick({ id: true, citation: true, title: true, words: true })),
    records: z
      .array(disclosureRecordSchema)
      .min(1, 'Choose at least one record to disclose.')
      .max(MAX_RECORDS_IN_DISCLOSURE, `A disclosure can hold at most ${MAX_RECORDS_IN_DISCLOSURE.toLocaleString('en-US')} records. Produce the records in parts, continuing the Bates numbers.`),
    certification: z.object({ name: line(200).min(1), title: line(200).min(1), date: calendarDay }),
  })
  .superRefine((input, ctx) => {
    // A passage withheld under a section the log cannot quote would be a withholding without a stated reason.
    const known = new Set(input.exemptions.map((exemption) => exemption.id));
    const check = (ids: readonly string[], path: Array<string | number>) => {
      for (const id of ids) {
        if (!known.has(id)) ctx.addIssue({ code: 'custom', path, message: `The exemption ${id} that a redaction cites was not given, so the exemption log could not quote it.` });
      }
    };
    input.records.forEach((record, r) => {
      record.fields.forEach((field, f) =>
        field.pieces.forEach((piece, p) => {
          if (piece.kind === 'withheld') check(piece.exemptionIds, ['records', r, 'fields', f, 'pieces', p, 'exemptionIds']);
        }),
      );
      record.images.forEach((image, i) => image.regions.forEach((region, g) => check(region.exemptionIds, ['records', r, 'images', i, 'regions', g, 'exemptionIds'])));
    });
  });
export type DisclosureInput = z.infer<typeof disclosureInputSchema>;

type Exemptions = ReadonlyMap<string, DisclosureInput['exemptions'][number]>;

/**
 * The fields a disclosure prints. Text read from a screenshot by OCR is
 * never printed: it repeats what the screenshot shows, including what a
 * withheld area blacks out, so printing it could release what the picture
 * withholds. The screenshot itself, redacted, is the record.
 */
export function printedFields(record: Pick<DisclosureRecord, 'fields'>): DisclosureRecord['fields'] {
  return record.fields.filter((field) => field.field !== 'ocr.text');
}

/** "Withheld: Gov. Code § 7927.700; Gov. Code § 7922.000": how a withheld passage reads in the text. */
export function withheldLabel(exemptionIds: readonly string[], exemptions: Exemptions): string {
  return `Withheld: ${exemptionIds.map((id) => exemptions.get(id)?.citation ?? id).join('; ')}`;
}

/** "Screenshot shot.png, area at 10,20 size 30×40": where a withheld area is, in the picture's own pixels. */
export function areaText(fileName: string, area: { x: number; y: number; width: number; height: number }): string {
  return `Screenshot ${fileName}, area at ${area.x},${area.y} size ${area.width}×${area.height}`;
}

/**
 * The screenshots as redacted, in the order of the input: redacted[r][i] is
 * record r's image i. Made by the PDF job (redactImage) before layout.
 */
export type RedactedScreenshots = ReadonlyArray<ReadonlyArray<RedactedImage>>;

/** A point per pixel at most: a small screenshot is not blown up into a blur. */
const MAX_POINTS_PER_PIXEL = 1;
/** Leaves room on the page for the screenshot's caption above it. */
const MAX_IMAGE_HEIGHT = PAGE_SIZE.height - PAGE_MARGINS[1] - PAGE_MARGINS[3] - 90;

const WITHHELD_STYLE: StyleProperties = { background: '#000000', color: '#ffffff', bold: true };
const NBSP = '\u00A0';

/** Calls pdfmake makes into the document while it works, which the PDF job turns into progress. */
export interface DisclosureHooks {
  /**
   * Called as pdfmake reaches each record: once while it measures the whole
   * document (before any page exists, seconds for a long disclosure) and
   * again while it lays the record out. Comes from the record's facts
   * table's layout functions, which pdfmake calls in both passes.
   */
  onRecordReached?: (recordIndex: number) => void;
  /** The same for the index's rows and the exemption log's: a table of thousands of rows takes pdfmake a while to measure too. */
  onIndexRowReached?: (rowIndex: number) => void;
  onLogRowReached?: (rowIndex: number, rows: number) => void;
}

/** How often a long table reports: often enough for steady progress, rarely enough not to slow it. */
const ROWS_PER_REPORT = 50;

/**
 * Every ROWS_PER_REPORT rows, the cell is put in a one-cell table without
 * lines or padding, which prints exactly as the cell would: pdfmake calls a
 * table's layout functions when it measures and lays out the table, so
 * `reached` is called as it gets there. pdfmake measures a table column by
 * column, so this goes in the column that takes longest to measure.
 */
function reportingEvery(row: number, cell: Content, reached: () => void): Content {
  if (row % ROWS_PER_REPORT !== 0) return cell;
  return {
    table: { widths: ['*'], body: [[cell]] },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => {
        reached();
        return 0;
      },
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
  };
}

export function disclosureDocument(input: DisclosureInput, redacted: RedactedScreenshots, hooks: DisclosureHooks = {}): DocumentDefinition {
  if (redacted.length !== input.records.length || input.records.some((record, r) => redacted[r]?.length !== record.images.length)) {
    // Only redacted copies may be drawn: a screenshot without one must stop the disclosure, not fall back to the original.
    throw new Error('Every screenshot must be redacted before the disclosure is laid out.');
  }
  const exemptions: Exemptions = new Map(input.exemptions.map((exemption) => [exemption.id, exemption]));
  const pages = new PageNumbers(input.bates);
  const images: Record<string, string> = {};

  const recordAnchors = input.records.map((record): ContentText => ({ text: visibleRuns(record.heading, { maxLength: 300 }), style: 'heading', pageBreak: 'before', margin: [0, 0, 0, 6] }));
  const logAnchor: ContentText = { text: 'Exemption log', style: 'heading', pageBreak: 'before', margin: [0, 0, 0, 6] };
  const certificationAnchor: ContentText = { text: 'Certification', style: 'heading', pageBreak: 'before', margin: [0, 0, 0, 6] };
  const firstPageOf = (r: number) => pages.firstPageOf(recordAnchors[r]!);
  const lastPageOf = (r: number) => pages.lastPageBefore(recordAnchors[r + 1] ?? logAnchor);

  const sections: Content[] = input.records.map((record, r) => {
    const shots = record.images.map((image, i) => {
      const copy = redacted[r]![i]!;
      const name = `screenshot-${r}-${i}`;
      images[name] = `data:image/png;base64,${base64(copy.png)}`;
      return screenshot(image, copy, name, exemptions);
    });
    return [
      recordAnchors[r]!,
      factsTable(record, () => hooks.onRecordReached?.(r)),
      ...printedFields(record).flatMap((field): Content[] => [
        { text: visibleRuns(field.label), style: 'label', margin: [0, 10, 0, 2] },
        { text: fieldRuns(field.pieces, exemptions) },
      ]),
      ...(shots.length > 0 ? [{ text: 'Screenshots', style: 'label', margin: [0, 12, 0, 2] } satisfies Content, ...shots] : []),
      ...(record.withheldImages ?? []).map(
        (file): Content => ({ text: ['Not included: ', ...visibleRuns(file.fileName), '. ', ...visibleRuns(file.reason, { multiline: true })], margin: [0, 8, 0, 0] }),
      ),
    ];
  });

  const definition = framedDocument({
    documentTitle: DISCLOSURE_TITLE,
    formatVersion: DISCLOSURE_FORMAT_VERSION,
    cityName: input.cityName,
    // The file's metadata names the request and nothing else: no requester, no record content.
    metadataTitle: `Disclosure for public records request ${input.request.number}`,
    subject: `Records produced in response to public records request ${input.request.number}.`,
    content: [
      coverLetter(input),
      { text: 'Index of records', style: 'documentTitle', pageBreak: 'before' },
      {
        text: [
          'Request ',
          ...visibleRuns(input.request.number),
          `, received ${calendarDayText(input.request.receivedOn)}. Prepared ${instantText(input.preparedAt, input.timeZone)}. `,
          `${count(input.records.length)} record${input.records.length === 1 ? '' : 's'}, each starting on a new page; the Bates number of every page is at its foot.`,
        ],
        style: 'documentSubtitle',
      },
      listTable({
        headers: ['No.', 'Record', 'First page', 'Last page', 'Withheld'],
        widths: [26, '*', 66, 66, 60],
        rows: input.records.map((record, r) => [
          String(r + 1),
          reportingEvery(r, { stack: [visibleText(record.heading, { maxLength: 300 }), { ...visibleText(record.recordId), style: 'note' }] }, () => hooks.onIndexRowReached?.(r)),
          pages.placeholder(() => firstPageOf(r)),
          pages.placeholder(() => lastPageOf(r)),
          withheldCount(record),
        ]),
        whenEmpty: 'No records.',
      }),
      ...sections,
      logAnchor,
      {
        text: 'Each passage of text and each area of a screenshot withheld from the records above, with the section of law that allows withholding it. Areas are in the screenshot’s own pixels, measured from its top left corner.',
        style: 'note',
        margin: [0, 0, 0, 6],
      },
      exemptionLog(input, exemptions, recordAnchors, pages, redacted, hooks),
      certificationAnchor,
      certification(input, pages),
    ],
  });
  definition.images = images;
  definition.header = disclosureHeader(input.cityName, input.request.number);
  definition.footer = disclosureFooter(input.request.number, input.bates, pages);
  return definition;
}

/** The record's facts, label and value both shown through visibleText: the caller composes them from record content. */
function factsTable(record: DisclosureRecord, reached: () => void): Content {
  const facts = record.metadata.length > 0 ? record.metadata : [{ label: 'Ledger record', value: record.recordId }];
  return {
    table: {
      widths: [140, '*'],
      body: facts.map(({ label, value }): TableCell[] => [{ text: visibleRuns(label), style: 'label' }, visibleText(value, { multiline: true })]),
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => {
        reached();
        return 0;
      },
      paddingLeft: (i) => (i === 0 ? 0 : 8),
      paddingRight: () => 0,
      paddingTop: () => 2,
      paddingBottom: () => 2,
    },
  };
}

function withheldCount(record: DisclosureRecord): string {
  const passages = printedFields(record).reduce((sum, field) => sum + field.pieces.filter((piece) => piece.kind === 'withheld').length, 0);
  const areas = record.images.reduce((sum, image) => sum + image.regions.length, 0);
  const parts = [passages > 0 ? `${count(passages)} passage${passages === 1 ? '' : 's'}` : '', areas > 0 ? `${count(areas)} area${areas === 1 ? '' : 's'}` : ''].filter(Boolean);
  const files = record.withheldImages?.length ?? 0;
  if (files > 0) parts.push(`${count(files)} file${files === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'None';
}

/** The field's text with each withheld passage as a black box naming its sections; the withheld characters were never given. */
function fieldRuns(pieces: readonly DisclosedPiece[], exemptions: Exemptions): Inline[] {
  return pieces.flatMap((piece): Inline[] =>
    piece.kind === 'text'
      ? visibleRuns(piece.text, { multiline: true })
      : [{ text: [NBSP, ...restyle(visibleRuns(withheldLabel(piece.exemptionIds, exemptions)), WITHHELD_STYLE), NBSP], ...WITHHELD_STYLE }],
  );
}

/** Inside the black box every run must be white, including the coloured stand-ins for invisible characters. */
function restyle(runs: Inline[], style: StyleProperties): Inline[] {
  return runs.map((run) => (typeof run === 'string' ? { text: run, ...style } : { ...run, ...style }));
}

function screenshot(image: DisclosureImage, copy: RedactedImage, name: string, exemptions: Exemptions): Content {
  const scale = Math.min(MAX_POINTS_PER_PIXEL, CONTENT_WIDTH / copy.width, MAX_IMAGE_HEIGHT / copy.height);
  const areas = image.regions.flatMap((region) => {
    const clipped = clipRegion(region, copy);
    return clipped ? [{ clipped, exemptionIds: region.exemptionIds }] : [];
  });
  return {
    // The caption stays with its picture.
    unbreakable: true,
    margin: [0, 6, 0, 6],
    stack: [
      {
        text: [
          ...visibleRuns(image.fileName, { maxLength: 200 }),
          ` · ${count(copy.width)} × ${count(copy.height)} pixels · `,
          areas.length === 0 ? 'nothing withheld' : `${count(areas.length)} area${areas.length === 1 ? '' : 's'} withheld (black)`,
        ],
        style: 'note',
      },
      ...areas.map(({ clipped, exemptionIds }): Content => ({
        text: [`Area at ${clipped.x},${clipped.y} size ${clipped.width}×${clipped.height}: `, ...visibleRuns(withheldLabel(exemptionIds, exemptions))],
        style: 'note',
      })),
      { image: name, width: copy.width * scale, height: copy.height * scale, margin: [0, 4, 0, 0] },
    ],
  };
}

function coverLetter(input: DisclosureInput): Content {
  const letter = input.coverLetter;
  return {
    stack: [
      { text: calendarDayText(letter.date), margin: [0, 0, 0, 12] },
      ...letter.recipient.map((address): Content => visibleText(address)),
      { text: ['Re: ', ...visibleRuns(letter.subject)], bold: true, margin: [0, 14, 0, 4] },
      { text: ['Public records request ', ...visibleRuns(input.request.number), `, received ${calendarDayText(input.request.receivedOn)}`], style: 'note', margin: [0, 0, 0, 12] },
      ...letter.paragraphs.map((paragraph): Content => ({ ...visibleText(paragraph, { multiline: true }), margin: [0, 0, 0, 8] })),
      { text: 'Sincerely,', margin: [0, 10, 0, 30] },
      visibleText(letter.signature.name),
      visibleText(letter.signature.title),
      visibleText(input.cityName),
    ],
  };
}

function exemptionLog(input: DisclosureInput, exemptions: Exemptions, anchors: readonly ContentText[], pages: PageNumbers, redacted: RedactedScreenshots, hooks: DisclosureHooks): Content {
  const rows: Content[][] = [];
  input.records.forEach((record, r) => {
    const which = (): Content => ({ stack: [`No. ${r + 1}`, pages.placeholder(() => pages.firstPageOf(anchors[r]!), { style: 'note' })] });
    for (const field of printedFields(record)) {
      const withheld = field.pieces.filter((piece) => piece.kind === 'withheld');
      withheld.forEach((piece, k) => {
        const where = withheld.length > 1 ? `${field.label}, passage ${k + 1} of ${withheld.length}` : field.label;
        rows.push([which(), visibleText(where), groundsCell(piece.exemptionIds, exemptions)]);
      });
    }
    record.images.forEach((image, i) => {
      for (const region of image.regions) {
        const clipped = clipRegion(region, redacted[r]![i]!);
        // An area wholly outside the picture withheld nothing, so the log does not claim it.
        if (clipped) rows.push([which(), { text: visibleRuns(areaText(image.fileName, clipped), { maxLength: 300 }) }, groundsCell(region.exemptionIds, exemptions)]);
      }
    });
    for (const file of record.withheldImages ?? []) {
      rows.push([which(), { text: ['File ', ...visibleRuns(file.fileName)] }, visibleText(file.reason, { multiline: true })]);
    }
  });
  const reporting = rows.map(([which, where, grounds], index): Content[] => [which!, where!, reportingEvery(index, grounds!, () => hooks.onLogRowReached?.(index, rows.length))]);
  return listTable({ headers: ['Record', 'Where', 'Withheld under'], widths: [70, 150, '*'], rows: reporting, whenEmpty: 'Nothing was withheld: the records are produced in full.' });
}

function groundsCell(exemptionIds: readonly string[], exemptions: Exemptions): Content {
  return {
    stack: exemptionIds.map((id): Content => {
      const exemption = exemptions.get(id);
      if (!exemption) return visibleText(id);
      return {
        margin: [0, 0, 0, 2],
        text: [{ text: visibleRuns(exemption.citation), bold: true }, ' (', ...visibleRuns(exemption.title), '): ', ...visibleRuns(exemption.words, { multiline: true })],
      };
    }),
  };
}

function certification(input: DisclosureInput, pages: PageNumbers): Content {
  const { certification: signer } = input;
  return {
    stack: [
      {
        text: [
          'I certify that the records produced in response to public records request ',
          ...visibleRuns(input.request.number),
          ' are true and complete copies of the records of the ',
          ...visibleRuns(input.cityName),
          ' kept in its records ledger “',
          ...visibleRuns(input.ledgerName),
          '” that answer the request, except for the passages of text and the areas of screenshots listed in the exemption log, ',
          'which are withheld under the sections of law stated there. Withheld text and withheld areas are not in this file: ',
          'they were removed before it was made, not covered over.',
        ],
        margin: [0, 0, 0, 8],
      },
      keyValueTable([
        ['Records produced', count(input.records.length)],
        ['Pages', pages.placeholder(() => String(pages.pageCount))],
        ['First Bates number', batesNumber(input.bates, 0)],
        ['Last Bates number', pages.placeholder(() => batesNumber(input.bates, pages.pageCount - 1))],
      ]),
      writeInForm([
        ['Name', visibleText(signer.name)],
        ['Title', visibleText(signer.title)],
        ['Date', calendarDayText(signer.date)],
        ['Signature', null],
      ]),
    ],
  };
}

function disclosureHeader(cityName: string, requestNumber: string): DynamicContent {
  return () => ({
    margin: [PAGE_MARGINS[0], 30, PAGE_MARGINS[2], 0],
    stack: [
      {
        columns: [
          { width: '*', ...visibleText(cityName, { maxLength: 70, briefOmission: true }), style: 'pageFrame', noWrap: true },
          { width: 'auto', text: ['Disclosure · request ', ...visibleRuns(requestNumber, { maxLength: 40, briefOmission: true })], style: 'pageFrame', alignment: 'right' },
        ],
        columnGap: 12,
      },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: CONTENT_WIDTH, y2: 4, lineWidth: 0.5, lineColor: '#888888' }] },
    ],
  });
}

function disclosureFooter(requestNumber: string, bates: Bates, pages: PageNumbers): DynamicContent {
  return (currentPage, pageCount) => {
    pages.pageCount = pageCount;
    return {
      margin: [PAGE_MARGINS[0], 24, PAGE_MARGINS[2], 0],
      columns: [
        {
          width: '*',
          style: 'pageFrame',
          noWrap: true,
          text: [`${PRODUCT_NAME} · ${DISCLOSURE_TITLE} · request `, ...visibleRuns(requestNumber, { maxLength: 40, briefOmission: true }), ` · document format ${DISCLOSURE_FORMAT_VERSION}`],
        },
        { width: 'auto', text: batesNumber(bates, currentPage - 1), bold: true, fontSize: 9 },
        { width: 'auto', text: pageNumberText(currentPage, pageCount), style: 'pageFrame', alignment: 'right' },
      ],
      columnGap: 12,
    };
  };
}

/**
 * Bates numbers that can only be known once the pages are laid out: where
 * each record starts and ends, and how many pages there are.
 *
 * pdfmake fills a page reference into the text when it draws the page, after
 * layout, but its public `pageReference` also makes the number a link, and a
 * disclosure contains no links. So the same mechanism is used without the
 * link: a text node's `_pageRef._nodeRef.positions[0].pageNumber` is read by
 * pdfmake 0.3's renderer (Renderer.renderLine → preparePageNodeRefLine) when
 * the line is drawn, and `positions` here is a getter that answers with the
 * Bates number. The placeholder is as wide as any Bates number this document
 * can reach, so the layout has room for the real one. The disclosure tests
 * read every index entry back against the page it names, so an upgrade of
 * pdfmake that changes this fails them rather than printing wrong numbers.
 */
class PageNumbers {
  /** Set by the footer, which pdfmake calls for every page after layout and before drawing. */
  pageCount = 0;
  private readonly widest: string;

  constructor(private readonly bates: Bates) {
    // Roboto's digits are all one width, so any digits of the longest possible number hold the room.
    this.widest = batesNumber(bates, 1_000_000).replace(/\d/g, '0');
  }

  /** The Bates number of the page the node begins on; pdfmake sets `positions` on each node it lays out. */
  firstPageOf(anchor: ContentText): string {
    return batesNumber(this.bates, this.pageIndexOf(anchor));
  }

  /** The Bates number of the page before the one the node begins on (the end of the section before it). */
  lastPageBefore(anchor: ContentText): string {
    return batesNumber(this.bates, this.pageIndexOf(anchor) - 1);
  }

  private pageIndexOf(anchor: ContentText): number {
    const positions = (anchor as { positions?: Array<{ pageNumber: number }> }).positions;
    const pageNumber = positions?.[0]?.pageNumber;
    if (pageNumber === undefined) throw new Error('A section of the disclosure was not laid out, so its Bates number is unknown.');
    return pageNumber - 1;
  }

  /** A text node that pdfmake fills with `value()` when the page is drawn. */
  placeholder(value: () => string, style: StyleProperties & { style?: string } = {}): ContentText {
    // Not enumerable: whatever walks the definition before drawing (pdf-engine's link check) must not ask for a number that does not exist yet.
    const reference = Object.defineProperty({}, 'positions', { enumerable: false, get: () => [{ pageNumber: value() }] });
    const node = { ...style, text: this.widest, _pageRef: { _nodeRef: reference } };
    return node;
  }
}

/** Base64 in slices: String.fromCharCode cannot take a whole screenshot's bytes as arguments at once. */
function base64(bytes: Uint8Array): string {
  const SLICE = 0x8000;
  let binary = '';
  for (let at = 0; at < bytes.length; at += SLICE) binary += String.fromCharCode(...bytes.subarray(at, at + SLICE));
  return btoa(binary);
}
