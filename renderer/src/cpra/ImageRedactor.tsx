import { useEffect, useId, useRef, useState, type FormEvent, type PointerEvent } from 'react';
import type { Exemption } from '../../../shared/cpra/exemptions';
import { clipRegion, type RegionRedaction } from '../../../shared/cpra/redaction';
import { ErrorMessage, Field, focusFirstInvalid, StatusMessage } from '../components/Field';
import { CHOOSE_EXEMPTION, ExemptionSelect, exemptionCitation, Heading, type HeadingLevel } from './TextRedactor';

type Area = { x: number; y: number; width: number; height: number };
type Point = { x: number; y: number };
type AreaFields = { left: string; top: string; width: string; height: string };
type AreaErrors = Partial<Record<keyof AreaFields, string>>;

const emptyFields: AreaFields = { left: '', top: '', width: '', height: '' };

/** "Area at 120, 40, 300 × 80 pixels": a region in words, in the screenshot's own pixels. */
export function areaWords(area: Area): string {
  return `Area at ${area.x}, ${area.y}, ${area.width} × ${area.height} pixels`;
}

/** The rectangle between two points of the image, widened to whole pixels and kept inside it. */
function areaBetween(from: Point, to: Point, image: { width: number; height: number }): Area | null {
  const left = Math.max(0, Math.floor(Math.min(from.x, to.x)));
  const top = Math.max(0, Math.floor(Math.min(from.y, to.y)));
  const right = Math.min(image.width, Math.ceil(Math.max(from.x, to.x)));
  const bottom = Math.min(image.height, Math.ceil(Math.max(from.y, to.y)));
  return right > left && bottom > top ? { x: left, y: top, width: right - left, height: bottom - top } : null;
}

function wholeNumber(value: string): number | null {
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** The typed area, or what is wrong with each number, in the screenshot's own terms. */
function checkArea(fields: AreaFields, image: { width: number; height: number }): { area: Area } | { errors: AreaErrors } {
  const errors: AreaErrors = {};
  const x = wholeNumber(fields.left);
  const y = wholeNumber(fields.top);
  const width = wholeNumber(fields.width);
  const height = wholeNumber(fields.height);
  if (x === null || x >= image.width) errors.left = `Enter the left edge as a whole number of pixels from 0 to ${image.width - 1}.`;
  if (y === null || y >= image.height) errors.top = `Enter the top edge as a whole number of pixels from 0 to ${image.height - 1}.`;
  if (width === null || width < 1) errors.width = 'Enter the width as a whole number of pixels, at least 1.';
  else if (x !== null && x + width > image.width) errors.width = `The area runs past the right edge: the screenshot is ${image.width} pixels wide, so from ${x} the width can be at most ${image.width - x}.`;
  if (height === null || height < 1) errors.height = 'Enter the height as a whole number of pixels, at least 1.';
  else if (y !== null && y + height > image.height) errors.height = `The area runs past the bottom edge: the screenshot is ${image.height} pixels high, so from ${y} the height can be at most ${image.height - y}.`;
  if (Object.keys(errors).length > 0 || x === null || y === null || width === null || height === null) return { errors };
  return { area: { x, y, width, height } };
}

/** A box over the picture, placed in percent of it so it follows the picture's displayed size. */
function boxStyle(area: Area, image: { width: number; height: number }) {
  return {
    left: `${(area.x / image.width) * 100}%`,
    top: `${(area.y / image.height) * 100}%`,
    width: `${(area.width / image.width) * 100}%`,
    height: `${(area.height / image.height) * 100}%`,
  };
}

/**
 * One screenshot of a record, for counsel to mark the areas a disclosure
 * withholds: by dragging a rectangle over it, or by typing the area's four
 * numbers. A drawn rectangle fills in the numbers, so both ways end in the same
 * form. It proposes; saving, and review, are the caller's.
 */
export function ImageRedactor({
  imageUrl,
  fileName,
  width,
  height,
  regions,
  exemptions,
  disabled,
  onPropose,
  headingLevel = 3,
}: {
  /** An object URL of the decrypted screenshot; the caller revokes it. */
  imageUrl: string;
  fileName: string;
  /** The screenshot's own size in pixels: every area is in these. */
  width: number;
  height: number;
  /** This screenshot's redactions, whatever their status. */
  regions: readonly RegionRedaction[];
  exemptions: readonly Exemption[];
  disabled: boolean;
  /** Saves the proposal; resolves to an error message to show, or null once it is saved. */
  onPropose: (region: { x: number; y: number; width: number; height: number; exemptionId: string }) => Promise<string | null>;
  headingLevel?: HeadingLevel;
}) {
  const headingId = useId();
  const sizeId = useId();
  const image = { width, height };
  const imageRef = useRef<HTMLImageElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const exemptionRef = useRef<HTMLSelectElement>(null);
  const [fields, setFields] = useState<AreaFields>(emptyFields);
  const [fieldErrors, setFieldErrors] = useState<AreaErrors>({});
  const [exemptionId, setExemptionId] = useState('');
  const [exemptionError, setExemptionError] = useState<string | null>(null);
  const [drawing, setDrawing] = useState<{ pointerId: number; from: Point; to: Point } | null>(null);
  // The numbers as they were before a rectangle was drawn, so Escape can put them back.
  const [drawnOver, setDrawnOver] = useState<AreaFields | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const locked = disabled || busy;

  // Escape cancels the rectangle being drawn, or the one just drawn, wherever focus is.
  useEffect(() => {
    if (!drawing && !drawnOver) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      // An open list closes on Escape; that is all Escape should do there.
      if (event.target instanceof HTMLSelectElement) return;
      if (drawing) {
        setDrawing(null);
        setStatus('Drawing cancelled.');
      } else if (drawnOver) {
        setFields(drawnOver);
        setDrawnOver(null);
        setStatus('The drawn area was cancelled.');
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [drawing, drawnOver]);

  /** Where the pointer is on the screenshot, in its own pixels, kept on the picture. */
  function imagePoint(event: PointerEvent<HTMLElement>): Point | null {
    const picture = imageRef.current;
    if (!picture) return null;
    const shown = picture.getBoundingClientRect();
    if (shown.width === 0 || shown.height === 0) return null;
    const x = ((event.clientX - shown.left) / shown.width) * width;
    const y = ((event.clientY - shown.top) / shown.height) * height;
    return { x: Math.max(0, Math.min(width, x)), y: Math.max(0, Math.min(height, y)) };
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (locked || event.button !== 0) return;
    const point = imagePoint(event);
    if (!point) return;
    // No image drag, no text selection: the press starts a rectangle.
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrawing({ pointerId: event.pointerId, from: point, to: point });
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!drawing || drawing.pointerId !== event.pointerId) return;
    const point = imagePoint(event);
    if (point) setDrawing({ ...drawing, to: point });
  }

  function onPointerUp(event: PointerEvent<HTMLDivElement>) {
    if (!drawing || drawing.pointerId !== event.pointerId) return;
    const point = imagePoint(event) ?? drawing.to;
    setDrawing(null);
    const area = areaBetween(drawing.from, point, image);
    if (!area) return;
    setDrawnOver(drawnOver ?? fields);
    setFields({ left: String(area.x), top: String(area.y), width: String(area.width), height: String(area.height) });
    setFieldErrors({});
    setError(null);
    setStatus(`${areaWords(area)} drawn. Choose the exemption and press “Redact this area”, or press Escape to cancel.`);
  }

  function onPointerCancel(event: PointerEvent<HTMLDivElement>) {
    if (drawing?.pointerId === event.pointerId) setDrawing(null);
  }

  function changeField(name: keyof AreaFields, value: string) {
    setFields((current) => ({ ...current, [name]: value }));
    setFieldErrors((current) => ({ ...current, [name]: undefined }));
    setDrawnOver(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setStatus(null);
    const checked = checkArea(fields, image);
    const chosen = exemptionId || null;
    setExemptionError(chosen ? null : CHOOSE_EXEMPTION);
    if ('errors' in checked) {
      setFieldErrors(checked.errors);
      setError('The area is not complete: draw it on the screenshot, or correct the numbers marked below.');
      focusFirstInvalid(formRef.current);
      return;
    }
    setFieldErrors({});
    if (!chosen) {
      exemptionRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const failure = await onPropose({ ...checked.area, exemptionId: chosen });
      if (failure) {
        setError(failure);
        return;
      }
      setFields(emptyFields);
      setDrawnOver(null);
      setStatus(`Proposed withholding the ${areaWords(checked.area).replace(/^Area/, 'area')} of ${fileName} under ${exemptionCitation(exemptions, chosen)}. It waits for counsel’s review.`);
    } catch (thrown) {
      setError(`The redaction was not saved: ${thrown instanceof Error ? thrown.message : String(thrown)}. Try again.`);
    } finally {
      setBusy(false);
    }
  }

  const typed = checkArea(fields, image);
  const pending = drawing ? areaBetween(drawing.from, drawing.to, image) : 'area' in typed ? typed.area : null;

  return (
    <section className="image-redactor" aria-labelledby={headingId}>
      <Heading level={headingLevel} id={headingId}>
        Screenshot <span className="verbatim-inline">{fileName}</span>
      </Heading>
      <p id={sizeId} className="hint">
        {width} × {height} pixels. Drag over the screenshot to mark an area, or type its numbers below; left and top are counted from the top-left corner.
      </p>
      <div
        className={`image-redactor-stage${locked ? ' locked' : ''}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerCancel}
      >
        <img ref={imageRef} src={imageUrl} alt={`Screenshot ${fileName}`} width={width} height={height} draggable={false} />
        {regions.map((region, index) => {
          const shown = clipRegion(region, image);
          if (!shown) return null;
          return (
            // The list below says the same in words; the boxes are for the eye.
            <div key={region.id} className={`region-box region-${region.review.status}`} style={boxStyle(shown, image)} aria-hidden="true">
              <span className="region-number">{index + 1}</span>
            </div>
          );
        })}
        {pending && <div className="region-box region-pending" style={boxStyle(pending, image)} aria-hidden="true" />}
      </div>
      {regions.length > 0 ? (
        <ol className="region-list" aria-label={`Areas marked on ${fileName}`}>
          {regions.map((region) => (
            <li key={region.id} className={`region-item region-item-${region.review.status}`}>
              {areaWords(region)}: {region.review.status}, {exemptionCitation(exemptions, region.exemptionId)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="hint">No area of this screenshot is marked yet.</p>
      )}
      <form ref={formRef} className="redact-area" onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="plain area-fields" aria-describedby={sizeId}>
          <legend>Area to withhold, in the screenshot’s pixels</legend>
          <Field label="Left (pixels)" type="number" inputMode="numeric" min={0} max={width - 1} step={1} value={fields.left} error={fieldErrors.left ?? null} disabled={locked} onChange={(event) => changeField('left', event.target.value)} />
          <Field label="Top (pixels)" type="number" inputMode="numeric" min={0} max={height - 1} step={1} value={fields.top} error={fieldErrors.top ?? null} disabled={locked} onChange={(event) => changeField('top', event.target.value)} />
          <Field label="Width (pixels)" type="number" inputMode="numeric" min={1} max={width} step={1} value={fields.width} error={fieldErrors.width ?? null} disabled={locked} onChange={(event) => changeField('width', event.target.value)} />
          <Field label="Height (pixels)" type="number" inputMode="numeric" min={1} max={height} step={1} value={fields.height} error={fieldErrors.height ?? null} disabled={locked} onChange={(event) => changeField('height', event.target.value)} />
        </fieldset>
        <ExemptionSelect
          exemptions={exemptions}
          value={exemptionId}
          selectRef={exemptionRef}
          error={exemptionError}
          disabled={locked}
          onChange={(value) => {
            setExemptionId(value);
            if (value) setExemptionError(null);
          }}
        />
        <div className="actions">
          <button type="submit" disabled={locked}>
            Redact this area
          </button>
        </div>
      </form>
      <ErrorMessage message={error} />
      <StatusMessage message={busy ? 'Saving the proposed redaction…' : status} />
    </section>
  );
}
