import { describe, expect, it } from 'vitest';
import {
  applyTextRedactions,
  approvedRedactions,
  clipRegion,
  fieldText,
  redactionSchema,
  textRedactionSchema,
  undecidedRedactionsMessage,
  carryRedactions,
  withheldWordsOf,
  withheldWordsStillShown,
  type DisclosedPiece,
  type Redaction,
  type TextRedaction,
} from '../../../shared/cpra/redaction';
import { aRemoval } from '../removals/fixtures';

const PRIVACY = 'gc-7927-700';
const BALANCING = 'gc-7922-000';

/** What a requester would read: the shown text, with each withheld passage as a marker. */
function printed(pieces: DisclosedPiece[]): string {
  return pieces.map((piece) => (piece.kind === 'text' ? piece.text : `[${piece.exemptionIds.join('+')}]`)).join('');
}

function shownText(pieces: DisclosedPiece[]): string {
  return pieces.map((piece) => (piece.kind === 'text' ? piece.text : '')).join('');
}

function withheld(pieces: DisclosedPiece[]): string[][] {
  return pieces.flatMap((piece) => (piece.kind === 'withheld' ? [piece.exemptionIds] : []));
}

/** A span over the first occurrence of `part` in `text`. */
function over(text: string, part: string, exemptionId = PRIVACY) {
  const start = text.indexOf(part);
  if (start < 0) throw new Error(`"${part}" is not in the text`);
  return { start, end: start + part.length, exemptionId };
}

const counsel = { userId: 'u-ortiz', name: 'City Attorney Ortiz' };

function aTextRedaction(overrides: Partial<TextRedaction> = {}): TextRedaction {
  return {
    id: 'red-1',
    recordId: 'rem-0001',
    exemptionId: PRIVACY,
    proposedBy: { kind: 'person', person: counsel },
    review: { status: 'proposed' },
    kind: 'text',
    field: 'content',
    start: 0,
    end: 4,
    ...overrides,
  };
}

describe('applying text redactions', () => {
  const text = 'Call Jane Roe at 562-929-5700 about the permit.';

  it('withholds one span and keeps the text around it', () => {
    const pieces = applyTextRedactions(text, [over(text, '562-929-5700')]);
    expect(printed(pieces)).toBe(`Call Jane Roe at [${PRIVACY}] about the permit.`);
  });

  it('merges overlapping spans into one passage that cites both exemptions', () => {
    const pieces = applyTextRedactions(text, [over(text, 'Jane Roe at', PRIVACY), over(text, 'Roe at 562', BALANCING)]);
    expect(withheld(pieces)).toEqual([[PRIVACY, BALANCING]]);
    expect(printed(pieces)).toBe(`Call [${PRIVACY}+${BALANCING}]-929-5700 about the permit.`);
  });

  it('cites an exemption once when two spans citing it overlap', () => {
    const pieces = applyTextRedactions(text, [over(text, 'Jane Roe'), over(text, 'Roe at')]);
    expect(withheld(pieces)).toEqual([[PRIVACY]]);
  });

  it('merges spans that touch, so no empty text sits between two withheld passages', () => {
    const first = over(text, 'Jane ');
    const second = { start: first.end, end: first.end + 'Roe'.length, exemptionId: BALANCING };
    const pieces = applyTextRedactions(text, [second, first]);
    expect(withheld(pieces)).toEqual([[PRIVACY, BALANCING]]);
    expect(printed(pieces)).toBe(`Call [${PRIVACY}+${BALANCING}] at 562-929-5700 about the permit.`);
  });

  it('keeps separate spans separate, in text order whatever order they come in', () => {
    const pieces = applyTextRedactions(text, [over(text, 'permit', BALANCING), over(text, 'Jane', PRIVACY)]);
    expect(printed(pieces)).toBe(`Call [${PRIVACY}] Roe at 562-929-5700 about the [${BALANCING}].`);
  });

  it('leaves nothing of the text when one span covers all of it', () => {
    const pieces = applyTextRedactions(text, [{ start: 0, end: text.length, exemptionId: PRIVACY }]);
    expect(pieces).toEqual([{ kind: 'withheld', exemptionIds: [PRIVACY] }]);
  });

  it('clips a span that runs past the end of the text', () => {
    const pieces = applyTextRedactions(text, [{ start: text.indexOf('permit'), end: text.length + 500, exemptionId: PRIVACY }]);
    expect(printed(pieces)).toBe(`Call Jane Roe at 562-929-5700 about the [${PRIVACY}]`);
  });

  it('ignores a span that lies wholly past the end, and shows the text unchanged', () => {
    expect(applyTextRedactions(text, [{ start: text.length + 3, end: text.length + 9, exemptionId: PRIVACY }])).toEqual([{ kind: 'text', text }]);
  });

  it('gives empty text back as empty text', () => {
    expect(applyTextRedactions('', [])).toEqual([{ kind: 'text', text: '' }]);
    expect(applyTextRedactions('', [{ start: 0, end: 5, exemptionId: PRIVACY }])).toEqual([{ kind: 'text', text: '' }]);
  });

  it('withholds nothing for an empty span, not even the character it falls inside', () => {
    const accented = 'Jose\u0301 wrote this';
    const inside = accented.indexOf('\u0301');
    expect(shownText(applyTextRedactions(accented, [{ start: inside, end: inside, exemptionId: PRIVACY }]))).toBe(accented);
  });

  describe('whole characters only', () => {
    it('widens a span that starts or ends inside a surrogate pair', () => {
      const message = 'ok 😀 then 𝒜 done';
      const emoji = message.indexOf('😀');
      const script = message.indexOf('𝒜');
      // Ends between the two halves of the emoji; starts between the two halves of the script letter.
      const pieces = applyTextRedactions(message, [
        { start: 0, end: emoji + 1, exemptionId: PRIVACY },
        { start: script + 1, end: message.length, exemptionId: BALANCING },
      ]);
      expect(printed(pieces)).toBe(`[${PRIVACY}] then [${BALANCING}]`);
      const shown = shownText(pieces);
      expect(shown).not.toMatch(/[\ud800-\udfff]/);
    });

    it('widens a span that ends inside an emoji joined with zero-width joiners', () => {
      const family = '👩‍👩‍👧';
      const message = `My family ${family} lives here`;
      const at = message.indexOf(family);
      for (let inside = at + 1; inside < at + family.length; inside++) {
        const pieces = applyTextRedactions(message, [{ start: 0, end: inside, exemptionId: PRIVACY }]);
        const shown = shownText(pieces);
        expect(shown).toBe(' lives here');
        expect(shown).not.toContain('\u200d');
      }
    });

    it('widens a span that starts inside an emoji joined with zero-width joiners', () => {
      const family = '👩‍👩‍👧';
      const message = `My family ${family} lives here`;
      const at = message.indexOf(family);
      const pieces = applyTextRedactions(message, [{ start: at + 3, end: at + family.length, exemptionId: PRIVACY }]);
      expect(printed(pieces)).toBe(`My family [${PRIVACY}] lives here`);
    });

    it('widens a span that falls between a letter and its combining accent', () => {
      const message = 'Signed: Rene\u0301e Paz';
      const accent = message.indexOf('\u0301');
      const endsBeforeAccent = applyTextRedactions(message, [{ start: message.indexOf('Rene'), end: accent, exemptionId: PRIVACY }]);
      expect(printed(endsBeforeAccent)).toBe(`Signed: [${PRIVACY}]e Paz`);
      const startsAtAccent = applyTextRedactions(message, [{ start: accent, end: message.indexOf(' Paz'), exemptionId: PRIVACY }]);
      expect(printed(startsAtAccent)).toBe(`Signed: Ren[${PRIVACY}] Paz`);
      for (const pieces of [endsBeforeAccent, startsAtAccent]) expect(shownText(pieces)).not.toContain('\u0301');
    });
  });

  it('never lets a withheld passage appear in the text it shows', () => {
    const message = 'Reach Ana at ana.ruiz@example.com or 562-929-5700, 👩‍👩‍👧 at 12700 Norwalk Blvd. Café e\u0301 ok';
    const parts = ['ana.ruiz@example.com', '562-929-5700', '12700 Norwalk Blvd', 'Café'];
    const spans = [...parts.map((part) => over(message, part)), over(message, 'Ana at ana', BALANCING)];
    const pieces = applyTextRedactions(message, spans);
    const texts = pieces.flatMap((piece) => (piece.kind === 'text' ? [piece.text] : []));
    for (const part of [...parts, 'Ana at ana']) {
      for (const shown of texts) expect(shown).not.toContain(part);
      expect(shownText(pieces)).not.toContain(part);
    }
    expect(withheld(pieces).flat()).toEqual(expect.arrayContaining([PRIVACY, BALANCING]));
  });
});

describe('which redactions a disclosure applies', () => {
  const approved = aTextRedaction({ id: 'a', review: { status: 'approved', by: counsel, at: '2026-05-01T17:00:00.000Z' } });
  const rejected = aTextRedaction({ id: 'r', review: { status: 'rejected', by: counsel, at: '2026-05-01T17:00:00.000Z' } });
  const proposed = aTextRedaction({ id: 'p' });

  it('applies approved redactions only', () => {
    expect(approvedRedactions([proposed, approved, rejected]).map((redaction) => redaction.id)).toEqual(['a']);
    expect(approvedRedactions([proposed, rejected])).toEqual([]);
  });

  it('refuses the disclosure while a proposal is undecided, and says how many', () => {
    expect(undecidedRedactionsMessage([approved, rejected])).toBeNull();
    expect(undecidedRedactionsMessage([])).toBeNull();
    expect(undecidedRedactionsMessage([approved, proposed])).toBe('1 proposed redaction has not been reviewed. Approve or reject it before the disclosure is made.');
    const several = [proposed, aTextRedaction({ id: 'p2' }), aTextRedaction({ id: 'p3' }), approved];
    expect(undecidedRedactionsMessage(several)).toMatch(/^3 proposed redactions have not been reviewed\. Approve or reject each one/);
  });
});

describe('clipping an image region', () => {
  const image = { width: 800, height: 600 };

  it('keeps a region inside the image as it is', () => {
    expect(clipRegion({ x: 10, y: 20, width: 100, height: 50 }, image)).toEqual({ x: 10, y: 20, width: 100, height: 50 });
  });

  it('cuts a region that runs off the right and bottom edges', () => {
    expect(clipRegion({ x: 700, y: 550, width: 300, height: 300 }, image)).toEqual({ x: 700, y: 550, width: 100, height: 50 });
  });

  it('gives nothing for a region wholly outside the image', () => {
    expect(clipRegion({ x: 800, y: 0, width: 10, height: 10 }, image)).toBeNull();
    expect(clipRegion({ x: 0, y: 900, width: 10, height: 10 }, image)).toBeNull();
  });
});

describe('the text of a field', () => {
  it('gives the text the disclosure prints for each field', () => {
    const removal = aRemoval();
    expect(fieldText(removal, 'content')).toBe(removal.content);
    expect(fieldText(removal, 'poster.username')).toBe('watchdeals99');
    expect(fieldText(removal, 'reviewTrail.counsel.direction')).toBe('Remove as commercial solicitation.');
  });

  it('gives nothing for a poster field marked unknown, so its reason is never redacted as if it were the value', () => {
    const removal = aRemoval();
    expect(removal.poster.platformUserId).toMatchObject({ unknown: true });
    expect(fieldText(removal, 'poster.platformUserId')).toBeNull();
  });

  it('gives nothing for fields the record does not have', () => {
    const removal = { ...aRemoval(), ocr: undefined, notes: undefined };
    expect(fieldText(removal, 'ocr.text')).toBeNull();
    expect(fieldText(removal, 'notes')).toBeNull();
    expect(fieldText(removal, 'reviewTrail.noCounselReason')).toBeNull();
  });
});

describe('a text redaction as saved', () => {
  it('accepts a span of at least one character', () => {
    expect(textRedactionSchema.parse(aTextRedaction({ start: 3, end: 4 }))).toMatchObject({ start: 3, end: 4 });
  });

  it.each([
    [5, 5],
    [6, 5],
    [0, 0],
  ])('refuses a span from %i to %i, saying to select at least one character', (start, end) => {
    const result = redactionSchema.safeParse(aTextRedaction({ start, end }));
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['Select at least one character to redact.']);
    expect(result.error?.issues[0]?.path).toEqual(['end']);
  });

  it('refuses a redaction without an exemption, saying to choose one', () => {
    const result = redactionSchema.safeParse(aTextRedaction({ exemptionId: '' }));
    expect(result.error?.issues.map((issue) => issue.message)).toContain('Choose the exemption that allows withholding it.');
  });

  it('keeps region redactions apart from text ones', () => {
    const region: Redaction = {
      id: 'reg-1',
      recordId: 'rem-0001',
      exemptionId: PRIVACY,
      proposedBy: { kind: 'person', person: counsel },
      review: { status: 'proposed' },
      kind: 'region',
      attachmentId: 'att-1',
      x: 0,
      y: 0,
      width: 0,
      height: 10,
    };
    const result = redactionSchema.safeParse(region);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual(['The area must be at least 1 pixel wide.']);
  });
});

describe('words withheld in one place and still printed in another', () => {
  const text = 'Call Zelda Quartermain on 👩‍👩‍👧 day';

  it('takes the withheld words from the text as applied, whole characters included', () => {
    expect(withheldWordsOf(text, { start: 5, end: 22 })).toBe('Zelda Quartermain');
    // A span ending inside the family emoji withholds all of it.
    const emoji = text.indexOf('👩');
    expect(withheldWordsOf(text, { start: emoji, end: emoji + 1 })).toBe('👩‍👩‍👧');
  });

  it('finds them in another field or record, whatever the case or width, and names where', () => {
    const printed = [
      { where: 'Record 1, Content', text: 'Call [withheld] on the day' },
      { where: 'Record 1, Profile address', text: 'https://example.com/ZELDA QUARTERMAIN' },
      { where: 'Record 2, Content', text: 'ｚｅｌｄａ quartermain again' },
    ];
    expect(withheldWordsStillShown(printed, ['Zelda Quartermain'])).toEqual([
      { where: 'Record 1, Profile address', words: 'Zelda Quartermain' },
      { where: 'Record 2, Content', words: 'Zelda Quartermain' },
    ]);
  });

  it('does not look for one or two characters, which would stop every disclosure', () => {
    expect(withheldWordsStillShown([{ where: 'Content', text: 'Al went to 5th street' }], ['Al', '5', ' '])).toEqual([]);
  });
});

describe('redactions carried to a record’s new version', () => {
  const by = { userId: 'u1', name: 'Connie Counsel' };
  const approved = { status: 'approved' as const, by, at: '2026-12-04T18:00:00.000Z' };
  const before = { ...aRemoval(), id: 'r1', content: 'Call Zelda at 555-0199 today' };
  const span = (start: number, end: number): TextRedaction => ({ id: `t${start}`, kind: 'text', recordId: 'r1', field: 'content', start, end, exemptionId: 'gc-7927-700', proposedBy: { kind: 'person', person: by }, review: approved });
  const zelda = span(5, 10);
  const phone = span(14, 22);

  it('moves each span to where its words now are, proposed again so counsel looks at the record once more', () => {
    const now = { ...before, content: 'Corrected: Call Zelda at 555-0199 today' };
    const { redactions, lost } = carryRedactions([zelda, phone], 'r1', before, now);
    expect(lost).toBe(0);
    expect(redactions.map((r) => (r.kind === 'text' ? now.content.slice(r.start, r.end) : ''))).toEqual(['Zelda', '555-0199']);
    expect(redactions.every((r) => r.review.status === 'proposed')).toBe(true);
  });

  it('counts the spans whose words are gone, keeps areas (proposed), and leaves other records’ redactions alone', () => {
    const now = { ...before, content: 'Call her at 555-0199 today' };
    const area: Redaction = { id: 'a1', kind: 'region', recordId: 'r1', attachmentId: 'att-1', x: 0, y: 0, width: 5, height: 5, exemptionId: 'gc-7927-700', proposedBy: { kind: 'person', person: by }, review: approved };
    const elsewhere = { ...zelda, id: 'other', recordId: 'r2' };
    const { redactions, lost } = carryRedactions([zelda, phone, area, elsewhere], 'r1', before, now);
    expect(lost).toBe(1);
    expect(redactions.map((r) => r.id)).toEqual(['t14', 'a1']);
    expect(redactions.find((r) => r.id === 'a1')!.review.status).toBe('proposed');
  });
});
