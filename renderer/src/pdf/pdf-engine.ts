import type { Content, DocumentDefinition } from './doc-definition';
import { pdfMake, robotoFonts, type CreatedPdf } from './pdfmake-bundle.js';

/**
 * Turns a document definition into PDF bytes, in the renderer's PDF worker
 * and in Node tests alike (both load pdfmake's browser bundle; see
 * pdfmake-bundle.js). Nothing is fetched: every URL pdfmake would download
 * (fonts, images) is refused by the access policy, and the only font is the
 * Roboto that ships inside the bundle's font container.
 */

export interface RenderProgress {
  /** 0 to 1. */
  fraction: number;
  label: string;
}

export interface RenderOptions {
  onProgress?: (progress: RenderProgress) => void;
}

let fontsRegistered = false;

function configure(): void {
  // Every call, not once: nothing else should change it, but if anything did, no render may run with a laxer policy.
  pdfMake.setUrlAccessPolicy(() => false);
  if (!fontsRegistered) {
    pdfMake.addFontContainer(robotoFonts);
    fontsRegistered = true;
  }
  const roboto = robotoFonts.fonts.Roboto;
  if (!roboto) throw new Error('The Roboto font is missing from the PDF engine.');
  // The one family the documents use: pdfmake's defaults are replaced, not merged.
  pdfMake.setFonts({ Roboto: roboto });
}

/**
 * Renders the definition (pdfmake consumes it: do not reuse the object) and
 * resolves with the complete file, copied into its own ArrayBuffer so it can
 * be transferred. Rejects, without partial output, if the definition asks for
 * a link or anything from the network.
 */
export async function renderPdf(docDefinition: DocumentDefinition, options: RenderOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
  configure();
  refuseLinks(docDefinition.content);

  const report = progressReporter(options.onProgress);
  report(0, 'Laying out the pages…');
  // pdfmake reads the callback once, inside createPdf, so concurrent renders each keep their own.
  pdfMake.setProgressCallback((fraction) => report(fraction, 'Drawing the pages…'));
  let created: CreatedPdf;
  try {
    created = pdfMake.createPdf(docDefinition);
  } finally {
    pdfMake.setProgressCallback(undefined);
  }
  const buffer = await created.getBuffer();
  const bytes = new Uint8Array(buffer.byteLength);
  bytes.set(buffer);
  report(1, 'Done');
  return bytes;
}

/** pdfmake reports once per drawn item (tens of thousands for a long table); pass on whole percents only. */
function progressReporter(onProgress: RenderOptions['onProgress']): (fraction: number, label: string) => void {
  let lastPercent = -1;
  let lastLabel = '';
  return (fraction, label) => {
    if (!onProgress) return;
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (percent === lastPercent && label === lastLabel) return;
    lastPercent = percent;
    lastLabel = label;
    onProgress({ fraction: percent / 100, label });
  };
}

/**
 * pdfmake turns a `link` property into a /URI action. No document links out:
 * content in these PDFs is evidence to read, never something to follow.
 */
function refuseLinks(content: Content): void {
  const pending: unknown[] = [content];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
    } else {
      if ('link' in node) throw new Error('A PDF may not contain links; render the address as text instead.');
      for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) pending.push(value);
    }
  }
}
