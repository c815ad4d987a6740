import { useEffect, useRef } from 'react';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Locks after `minutes` without keyboard or pointer activity, and when the
 * system suspends or the screen locks (main counts those; we watch the count).
 */
export function useAutoLock(ledger: LedgerApi, minutes: number, lock: (reason: 'idle' | 'system') => void) {
  // Idle time is read on the steady clock, not the wall clock: setting the computer's clock back must
  // not keep the ledger open, and a clock set forward (or corrected) is not time away from the keyboard.
  // Time asleep is not counted here; main's suspend signal locks for that.
  const lastActivity = useRef(performance.now());
  const lockRef = useRef(lock);
  lockRef.current = lock;

  useEffect(() => {
    const touch = () => (lastActivity.current = performance.now());
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true });
    const idle = setInterval(() => {
      if (performance.now() - lastActivity.current >= minutes * 60_000) lockRef.current('idle');
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
