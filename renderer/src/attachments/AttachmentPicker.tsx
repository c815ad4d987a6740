import { useEffect, useId, useRef, useState, type ChangeEvent, type ClipboardEvent, type DragEvent } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { attachmentMediaTypes, type Attachment } from '../../../shared/removals/removal';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { prepareAttachment, readPickedFile } from './attachment-files';
import { decodeAttachment } from './decode-client';
import { AttachmentList } from './AttachmentList';

/** What the file chooser offers; the contents are still checked, whatever the chooser lets through. */
const ACCEPTED = [...attachmentMediaTypes, '.png', '.jpg', '.jpeg', '.webp', '.gif', '.pdf'].join(',');

const extensions: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf' };

/**
 * Attaching screenshots and files to a removal record: paste (Ctrl+V) into the
 * box, drop files onto it, or choose them. Files are checked one at a time,
 * each announced as it is checked; every refused file gets its own line saying
 * why, and the good ones are still attached.
 */
export function AttachmentPicker({
  attachments,
  onAdd,
  onRemove,
  ledger,
  recordsKey,
  disabled = false,
}: {
  attachments: Attachment[];
  onAdd(attachment: Attachment): void;
  onRemove(attachmentId: string): void;
  ledger: LedgerApi;
  recordsKey: CryptoKey;
  disabled?: boolean;
}) {
  const inputId = useId();
  const instructionsId = useId();
  const [status, setStatus] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const dropZoneRef = useRef<HTMLDivElement>(null);
  const queueRef = useRef<Promise<void>>(Promise.resolve());
  const controllerRef = useRef<AbortController | null>(null);
  // The latest props, for work that finishes after a re-render.
  const latest = useRef({ onAdd, ledger, recordsKey });
  latest.current = { onAdd, ledger, recordsKey };

  useEffect(() => {
    const controller = new AbortController();
    controllerRef.current = controller;
    // A screenshot is likely on its way: have its checker started before it arrives.
    decodeAttachment.warmUp();
    // Leaving the form or locking the ledger stops any check still running, and its worker with it.
    return () => controller.abort();
  }, []);

  function attach(files: File[]) {
    if (disabled || files.length === 0) return;
    // One batch at a time, one file at a time: a second drop waits its turn rather than doubling the memory used.
    queueRef.current = queueRef.current.then(() => attachAll(files));
  }

  async function attachAll(files: File[]) {
    const signal = controllerRef.current?.signal;
    if (!signal || signal.aborted) return;
    setProblems([]);
    const added: string[] = [];
    const refused: string[] = [];
    for (const [index, file] of files.entries()) {
      setStatus(files.length > 1 ? `Checking ${file.name}… (${index + 1} of ${files.length})` : `Checking ${file.name}…`);
      try {
        const picked = await readPickedFile(file);
        const { ledger, recordsKey } = latest.current;
        const prepared = picked.ok ? await prepareAttachment(picked.file, 'by-contents', { ledger, recordsKey, signal }) : picked;
        if (prepared.ok) {
          latest.current.onAdd(prepared.attachment);
          added.push(prepared.attachment.fileName);
        } else {
          refused.push(prepared.message);
        }
      } catch (error) {
        if (signal.aborted) return;
        refused.push(`"${file.name}" could not be attached: ${error instanceof Error ? error.message : 'something went wrong'}. Try attaching it again.`);
      }
    }
    setStatus(summary(added, refused.length));
    setProblems(refused);
  }

  function onPaste(event: ClipboardEvent<HTMLDivElement>) {
    const files = Array.from(event.clipboardData.files);
    event.preventDefault();
    if (disabled) return;
    if (files.length === 0) {
      setStatus(null);
      setProblems([
        'The clipboard holds no picture or file. Take a screenshot first (on Windows: Windows key + Shift + S), then click this box and press Ctrl+V. To keep the text of a post, paste it into the content field instead.',
      ]);
      return;
    }
    attach(files.map((file, index) => withPastedName(file, index, files.length)));
  }

  function carriesFiles(event: DragEvent<HTMLDivElement>): boolean {
    return Array.from(event.dataTransfer.types).includes('Files');
  }

  function onDragOver(event: DragEvent<HTMLDivElement>) {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setDragging(true);
  }

  function onDragLeave(event: DragEvent<HTMLDivElement>) {
    if (event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)) return;
    setDragging(false);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    // Always handled here, so a file dropped on the box is never opened by the window instead.
    event.preventDefault();
    setDragging(false);
    attach(Array.from(event.dataTransfer.files));
  }

  function onChoose(event: ChangeEvent<HTMLInputElement>) {
    const files = Array.from(event.target.files ?? []);
    // Cleared so that choosing the same file again (after fixing it) still counts as a change.
    event.target.value = '';
    attach(files);
  }

  function remove(attachment: Attachment) {
    onRemove(attachment.attachmentId);
    setStatus(`Removed ${attachment.fileName} from this record.`);
    dropZoneRef.current?.focus();
  }

  return (
    <div className="attachments">
      <div
        ref={dropZoneRef}
        role="group"
        aria-label="Screenshots and files"
        aria-describedby={instructionsId}
        aria-disabled={disabled || undefined}
        tabIndex={0}
        className={dragging ? 'attachment-drop-zone dragging' : 'attachment-drop-zone'}
        onPaste={onPaste}
        onDragEnter={onDragOver}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <p id={instructionsId} className="attachment-instructions">
          <strong>Paste a screenshot</strong>: click this box (or move to it with Tab) and press Ctrl+V. You can also drag files here, or choose them. PNG, JPEG,
          WebP or GIF pictures and PDF files, up to 25 MB each.
        </p>
        <input id={inputId} type="file" multiple accept={ACCEPTED} className="visually-hidden attachment-file-input" onChange={onChoose} disabled={disabled} />
        <label htmlFor={inputId} className={disabled ? 'attachment-choose disabled' : 'attachment-choose'}>
          Choose files…
        </label>
      </div>
      <StatusMessage message={status} />
      <ErrorMessage message={problems.length > 0 ? problems.join('\n') : null} />
      <AttachmentList attachments={attachments} ledger={ledger} recordsKey={recordsKey} onRemove={remove} disabled={disabled} />
    </div>
  );
}

function summary(added: string[], refusedCount: number): string {
  const attached = added.length === 0 ? 'No file was attached.' : added.length === 1 ? `Attached ${added[0]}.` : `Attached ${added.length} files.`;
  if (refusedCount === 0) return attached;
  return `${attached} ${refusedCount === 1 ? 'One file was refused; see why below.' : `${refusedCount} files were refused; see why below.`}`;
}

/**
 * A pasted screenshot arrives named "image.png" whatever it is; a name with the
 * time it was pasted tells several apart in the record. The extension comes
 * from the clipboard's type only to look right: the contents are checked anyway.
 */
function withPastedName(file: File, index: number, count: number): File {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} at ${pad(now.getHours())}.${pad(now.getMinutes())}.${pad(now.getSeconds())}`;
  const extension = extensions[file.type];
  const name = `Pasted screenshot ${stamp}${count > 1 ? ` (${index + 1})` : ''}${extension ? `.${extension}` : ''}`;
  return new File([file], name, { type: file.type, lastModified: file.lastModified });
}
