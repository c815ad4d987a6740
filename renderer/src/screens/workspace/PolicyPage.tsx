import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PolicyVersion } from '../../../../shared/policy/norwalk-v1';
import { addPolicyVersion, type PolicyProblem, type PolicyRegister } from '../../../../shared/policy/policy-versions';
import { couldNotRead, ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../../components/Field';
import { loadPolicyRegister, savePolicyRegister } from '../../removals/policy-register';
import type { Session } from '../../vault/session';
import { focusAfterRender } from '../../components/FormActions';

/**
 * The Social Media Policy as the ledger applies it: every version with its
 * effective date and exact words. Each removal keeps the version in force when
 * it was removed, and its reports quote that version, so amending the policy
 * never rewrites what past records say.
 */
export function PolicyPage({ session }: { session: Session }) {
  const [register, setRegister] = useState<PolicyRegister | null>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const isAdmin = session.user.role === 'administrator';

  useEffect(
    () =>
      void loadPolicyRegister(session).then(setRegister, (error: unknown) =>
        setLoadFailure(couldNotRead('The policy versions', error)),
      ),
    [session],
  );
  if (!register) return loadFailure ? <ErrorMessage message={loadFailure} /> : <StatusMessage message="Loading the policy…" />;

  return (
    <section aria-labelledby="policy-title">
      <h1 id="policy-title" tabIndex={-1} ref={heading}>
        Policy
      </h1>
      <StatusMessage message={message} />
      {register
        .slice()
        .reverse()
        .map((policy) => (
          <details key={policy.id} className="panel" open={policy === register.at(-1)}>
            <summary>
              {policy.title}, version {policy.version}, in force from {policy.effectiveDate}
            </summary>
            <h2 className="visually-hidden">Version {policy.version}</h2>
            <ul className="category-list">
              {policy.categories.map((category) => (
                <li key={category.id}>
                  <strong>{category.label}</strong>
                  {category.blockEligible && ' (may support a block)'}
                  {category.requiresCitation && ' (needs a citation)'}
                  <blockquote className="clause">“{category.clause}”</blockquote>
                </li>
              ))}
            </ul>
            <h3>Blocking</h3>
            <blockquote className="clause">“{policy.blockingClause}”</blockquote>
            <h3>Retention</h3>
            <blockquote className="clause">“{policy.retentionClause}”</blockquote>
            <h3>Disclaimer</h3>
            <blockquote className="clause">“{policy.disclaimer}”</blockquote>
          </details>
        ))}
      {isAdmin && !adding && (
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add a new version
        </button>
      )}
      {!isAdmin && <p>An administrator records a new version when the City amends the policy.</p>}
      {adding && (
        <NewVersionForm
          register={register}
          onCancel={() => {
            setAdding(false);
            focusAfterRender(heading);
          }}
          onSave={async (next, version) => {
            await savePolicyRegister(session, next, `Added version ${version.version}, in force from ${version.effectiveDate}`);
            setRegister(next);
            setAdding(false);
            setMessage(`Version ${version.version} was added. Removals from ${version.effectiveDate} on use it; earlier removals keep the version they were made under.`);
            focusAfterRender(heading);
          }}
        />
      )}
    </section>
  );
}

function NewVersionForm({ register, onSave, onCancel }: { register: PolicyRegister; onSave: (register: PolicyRegister, version: PolicyVersion) => Promise<void>; onCancel: () => void }) {
  const latest = register.at(-1)!;
  const [policy, setPolicy] = useState<PolicyVersion>(() => ({
    ...structuredClone(latest),
    version: latest.version + 1,
    id: `${latest.id.replace(/-v\d+$/, '')}-v${latest.version + 1}`,
    effectiveDate: '',
  }));
  const [retired, setRetired] = useState<Record<string, string>>({});
  const [problems, setProblems] = useState<PolicyProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const kept = policy.categories.filter((category) => !(category.id in retired));
    const result = addPolicyVersion(register, {
      policy: { ...policy, categories: kept },
      retiredCategories: Object.entries(retired).map(([id, reason]) => ({ id: id as PolicyVersion['categories'][number]['id'], reason })),
    });
    if (!result.ok) {
      setProblems(result.problems);
      return focusFirstInvalid(form.current);
    }
    setBusy(true);
    try {
      await onSave(result.register, { ...policy, categories: kept });
    } catch (error) {
      setFailure(`The version was not saved: ${error instanceof Error ? error.message : String(error)}`);
      setBusy(false);
    }
  }

  const setText = (field: 'title' | 'effectiveDate' | 'disclaimer' | 'retentionClause' | 'blockingClause') => (event: { target: { value: string } }) =>
    setPolicy((p) => ({ ...p, [field]: event.target.value }));

  return (
    <form ref={form} className="panel" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="new-version-title">
      <h2 id="new-version-title" tabIndex={-1} ref={title}>
        Version {policy.version} of the policy
      </h2>
      <p className="hint">Start from version {latest.version}’s words and change what the City amended. Copy each clause exactly as adopted.</p>
      <Field label="In force from" type="date" value={policy.effectiveDate} onChange={setText('effectiveDate')} error={errorFor('policy.effectiveDate')} />
      <Field label="Title" value={policy.title} onChange={setText('title')} error={errorFor('policy.title')} />
      {policy.categories.map((category, index) => {
        const isRetired = category.id in retired;
        return (
          <fieldset key={category.id}>
            <legend>{category.label}</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={isRetired}
                onChange={(event) =>
                  setRetired((r) => {
                    const next = { ...r };
                    if (event.target.checked) next[category.id] = '';
                    else delete next[category.id];
                    return next;
                  })
                }
              />{' '}
              This version drops this category
            </label>
            {isRetired ? (
              <Field label={`Why ${category.label} is dropped`} value={retired[category.id] ?? ''} onChange={(e) => setRetired((r) => ({ ...r, [category.id]: e.target.value }))} error={errorFor('retiredCategories')} />
            ) : (
              <>
                <Field
                  label={`Name of the category (${category.label})`}
                  value={category.label}
                  onChange={(e) => setPolicy((p) => ({ ...p, categories: p.categories.map((c, i) => (i === index ? { ...c, label: e.target.value } : c)) }))}
                  error={errorFor(`policy.categories.${index}.label`)}
                />
                <div className="field">
                  <label htmlFor={`clause-${category.id}-text`}>Clause, exactly as adopted ({category.label})</label>
                  <textarea
                    id={`clause-${category.id}-text`}
                    rows={3}
                    value={category.clause}
                    aria-invalid={errorFor(`policy.categories.${index}.clause`) ? true : undefined}
                    aria-describedby={errorFor(`policy.categories.${index}.clause`) ? `clause-${category.id}-error` : undefined}
                    onChange={(e) => setPolicy((p) => ({ ...p, categories: p.categories.map((c, i) => (i === index ? { ...c, clause: e.target.value } : c)) }))}
                  />
                  {errorFor(`policy.categories.${index}.clause`) && (
                    <p id={`clause-${category.id}-error`} className="field-error">
                      {errorFor(`policy.categories.${index}.clause`)}
                    </p>
                  )}
                </div>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={category.blockEligible}
                    onChange={(e) => setPolicy((p) => ({ ...p, categories: p.categories.map((c, i) => (i === index ? { ...c, blockEligible: e.target.checked } : c)) }))}
                  />{' '}
                  Repeated removals in this category may support a block ({category.label})
                </label>
              </>
            )}
          </fieldset>
        );
      })}
      {(['blockingClause', 'retentionClause', 'disclaimer'] as const).map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`policy-${field}`}>{field === 'blockingClause' ? 'Blocking clause' : field === 'retentionClause' ? 'Retention clause' : 'Disclaimer'}, exactly as adopted</label>
          <textarea
            id={`policy-${field}`}
            rows={4}
            value={policy[field]}
            onChange={setText(field)}
            aria-invalid={errorFor(`policy.${field}`) ? true : undefined}
            aria-describedby={errorFor(`policy.${field}`) ? `policy-${field}-error` : undefined}
          />
          {errorFor(`policy.${field}`) && (
            <p id={`policy-${field}-error`} className="field-error">
              {errorFor(`policy.${field}`)}
            </p>
          )}
        </div>
      ))}
      <ErrorMessage message={failure ?? (problems.filter((p) => p.field === '' || p.field === 'retiredCategories' || p.field.startsWith('policy.version') || p.field === 'policy.id').map((p) => p.message).join(' ') || null)} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          Add version {policy.version}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
