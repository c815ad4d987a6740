import { useEffect, useRef, useState } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { saveDocument } from '../ledger/save-document';
import { ErrorMessage, StatusMessage } from './Field';

export interface DocumentProgress {
  label: string;
  done: number;
  total: number;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Making a document (a PDF, a CSV) off the page's thread and saving it where
 * the person chooses, with progress, Cancel, and one message at the end.
 * Nothing is saved when it is cancelled or fails.
 */
export function useDocumentExport(ledger: LedgerApi, actor: string) {
  const [progress, setProgress] = useState<DocumentProgress | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  async function run(document: {
    /** What the journal's export entry and the messages call it. */
    what: string;
    fileName: string;
    make: (signal: AbortSignal, onProgress: (progress: DocumentProgress) => void) => Promise<Uint8Array>;
    /** Called once the file is saved, with its bytes: for a request's record of what it released. */
    onSaved?: (saved: { path: string; bytes: Uint8Array }) => Promise<void>;
  }): Promise<void> {
    setFailure(null);
    setMessage(null);
    const abort = new AbortController();
    controller.current = abort;
    try {
      setProgress({ label: `Making the ${document.what}`, done: 0, total: 1 });
      const bytes = await document.make(abort.signal, setProgress);
      setProgress(null);
      const path = await saveDocument(ledger, actor, document.fileName, bytes, document.what);
      setMessage(path ? `Saved the ${document.what} to ${path}.` : 'Nothing was saved.');
      if (path && document.onSaved) {
        try {
          await document.onSaved({ path, bytes });
        } catch (error) {
          setFailure(`The ${document.what} was saved to ${path}, but recording it failed: ${error instanceof Error ? error.message : String(error)}.`);
        }
      }
    } catch (error) {
      setProgress(null);
      if (isAbort(error)) setMessage('Cancelled. Nothing was saved.');
      else setFailure(`The ${document.what} could not be made: ${error instanceof Error ? error.message : String(error)}. Nothing was saved.`);
    } finally {
      controller.current = null;
    }
  }

  return { run, progress, message, failure, busy: progress !== null, cancel: () => controller.current?.abort() };
}

export function DocumentExportStatus({ exporter }: { exporter: ReturnType<typeof useDocumentExport> }) {
  const { progress, message, failure, cancel } = exporter;
  return (
    <>
      {progress && (
        <div className="job">
          <progress max={progress.total || 1} value={progress.done} aria-label={`${progress.label} progress`} />
          <p role="status">{progress.label}…</p>
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
    </>
  );
}
