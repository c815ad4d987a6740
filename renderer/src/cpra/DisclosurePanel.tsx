import { useEffect, useState } from 'react';
import { determinationDue } from '../../../shared/cpra/deadlines';
import type { Exemption } from '../../../shared/cpra/exemptions';
import { LETTER_TEMPLATE_TABLE, letterTemplateSchema } from '../../../shared/cpra/letters';
import { batesNumber, batesSchema, isOpen, type CpraRequest } from '../../../shared/cpra/request';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import { SITE_TABLE, siteSchema } from '../../../shared/sites/site';
import { DocumentExportStatus, useDocumentExport } from '../components/DocumentExport';
import { Field } from '../components/Field';
import { cityToday } from '../ledger/clock';
import { makePdf } from '../pdf/pdf-client';
import { loadPolicyRegister } from '../removals/policy-register';
import type { Session } from '../vault/session';
import { disclosureInput } from './disclosure-input';
import { fileStem, producedDocument } from './produced-document';
import { loadHolidayCalendar, type SaveRequestChange } from './requests';

/**
 * The disclosure: every attached record with approved redactions applied,
 * Bates-numbered, with the exemption log and a certification, made in the
 * PDF worker with progress and Cancel. It is recorded on the request with the
 * file's SHA-256 and its Bates range.
 */
export function DisclosurePanel({ ledger, session, request, exemptions, mayWork, onSave }: { ledger: LedgerApi; session: Session; request: CpraRequest; exemptions: Exemption[]; mayWork: boolean; onSave: SaveRequestChange }) {
  const exporter = useDocumentExport(ledger, session.user.id);
  const [prefix, setPrefix] = useState(request.bates.prefix);
  const [start, setStart] = useState(String(request.bates.start));
  const [signer, setSigner] = useState(request.assignedCounsel?.name ?? session.user.fullName);
  const [title, setTitle] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Reset only when the saved numbering itself changes: the request is read again after every
  // save on it (a letter printed, say), and resetting then overwrote what the clerk had typed.
  const { prefix: savedPrefix, start: savedStart } = request.bates;
  useEffect(() => {
    setPrefix(savedPrefix);
    setStart(String(savedStart));
  }, [savedPrefix, savedStart]);
  if (!mayWork) return null;

  function make() {
    const problems: Record<string, string> = {};
    const bates = batesSchema.safeParse({ prefix, start: Number(start) });
    if (!bates.success) problems.bates = bates.error.issues.map((issue) => issue.message).join(' ');
    if (!title.trim()) problems.title = 'Enter the certifying person’s title (for example: Deputy City Attorney).';
    if (!signer.trim()) problems.signer = 'Enter the name of the person who certifies the disclosure.';
    setErrors(problems);
    if (!bates.success || Object.keys(problems).length > 0) return;
    const withBates: CpraRequest = { ...request, bates: bates.data };
    let pages = 0;
    void exporter.run({
      what: 'disclosure',
      fileName: `${fileStem(request)} Disclosure.pdf`,
      make: async (signal, onProgress) => {
        const today = cityToday();
        const [calendar, sites, policies, templates] = await Promise.all([
          loadHolidayCalendar(session, today),
          session.records.list(SITE_TABLE, siteSchema),
          loadPolicyRegister(session),
          session.records.list(LETTER_TEMPLATE_TABLE, letterTemplateSchema),
        ]);
        const input = await disclosureInput(session, ledger, withBates, {
          exemptions,
          sites,
          policies,
          template: templates.find((t) => t.id === 'determination'),
          dueOn: determinationDue(request.receivedAt, { timeZone: CITY_TIME_ZONE, holidays: calendar.days }).due,
          today,
          signer: { name: signer.trim(), title: title.trim() },
          signal,
          onProgress: (done, total) => onProgress({ label: `Reading record ${done + 1} of ${total}`, done, total }),
        });
        return makePdf('disclosure', input, {
          signal,
          onProgress: (p) => onProgress({ label: p.label, done: p.fraction, total: 1 }),
          onPageCount: (count) => (pages = count),
        });
      },
      onSaved: async (saved) => {
        const range = { first: batesNumber(withBates.bates, 0), last: batesNumber(withBates.bates, Math.max(0, pages - 1)) };
        const document = await producedDocument(session, 'disclosure', saved, pages, range);
        const failed = await onSave(
          (latest) => ({
            ...latest,
            // The next production continues the numbering, so no two pages the City released share a Bates number.
            bates: { ...bates.data, start: bates.data.start + pages },
            documents: [...latest.documents, document],
            // A closed or withdrawn request stays so: producing its records does not reopen it (and hold them again).
            status: isOpen(latest.status) ? 'produced' : latest.status,
          }),
          `Disclosure produced: ${pages} pages, Bates ${range.first} to ${range.last}`,
        );
        if (failed) throw new Error(failed);
      },
    });
  }

  return (
    <section aria-labelledby="disclosure-title">
      <h2 id="disclosure-title">Disclosure</h2>
      <p>
        The disclosure prints every attached record with the approved redactions applied: withheld text is left out and replaced by a black box naming the section, and withheld areas of screenshots are blacked out in the
        picture itself.
      </p>
      <div className="pair">
        <Field label="Bates prefix" value={prefix} error={errors.bates ?? null} onChange={(e) => setPrefix(e.target.value)} />
        <Field label="First Bates number" type="number" min={1} value={start} onChange={(e) => setStart(e.target.value)} />
      </div>
      <div className="pair">
        <Field label="Certified by" value={signer} error={errors.signer ?? null} onChange={(e) => setSigner(e.target.value)} />
        <Field label="Certifier’s title" value={title} error={errors.title ?? null} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <button type="button" className="primary" disabled={exporter.busy} onClick={make}>
        Make the disclosure PDF
      </button>
      <DocumentExportStatus exporter={exporter} />
    </section>
  );
}
