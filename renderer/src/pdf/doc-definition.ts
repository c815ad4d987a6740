/**
 * The part of pdfmake 0.3's document model that this app's documents use.
 *
 * Written here rather than taken from @types/pdfmake because that package
 * references Node's types (`/// <reference types="node" />`), and importing it
 * would quietly give the whole renderer program `process`, `Buffer` and
 * `require` (tsconfig.web.json sets `types: []` to keep them out). Only what
 * the documents need is typed; add to it as later documents need more.
 *
 * Deliberately absent: `link`, `linkToPage`, `linkToDestination`, `svg`,
 * `attachment`, `files`, `attachments`, passwords. Removed content is hostile
 * and must stay inert text; pdf-engine refuses `link` at run time as well.
 */

export type Alignment = 'left' | 'right' | 'center' | 'justify';

/** pdfmake margins: all sides, [horizontal, vertical], or [left, top, right, bottom]. */
export type Margins = number | [number, number] | [number, number, number, number];

export interface StyleProperties {
  font?: string;
  fontSize?: number;
  bold?: boolean;
  italics?: boolean;
  color?: string;
  background?: string;
  alignment?: Alignment;
  lineHeight?: number;
  characterSpacing?: number;
  margin?: Margins;
  fillColor?: string;
  noWrap?: boolean;
  /** 'break-all' lets pdfmake break a run that has no break opportunity (a hash, a hostile 200-character "word"). */
  wordBreak?: 'normal' | 'break-all';
  preserveLeadingSpaces?: boolean;
  decoration?: 'underline' | 'lineThrough' | 'overline';
}

export interface ContentBase extends StyleProperties {
  style?: string | string[];
  /** Table cells only. */
  colSpan?: number;
  rowSpan?: number;
  border?: [boolean, boolean, boolean, boolean];
  pageBreak?: 'before' | 'after';
  unbreakable?: boolean;
  headlineLevel?: number;
}

/** Inline text runs inside a text node. */
export type Inline = string | (StyleProperties & { text: string | Inline[]; style?: string | string[] });

export interface ContentText extends ContentBase {
  text: string | Inline[];
}

export interface ContentStack extends ContentBase {
  stack: Content[];
}

export interface ContentUnorderedList extends ContentBase {
  ul: Content[];
}

export interface ContentColumns extends ContentBase {
  columns: Array<Content & { width?: number | string }>;
  columnGap?: number;
}

export type TableWidth = number | '*' | 'auto' | `${number}%`;

/** A cell is any content; a cell covered by a neighbour's colSpan/rowSpan is `{}`. */
export type TableCell = Content | Record<string, never>;

/** What pdfmake passes to table layout functions. */
export interface TableNode {
  table: { body: unknown[][]; headerRows?: number; widths?: unknown[] };
}

export interface TableLayout {
  hLineWidth?: (i: number, node: TableNode) => number;
  vLineWidth?: (i: number, node: TableNode) => number;
  hLineColor?: string | ((i: number, node: TableNode) => string);
  vLineColor?: string | ((i: number, node: TableNode) => string);
  paddingLeft?: (i: number, node: TableNode) => number;
  paddingRight?: (i: number, node: TableNode) => number;
  paddingTop?: (i: number, node: TableNode) => number;
  paddingBottom?: (i: number, node: TableNode) => number;
  fillColor?: (rowIndex: number, node: TableNode, columnIndex: number) => string | null;
}

export interface ContentTable extends ContentBase {
  table: {
    /** Rows repeated at the top of every page the table continues onto. */
    headerRows?: number;
    keepWithHeaderRows?: number;
    dontBreakRows?: boolean;
    widths?: TableWidth[];
    body: TableCell[][];
  };
  layout?: 'noBorders' | 'headerLineOnly' | 'lightHorizontalLines' | TableLayout;
}

export interface CanvasLine {
  type: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lineWidth?: number;
  lineColor?: string;
  dash?: { length: number; space?: number };
}

export interface CanvasRect {
  type: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  r?: number;
  lineWidth?: number;
  lineColor?: string;
  color?: string;
}

export interface ContentCanvas extends ContentBase {
  canvas: Array<CanvasLine | CanvasRect>;
}

/**
 * An image by name from `images`, or a data URL. Typed only so the engine's
 * "no network" rule can be tested; the documents draw no images yet.
 */
export interface ContentImage extends ContentBase {
  image: string;
  width?: number;
  height?: number;
}

export type Content =
  | string
  | Content[]
  | ContentText
  | ContentStack
  | ContentUnorderedList
  | ContentColumns
  | ContentTable
  | ContentCanvas
  | ContentImage;

export interface PageSize {
  width: number;
  height: number;
}

export type DynamicContent = (currentPage: number, pageCount: number, pageSize: PageSize) => Content | null | undefined;

/** PDFKit's PDF versions, as pdfmake 0.3 passes `version` through to it. */
export type PdfVersion = '1.3' | '1.4' | '1.5' | '1.6' | '1.7' | '1.7ext3';

/** PDFKit's subsets, as pdfmake 0.3 passes `subset` through to it. */
export type PdfSubset = 'PDF/A-1' | 'PDF/A-1a' | 'PDF/A-1b' | 'PDF/A-2' | 'PDF/A-2a' | 'PDF/A-2b' | 'PDF/A-3' | 'PDF/A-3a' | 'PDF/A-3b' | 'PDF/UA';

export interface DocumentInfo {
  title?: string;
  author?: string;
  subject?: string;
  keywords?: string;
  creator?: string;
  producer?: string;
  creationDate?: Date;
}

export interface DocumentDefinition {
  content: Content;
  info?: DocumentInfo;
  pageSize?: 'LETTER' | 'LEGAL' | 'A4' | PageSize;
  pageOrientation?: 'portrait' | 'landscape';
  pageMargins?: Margins;
  header?: DynamicContent;
  footer?: DynamicContent;
  /** Asked for as each page is begun during layout: the only sign of progress pdfmake gives before drawing. */
  background?: (currentPage: number, pageSize: PageSize) => Content | null;
  styles?: Record<string, StyleProperties>;
  defaultStyle?: StyleProperties;
  /** Named images; a value that is an http(s) URL would be fetched, which the engine's URL policy refuses. */
  images?: Record<string, string>;
  version?: PdfVersion;
  subset?: PdfSubset;
  /** Writes /MarkInfo and an empty /StructTreeRoot only; pdfmake 0.3 tags no content. See common.ts. */
  tagged?: boolean;
  displayTitle?: boolean;
  /** BCP 47; written as the catalog's /Lang. */
  language?: string;
  compress?: boolean;
}
