import { useEffect, useState } from 'react';
import { determinationDue } from '../../../shared/cpra/deadlines';
import type { Exemption } from '../../../shared/cpra/exemptions';
import type { HolidayCalendar } from '../../../shared/cpra/holidays';
import { defaultLetterTemplates, fillLetter, LETTER_TEMPLATE_TABLE, letterTemplateSchema, letterValues, recipientLines, type LetterKind, type LetterTemplate } from '../../../shared/cpra/letters';
import { producedDocumentKindLabels, type CpraRequest } from '../../../shared/cpra/request';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { DocumentExportStatus, useDocumentExport } from '../components/DocumentExport';
import { Field } from '../components/Field';
import { cityToday } from '../ledger/clock';
import { makePdf } from '../pdf/pdf-client';
import type { Session } from '../vault/session';
import { fileStem, producedDocument } from './produced-document';
import type { SaveRequestChange } from './requests';

/** The letters this request can send now: each needs the step of the law it reports. */
function lettersAvailable(request: CpraRequest): LetterKind[] {
  const kinds: LetterKind[] = ['acknowledgement'];
  if (request.extension) kinds.push('extension_notice');
  const outcome = request.determination?.outcome;
  if (outcome && outcome !== 'deny') kinds.push('determination');
  if (outcome === 'deny' || outcome === 'release_in_part') kinds.push('denial');
  return kinds;
}

/**
 * The letters the law requires, filled from the City's templates (which
 * counsel edits under Requests settings) and printed as PDFs. Each one sent
 * is recorded on the request with the SHA-256 of the exact file.
 */
export function LettersPanel({ ledger, session, request, calendar, exemptions, mayWork, onSave }: { ledger: LedgerApi; session: Session; request: CpraRequest; calendar: HolidayCalendar; exemptions: Exemption[]; mayWork: boolean; onSave: SaveRequestChange }) {
  const exporter = useDocumentExport(ledger, session.user.id);
  const [templates, setTemplates] = useState<Record<string, LetterTemplate>>({});
  const [signer, setSigner] = useState(request.assignedCounsel?.name ?? session.user.fullName);
  const [title, setTitle] = useState('');
  const [titleError, setTitleError] = useState<string | null>(null);
  useEffect(() => {
    void session.records.list(LETTER_TEMPLATE_TABLE, letterTemplateSchema).then(
      (stored) => setTemplates(Object.fromEntries(stored.map((t) => [t.id, t]))),
      () => setTemplates({}),
    );
  }, [session]);
  if (!mayWork) return null;

  function make(kind: LetterKind) {
    if (!title.trim()) {
      setTitleError('Enter the signer’s title (for example: Deputy City Attorney).');
      return;
    }
    setTitleError(null);
    const today = cityToday();
    const template = templates[kind] ?? defaultLetterTemplates[kind];
    // The 10-day day the law set; the extension's own day is a placeholder of its own.
    const { due } = determinationDue(request.receivedAt, { timeZone: CITY_TIME_ZONE, holidays: calendar.days });
    const letter = fillLetter(template, letterValues(request, { cityName: session.cityName, today, dueOn: due, timeZone: CITY_TIME_ZONE, exemptions }));
    let pages = 1;
    void exporter.run({
      what: producedDocumentKindLabels[kind].toLowerCase(),
      fileName: `${fileStem(request)} ${producedDocumentKindLabels[kind]}.pdf`,
      make: (signal, onProgress) =>
        makePdf(
          'cpraLetter',
          {
            cityName: session.cityName,
            documentTitle: producedDocumentKindLabels[kind],
            date: today,
            recipient: recipientLines(request.requester),
            reference: `Public records request ${request.number}`,
            subject: letter.subject,
            paragraphs: letter.paragraphs,
            signature: { name: signer.trim() || session.user.fullName, title: title.trim() },
          },
          { signal, onProgress: (p) => onProgress({ label: p.label, done: p.fraction, total: 1 }), onPageCount: (count) => (pages = count) },
        ),
      onSaved: async (saved) => {
        const document = await producedDocument(session, kind, saved, pages);
        const failed = await onSave((latest) => ({ ...latest, documents: [...latest.documents, document] }), `${producedDocumentKindLabels[kind]} produced (${document.fileName})`);
        if (failed) throw new Error(failed);
      },
    });
  }

  return (
    <section aria-labelledby="letters-title">
      <h2 id="letters-title">Letters</h2>
      <Field label="Signed by" value={signer} onChange={(e) => setSigner(e.target.value)} />
      <Field label="Signer’s title" value={title} error={titleError} onChange={(e) => setTitle(e.target.value)} />
      <div className="actions">
        {lettersAvailable(request).map((kind) => (
          <button key={kind} type="button" disabled={exporter.busy} onClick={() => make(kind)}>
            Print the {producedDocumentKindLabels[kind].toLowerCase()}
          </button>
        ))}
      </div>
      <DocumentExportStatus exporter={exporter} />
    </section>
  );
}
