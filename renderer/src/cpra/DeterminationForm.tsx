import { useRef, useState, type FormEvent } from 'react';
import type { Exemption } from '../../../shared/cpra/exemptions';
import { determinationConflict, determinationOutcomeLabels, determinationOutcomes, determinationSchema, isOpen, type CpraRequest, type DeterminationOutcome } from '../../../shared/cpra/request';
import { ErrorMessage, Field } from '../components/Field';
import { FormActions, focusAfterRender } from '../components/FormActions';
import { cityToday } from '../ledger/clock';
import type { Session } from '../vault/session';
import { me, type SaveRequestChange } from './requests';

/**
 * The determination 7922.535(a) requires: whether records will be released
 * and when. A denial, in whole or in part, names each person responsible
 * with title (7922.540); the shared schema refuses one that does not.
 */
export function DeterminationForm({ request, exemptions, mayWork, session, onSave }: { request: CpraRequest; exemptions: Exemption[]; mayWork: boolean; session: Session; onSave: SaveRequestChange }) {
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<DeterminationOutcome | ''>('');
  const [releaseOn, setReleaseOn] = useState('');
  const [explanation, setExplanation] = useState('');
  const [responsible, setResponsible] = useState<Array<{ name: string; title: string }>>([{ name: '', title: '' }]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const current = request.determination;
  const cited = [...new Set(request.redactions.filter((r) => r.review.status === 'approved').map((r) => r.exemptionId))]
    .map((id) => exemptions.find((e) => e.id === id)?.citation ?? id);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const people = responsible.filter((person) => person.name.trim() || person.title.trim());
    const parsed = determinationSchema.safeParse({
      outcome: outcome || undefined,
      releaseOn: releaseOn || undefined,
      responsible: people,
      explanation,
      madeOn: cityToday(),
      by: me(session),
    });
    if (!parsed.success) {
      setFailure(parsed.error.issues.map((issue) => issue.message).join(' '));
      return;
    }
    const conflict = determinationConflict(parsed.data.outcome, request);
    if (conflict) {
      setFailure(conflict);
      return;
    }
    setBusy(true);
    const failed = await onSave((latest) => ({ ...latest, determination: parsed.data, status: latest.status === 'produced' ? 'produced' : 'determined' }), `Determination: ${determinationOutcomeLabels[parsed.data.outcome]}, by ${me(session).name}`);
    setBusy(false);
    if (failed) setFailure(failed);
    else {
      setOpen(false);
      focusAfterRender(heading);
    }
  }

  return (
    <section aria-labelledby="determination-title">
      <h2 id="determination-title" tabIndex={-1} ref={heading}>
        Determination
      </h2>
      {current ? (
        <p>
          {determinationOutcomeLabels[current.outcome]}
          {current.releaseOn ? `, available ${current.releaseOn}` : ''}; made {current.madeOn} by {current.by.name}.
          {current.responsible.length > 0 ? ` Responsible for withholding: ${current.responsible.map((p) => `${p.name}, ${p.title}`).join('; ')}.` : ''}
        </p>
      ) : (
        <p>No determination yet.</p>
      )}
      {mayWork && isOpen(request.status) && !open && (
        <button type="button" onClick={() => setOpen(true)}>
          {current ? 'Change the determination' : 'Record the determination'}
        </button>
      )}
      {open && (
        <form onSubmit={(event) => void submit(event)} aria-labelledby="determination-form-title" noValidate>
          <h3 id="determination-form-title">Record the determination</h3>
          <fieldset>
            <legend>Determination</legend>
            {determinationOutcomes.map((option) => (
              <label key={option} className="radio">
                <input type="radio" name="determination-outcome" checked={outcome === option} onChange={() => setOutcome(option)} /> {determinationOutcomeLabels[option]}
              </label>
            ))}
          </fieldset>
          <Field label="Records available on" type="date" value={releaseOn} onChange={(e) => setReleaseOn(e.target.value)} />
          <fieldset>
            <legend>Each person responsible for withholding (Gov. Code 7922.540)</legend>
            {cited.length > 0 && <p className="hint">The approved redactions cite {cited.join(', ')}.</p>}
            {responsible.map((person, index) => (
              <div key={index} className="pair">
                <Field label={`Name of person ${index + 1}`} value={person.name} onChange={(e) => setResponsible(responsible.map((p, i) => (i === index ? { ...p, name: e.target.value } : p)))} />
                <Field label={`Title of person ${index + 1}`} value={person.title} onChange={(e) => setResponsible(responsible.map((p, i) => (i === index ? { ...p, title: e.target.value } : p)))} />
              </div>
            ))}
            <button type="button" onClick={() => setResponsible([...responsible, { name: '', title: '' }])}>
              Add another person
            </button>
          </fieldset>
          <div className="field">
            <label htmlFor="determination-explanation">Explanation</label>
            <textarea id="determination-explanation" rows={4} value={explanation} onChange={(e) => setExplanation(e.target.value)} />
          </div>
          <ErrorMessage message={failure} />
          <FormActions submitLabel="Save the determination" busy={busy} onCancel={() => setOpen(false)} />
        </form>
      )}
    </section>
  );
}
