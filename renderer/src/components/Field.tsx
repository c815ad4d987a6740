import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

/** A labelled input whose hint and error are announced with it (WCAG 1.3.1, 3.3.1). */
export function Field({
  label,
  hint,
  error,
  children,
  ...input
}: { label: string; hint?: ReactNode; error?: string | null; children?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
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
      <input id={id} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...input} />
      {children}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A message the screen reader announces when it appears. */
export function ErrorMessage({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="error-message">
      {message}
    </p>
  ) : null;
}
