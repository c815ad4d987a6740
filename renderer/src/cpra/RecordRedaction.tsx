import { useEffect, useState } from 'react';
import { builtInExemptions, type Exemption } from '../../../shared/cpra/exemptions';
import { fieldText, isRedactableScreenshot, redactableFields, type Redaction, type RegionRedaction, type TextRedaction } from '../../../shared/cpra/redaction';
import { proposeRedactions } from '../../../shared/cpra/redaction-finders';
import type { CpraRequest } from '../../../shared/cpra/request';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { contentKindLabels, type Removal } from '../../../shared/removals/removal';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { readAttachment } from '../attachments/attachment-files';
import { newId } from '../ledger/random';
import type { Session } from '../vault/session';
import { ImageRedactor } from './ImageRedactor';
import { me, type SaveRequestChange } from './requests';
import { TextRedactor } from './TextRedactor';

/** "Record 2 of 5: comment": how a request's pages name one of its records. */
export function recordLabel(request: CpraRequest, recordId: string, removal: Pick<Removal, 'contentKind'>): string {
  const index = request.responsive.findIndex((r) => r.recordId === recordId);
  return `Record ${index + 1} of ${request.responsive.length}: ${contentKindLabels[removal.contentKind].toLowerCase()}`;
}

const PRIVACY = builtInExemptions[0]!.id;

/**
 * Redacting one attached record: spans of its text fields and areas of its
 * screenshots, each citing an exemption, and the finders that propose the
 * usual personal details. Nothing here changes the record: redactions belong
 * to the request and only shape what its disclosure shows.
 */
export function RecordRedaction({ ledger, session, request, recordId, removal, exemptions, onSave }: { ledger: LedgerApi; session: Session; request: CpraRequest; recordId: string; removal: Removal; exemptions: Exemption[]; onSave: SaveRequestChange }) {
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [finding, setFinding] = useState(false);
  const active = [...exemptions.filter((e) => e.active), ...exemptions.filter((e) => !e.active)];
  const mine = request.redactions.filter((r) => r.recordId === recordId);
  const fields = redactableFields.map((field) => ({ field, text: fieldText(removal, field) })).filter((f): f is { field: (typeof redactableFields)[number]; text: string } => !!f.text);
  const images = removal.attachments.filter(isRedactableScreenshot);

  async function add(redaction: Redaction, what: string): Promise<string | null> {
    return onSave((latest) => ({ ...latest, redactions: [...latest.redactions, redaction] }), `Redaction proposed by ${me(session).name}: ${what}`);
  }

  async function find() {
    setFailure(null);
    const propose = (existing: readonly Redaction[]) => proposeRedactions({ recordId, fields, exemptionId: PRIVACY, existing, newId });
    if (propose(request.redactions).length === 0) {
      setMessage('The finders found no e-mail address, phone number, street address or Social Security number that is not already redacted.');
      return;
    }
    setFinding(true);
    let proposed = 0;
    // Proposed against the request as stored when the save runs, so a second click cannot propose the same spans twice.
    const failed = await onSave((latest) => {
      const proposals = propose(latest.redactions);
      proposed = proposals.length;
      return { ...latest, redactions: [...latest.redactions, ...proposals] };
    }, `Finders proposed redactions in ${recordLabel(request, recordId, removal)}`);
    setFinding(false);
    if (!failed) setMessage(`The finders proposed ${proposed} redaction${proposed === 1 ? '' : 's'}. Review each one below.`);
  }

  return (
    <div className="record-redaction">
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <button type="button" disabled={finding} onClick={() => void find()}>
        Find e-mail addresses, phone numbers, street addresses and SSNs
      </button>
      {fields.map(({ field, text }) => (
        <TextRedactor
          key={field}
          field={field}
          text={text}
          redactions={mine.filter((r): r is TextRedaction => r.kind === 'text' && r.field === field)}
          exemptions={active}
          disabled={false}
          onPropose={(span) =>
            add(
              { id: newId(), kind: 'text', recordId, field, start: span.start, end: span.end, exemptionId: span.exemptionId, proposedBy: { kind: 'person', person: me(session) }, review: { status: 'proposed' } },
              `${span.end - span.start} characters of ${field}`,
            )
          }
        />
      ))}
      {images.map((image) => (
        <ScreenshotRedaction
          key={image.attachmentId}
          ledger={ledger}
          session={session}
          attachmentId={image.attachmentId}
          fileName={image.fileName}
          width={image.width}
          height={image.height}
          regions={mine.filter((r): r is RegionRedaction => r.kind === 'region' && r.attachmentId === image.attachmentId)}
          exemptions={active}
          onPropose={(region) =>
            add(
              { id: newId(), kind: 'region', recordId, attachmentId: image.attachmentId, ...region, proposedBy: { kind: 'person', person: me(session) }, review: { status: 'proposed' } },
              `an area of ${image.fileName}`,
            )
          }
        />
      ))}
    </div>
  );
}

function ScreenshotRedaction(props: {
  ledger: LedgerApi;
  session: Session;
  attachmentId: string;
  fileName: string;
  width: number;
  height: number;
  regions: RegionRedaction[];
  exemptions: Exemption[];
  onPropose: (region: { x: number; y: number; width: number; height: number; exemptionId: string }) => Promise<string | null>;
}) {
  const { ledger, session, attachmentId } = props;
  const [url, setUrl] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    void readAttachment(attachmentId, { ledger, recordsKey: session.keys.records }).then(
      (bytes) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([bytes]));
        setUrl(made);
      },
      (error: unknown) => live && setFailure(`The screenshot ${props.fileName} could not be read: ${error instanceof Error ? error.message : String(error)}.`),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [ledger, session, attachmentId, props.fileName]);
  if (failure) return <ErrorMessage message={failure} />;
  if (!url) return <p>Reading the screenshot {props.fileName}…</p>;
  return <ImageRedactor imageUrl={url} fileName={props.fileName} width={props.width} height={props.height} regions={props.regions} exemptions={props.exemptions} disabled={false} onPropose={props.onPropose} />;
}
