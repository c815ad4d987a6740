import { z } from 'zod';
import type { DocumentDefinition } from './doc-definition';
import { auditReportDocument, auditReportInputSchema } from './documents/audit-report';
import { destructionCertificateDocument, destructionCertificateInputSchema } from './documents/destruction-certificate';
import { destructionListDocument, destructionListInputSchema } from './documents/destruction-list';
import { recoveryKitDocument, recoveryKitInputSchema } from './documents/recovery-kit';
import { removalLogDocument, removalLogInputSchema } from './documents/removal-log';
import { retentionReportDocument, retentionReportInputSchema } from './documents/retention-report';
import { renderPdf, type RenderProgress } from './pdf-engine';

/**
 * What the PDF worker does with one request, kept apart from the worker's
 * wiring so it runs in Node tests too: check the request, check the input
 * against the document's schema, build, render, and post progress and then
 * either the complete bytes or an error. Never part of a file.
 */

export const PDF_KINDS = ['recoveryKit', 'auditReport', 'removalLog', 'destructionList', 'destructionCertificate', 'retentionReport'] as const;
export type PdfKind = (typeof PDF_KINDS)[number];

/** What each kind of document takes, as the caller passes it (before zod defaults/transforms). */
export interface PdfInputs {
  recoveryKit: z.input<typeof recoveryKitInputSchema>;
  auditReport: z.input<typeof auditReportInputSchema>;
  removalLog: z.input<typeof removalLogInputSchema>;
  destructionList: z.input<typeof destructionListInputSchema>;
  destructionCertificate: z.input<typeof destructionCertificateInputSchema>;
  retentionReport: z.input<typeof retentionReportInputSchema>;
}

export const pdfRequestSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(PDF_KINDS),
  input: z.unknown(),
});
export type PdfRequest = z.infer<typeof pdfRequestSchema>;

export type PdfWorkerMessage =
  | { id: string; type: 'progress'; progress: RenderProgress }
  | { id: string; type: 'done'; bytes: Uint8Array<ArrayBuffer> }
  | { id: string; type: 'error'; reason: 'invalid_request' | 'invalid_input' | 'render_failed'; message: string };

export type PostPdfMessage = (message: PdfWorkerMessage, transfer?: Transferable[]) => void;

const DOCUMENT_NAMES: Record<PdfKind, string> = {
  recoveryKit: 'Recovery Kit',
  auditReport: 'audit verification report',
  removalLog: 'removal log',
  destructionList: 'destruction list',
  destructionCertificate: 'certificate of destruction',
  retentionReport: 'retention report',
};

export async function runPdfJob(request: unknown, post: PostPdfMessage): Promise<void> {
  const parsed = pdfRequestSchema.safeParse(request);
  if (!parsed.success) {
    const id = typeof request === 'object' && request !== null && typeof (request as { id?: unknown }).id === 'string' ? (request as { id: string }).id : '';
    post({ id, type: 'error', reason: 'invalid_request', message: `Not a PDF request: ${describeIssues(parsed.error)}` });
    return;
  }
  const { id, kind, input } = parsed.data;
  const built = buildDocument(kind, input);
  if (!built.ok) {
    post({ id, type: 'error', reason: 'invalid_input', message: `The ${DOCUMENT_NAMES[kind]} could not be made: ${built.message}` });
    return;
  }
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await renderPdf(built.document, { onProgress: (progress) => post({ id, type: 'progress', progress }) });
  } catch (failure) {
    const why = failure instanceof Error ? failure.message : String(failure);
    post({ id, type: 'error', reason: 'render_failed', message: `The ${DOCUMENT_NAMES[kind]} could not be made: ${why}` });
    return;
  }
  post({ id, type: 'done', bytes }, [bytes.buffer]);
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
  }
}

/** Where and what, never the offending value: the input may hold the recovery key. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'input'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more problem${more === 1 ? '' : 's'}` : '');
}
