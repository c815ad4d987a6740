import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { exemptionLabel, type Exemption } from '../../../shared/cpra/exemptions';
import { redactableFieldLabels, type RedactableField, type RedactionReview, type TextRedaction } from '../../../shared/cpra/redaction';
import { ErrorMessage, Field, StatusMessage } from '../components/Field';
import { markedSegments, ordinal, REDACTION_HELPER_ATTRIBUTE, selectionOffsets, wordOccurrences, type TextSpan } from './text-selection';

export type HeadingLevel = 2 | 3 | 4 | 5;
export type RedactionStatus = RedactionReview['status'];

/** Counsel must cite a ground: the schema's own words for a missing one. */
export const CHOOSE_EXEMPTION = 'Choose the exemption that allows withholding it.';

/** How a cited exemption is named in lists: its citation, or its id when it is no longer in the list. */
export function exemptionCitation(exemptions: readonly Exemption[], exemptionId: string): string {
  const exemption = exemptions.find((candidate) => candidate.id === exemptionId);
  return exemption ? exemption.citation : `exemption “${exemptionId}” (no longer in the list)`;
}

/** A quotation short enough for a button's name or a status line; the whole text stays on the page. */
export function shortQuote(words: string, limit = 60): string {
  const oneLine = words.replace(/\s+/g, ' ').trim();
  return `“${oneLine.length > limit ? `${oneLine.slice(0, limit - 1)}…` : oneLine}”`;
}

/** A heading at the level the caller's page needs; focusable by script when given a ref, to land on after a change. */
export function Heading({ level, id, children, headingRef }: { level: HeadingLevel; id: string; children: ReactNode; headingRef?: Ref<HTMLHeadingElement> }) {
  const Tag = `h${level}` as const;
  return (
    <Tag id={id} className="redactor-heading" ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
      {children}
    </Tag>
  );
}

/**
 * The exemption a new redaction cites. Only active exemptions are offered: a
 * retired one still names old redactions but may not be cited again. Nothing
 * is chosen at first, so every redaction cites a ground counsel picked.
 */
export function ExemptionSelect({
  exemptions,
  value,
  onChange,
  error,
  disabled,
  selectRef,
}: {
  exemptions: readonly Exemption[];
  value: string;
  onChange: (exemptionId: string) => void;
  error: string | null;
  disabled: boolean;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const offered = exemptions.filter((exemption) => exemption.active);
  return (
    <div className="field">
      <label htmlFor={id}>Exemption</label>
      <select
        id={id}
        ref={selectRef}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value="">Choose an exemption…</option>
        {offered.map((exemption) => (
          <option key={exemption.id} value={exemption.id}>
            {exemptionLabel(exemption)}
          </option>
        ))}
      </select>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

const statusOrder: readonly RedactionStatus[] = ['approved', 'proposed', 'rejected'];

function spokenStatuses(statuses: readonly RedactionStatus[]): string {
  const words = statuses.join(' and ');
  return `${words} redaction${statuses.length > 1 ? 's' : ''}`;
}

/** The field's text with its redactions marked; every character is a React text node, never HTML. */
function MarkedText({ text, redactions, exemptions }: { text: string; redactions: readonly TextRedaction[]; exemptions: readonly Exemption[] }) {
  const segments = markedSegments(text, redactions);
  return (
    <>
      {segments.map((segment) => {
        const piece = text.slice(segment.start, segment.end);
        if (segment.covering.length === 0) return <span key={segment.start}>{piece}</span>;
        const covering = segment.covering.map((index) => redactions[index]!);
        const statuses = statusOrder.filter((status) => covering.some((redaction) => redaction.review.status === status));
        const title = covering.map((redaction) => `${redaction.review.status[0]!.toUpperCase()}${redaction.review.status.slice(1)}: ${exemptionCitation(exemptions, redaction.exemptionId)}`).join('\n');
        return (
          <mark key={segment.start} className={['redaction-mark', ...statuses.map((status) => `redaction-${status}`)].join(' ')} title={title}>
            <span className="visually-hidden" {...{ [REDACTION_HELPER_ATTRIBUTE]: '' }}>
              {` (${spokenStatuses(statuses)}: `}
            </span>
            {piece}
            <span className="visually-hidden" {...{ [REDACTION_HELPER_ATTRIBUTE]: '' }}>
              {') '}
            </span>
          </mark>
        );
      })}
    </>
  );
}

/**
 * One field of a record, for counsel to mark what a disclosure withholds: by
 * selecting the words with the mouse, or by typing them (and which occurrence)
 * on the keyboard. It proposes; saving, and review, are the caller's.
 */
export function TextRedactor({
  field,
  text,
  redactions,
  exemptions,
  disabled,
  onPropose,
  headingLevel = 3,
}: {
  field: RedactableField;
  text: string;
  /** This field's redactions, whatever their status. */
  redactions: readonly TextRedaction[];
  /** Active ones first; retired ones only name old redactions. */
  exemptions: readonly Exemption[];
  disabled: boolean;
  /** Saves the proposal; resolves to an error message to show, or null once it is saved. */
  onPropose: (span: { start: number; end: number; exemptionId: string }) => Promise<string | null>;
  headingLevel?: HeadingLevel;
}) {
  const headingId = useId();
  const textId = useId();
  const occurrenceId = useId();
  const label = redactableFieldLabels[field];
  const textRef = useRef<HTMLDivElement>(null);
  const exemptionRef = useRef<HTMLSelectElement>(null);
  const wordsRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState<TextSpan | null>(null);
  const [exemptionId, setExemptionId] = useState('');
  const [exemptionError, setExemptionError] = useState<string | null>(null);
  const [words, setWords] = useState('');
  const [wordsError, setWordsError] = useState<string | null>(null);
  const [occurrence, setOccurrence] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  // A selection is remembered while counsel moves to the exemption list or the
  // button (either may collapse it), and forgotten once they select something else.
  useEffect(() => {
    function selectionChanged() {
      const container = textRef.current;
      const selection = document.getSelection();
      if (!container || !selection) return;
      const span = selectionOffsets(container, selection);
      if (span) setSelected(span);
      else if (!selection.isCollapsed || (selection.anchorNode && container.contains(selection.anchorNode))) setSelected(null);
    }
    document.addEventListener('selectionchange', selectionChanged);
    return () => document.removeEventListener('selectionchange', selectionChanged);
  }, []);

  // Offsets belong to one version of the text.
  useEffect(() => {
    setSelected(null);
    setOccurrence(0);
  }, [text]);

  const occurrences = wordOccurrences(text, words);
  const typed = words.trim() !== '';

  function chosenExemption(): string | null {
    if (exemptionId !== '') return exemptionId;
    setExemptionError(CHOOSE_EXEMPTION);
    exemptionRef.current?.focus();
    return null;
  }

  async function propose(span: TextSpan, chosen: string, after: () => void) {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const failure = await onPropose({ start: span.start, end: span.end, exemptionId: chosen });
      if (failure) {
        setError(failure);
        return;
      }
      setStatus(`Proposed withholding ${shortQuote(text.slice(span.start, span.end))} in ${label} under ${exemptionCitation(exemptions, chosen)}. It waits for counsel’s review.`);
      after();
    } catch (thrown) {
      setError(`The redaction was not saved: ${thrown instanceof Error ? thrown.message : String(thrown)}. Try again.`);
    } finally {
      setBusy(false);
    }
  }

  function redactSelection() {
    setError(null);
    setStatus(null);
    const container = textRef.current;
    const span = (container && selectionOffsets(container, document.getSelection())) ?? selected;
    if (!span) {
      setError(`Select the words to withhold in the ${label} text first, or type them in “Words to withhold”.`);
      return;
    }
    const chosen = chosenExemption();
    if (!chosen) return;
    void propose(span, chosen, () => {
      setSelected(null);
      const selection = document.getSelection();
      if (container && selection?.anchorNode && container.contains(selection.anchorNode)) selection.removeAllRanges();
    });
  }

  function redactWords(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    if (!typed) {
      setWordsError(`Type the words to withhold, exactly as they appear in ${label}.`);
      wordsRef.current?.focus();
      return;
    }
    const found = occurrences[occurrence] ?? occurrences[0];
    if (!found) {
      setWordsError(`${shortQuote(words)} is not in ${label}. Type the words exactly as they appear, with the same capitals and punctuation.`);
      wordsRef.current?.focus();
      return;
    }
    const chosen = chosenExemption();
    if (!chosen) return;
    void propose(found, chosen, () => {
      setWords('');
      setOccurrence(0);
    });
  }

  const selectedHint = selected ? (
    <>
      Selected: <span className="verbatim-inline">{shortQuote(text.slice(selected.start, selected.end), 120)}</span>
    </>
  ) : (
    'Select words in the text above with the mouse, or type them under “Words to withhold”.'
  );

  return (
    <section className="text-redactor" aria-labelledby={headingId}>
      <Heading level={headingLevel} id={headingId}>
        {label}
      </Heading>
      {text === '' ? (
        <p className="hint">This field is empty: there is nothing to withhold.</p>
      ) : (
        <div id={textId} ref={textRef} className="verbatim redaction-text">
          <MarkedText text={text} redactions={redactions} exemptions={exemptions} />
        </div>
      )}
      <p className="hint redaction-selected">{selectedHint}</p>
      <ExemptionSelect
        exemptions={exemptions}
        value={exemptionId}
        selectRef={exemptionRef}
        error={exemptionError}
        disabled={disabled || busy || text === ''}
        onChange={(value) => {
          setExemptionId(value);
          if (value) setExemptionError(null);
        }}
      />
      <div className="actions">
        <button type="button" onClick={redactSelection} disabled={disabled || busy || text === ''}>
          Redact selection
        </button>
      </div>
      <form className="redact-words" onSubmit={redactWords} noValidate>
        <Field
          label="Words to withhold"
          inputRef={wordsRef}
          value={words}
          disabled={disabled || busy || text === ''}
          error={wordsError}
          autoComplete="off"
          spellCheck={false}
          hint={
            !typed
              ? `The keyboard way: type the words exactly as they appear in ${label}.`
              : occurrences.length === 0
                ? 'Not found yet: type the words exactly as they appear, with the same capitals and punctuation.'
                : occurrences.length === 1
                  ? 'Found once in the text.'
                  : `Found ${occurrences.length} times: choose which one under “Occurrence”.`
          }
          onChange={(event) => {
            setWords(event.target.value);
            setWordsError(null);
            setOccurrence(0);
          }}
        />
        {occurrences.length > 1 && (
          <div className="field">
            <label htmlFor={occurrenceId}>Occurrence</label>
            <select id={occurrenceId} value={occurrence} disabled={disabled || busy} onChange={(event) => setOccurrence(Number(event.target.value))}>
              {occurrences.map((found, index) => (
                <option key={found.start} value={index}>
                  {`${ordinal(index + 1)} (${found.context})`}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="actions">
          <button type="submit" disabled={disabled || busy || text === ''}>
            Redact these words
          </button>
        </div>
      </form>
      <ErrorMessage message={error} />
      <StatusMessage message={busy ? 'Saving the proposed redaction…' : status} />
    </section>
  );
}
