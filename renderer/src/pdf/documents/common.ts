import type { Content, DocumentDefinition, DynamicContent, Inline, PageSize, PdfSubset, PdfVersion, StyleProperties } from '../doc-definition';
import { metadataText, visibleText } from './visible-text';

/**
 * The frame every Records Ledger PDF shares: US Letter, the City and the
 * document's title at the top of each page, "Page N of M" and the document
 * format version at the foot, metadata, and the archival options. Later
 * documents (disclosures, certificates of destruction, letters) call
 * `framedDocument` and only supply their content.
 */

export const PRODUCT_NAME = 'Records Ledger';

/** US Letter, in points. */
export const PAGE_SIZE: PageSize = { width: 612, height: 792 };

const SIDE_MARGIN = 54;
/** [left, top, right, bottom]: the top and bottom margins hold the header and footer. */
export const PAGE_MARGINS: [number, number, number, number] = [SIDE_MARGIN, 76, SIDE_MARGIN, 64];

/** The width text can use between the side margins. */
export const CONTENT_WIDTH = PAGE_SIZE.width - 2 * SIDE_MARGIN;

/**
 * What pdfmake 0.3.11 (PDFKit 0.19.1 underneath) can claim, and what it cannot:
 *
 * - PDF/A-2b: pdfmake passes `subset` and `version` to PDFKit, which writes
 *   the XMP packet with pdfaid:part 2 / conformance B (plus dc:title,
 *   dc:creator, dc:description matching the Info dictionary), an sRGB
 *   OutputIntent with its ICC profile, and a file /ID. Every font is embedded
 *   (subset Roboto; no standard-14 fonts are ever used), and these documents
 *   use no transparency, encryption, JavaScript, actions, annotations or
 *   embedded files. Not checked here with a PDF/A validator (veraPDF).
 *   PDF/A-2 needs PDF 1.7, hence `version`.
 * - Not tagged: pdfmake 0.3 draws no marked content and no structure
 *   elements. `tagged: true` would only write /MarkInfo <</Marked true>> and
 *   an empty /StructTreeRoot: a claim of tags that are not there, which
 *   accessibility checkers fail and which tells readers that trust the tag
 *   tree that the document is empty. So it stays false, and PDF/A-2a, PDF/A-3a
 *   and PDF/UA are out of reach without a different PDF library.
 * - /Lang (en-US) and /ViewerPreferences <</DisplayDocTitle true>> are written.
 */
export const ARCHIVAL_OPTIONS: { version: PdfVersion; subset: PdfSubset; tagged: boolean; displayTitle: boolean; language: string } = {
  version: '1.7',
  subset: 'PDF/A-2b',
  tagged: false,
  displayTitle: true,
  language: 'en-US',
};

export const styles: Record<string, StyleProperties> = {
  documentTitle: { fontSize: 20, bold: true, margin: [0, 0, 0, 2] },
  documentSubtitle: { fontSize: 11, color: '#333333', margin: [0, 0, 0, 12] },
  heading: { fontSize: 13, bold: true, margin: [0, 14, 0, 6] },
  label: { bold: true, color: '#333333' },
  note: { fontSize: 9, color: '#333333' },
  tableHeader: { bold: true, fontSize: 9 },
  tableCell: { fontSize: 9 },
  pageFrame: { fontSize: 8, color: '#444444' },
};

export const defaultStyle: StyleProperties = { font: 'Roboto', fontSize: 10, lineHeight: 1.2 };

export interface DocumentFrame {
  /** The kind of document, e.g. "Recovery Kit": in the header, the footer and the metadata. */
  documentTitle: string;
  /**
   * The version of this document's layout and wording, printed in the footer.
   * Bump it whenever either changes, so a page in a file says which one it is.
   */
  formatVersion: number;
  /** Untrusted: shown through visibleText, and only cleaned for the metadata. */
  cityName: string;
  /** The metadata title, when it should say more than documentTitle (e.g. which ledger). Untrusted. */
  metadataTitle?: string;
  /** The metadata subject: one sentence on what the document is. Untrusted. */
  subject: string;
  content: Content;
}

export function framedDocument(frame: DocumentFrame): DocumentDefinition {
  return {
    ...ARCHIVAL_OPTIONS,
    pageSize: PAGE_SIZE,
    pageMargins: PAGE_MARGINS,
    info: {
      title: metadataText(frame.metadataTitle ?? frame.documentTitle),
      author: PRODUCT_NAME,
      subject: metadataText(frame.subject),
      creator: PRODUCT_NAME,
    },
    header: pageHeader(frame.cityName, frame.documentTitle),
    footer: pageFooter(frame.documentTitle, frame.formatVersion),
    styles,
    defaultStyle,
    content: frame.content,
  };
}

export function pageHeader(cityName: string, documentTitle: string): DynamicContent {
  return () => ({
    margin: [SIDE_MARGIN, 30, SIDE_MARGIN, 0],
    stack: [
      {
        columns: [
          // One line, however long the name: the header lives in the top margin and must not spill onto the content.
          { width: '*', ...visibleText(cityName, { maxLength: 70, briefOmission: true }), style: 'pageFrame', noWrap: true },
          { width: 'auto', text: documentTitle, style: 'pageFrame', alignment: 'right' },
        ],
        columnGap: 12,
      },
      { canvas: [{ type: 'line', x1: 0, y1: 4, x2: CONTENT_WIDTH, y2: 4, lineWidth: 0.5, lineColor: '#888888' }] },
    ],
  });
}

export function pageFooter(documentTitle: string, formatVersion: number): DynamicContent {
  return labelledFooter(`${PRODUCT_NAME} · ${documentTitle} · document format ${formatVersion}`);
}

/**
 * The foot of every page: what the document is (for a batch or a letter, its
 * reference, so a loose page can be matched to the rest) and "Page N of M".
 * `noWrap` keeps a reference built from untrusted runs on one line.
 */
export function labelledFooter(label: string | Inline[], options: { noWrap?: boolean } = {}): DynamicContent {
  return (currentPage, pageCount) => ({
    margin: [SIDE_MARGIN, 24, SIDE_MARGIN, 0],
    columns: [
      { width: '*', text: label, style: 'pageFrame', ...(options.noWrap ? { noWrap: true } : {}) },
      { width: 'auto', text: pageNumberText(currentPage, pageCount), style: 'pageFrame', alignment: 'right' },
    ],
    columnGap: 12,
  });
}

export function pageNumberText(currentPage: number, pageCount: number): string {
  return `Page ${currentPage} of ${pageCount}`;
}
