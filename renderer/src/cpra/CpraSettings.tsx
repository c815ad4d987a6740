import { useEffect, useRef, useState, type FormEvent } from 'react';
import { exemptionSchema, type Exemption } from '../../../shared/cpra/exemptions';
import type { HolidayCalendar } from '../../../shared/cpra/holidays';
import {
  defaultLetterTemplates,
  LETTER_TEMPLATE_TABLE,
  letterKinds,
  letterTemplateSchema,
  missingRequired,
  placeholders,
  unknownPlaceholders,
  type LetterKind,
  type LetterTemplate,
} from '../../../shared/cpra/letters';
import { producedDocumentKindLabels } from '../../../shared/cpra/request';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { focusAfterRender } from '../components/FormActions';
import { newId } from '../ledger/random';
import type { Session } from '../vault/session';
import { loadExemptions, me, saveExemption, saveHolidayCalendar } from './requests';

/**
 * What the City sets once and counsel relies on: the holiday calendar the
 * deadlines skip, the exemptions redactions may cite, and the letters'
 * words. The administrator keeps the calendar and the exemptions; counsel
 * and the administrator edit the letters. Every change is journaled.
 */
export function CpraSettings({ session, calendar, onChanged }: { session: Session; calendar: HolidayCalendar; onChanged: (message: string) => void }) {
  const isAdmin = session.user.role === 'administrator';
  return (
    <section aria-labelledby="cpra-settings-title">
      <h2 id="cpra-settings-title">Request settings</h2>
      <details>
        <summary>Holiday calendar</summary>
        <HolidayEditor session={session} calendar={calendar} editable={isAdmin} onChanged={onChanged} />
      </details>
      <details>
        <summary>Exemptions</summary>
        <ExemptionEditor session={session} editable={isAdmin} onChanged={onChanged} />
      </details>
      <details>
        <summary>Letter templates</summary>
        <TemplateEditor session={session} onChanged={onChanged} />
      </details>
    </section>
  );
}

function HolidayEditor({ session, calendar, editable, onChanged }: { session: Session; calendar: HolidayCalendar; editable: boolean; onChanged: (message: string) => void }) {
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  // Where focus goes when the Remove button that had it leaves with its row.
  const list = useRef<HTMLTableElement>(null);
  const days = [...calendar.days].sort((a, b) => a.date.localeCompare(b.date));

  async function save(next: HolidayCalendar, reason: string) {
    setFailure(null);
    try {
      await saveHolidayCalendar(session, next, reason);
      onChanged(reason);
      focusAfterRender(list);
    } catch (error) {
      setFailure(`The calendar was not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !name.trim()) return setFailure('Enter the date and the name of the holiday.');
    await save({ ...calendar, days: [...calendar.days, { date, name: name.trim() }] }, `Holiday added: ${name.trim()} on ${date}, by ${me(session).name}`);
    setDate('');
    setName('');
  }

  return (
    <div>
      <p className="hint">Deadlines that fall on these days, or on a weekend, move to the next business day. Seeded with California and federal holidays.</p>
      <ErrorMessage message={failure} />
      <table ref={list} tabIndex={-1}>
        <caption className="visually-hidden">The City’s holidays</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Holiday</th>
            {editable && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date}>
              <td>{day.date}</td>
              <td>{day.name}</td>
              {editable && (
                <td>
                  <button type="button" onClick={() => void save({ ...calendar, days: calendar.days.filter((d) => d.date !== day.date) }, `Holiday removed: ${day.name} on ${day.date}, by ${me(session).name}`)}>
                    Remove<span className="visually-hidden"> {day.name} on {day.date}</span>
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form onSubmit={(event) => void add(event)} aria-label="Add a holiday">
          <Field label="Holiday date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <Field label="Holiday name" value={name} onChange={(e) => setName(e.target.value)} />
          <button type="submit">Add the holiday</button>
        </form>
      )}
    </div>
  );
}

function ExemptionEditor({ session, editable, onChanged }: { session: Session; editable: boolean; onChanged: (message: string) => void }) {
  const [exemptions, setExemptions] = useState<Exemption[]>([]);
  const [draft, setDraft] = useState({ section: '', title: '', citation: '', words: '' });
  const [failure, setFailure] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const reload = () => void loadExemptions(session).then(setExemptions, () => setExemptions([]));
  useEffect(reload, [session]);

  async function save(exemption: Exemption, reason: string) {
    setFailure(null);
    const parsed = exemptionSchema.safeParse(exemption);
    if (!parsed.success) return setFailure(parsed.error.issues.map((issue) => issue.message).join(' '));
    try {
      await saveExemption(session, parsed.data, reason);
      onChanged(reason);
      focusAfterRender(list);
      reload();
      setDraft({ section: '', title: '', citation: '', words: '' });
    } catch (error) {
      setFailure(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <div>
      <ErrorMessage message={failure} />
      <ul ref={list} tabIndex={-1} aria-label="Exemptions counsel may cite">
        {exemptions.map((exemption) => (
          <li key={exemption.id}>
            <strong>{exemption.citation}</strong> ({exemption.title}){exemption.active ? '' : ' — retired'}: {exemption.words}{' '}
            {editable && exemption.active && (
              <button type="button" onClick={() => void save({ ...exemption, active: false }, `Exemption retired: ${exemption.citation}, by ${me(session).name}`)}>
                Retire<span className="visually-hidden"> {exemption.citation}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {editable && (
        <form
          aria-label="Add an exemption"
          onSubmit={(event) => {
            event.preventDefault();
            void save({ id: newId(), ...draft, active: true }, `Exemption added: ${draft.citation}, by ${me(session).name}`);
          }}
        >
          <Field label="Section" value={draft.section} onChange={(e) => setDraft({ ...draft, section: e.target.value })} />
          <Field label="Short name" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
          <Field label="Citation" value={draft.citation} onChange={(e) => setDraft({ ...draft, citation: e.target.value })} />
          <div className="field">
            <label htmlFor="exemption-words">Words of the exemption</label>
            <textarea id="exemption-words" rows={3} value={draft.words} onChange={(e) => setDraft({ ...draft, words: e.target.value })} />
          </div>
          <button type="submit">Add the exemption</button>
        </form>
      )}
    </div>
  );
}

function TemplateEditor({ session, onChanged }: { session: Session; onChanged: (message: string) => void }) {
  const [kind, setKind] = useState<LetterKind>('acknowledgement');
  const [stored, setStored] = useState<Record<string, LetterTemplate>>({});
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void session.records.list(LETTER_TEMPLATE_TABLE, letterTemplateSchema).then((all) => setStored(Object.fromEntries(all.map((t) => [t.id, t]))), () => setStored({}));
  }, [session]);
  useEffect(() => {
    const template = stored[kind] ?? defaultLetterTemplates[kind];
    setSubject(template.subject);
    setBody(template.body);
  }, [kind, stored]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const template = { ...(stored[kind] ?? defaultLetterTemplates[kind]), id: kind, subject, body };
    const unknown = unknownPlaceholders(template);
    const missing = missingRequired(kind, template);
    if (unknown.length > 0) return setFailure(`These placeholders are not known: ${unknown.map((p) => `{{${p}}}`).join(', ')}. Use only the ones listed.`);
    if (missing.length > 0) return setFailure(`The ${producedDocumentKindLabels[kind].toLowerCase()} must include ${missing.map((p) => `{{${p}}}`).join(', ')}.`);
    const parsed = letterTemplateSchema.safeParse(template);
    if (!parsed.success) return setFailure(parsed.error.issues.map((issue) => issue.message).join(' '));
    setFailure(null);
    try {
      const reason = `Letter template changed: ${producedDocumentKindLabels[kind]}, by ${me(session).name}`;
      await session.records.save({ table: LETTER_TEMPLATE_TABLE, recordId: kind, data: parsed.data, clear: {}, reason });
      setStored({ ...stored, [kind]: parsed.data });
      setMessage(reason);
      onChanged(reason);
    } catch (error) {
      setFailure(`Not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <form onSubmit={(event) => void save(event)} aria-label="Letter template">
      <div className="field">
        <label htmlFor="template-kind">Letter</label>
        <select id="template-kind" value={kind} onChange={(e) => setKind(e.target.value as LetterKind)}>
          {letterKinds.map((k) => (
            <option key={k} value={k}>
              {producedDocumentKindLabels[k]}
            </option>
          ))}
        </select>
      </div>
      <Field label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} />
      <div className="field">
        <label htmlFor="template-body">Letter text</label>
        <p className="hint" id="template-body-hint">
          Paragraphs are separated by a blank line. Placeholders: {placeholders.map((p) => `{{${p.name}}}`).join(', ')}.
        </p>
        <textarea id="template-body" aria-describedby="template-body-hint" rows={12} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <StatusMessage message={message} />
      <ErrorMessage message={failure} />
      <div className="actions">
        <button type="submit">Save the template</button>
        <button
          type="button"
          onClick={() => {
            setSubject(defaultLetterTemplates[kind].subject);
            setBody(defaultLetterTemplates[kind].body);
          }}
        >
          Restore the City’s default wording
        </button>
      </div>
    </form>
  );
}
