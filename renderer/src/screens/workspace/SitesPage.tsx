import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LedgerApi } from '../../../../shared/ipc/ledger-api';
import { platformLabels, platforms, type Platform } from '../../../../shared/sites/platform';
import { checkContactEmail, checkSite, SITE_TABLE, siteDisplayName, siteSchema, type Site, type SiteInput, type SiteProblem } from '../../../../shared/sites/site';
import { ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../../components/Field';
import { newId } from '../../ledger/random';
import type { Session } from '../../vault/session';
import { focusAfterRender } from '../../components/FormActions';
import { cityToday } from '../../ledger/clock';

const canEdit = (session: Session) => session.user.role === 'administrator' || session.user.role === 'records_manager';

/** The policy's "City Social Media Sites": every account the City runs, who approved it, and who answers for it. */
export function SitesPage({ ledger, session }: { ledger: LedgerApi; session: Session }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Site | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const reload = useCallback(async () => setSites((await session.records.list(SITE_TABLE, siteSchema)).sort((a, b) => a.accountName.localeCompare(b.accountName))), [session]);
  useEffect(() => void reload(), [reload]);

  return (
    <section aria-labelledby="sites-title">
      <h1 id="sites-title" tabIndex={-1} ref={heading}>
        Sites
      </h1>
      <p>Every City Social Media Site, as the policy requires: approved by the City Manager or designee, managed by a department, with an authorized City contact.</p>
      <StatusMessage message={message} />
      {sites.length === 0 ? (
        <p>No sites are registered yet.</p>
      ) : (
        <table>
          <caption className="visually-hidden">City Social Media Sites</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Handle</th>
              <th scope="col">Department</th>
              <th scope="col">Approved</th>
              <th scope="col">Contact</th>
              <th scope="col">Status</th>
              {canEdit(session) && (
                <th scope="col">
                  <span className="visually-hidden">Change</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.id}>
                <td>{siteDisplayName(site)}</td>
                <td>{site.handle ?? '—'}</td>
                <td>{site.managingDepartment}</td>
                <td>
                  {site.approvedOn} by {site.approvedBy.name}, {site.approvedBy.title}
                </td>
                <td>
                  {site.contactEmail}
                  {site.personalAccountApproval && ` (approved: ${site.personalAccountApproval.reference})`}
                </td>
                <td>{site.status === 'active' ? 'Active' : `Terminated ${site.terminatedOn ?? ''}`}</td>
                {canEdit(session) && (
                  <td>
                    <button type="button" aria-label={`Change ${siteDisplayName(site)}`} disabled={adding || editing !== null} onClick={() => setEditing(site)}>
                      Change
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit(session) && !adding && !editing && (
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add a site
        </button>
      )}
      {(adding || editing) && (
        <SiteForm
          key={editing?.id ?? 'new'}
          ledger={ledger}
          session={session}
          sites={sites.filter((site) => site.id !== editing?.id)}
          initial={editing}
          onDone={(site) => {
            setMessage(editing ? `The change to ${siteDisplayName(site)} was saved as a new version.` : `${siteDisplayName(site)} was added to the register.`);
            setAdding(false);
            setEditing(null);
            void reload();
            focusAfterRender(heading);
          }}
          onCancel={() => {
            setAdding(false);
            setEditing(null);
            focusAfterRender(heading);
          }}
        />
      )}
    </section>
  );
}

function valuesOf(site: Site): Record<string, string> {
  return {
    platform: site.platform,
    otherPlatformName: site.otherPlatformName ?? '',
    accountName: site.accountName,
    handle: site.handle ?? '',
    url: site.url,
    managingDepartment: site.managingDepartment,
    approverName: site.approvedBy.name,
    approverTitle: site.approvedBy.title,
    approvedOn: site.approvedOn,
    contactEmail: site.contactEmail,
    approvalReference: site.personalAccountApproval?.reference ?? '',
    personalApproverName: site.personalAccountApproval?.approvedBy.name ?? '',
    personalApproverTitle: site.personalAccountApproval?.approvedBy.title ?? '',
    personalApprovedOn: site.personalAccountApproval?.approvedOn ?? '',
    status: site.status,
    terminatedOn: site.terminatedOn ?? '',
  };
}

function SiteForm({ ledger, session, sites, initial, onDone, onCancel }: { ledger: LedgerApi; session: Session; sites: Site[]; initial: Site | null; onDone: (site: Site) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(initial ? valuesOf(initial) : { platform: 'facebook', status: 'active' });
  const [changeReason, setChangeReason] = useState('');
  const [cityDomains, setCityDomains] = useState<string[] | null>(null);
  const [problems, setProblems] = useState<SiteProblem[]>([]);
  const [warnings, setWarnings] = useState<SiteProblem[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const title = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    title.current?.focus();
    void ledger.settingsGet({}).then((r) => setCityDomains(r.ok ? r.value.cityEmailDomains : []));
  }, [ledger]);

  const set = (field: string) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));
  const errorFor = (field: string) => problems.find((p) => p.field === field || p.field.startsWith(`${field}.`))?.message ?? null;
  const email = values.contactEmail && cityDomains ? checkContactEmail(values.contactEmail, cityDomains) : null;
  const needsApproval = email?.kind === 'personal';
  const blankToNull = (text: string | undefined) => (text && text.trim() ? text : null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const input: SiteInput = {
      id: initial?.id ?? newId(),
      platform: values.platform as Platform,
      otherPlatformName: blankToNull(values.otherPlatformName),
      accountName: values.accountName ?? '',
      handle: blankToNull(values.handle),
      url: values.url ?? '',
      managingDepartment: values.managingDepartment ?? '',
      approvedBy: { name: values.approverName ?? '', title: values.approverTitle ?? '' },
      approvedOn: values.approvedOn ?? '',
      contactEmail: values.contactEmail ?? '',
      personalAccountApproval: needsApproval
        ? { reference: values.approvalReference ?? '', approvedBy: { name: values.personalApproverName ?? '', title: values.personalApproverTitle ?? '' }, approvedOn: values.personalApprovedOn ?? '' }
        : null,
      status: values.status === 'terminated' ? 'terminated' : 'active',
      terminatedOn: values.status === 'terminated' ? (values.terminatedOn ?? '') : null,
    };
    const today = cityToday();
    const checked = checkSite(input, { cityDomains: cityDomains ?? [], today, otherSites: sites });
    setWarnings(checked.warnings);
    if (!checked.ok) {
      setProblems(checked.problems);
      return focusFirstInvalid(form.current);
    }
    if (initial && !changeReason.trim()) {
      setProblems([{ field: 'changeReason', message: 'Say what changed and why (for example: the account was closed by Council resolution 2026-31).' }]);
      return focusFirstInvalid(form.current);
    }
    setProblems([]);
    setBusy(true);
    try {
      await session.records.save({ table: SITE_TABLE, recordId: checked.site.id, data: checked.site, clear: { platform: checked.site.platform, status: checked.site.status }, reason: initial ? changeReason.trim() : 'Registered' });
      onDone(checked.site);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : 'The site could not be saved.');
      setBusy(false);
    }
  }

  const formProblems = problems.filter((p) => p.field === '');
  return (
    <form ref={form} className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="site-form-title">
      <h2 id="site-form-title" tabIndex={-1} ref={title}>
        {initial ? `Change ${siteDisplayName(initial)}` : 'Add a site'}
      </h2>
      <div className="field">
        <label htmlFor="site-platform">Platform</label>
        <select id="site-platform" value={values.platform} onChange={set('platform')}>
          {platforms.map((p) => (
            <option key={p} value={p}>
              {platformLabels[p]}
            </option>
          ))}
        </select>
      </div>
      {values.platform === 'other' && <Field label="Name of the platform" value={values.otherPlatformName ?? ''} onChange={set('otherPlatformName')} error={errorFor('otherPlatformName')} />}
      <Field label="Account name" value={values.accountName ?? ''} onChange={set('accountName')} error={errorFor('accountName')} />
      <Field label="Handle" hint="Optional: not every platform has one." value={values.handle ?? ''} onChange={set('handle')} error={errorFor('handle')} spellCheck={false} />
      <Field label="Web address" value={values.url ?? ''} onChange={set('url')} error={errorFor('url')} spellCheck={false} inputMode="url" />
      <Field label="Managing department" value={values.managingDepartment ?? ''} onChange={set('managingDepartment')} error={errorFor('managingDepartment')} />
      <Field label="Approved by (City Manager or designee)" value={values.approverName ?? ''} onChange={set('approverName')} error={errorFor('approvedBy.name')} />
      <Field label="Their title" value={values.approverTitle ?? ''} onChange={set('approverTitle')} error={errorFor('approvedBy.title')} />
      <Field label="Date approved" type="date" value={values.approvedOn ?? ''} onChange={set('approvedOn')} error={errorFor('approvedOn')} />
      <Field
        label="Authorized City contact email"
        type="email"
        value={values.contactEmail ?? ''}
        onChange={set('contactEmail')}
        error={errorFor('contactEmail')}
        hint={needsApproval ? email.message : undefined}
        spellCheck={false}
      />
      {needsApproval && (
        <fieldset className="panel">
          <legend>Written approval for an address outside the City</legend>
          <Field label="Approval reference" value={values.approvalReference ?? ''} onChange={set('approvalReference')} error={errorFor('personalAccountApproval.reference') ?? (problems.some((p) => p.field === 'personalAccountApproval') ? 'Enter the reference of the written approval.' : null)} />
          <Field label="Approved in writing by" value={values.personalApproverName ?? ''} onChange={set('personalApproverName')} error={errorFor('personalAccountApproval.approvedBy.name')} />
          <Field label="Title of the person who approved it" value={values.personalApproverTitle ?? ''} onChange={set('personalApproverTitle')} error={errorFor('personalAccountApproval.approvedBy.title')} />
          <Field label="Date of the written approval" type="date" value={values.personalApprovedOn ?? ''} onChange={set('personalApprovedOn')} error={errorFor('personalAccountApproval.approvedOn')} />
        </fieldset>
      )}
      <div className="field">
        <label htmlFor="site-status">Status</label>
        <select id="site-status" value={values.status} onChange={set('status')}>
          <option value="active">Active</option>
          <option value="terminated">Terminated</option>
        </select>
      </div>
      {values.status === 'terminated' && <Field label="Date terminated" type="date" value={values.terminatedOn ?? ''} onChange={set('terminatedOn')} error={errorFor('terminatedOn')} />}
      {initial && <Field label="What changed, and why" value={changeReason} onChange={(e) => setChangeReason(e.target.value)} error={errorFor('changeReason')} hint="Kept with the new version; the earlier version stays in the ledger." />}
      {warnings.length > 0 && (
        <ul className="warning" aria-label="Things to check">
          {warnings.map((w) => (
            <li key={w.message}>{w.message}</li>
          ))}
        </ul>
      )}
      <ErrorMessage message={failure ?? (formProblems.length > 0 ? formProblems.map((p) => p.message).join(' ') : null)} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || cityDomains === null}>
          Save the site
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
