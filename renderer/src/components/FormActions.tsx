import type { RefObject } from 'react';

/** A form's two buttons: the action it takes, and Cancel; both wait while it is being saved. */
export function FormActions({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
      <button type="button" onClick={onCancel} disabled={busy}>
        Cancel
      </button>
    </div>
  );
}

/** Moves focus once React has drawn the change, e.g. back to a heading when a form closes (WCAG 2.4.3). */
export function focusAfterRender(target: RefObject<HTMLElement | null>): void {
  requestAnimationFrame(() => target.current?.focus());
}
