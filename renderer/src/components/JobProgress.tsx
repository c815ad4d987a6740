import type { JobStatus } from '../../../shared/jobs/jobs';

/** Progress of a long job, announced politely, with its Cancel button. */
export function JobProgress({ status, onCancel }: { status: JobStatus | null; onCancel: () => void }) {
  if (!status) return null;
  const { done, total, unit, label } = status.progress;
  const stateText =
    status.state === 'running' ? label : status.state === 'done' ? 'Finished.' : status.state === 'cancelled' ? 'Cancelled. Nothing was left half done.' : (status.error?.message ?? 'It failed.');
  return (
    <div className="job">
      <progress max={total || 1} value={status.state === 'done' ? total || 1 : done} aria-label={`${label} progress`} />
      <p aria-live="polite">
        {stateText} {status.state === 'running' && total > 0 ? `(${Math.floor(done)} of ${Math.floor(total)} ${unit})` : ''}
      </p>
      {status.state === 'running' && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      {status.state === 'failed' && status.error && (
        <p role="alert" className="error-message">
          {status.error.message}
        </p>
      )}
    </div>
  );
}
