import { useEffect, useRef } from 'react';
import type { AppInfo } from '../../../shared/ipc/channels';

/** A native modal dialog: it traps focus, closes on Escape and returns focus where it was. */
export function AboutDialog({ open, info, onClose }: { open: boolean; info: AppInfo | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={ref} aria-labelledby="about-title" className="about" onClose={onClose}>
      <h2 id="about-title">About Records Ledger</h2>
      {info ? (
        <dl>
          <dt>Version</dt>
          <dd>{info.version}</dd>
          <dt>Running as</dt>
          <dd>
            {info.runtime === 'electron' ? 'Desktop app' : 'Browser preview'} ({info.runtimeVersion}, {info.platform})
          </dd>
          <dt>Policy enforced</dt>
          <dd>
            {info.policy.title}, version {info.policy.version}, in force from {info.policy.effectiveDate}
          </dd>
        </dl>
      ) : (
        <p>The ledger service has not answered yet.</p>
      )}
      <p>Records stay on this computer. The app never connects to the internet.</p>
      <button type="button" className="primary" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  );
}
