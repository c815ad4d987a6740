import type { CpraRequest, ProducedDocument, ProducedDocumentKind } from '../../../shared/cpra/request';
import { sha256Hex } from '../attachments/attachment-files';
import { newId } from '../ledger/random';
import type { Session } from '../vault/session';
import { me } from './requests';

/** Where a saved path ends: the file's own name, as the request's record of it shows. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** The entry a request keeps for a document it sent: the exact file's SHA-256, so the City can later show what it released. */
export async function producedDocument(
  session: Session,
  kind: ProducedDocumentKind,
  saved: { path: string; bytes: Uint8Array },
  pages: number,
  bates?: { first: string; last: string },
): Promise<ProducedDocument> {
  return {
    id: newId(),
    kind,
    fileName: baseName(saved.path),
    sha256: await sha256Hex(saved.bytes),
    bytes: saved.bytes.byteLength,
    pages: Math.max(1, pages),
    ...(bates ? { bates } : {}),
    producedAt: new Date().toISOString(),
    producedBy: me(session),
  };
}

/** The request's file name stem: "PRA-2026-014". */
export function fileStem(request: Pick<CpraRequest, 'number'>): string {
  return request.number.replace(/[^A-Za-z0-9-]/g, '');
}
