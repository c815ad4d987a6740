import { useEffect, useState, type FormEvent } from 'react';
import { isOpen, requestStatuses, requestStatusLabels, type CpraRequest, type RequestStatus } from '../../../shared/cpra/request';
import type { SaveRequestChange } from './requests';
import type { User } from '../../../shared/users/user';
import { CounselSelect } from './CounselSelect';

/**
 * What counsel changes as the work goes on: the status, who has it, notes.
 * The extension and the determination have forms of their own, because the
 * law attaches conditions to them.
 */
export function RequestDetailsForm({ request, counsel, onSave }: { request: CpraRequest; counsel: User[]; onSave: SaveRequestChange }) {
  const [status, setStatus] = useState<RequestStatus>(request.status);
  const [counselId, setCounselId] = useState(request.assignedCounsel?.userId ?? '');
  const [notes, setNotes] = useState(request.notes);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setStatus(request.status);
    setCounselId(request.assignedCounsel?.userId ?? '');
    setNotes(request.notes);
  }, [request]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const changes: string[] = [];
    // Only what this form changed is applied, onto the request as stored now.
    const patch: Partial<CpraRequest> = {};
    if (status !== request.status) {
      changes.push(`status ${requestStatusLabels[request.status]} → ${requestStatusLabels[status]}`);
      patch.status = status;
      patch.closedAt = isOpen(status) ? null : new Date().toISOString();
    }
    if (counselId !== (request.assignedCounsel?.userId ?? '')) {
      const person = counsel.find((user) => user.id === counselId);
      patch.assignedCounsel = person ? { userId: person.id, name: person.fullName } : null;
      changes.push(person ? `assigned to ${person.fullName}` : 'counsel unassigned');
    }
    if (notes !== request.notes) {
      patch.notes = notes;
      changes.push('notes changed');
    }
    if (changes.length === 0) return;
    setBusy(true);
    const text = changes.join('; ');
    await onSave((latest) => ({ ...latest, ...patch }), text.charAt(0).toUpperCase() + text.slice(1));
    setBusy(false);
  }

  return (
    <form onSubmit={(event) => void submit(event)} aria-labelledby="request-details-title">
      <h2 id="request-details-title">Status, counsel and notes</h2>
      <div className="field">
        <label htmlFor="request-status">Status</label>
        <select id="request-status" value={status} onChange={(e) => setStatus(e.target.value as RequestStatus)}>
          {requestStatuses.map((option) => (
            <option key={option} value={option}>
              {requestStatusLabels[option]}
            </option>
          ))}
        </select>
        <p className="hint">Records attached to an open request are held from disposition; closing or withdrawing it releases them.</p>
      </div>
      <CounselSelect id="request-assigned" value={counselId} counsel={counsel} onChange={setCounselId} />
      <div className="field">
        <label htmlFor="request-notes">Notes</label>
        <textarea id="request-notes" rows={4} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save status, counsel and notes
        </button>
      </div>
    </form>
  );
}
