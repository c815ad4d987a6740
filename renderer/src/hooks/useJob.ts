import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobRequest, JobStatus } from '../../../shared/jobs/jobs';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';

/** Starts a long job in main and follows it until it ends; Cancel asks main to stop it cleanly. */
export function useJob(ledger: LedgerApi, actor: string) {
  const [status, setStatus] = useState<JobStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const follow = useCallback(
    (id: string, resolve: (status: JobStatus) => void) => {
      timer.current = setTimeout(() => {
        void ledger.jobStatus({ id }).then((result) => {
          if (!result.ok) {
            setError(result.error.message);
            return;
          }
          setStatus(result.value);
          if (result.value.state === 'running') follow(id, resolve);
          else resolve(result.value);
        });
      }, 200);
    },
    [ledger],
  );

  const start = useCallback(
    (job: JobRequest) =>
      new Promise<JobStatus | null>((resolve) => {
        setError(null);
        setStatus(null);
        void ledger.jobStart({ actor, job }).then((result) => {
          if (!result.ok) {
            setError(result.error.message);
            resolve(null);
            return;
          }
          setStatus(result.value);
          if (result.value.state === 'running') follow(result.value.id, resolve);
          else resolve(result.value);
        });
      }),
    [ledger, actor, follow],
  );

  const cancel = useCallback(async () => {
    if (!status) return;
    const result = await ledger.jobCancel({ id: status.id });
    if (result.ok) setStatus(result.value);
  }, [ledger, status]);

  return { status, error, start, cancel, running: status?.state === 'running' };
}
