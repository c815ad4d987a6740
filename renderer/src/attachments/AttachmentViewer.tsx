import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatFileSize, mediaTypeLabels } from '../../../shared/attachments/file-signature';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { Attachment } from '../../../shared/removals/removal';
import { ErrorMessage } from '../components/Field';
import { readAttachment } from './attachment-files';

const ZOOM_LEVELS = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8];
const PAN_STEP = 48;

type Offset = { x: number; y: number };

/**
 * Shows an attached picture (the original, decrypted; never the thumbnail) in
 * a modal dialog that can be zoomed and moved, by keyboard or by buttons:
 * + and - zoom, 0 resets, arrow keys move, Escape closes. A native <dialog>
 * traps focus and closes on Escape; focus goes back to whatever opened it.
 * A PDF is never rendered inside the app: only its facts are shown.
 */
export function AttachmentViewer({
  attachment,
  ledger,
  recordsKey,
  onClose,
}: {
  attachment: Attachment | null;
  ledger: Pick<LedgerApi, 'attachmentGet'>;
  recordsKey: CryptoKey;
  onClose: () => void;
}) {
  const titleId = useId();
  const keysId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const firstButtonRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<Element | null>(null);
  const imageRef = useRef<HTMLImageElement>(null);
  const dragRef = useRef<{ pointerId: number; startX: number; startY: number; from: Offset } | null>(null);
  const [picture, setPicture] = useState<{ attachmentId: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(1);
  const [offset, setOffset] = useState<Offset>({ x: 0, y: 0 });
  const open = attachment !== null;
  const isPdf = attachment?.mediaType === 'application/pdf';

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement;
      dialog.showModal();
      firstButtonRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const attachmentId = attachment?.attachmentId ?? null;
  const mediaType = attachment?.mediaType ?? null;
  const fileName = attachment?.fileName ?? '';
  useEffect(() => {
    setZoom(1);
    setOffset({ x: 0, y: 0 });
    setError(null);
    if (!attachmentId || !mediaType || mediaType === 'application/pdf') return;
    let cancelled = false;
    let url: string | null = null;
    readAttachment(attachmentId, { ledger, recordsKey }).then(
      (bytes) => {
        if (cancelled) return;
        url = URL.createObjectURL(new Blob([bytes], { type: mediaType }));
        setPicture({ attachmentId, url });
      },
      (failure: unknown) => {
        if (cancelled) return;
        setError(`The stored copy of "${fileName}" could not be opened. ${failure instanceof Error ? failure.message : ''} Restore the ledger from a backup if this persists.`);
      },
    );
    return () => {
      cancelled = true;
      // The decrypted picture leaves memory with its URL once the viewer closes or the ledger locks.
      if (url) URL.revokeObjectURL(url);
      setPicture(null);
    };
  }, [attachmentId, mediaType, fileName, ledger, recordsKey]);

  function closed() {
    const opener = openerRef.current;
    openerRef.current = null;
    onClose();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  }

  /** Keeps some of the picture in view however far it is moved. */
  function clamp(next: Offset, atZoom: number): Offset {
    const image = imageRef.current;
    const limitX = image ? (image.clientWidth * atZoom) / 2 : 0;
    const limitY = image ? (image.clientHeight * atZoom) / 2 : 0;
    return { x: Math.max(-limitX, Math.min(limitX, next.x)), y: Math.max(-limitY, Math.min(limitY, next.y)) };
  }

  function zoomTo(next: number) {
    setZoom(next);
    setOffset((current) => clamp(current, next));
  }
  const zoomIn = () => zoomTo(ZOOM_LEVELS.find((level) => level > zoom) ?? zoom);
  const zoomOut = () => zoomTo([...ZOOM_LEVELS].reverse().find((level) => level < zoom) ?? zoom);
  const reset = () => {
    setZoom(1);
    setOffset({ x: 0, y: 0 });
  };
  // Like scrolling: "right" brings more of the picture's right side into view.
  const pan = (dx: number, dy: number) => setOffset((current) => clamp({ x: current.x - dx, y: current.y - dy }, zoom));

  function onKeyDown(event: KeyboardEvent<HTMLDialogElement>) {
    if (isPdf || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions: Record<string, () => void> = {
      '+': zoomIn,
      '=': zoomIn,
      '-': zoomOut,
      _: zoomOut,
      '0': reset,
      ArrowLeft: () => pan(-PAN_STEP, 0),
      ArrowRight: () => pan(PAN_STEP, 0),
      ArrowUp: () => pan(0, -PAN_STEP),
      ArrowDown: () => pan(0, PAN_STEP),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    dragRef.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, from: offset };
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const drag = dragRef.current;
    if (!drag || drag.pointerId !== event.pointerId) return;
    setOffset(clamp({ x: drag.from.x + event.clientX - drag.startX, y: drag.from.y + event.clientY - drag.startY }, zoom));
  }
  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (dragRef.current?.pointerId === event.pointerId) dragRef.current = null;
  }

  const url = picture && picture.attachmentId === attachmentId ? picture.url : null;
  const status = !attachment || isPdf || error ? '' : url ? `Zoom ${Math.round(zoom * 100)}%` : `Opening ${attachment.fileName}…`;

  return (
    <dialog ref={dialogRef} className="attachment-viewer" aria-labelledby={titleId} aria-describedby={isPdf ? undefined : keysId} onKeyDown={onKeyDown} onClose={closed}>
      {attachment && (
        <>
          <h2 id={titleId} className="attachment-viewer-title">
            {attachment.fileName}
          </h2>
          {isPdf ? (
            <>
              <dl className="facts">
                <dt>Type</dt>
                <dd>{mediaTypeLabels[attachment.mediaType]}</dd>
                <dt>Size</dt>
                <dd>{formatFileSize(attachment.bytes)}</dd>
                <dt>SHA-256</dt>
                <dd>
                  <code className="attachment-sha256">{attachment.sha256}</code>
                </dd>
              </dl>
              <p className="notice">
                PDF files are not opened inside Records Ledger, so nothing in them can run here. It is kept exactly as attached; to read it, open a saved copy in a PDF reader.
              </p>
              <div className="actions">
                <button type="button" ref={firstButtonRef} className="primary" onClick={() => dialogRef.current?.close()}>
                  Close
                </button>
              </div>
            </>
          ) : (
            <>
              <div className="attachment-viewer-tools" role="group" aria-label="Zoom and move the picture">
                <button type="button" ref={firstButtonRef} onClick={zoomIn} disabled={zoom >= (ZOOM_LEVELS.at(-1) ?? 1)}>
                  Zoom in
                </button>
                <button type="button" onClick={zoomOut} disabled={zoom <= (ZOOM_LEVELS[0] ?? 1)}>
                  Zoom out
                </button>
                <button type="button" onClick={reset}>
                  Reset zoom
                </button>
                <button type="button" onClick={() => pan(-PAN_STEP, 0)}>
                  Move left
                </button>
                <button type="button" onClick={() => pan(PAN_STEP, 0)}>
                  Move right
                </button>
                <button type="button" onClick={() => pan(0, -PAN_STEP)}>
                  Move up
                </button>
                <button type="button" onClick={() => pan(0, PAN_STEP)}>
                  Move down
                </button>
                <button type="button" className="primary" onClick={() => dialogRef.current?.close()}>
                  Close
                </button>
              </div>
              <p id={keysId} className="hint">
                Keys: + zooms in, - zooms out, 0 resets, arrow keys move the picture, Escape closes. You can also drag the picture.
              </p>
              <p role="status">{status}</p>
              <ErrorMessage message={error} />
              <div className="attachment-viewer-stage" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={onPointerUp}>
                {url && (
                  <img
                    ref={imageRef}
                    src={url}
                    alt={attachment.fileName}
                    decoding="async"
                    draggable={false}
                    // A CSSOM property set by React, which the page's CSP allows (it forbids style attributes in markup).
                    style={{ transform: `translate(${offset.x}px, ${offset.y}px) scale(${zoom})` }}
                  />
                )}
              </div>
            </>
          )}
        </>
      )}
    </dialog>
  );
}
