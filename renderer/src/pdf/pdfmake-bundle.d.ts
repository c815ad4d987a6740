import type { DocumentDefinition } from './doc-definition';

/**
 * Types for pdfmake 0.3.11's browser bundle as pdfmake-bundle.js re-exports
 * it: only the members this app calls, checked against
 * node_modules/pdfmake/src/base.js and src/browser-extensions/index.js.
 * (@types/pdfmake marks setUrlAccessPolicy "Node.js only"; in 0.3.6+ it is on
 * the shared base class and the browser bundle has it too.)
 */

export interface FontFiles {
  normal: string;
  bold: string;
  italics: string;
  bolditalics: string;
}

export interface FontContainer {
  /** File name -> base64 data, stored in pdfmake's in-memory file system. */
  vfs: Record<string, { data: string; encoding?: string }>;
  fonts: Record<string, FontFiles>;
}

/** The result of createPdf; getBuffer ends the PDFKit stream and collects it. */
export interface CreatedPdf {
  /** A Buffer from the bundle's own Buffer polyfill: a Uint8Array, possibly a view into a larger ArrayBuffer. */
  getBuffer(): Promise<Uint8Array>;
}

export interface PdfMakeBundle {
  /** Copies the definition's defaults in, lays it out and draws it; URLs in fonts/images are fetched first, subject to the URL access policy. */
  createPdf(docDefinition: DocumentDefinition, options?: Record<string, never>): CreatedPdf;
  /** Called for every URL before any fetch (and, in Node, before each redirect); anything but `true` refuses it. */
  setUrlAccessPolicy(callback: ((url: string) => boolean) | undefined): void;
  /** Read once, when createPdf is called; called with 0..1 while pages are drawn. */
  setProgressCallback(callback: ((progress: number) => void) | undefined): void;
  addFontContainer(fontContainer: FontContainer): void;
  setFonts(fonts: Record<string, FontFiles>): void;
}

export declare const pdfMake: PdfMakeBundle;
export declare const robotoFonts: FontContainer;
