import { useEffect, useState } from 'react';
import { formatFileSize, mediaTypeLabels } from '../../../shared/attachments/file-signature';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import type { Attachment } from '../../../shared/removals/removal';
import { readAttachment } from './attachment-files';
import { AttachmentViewer } from './AttachmentViewer';

type AttachmentReader = Pick<LedgerApi, 'attachmentGet'>;

const kindLabels: Record<Attachment['kind'], string> = { screenshot: 'kept as a screenshot', original: 'kept as an original file' };

/**
 * The files kept with a record, with the evidence about each: type, size,
 * pixel size and the SHA-256 of the original bytes. "View" opens the original
 * in the viewer; "Remove" is offered only where the record is being edited.
 */
export function AttachmentList({
  attachments,
  ledger,
  recordsKey,
  onRemove,
  disabled = false,
}: {
  attachments: Attachment[];
  ledger: AttachmentReader;
  recordsKey: CryptoKey;
  onRemove?: (attachment: Attachment) => void;
  disabled?: boolean;
}) {
  const [viewing, setViewing] = useState<Attachment | null>(null);

  return (
    <>
      {attachments.length > 0 && (
        <ul aria-label="Attached files" className="attachment-list">
          {attachments.map((attachment) => (
            <li key={attachment.attachmentId} className="attachment-item">
              <AttachmentThumbnail attachment={attachment} ledger={ledger} recordsKey={recordsKey} />
              <div className="attachment-facts">
                <p className="attachment-name">{attachment.fileName}</p>
                <dl className="facts">
                  <dt>Type</dt>
                  <dd>
                    {mediaTypeLabels[attachment.mediaType]}, {kindLabels[attachment.kind]}
                  </dd>
                  <dt>Size</dt>
                  <dd>{formatFileSize(attachment.bytes)}</dd>
                  {attachment.width !== undefined && attachment.height !== undefined && (
                    <>
                      <dt>Picture size</dt>
                      <dd>
                        {attachment.width.toLocaleString('en-US')} × {attachment.height.toLocaleString('en-US')} pixels
                      </dd>
                    </>
                  )}
                  <dt>SHA-256</dt>
                  <dd>
                    <code className="attachment-sha256">{attachment.sha256}</code>
                  </dd>
                </dl>
                <div className="actions">
                  <button type="button" onClick={() => setViewing(attachment)}>
                    View<span className="visually-hidden"> {attachment.fileName}</span>
                  </button>
                  {onRemove && (
                    <button type="button" onClick={() => onRemove(attachment)} disabled={disabled}>
                      Remove<span className="visually-hidden"> {attachment.fileName}</span>
                    </button>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AttachmentViewer attachment={viewing} ledger={ledger} recordsKey={recordsKey} onClose={() => setViewing(null)} />
    </>
  );
}

/** The small picture beside a file, decrypted from its own stored copy; its URL is revoked when it leaves the page. */
function AttachmentThumbnail({ attachment, ledger, recordsKey }: { attachment: Attachment; ledger: AttachmentReader; recordsKey: CryptoKey }) {
  const { thumbnailId, fileName, mediaType } = attachment;
  const [picture, setPicture] = useState<{ thumbnailId: string; url: string } | null>(null);
  const [unreadable, setUnreadable] = useState(false);

  useEffect(() => {
    setUnreadable(false);
    if (!thumbnailId) return;
    let cancelled = false;
    let url: string | null = null;
    readAttachment(thumbnailId, { ledger, recordsKey }).then(
      (bytes) => {
        if (cancelled) return;
        url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
        setPicture({ thumbnailId, url });
      },
      () => {
        if (!cancelled) setUnreadable(true);
      },
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
      setPicture((current) => (current && current.url === url ? null : current));
    };
  }, [thumbnailId, ledger, recordsKey]);

  if (picture && picture.thumbnailId === thumbnailId) return <img className="attachment-thumbnail" src={picture.url} alt={fileName} />;
  const placeholder = unreadable ? 'Preview could not be read' : mediaType === 'application/pdf' ? 'PDF' : thumbnailId ? 'Loading preview…' : 'No preview';
  return <span className="attachment-thumbnail attachment-thumbnail-placeholder">{placeholder}</span>;
}
