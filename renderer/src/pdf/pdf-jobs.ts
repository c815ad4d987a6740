import { z } from 'zod';
import type { DocumentDefinition } from './doc-definition';
import { auditReportDocument, auditReportInputSchema } from './documents/audit-report';
import { cpraLetterDocument, cpraLetterInputSchema } from './documents/cpra-letter';
import { destructionCertificateDocument, destructionCertificateInputSchema } from './documents/destruction-certificate';
import { destructionListDocument, destructionListInputSchema } from './documents/destruction-list';
import { disclosureDocument, disclosureInputSchema, type DisclosureInput, type RedactedScreenshots } from './documents/disclosure';
import { recoveryKitDocument, recoveryKitInputSchema } from './documents/recovery-kit';
import { removalLogDocument, removalLogInputSchema } from './documents/removal-log';
import { retentionReportDocument, retentionReportInputSchema } from './documents/retention-report';
import { renderPdf, type RenderProgress } from './pdf-engine';
import { redactImage, type RedactedImage, type RedactionTools } from './redact-image';

/**
 * What the PDF worker does with one request, kept apart from the worker's
 * wiring so it runs in Node tests too: check the request, check the input
 * against the document's schema, build, render, and post progress and then
 * either the complete bytes or an error. Never part of a file.
 */

export const PDF_KINDS = ['recoveryKit', 'auditReport', 'removalLog', 'destructionList', 'destructionCertificate', 'retentionReport', 'disclosure', 'cpraLetter'] as const;
export type PdfKind = (typeof PDF_KINDS)[number];

/** What each kind of document takes, as the caller passes it (before zod defaults/transforms). */
export interface PdfInputs {
  recoveryKit: z.input<typeof recoveryKitInputSchema>;
  auditReport: z.input<typeof auditReportInputSchema>;
  removalLog: z.input<typeof removalLogInputSchema>;
  destructionList: z.input<typeof destructionListInputSchema>;
  destructionCertificate: z.input<typeof destructionCertificateInputSchema>;
  retentionReport: z.input<typeof retentionReportInputSchema>;
  disclosure: z.input<typeof disclosureInputSchema>;
  cpraLetter: z.input<typeof cpraLetterInputSchema>;
}

export const pdfRequestSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(PDF_KINDS),
  input: z.unknown(),
});
export type PdfRequest = z.infer<typeof pdfRequestSchema>;

export type PdfWorkerMessage =
  | { id: string; type: 'progress'; progress: RenderProgress }
  | { id: string; type: 'done'; bytes: Uint8Array<ArrayBuffer>; pages: number }
  | { id: string; type: 'error'; reason: 'invalid_request' | 'invalid_input' | 'render_failed'; message: string };

export type PostPdfMessage = (message: PdfWorkerMessage, transfer?: Transferable[]) => void;

const DOCUMENT_NAMES: Record<PdfKind, string> = {
  recoveryKit: 'Recovery Kit',
  auditReport: 'audit verification report',
  removalLog: 'removal log',
  destructionList: 'destruction list',
  destructionCertificate: 'certificate of destruction',
  retentionReport: 'retention report',
  disclosure: 'disclosure',
  cpraLetter: 'letter',
};

/**
 * `tools` are the image APIs a disclosure redacts its screenshots with
 * (createImageBitmap and OffscreenCanvas in the worker; stand-ins in Node).
 */
export async function runPdfJob(request: unknown, post: PostPdfMessage, tools?: RedactionTools): Promise<void> {
  const parsed = pdfRequestSchema.safeParse(request);
  if (!parsed.success) {
    const id = typeof request === 'object' && request !== null && typeof (request as { id?: unknown }).id === 'string' ? (request as { id: string }).id : '';
    post({ id, type: 'error', reason: 'invalid_request', message: `Not a PDF request: ${describeIssues(parsed.error)}` });
    return;
  }
  const { id, kind, input } = parsed.data;
  const fail = (reason: 'invalid_input' | 'render_failed', why: string) => post({ id, type: 'error', reason, message: `The ${DOCUMENT_NAMES[kind]} could not be made: ${why}` });
  const progress = new ProgressPhases((value) => post({ id, type: 'progress', progress: value }));

  let built: Built;
  if (kind === 'disclosure') {
    const result = disclosureInputSchema.safeParse(input);
    if (!result.success) return fail('invalid_input', describeIssues(result.error));
    const screenshots = result.data.records.reduce((sum, record) => sum + record.images.length, 0);
    progress.plan(screenshots > 0 ? { redacting: 0.3, layout: 0.25 } : { redacting: 0, layout: 0.35 }, estimatedPages(result.data));
    const redacted = await redactScreenshots(result.data, tools, progress);
    if (!redacted.ok) return fail(redacted.reason, redacted.message);
    progress.report(progress.layoutStart, 'Preparing the pages…');
    const records = result.data.records.length;
    built = build(() =>
      disclosureDocument(result.data, redacted.screenshots, {
        onIndexRowReached: (row) => progress.measuring(0, `Measuring the index: row ${count(row + 1)} of ${count(records)}…`),
        onLogRowReached: (row, rows) => progress.measuring(1, `Measuring the exemption log: row ${count(row + 1)} of ${count(rows)}…`),
        onRecordReached: (index) => progress.measuring(index / records, `Measuring record ${count(index + 1)} of ${count(records)}…`),
      }),
    );
  } else {
    progress.plan({ redacting: 0, layout: 0.2 }, null);
    built = buildDocument(kind, input);
  }
  if (!built.ok) return fail('invalid_input', built.message);

  const document = built.document;
  let pages = 0;
  const footer = document.footer;
  document.footer = (currentPage, pageCount, pageSize) => {
    // pdfmake asks for every page's footer once the whole document is laid out, with the final count.
    pages = pageCount;
    progress.numbering(currentPage, pageCount);
    return footer ? footer(currentPage, pageCount, pageSize) : null;
  };
  // pdfmake reports nothing while it lays the pages out, which for a long document takes seconds; it does ask for each new page's background, so that is where progress comes from.
  document.background = (pageNumber) => {
    progress.layingOut(pageNumber);
    return null;
  };

  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await renderPdf(document, { onProgress: (value) => progress.rendering(value) });
  } catch (failure) {
    return fail('render_failed', failure instanceof Error ? failure.message : String(failure));
  }
  post({ id, type: 'done', bytes, pages }, [bytes.buffer]);
}

/** Roughly one page per record, plus the letter, the index, the log and the certification: only for the progress bar. */
function estimatedPages(input: DisclosureInput): number {
  return input.records.length + input.records.reduce((sum, record) => sum + record.images.length, 0) / 2 + Math.ceil(input.records.length / 30) + 4;
}

type Redacted = { ok: true; screenshots: RedactedScreenshots } | { ok: false; reason: 'invalid_input' | 'render_failed'; message: string };

/** One screenshot at a time, so only one decoded picture is in memory at once. */
async function redactScreenshots(input: DisclosureInput, tools: RedactionTools | undefined, progress: ProgressPhases): Promise<Redacted> {
  const total = input.records.reduce((sum, record) => sum + record.images.length, 0);
  if (total > 0 && !tools) return { ok: false, reason: 'render_failed', message: 'screenshots cannot be redacted here, because this window gave no way to draw pictures. Restart the app and try again.' };
  const screenshots: RedactedImage[][] = [];
  let done = 0;
  for (const [r, record] of input.records.entries()) {
    const copies: RedactedImage[] = [];
    for (const image of record.images) {
      progress.redacting(done, total);
      try {
        copies.push(await redactImage(image.bytes, image.mediaType, image.regions, tools!));
      } catch (failure) {
        const why = failure instanceof Error ? failure.message : String(failure);
        return { ok: false, reason: 'invalid_input', message: `the screenshot “${image.fileName}” of record ${r + 1} (${record.heading}) could not be redacted. ${why}` };
      }
      done++;
    }
    screenshots.push(copies);
  }
  return { ok: true, screenshots };
}

/**
 * One progress bar across the job's phases: redacting screenshots (a
 * disclosure only), laying out, numbering and drawing the pages. Layout
 * reports are spaced out, as pdfmake lays out a page in a few milliseconds.
 */
class ProgressPhases {
  layoutStart = 0;
  private redactingShare = 0;
  private layoutShare = 0;
  private expectedPages: number | null = null;
  private lastLayoutReport = -Infinity;
  private pagesStarted = false;
  private lastPercent = -1;
  private lastLabel = '';

  constructor(private readonly send: (progress: RenderProgress) => void) {}

  plan(shares: { redacting: number; layout: number }, expectedPages: number | null): void {
    this.redactingShare = shares.redacting;
    this.layoutShare = shares.layout;
    this.layoutStart = shares.redacting;
    this.expectedPages = expectedPages;
  }

  redacting(done: number, total: number): void {
    this.report((this.redactingShare * done) / total, `Redacting screenshot ${count(done + 1)} of ${count(total)}…`);
  }

  /** Before the first page exists, pdfmake measures every piece of text in the document. */
  measuring(share: number, label: string): void {
    if (this.pagesStarted || !this.due()) return;
    this.report(this.layoutStart + this.layoutShare * MEASURING_SHARE * share, label);
  }

  layingOut(pageNumber: number): void {
    this.pagesStarted = true;
    if (!this.due()) return;
    // The page count is unknown until layout ends; without an estimate the bar waits and the words move.
    const share = this.expectedPages === null ? 0 : Math.min(0.95, pageNumber / this.expectedPages);
    const measured = this.expectedPages === null ? 0 : MEASURING_SHARE;
    this.report(this.layoutStart + this.layoutShare * (measured + (1 - measured) * share), `Laying out page ${count(pageNumber)}…`);
  }

  /** Layout calls come every few milliseconds; a report every LAYOUT_REPORT_INTERVAL_MS is plenty. */
  private due(): boolean {
    const now = performance.now();
    if (now - this.lastLayoutReport < LAYOUT_REPORT_INTERVAL_MS) return false;
    this.lastLayoutReport = now;
    return true;
  }

  numbering(pageNumber: number, pageCount: number): void {
    if (pageNumber === 1 || pageNumber === pageCount || pageNumber % 100 === 0) {
      this.report(this.layoutStart + this.layoutShare, `Numbering page ${count(pageNumber)} of ${count(pageCount)}…`);
    }
  }

  /** What renderPdf reports: once as it hands the document to pdfmake, then while the laid-out pages are drawn. */
  rendering(progress: RenderProgress): void {
    if (!this.pagesStarted && progress.fraction === 0) {
      this.report(this.layoutStart, progress.label);
      return;
    }
    const start = this.layoutStart + this.layoutShare;
    this.report(progress.label === 'Done' ? 1 : start + (1 - start) * progress.fraction, progress.label);
  }

  report(fraction: number, label: string): void {
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (percent === this.lastPercent && label === this.lastLabel) return;
    this.lastPercent = percent;
    this.lastLabel = label;
    this.send({ fraction: percent / 100, label });
  }
}

const LAYOUT_REPORT_INTERVAL_MS = 100;
/** Of the layout phase's share of the bar, the part for measuring (about what it takes for a disclosure). */
const MEASURING_SHARE = 0.4;

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function build(make: () => DocumentDefinition): Built {
  try {
    return { ok: true, document: make() };
  } catch (failure) {
    return { ok: false, message: failure instanceof Error ? failure.message : String(failure) };
  }
}

type Built = { ok: true; document: DocumentDefinition } | { ok: false; message: string };

function buildDocument(kind: PdfKind, input: unknown): Built {
  switch (kind) {
    case 'recoveryKit': {
      const result = recoveryKitInputSchema.safeParse(input);
      return result.success ? { ok: true, document: recoveryKitDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'auditReport': {
      const result = auditReportInputSchema.safeParse(input);
      return result.success ? { ok: true, document: auditReportDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'removalLog': {
      const result = removalLogInputSchema.safeParse(input);
      return result.success ? { ok: true, document: removalLogDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'destructionList': {
      const result = destructionListInputSchema.safeParse(input);
      return result.success ? { ok: true, document: destructionListDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'destructionCertificate': {
      const result = destructionCertificateInputSchema.safeParse(input);
      return result.success ? { ok: true, document: destructionCertificateDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'retentionReport': {
      const result = retentionReportInputSchema.safeParse(input);
      return result.success ? { ok: true, document: retentionReportDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'cpraLetter': {
      const result = cpraLetterInputSchema.safeParse(input);
      return result.success ? { ok: true, document: cpraLetterDocument(result.data) } : { ok: false, message: describeIssues(result.error) };
    }
    case 'disclosure':
      // Made by runPdfJob itself: its screenshots are redacted first.
      return { ok: false, message: 'a disclosure is made with its screenshots redacted first.' };
  }
}

/** Where and what, never the offending value: the input may hold the recovery key. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}
