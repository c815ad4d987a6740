import { useEffect, useId, useRef, useState } from 'react';
import { exemptionLabel, type Exemption } from '../../../shared/cpra/exemptions';
import { finderKindLabels, redactableFieldLabels, type RedactableField, type Redaction, type TextRedaction } from '../../../shared/cpra/redaction';
import { ErrorMessage, StatusMessage } from '../components/Field';
import { areaWords } from './ImageRedactor';
import { Heading, shortQuote, type HeadingLevel, type RedactionStatus } from './TextRedactor';

type Decision = 'approved' | 'rejected';

const groups: ReadonlyArray<{ status: RedactionStatus; title: string; none: string }> = [
  { status: 'proposed', title: 'Awaiting review', none: 'Nothing is awaiting review.' },
  { status: 'approved', title: 'Approved', none: 'None approved yet.' },
  { status: 'rejected', title: 'Rejected', none: 'None rejected.' },
];

/** The withheld words, or what can be said of them when the record's text is not at hand. */
function withheldWords(redaction: TextRedaction, fieldText: ((recordId: string, field: RedactableField) => string | null) | undefined): string | null {
  const text = fieldText?.(redaction.recordId, redaction.field);
  if (text == null || redaction.end > text.length) return null;
  return text.slice(redaction.start, redaction.end);
}

/**
 * The review queue of a request's redactions: each one in words (which record,
 * which field and the exact words withheld, or which area of which
 * screenshot; who proposed it; the exemption), those awaiting review first.
 * Counsel approves or rejects each proposal; only approved ones are applied to
 * a disclosure. The withheld words are quoted here, in the ledger, because
 * counsel must see what they approve; they never reach a disclosure.
 */
export function RedactionList({
  redactions,
  exemptions,
  describeRecord,
  canReview,
  onReview,
  onRemove,
  fieldText,
  describeScreenshot,
  headingLevel = 3,
}: {
  redactions: readonly Redaction[];
  exemptions: readonly Exemption[];
  /** How a record is named to counsel: "Removal of 3 March 2025, 14:02 (Facebook)". */
  describeRecord: (recordId: string) => string;
  canReview: boolean;
  /** Saves the decision; resolves to an error message to show, or null once it is saved. */
  onReview: (id: string, decision: Decision) => Promise<string | null>;
  /** Withdraws a proposal that has not been decided. */
  onRemove?: (id: string) => Promise<string | null>;
  /** The current text of a record's field, to quote what a text redaction withholds. */
  fieldText?: (recordId: string, field: RedactableField) => string | null;
  /** How a screenshot is named: its file name. */
  describeScreenshot?: (recordId: string, attachmentId: string) => string;
  headingLevel?: HeadingLevel;
}) {
  const idPrefix = useId();
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const firstButtons = useRef(new Map<string, HTMLButtonElement>());
  const awaitingHeading = useRef<HTMLHeadingElement>(null);
  const current = useRef(redactions);
  // Once a decided redaction leaves "Awaiting review", focus goes to the next one still waiting (WCAG 2.4.3).
  const focusAfter = useRef<{ id: string; index: number } | null>(null);

  function moveFocusIfDecided() {
    const reviewed = focusAfter.current;
    if (!reviewed) return;
    const list = current.current;
    if (list.some((redaction) => redaction.id === reviewed.id && redaction.review.status === 'proposed')) return;
    focusAfter.current = null;
    const waiting = list.map((redaction, index) => ({ redaction, index })).filter(({ redaction }) => redaction.review.status === 'proposed');
    const next = waiting.find(({ index }) => index >= reviewed.index) ?? waiting.at(-1);
    const target = next ? firstButtons.current.get(next.redaction.id) : undefined;
    (target ?? awaitingHeading.current)?.focus();
  }

  useEffect(() => {
    current.current = redactions;
    moveFocusIfDecided();
  }, [redactions]);

  const number = new Map(redactions.map((redaction, index) => [redaction.id, index + 1]));

  function subject(redaction: Redaction): string {
    if (redaction.kind === 'text') {
      const words = withheldWords(redaction, fieldText);
      return `${words === null ? `characters ${redaction.start + 1} to ${redaction.end}` : shortQuote(words, 40)} in ${redactableFieldLabels[redaction.field]}`;
    }
    return `${areaWords(redaction).replace(/^Area/, 'area')} in ${describeScreenshot?.(redaction.recordId, redaction.attachmentId) ?? 'a screenshot'}`;
  }

  async function act(redaction: Redaction, action: Decision | 'removed') {
    const n = number.get(redaction.id) ?? 0;
    setBusyId(redaction.id);
    setError(null);
    setStatus(null);
    try {
      const failure = action === 'removed' ? await onRemove!(redaction.id) : await onReview(redaction.id, action);
      if (failure) {
        setError(failure);
        return;
      }
      setStatus(`Redaction ${n} ${action}.`);
      focusAfter.current = { id: redaction.id, index: n - 1 };
      requestAnimationFrame(moveFocusIfDecided);
    } catch (thrown) {
      setError(`Redaction ${n} was not ${action}: ${thrown instanceof Error ? thrown.message : String(thrown)}. Try again.`);
    } finally {
      setBusyId(null);
    }
  }

  function item(redaction: Redaction) {
    const n = number.get(redaction.id) ?? 0;
    const exemption = exemptions.find((candidate) => candidate.id === redaction.exemptionId);
    const named = `redaction ${n}: ${subject(redaction)}`;
    const words = redaction.kind === 'text' ? withheldWords(redaction, fieldText) : null;
    const review = redaction.review;
    return (
      <li key={redaction.id} className={`redaction-item redaction-item-${review.status}`}>
        <p className="redaction-item-title">
          <strong>Redaction {n}</strong>: {describeRecord(redaction.recordId)}
        </p>
        <dl className="facts redaction-facts">
          {redaction.kind === 'text' ? (
            <>
              <dt>Withheld from {redactableFieldLabels[redaction.field]}</dt>
              <dd>
                {words === null ? (
                  <em>
                    Characters {redaction.start + 1} to {redaction.end}; the words cannot be shown because this version of the record’s text is not at hand.
                  </em>
                ) : (
                  <q className="verbatim-inline withheld-words">{words}</q>
                )}
              </dd>
            </>
          ) : (
            <>
              <dt>Withheld from {describeScreenshot ? `screenshot ${describeScreenshot(redaction.recordId, redaction.attachmentId)}` : 'a screenshot'}</dt>
              <dd>{areaWords(redaction)}</dd>
            </>
          )}
          <dt>Exemption</dt>
          <dd>{exemption ? exemptionLabel(exemption) : `“${redaction.exemptionId}”, which is no longer in the list of exemptions`}</dd>
          <dt>Proposed by</dt>
          <dd>{redaction.proposedBy.kind === 'person' ? redaction.proposedBy.person.name : `The automatic search (${finderKindLabels[redaction.proposedBy.finder]})`}</dd>
          {review.status !== 'proposed' && (
            <>
              <dt>{review.status === 'approved' ? 'Approved by' : 'Rejected by'}</dt>
              <dd>
                {review.by.name}, {new Date(review.at).toLocaleString('en-US')}
              </dd>
            </>
          )}
        </dl>
        {review.status === 'proposed' && (canReview || onRemove) && (
          <div className="actions">
            {canReview && (
              <>
                <button
                  type="button"
                  className="primary"
                  ref={(button) => {
                    if (button) firstButtons.current.set(redaction.id, button);
                    else firstButtons.current.delete(redaction.id);
                  }}
                  aria-label={`Approve ${named}`}
                  disabled={busyId !== null}
                  onClick={() => void act(redaction, 'approved')}
                >
                  Approve
                </button>
                <button type="button" aria-label={`Reject ${named}`} disabled={busyId !== null} onClick={() => void act(redaction, 'rejected')}>
                  Reject
                </button>
              </>
            )}
            {onRemove && (
              <button type="button" aria-label={`Remove ${named}`} disabled={busyId !== null} onClick={() => void act(redaction, 'removed')}>
                Remove
              </button>
            )}
          </div>
        )}
      </li>
    );
  }

  const waiting = redactions.filter((redaction) => redaction.review.status === 'proposed').length;

  return (
    <div className="redaction-list">
      {!canReview && waiting > 0 && <p className="hint">Only counsel can approve or reject proposed redactions.</p>}
      <ErrorMessage message={error} />
      <StatusMessage message={busyId ? 'Saving…' : status} />
      {groups.map((group) => {
        const members = redactions.filter((redaction) => redaction.review.status === group.status);
        if (members.length === 0 && group.status !== 'proposed') return null;
        const headingId = `${idPrefix}-${group.status}`;
        return (
          <section key={group.status} aria-labelledby={headingId} className={`redaction-group redaction-group-${group.status}`}>
            <Heading level={headingLevel} id={headingId} headingRef={group.status === 'proposed' ? awaitingHeading : undefined}>
              {group.title} ({members.length})
            </Heading>
            {members.length === 0 ? <p className="hint">{group.none}</p> : <ul className="redaction-items">{members.map(item)}</ul>}
          </section>
        );
      })}
    </div>
  );
}
