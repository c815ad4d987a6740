import type { JobStatus } from '../../../shared/jobs/jobs';

/**
 * Progress of a long job with its Cancel button. Only changes of state are
 * announced (a screen reader should not read a byte count every 200 ms); a
 * failure is announced once, by its alert.
 */
export function JobProgress({ status, onCancel }: { status: JobStatus | null; onCancel: () => void }) {
  if (!status) return null;
  const { done, total, unit, label } = status.progress;
  const stateText = status.state === 'running' ? label : status.state === 'done' ? 'Finished.' : status.state === 'cancelled' ? 'Cancelled. Nothing was left half done.' : '';
  return (
    <div className="job">
      <progress max={total || 1} value={status.state === 'done' ? total || 1 : done} aria-label={`${label} progress`} />
      <p role="status">{stateText}</p>
      {status.state === 'running' && total > 0 && (
        <p className="hint">
          {Math.floor(done)} of {Math.floor(total)} {unit}
        </p>
      )}
      {status.state === 'running' && (
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      )}
      <p role="alert" className="error-message">
        {status.state === 'failed' ? (status.error?.message ?? 'It failed.') : ''}
      </p>
    </div>
  );
}
