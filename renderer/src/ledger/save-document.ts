import type { LedgerApi } from '../../../shared/ipc/ledger-api';

/**
 * Hands a finished document (PDF, checkpoint) to main to save where the person
 * chooses; main records the export in the journal. Returns where it went, or
 * null when the person cancelled.
 */
export async function saveDocument(ledger: LedgerApi, actor: string, suggestedName: string, bytes: Uint8Array, what: string): Promise<string | null> {
  const result = await ledger.fileSave({ suggestedName, bytes, actor, what });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.path;
}
