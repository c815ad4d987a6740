import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from 'react';

/** A labelled input whose hint and error are announced with it (WCAG 1.3.1, 3.3.1). */
export function Field({
  label,
  hint,
  error,
  children,
  inputRef,
  ...input
}: { label: string; hint?: ReactNode; error?: string | null; children?: ReactNode; inputRef?: Ref<HTMLInputElement> } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <div id={hintId} className="hint">
          {hint}
        </div>
      )}
      <input id={id} ref={inputRef} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...input} />
      {children}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A message the screen reader announces when it appears. The live region stays
 * in the page while empty: one that arrives together with its text is often not read.
 */
export function ErrorMessage({ message }: { message: string | null }) {
  return (
    <p role="alert" className={message ? 'error-message' : 'error-message empty'}>
      {message ?? ''}
    </p>
  );
}

/** Progress and outcomes, announced politely; mounted while empty for the same reason. */
export function StatusMessage({ message }: { message: string | null }) {
  return <p role="status">{message ?? ''}</p>;
}

/** What a screen says when part of the ledger could not be read: what, why, and what to do. */
export function couldNotRead(what: string, error: unknown): string {
  return `${what} could not be read: ${error instanceof Error ? error.message : String(error)}. Lock and unlock the ledger to try again.`;
}

/** After a failed submit, take the person to the first field that needs fixing (WCAG 3.3.1). */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
