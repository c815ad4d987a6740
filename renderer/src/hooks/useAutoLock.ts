import { useEffect, useRef } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks after `minutes` without keyboard or pointer activity, and when the
 * system suspends or the screen locks (main counts those; we watch the count).
 */
export function useAutoLock(ledger: LedgerApi, minutes: number, lock: (reason: 'idle' | 'system') => void) {
  const lastActivity = useRef(Date.now());
  const lockRef = useRef(lock);
  lockRef.current = lock;

  useEffect(() => {
    const touch = () => (lastActivity.current = Date.now());
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true });
    const idle = setInterval(() => {
      if (Date.now() - lastActivity.current >= minutes * 60_000) lockRef.current('idle');
    }, 1_000);
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, touch);
      clearInterval(idle);
    };
  }, [minutes]);

  useEffect(() => {
    let seen: number | null = null;
    let stopped = false;
    const poll = async () => {
      const result = await ledger.systemLockSignal({});
      if (stopped || !result.ok) return;
      if (seen !== null && result.value.generation !== seen) lockRef.current('system');
      seen = result.value.generation;
    };
    void poll();
    const timer = setInterval(() => void poll(), 2_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [ledger]);
}
