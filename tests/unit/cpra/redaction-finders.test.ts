import { describe, expect, it } from 'vitest';
import { findSensitive, proposeRedactions } from '../../../shared/cpra/redaction-finders';
import { textRedactionSchema, type FinderKind, type Redaction, type TextRedaction } from '../../../shared/cpra/redaction';

/** What each finding covers, read back from the original text with its offsets. */
function found(text: string, kinds?: readonly FinderKind[]): Array<[FinderKind, string]> {
  return findSensitive(text, kinds).map((finding) => [finding.kind, text.slice(finding.start, finding.end)]);
}

function foundOf(kind: FinderKind, text: string): string[] {
  return found(text, [kind]).map(([, covered]) => covered);
}

describe('finding e-mail addresses', () => {
  it('finds plain addresses, ones with a + tag, and ones on subdomains', () => {
    const text = 'Write jane.roe@example.com, jane+city@gmail.com or ops@mail.norwalk.ca.gov.';
    expect(foundOf('email', text)).toEqual(['jane.roe@example.com', 'jane+city@gmail.com', 'ops@mail.norwalk.ca.gov']);
  });

  it('leaves out @handle mentions and names without a domain', () => {
    expect(foundOf('email', 'Thanks @NorwalkCity and @city.hall, ask bob@home or email me')).toEqual([]);
  });

  it('finds an address written in full-width letters to dodge filters', () => {
    const text = 'mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ now';
    expect(foundOf('email', text)).toEqual(['ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ']);
  });
});

describe('finding phone numbers', () => {
  it.each(['(562) 929-5700', '562-929-5700', '562.929.5700', '+1 562 929 5700', '5629295700', '1-562-929-5700'])('finds %s', (number) => {
    expect(foundOf('phone', `Call me at ${number} after 5.`)).toEqual([number]);
  });

  it('leaves out dates, ZIP+4 codes and card numbers', () => {
    const text = 'On 2026-11-24 at 90650-1234 I paid with 4111111111111111 and 4111-1111-1111-1111 and 5629 2957 0012 3456.';
    expect(foundOf('phone', text)).toEqual([]);
  });

  it('leaves out numbers that are part of a longer one', () => {
    expect(foundOf('phone', 'Order 56292957001 or 562-929-5700-12')).toEqual([]);
  });

  it('finds numbers written in full-width or other-script digits, or broken up by invisible characters', () => {
    const fullWidth = '５６２－９２９－５７００';
    const arabicIndic = '٥٦٢٩٢٩٥٧٠٠';
    const zeroWidth = '562\u200b-929\u200d-5700';
    const keycaps = '5️⃣6️⃣2️⃣9295700';
    const text = `Call ${fullWidth} or ${arabicIndic} or ${zeroWidth} or ${keycaps}`;
    expect(foundOf('phone', text)).toEqual([fullWidth, arabicIndic, zeroWidth, keycaps]);
  });
});

describe('finding street addresses', () => {
  it('finds a full address with its city, state and ZIP code', () => {
    const text = 'Come to 12700 Norwalk Blvd, Norwalk, CA 90650 tonight.';
    expect(foundOf('street_address', text)).toEqual(['12700 Norwalk Blvd, Norwalk, CA 90650']);
  });

  it('finds addresses with a unit number, and lower-case ones with a short suffix', () => {
    const text = 'He lives at 456 Elm Street Apt 4B, she at 12 Oak Way #12, and they at 123 main st';
    expect(foundOf('street_address', text)).toEqual(['456 Elm Street Apt 4B', '12 Oak Way #12', '123 main st']);
  });

  it('finds an address written over two lines', () => {
    const text = 'Mail it to\n12700 E. Imperial Hwy\nNorwalk, CA 90650-1234\nThanks';
    expect(foundOf('street_address', text)).toEqual(['12700 E. Imperial Hwy\nNorwalk, CA 90650-1234']);
  });

  it('leaves out ordinary sentences that happen to hold a number and a word like "way"', () => {
    expect(foundOf('street_address', 'I saw 3 cats on the way home, and 2 dogs in the lane.')).toEqual([]);
  });

  it('finds an address that begins inside a sentence it first mistook for one', () => {
    expect(foundOf('street_address', 'There are 3 ways to 12 Oak Way.')).toEqual(['12 Oak Way.']);
  });

  it('does not take the words after a street for a city when no state or ZIP code follows', () => {
    expect(foundOf('street_address', 'Meet at 100 Main St in the morning')).toEqual(['100 Main St']);
  });
});

describe('finding Social Security numbers', () => {
  it('finds numbers written with dashes or spaces', () => {
    expect(foundOf('ssn', 'Mine is 123-45-6789, his is 234 56 7890.')).toEqual(['123-45-6789', '234 56 7890']);
  });

  it('finds nine bare digits only when "SSN" or "social security" comes just before', () => {
    expect(foundOf('ssn', 'My SSN is 123456789.')).toEqual(['123456789']);
    expect(foundOf('ssn', 'social security number: 234567890')).toEqual(['234567890']);
    expect(foundOf('ssn', 'Order number 123456789 shipped.')).toEqual([]);
    expect(foundOf('ssn', 'SSN questions go to the office on the second floor, ticket 123456789')).toEqual([]);
  });

  it.each(['000-12-3456', '666-12-3456', '900-12-3456', '999-12-3456', '123-00-4567', '123-45-0000'])('leaves out %s, which is never issued', (number) => {
    expect(foundOf('ssn', `SSN ${number}`)).toEqual([]);
  });

  it('finds numbers in full-width digits', () => {
    expect(foundOf('ssn', 'SSN １２３－４５－６７８９')).toEqual(['１２３－４５－６７８９']);
  });
});

describe('findings together', () => {
  const text =
    '👩‍👩‍👧 Résumé: שלום ana.ruiz@example.com\u200b, call ５６２－９２９－５７００, SSN 123-45-6789, 12700 Norwalk Blvd, Norwalk, CA 90650 🇺🇸 e\u0301 (562) 929-5700';

  it('gives offsets into the original text, whatever emoji, accents, right-to-left or invisible characters come before', () => {
    expect(found(text)).toEqual([
      ['email', 'ana.ruiz@example.com'],
      ['phone', '５６２－９２９－５７００'],
      ['ssn', '123-45-6789'],
      ['street_address', '12700 Norwalk Blvd, Norwalk, CA 90650'],
      ['phone', '(562) 929-5700'],
    ]);
  });

  it('gives findings in order, never overlapping', () => {
    const findings = findSensitive(text);
    for (let n = 1; n < findings.length; n++) expect(findings[n]!.start).toBeGreaterThanOrEqual(findings[n - 1]!.end);
  });

  it('keeps the longer finding where two overlap', () => {
    expect(found('Write 5629295700@example.com')).toEqual([['email', '5629295700@example.com']]);
    expect(found('Write 5629295700@example.com', ['phone'])).toEqual([['phone', '5629295700']]);
  });

  it('looks only for the kinds asked for', () => {
    const kinds = new Set(findSensitive(text, ['phone', 'ssn']).map((finding) => finding.kind));
    expect([...kinds].sort()).toEqual(['phone', 'ssn']);
  });

  it('finds nothing in text without personal details', () => {
    expect(findSensitive('The park closes at 9 pm on 11/24. Great job, council! 👍')).toEqual([]);
    expect(findSensitive('')).toEqual([]);
  });
});

describe('hostile text', () => {
  // Each of these would hang the test run (and the app) if a pattern backtracked badly.
  const LENGTH = 100_000;
  const seeded = (chars: string) => {
    let state = 12345;
    return Array.from({ length: LENGTH }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return chars[state % chars.length];
    }).join('');
  };
  const hostile: Record<string, string> = {
    digits: '5'.repeat(LENGTH),
    dots: '.'.repeat(LENGTH),
    'at signs': '@'.repeat(LENGTH),
    spaces: ' '.repeat(LENGTH),
    'digits and dots': '1.'.repeat(LENGTH / 2),
    'digits and spaces': '1 '.repeat(LENGTH / 2),
    'letters and at signs': 'a@'.repeat(LENGTH / 2),
    'a long local part': `${'a.'.repeat(LENGTH / 2)}@`,
    'a long domain': `a@${'a-'.repeat(LENGTH / 2)}`,
    'many labels': `a@${'a.'.repeat(LENGTH / 2)}`,
    'a house number and nothing': `5${' '.repeat(LENGTH)}Main St`,
    'street words': '1 Main '.repeat(LENGTH / 7),
    'city words': `1 Main St${' Aa'.repeat(LENGTH / 3)}`,
    'full-width digits': '５'.repeat(LENGTH),
    'zero-width between digits': '5\u200b'.repeat(LENGTH / 2),
    'a mix of digits, dots, at signs and spaces': seeded('1.@ '),
    'a mix with letters and dashes': seeded('a1.@- '),
  };

  it.each(Object.keys(hostile))('gets through 100,000 characters of %s', (name) => {
    const text = hostile[name]!;
    const findings = findSensitive(text);
    for (const finding of findings) {
      expect(finding.start).toBeGreaterThanOrEqual(0);
      expect(finding.end).toBeLessThanOrEqual(text.length);
      expect(finding.end).toBeGreaterThan(finding.start);
    }
  });

  it('still finds a real address after 100,000 characters of noise', () => {
    const text = `${'@.'.repeat(LENGTH / 2)} jane@example.com ${'5 '.repeat(LENGTH / 2)}x 562-929-5700`;
    expect(found(text)).toEqual([
      ['email', 'jane@example.com'],
      ['phone', '562-929-5700'],
    ]);
  });
});

describe('proposing redactions', () => {
  const counsel = { userId: 'u-ortiz', name: 'City Attorney Ortiz' };
  const decidedAt = '2026-05-01T17:00:00.000Z';
  const content = 'Email jane@example.com or call 562-929-5700.';
  const notes = 'Poster gave 12700 Norwalk Blvd as home.';

  function ids(): () => string {
    let next = 0;
    return () => `proposal-${++next}`;
  }

  function span(text: string, part: string) {
    const start = text.indexOf(part);
    return { start, end: start + part.length };
  }

  function existing(overrides: Partial<TextRedaction>): TextRedaction {
    return {
      id: 'earlier',
      recordId: 'rem-1',
      exemptionId: 'gc-7927-700',
      proposedBy: { kind: 'person', person: counsel },
      review: { status: 'approved', by: counsel, at: decidedAt },
      kind: 'text',
      field: 'content',
      start: 0,
      end: 1,
      ...overrides,
    };
  }

  function propose(existingRedactions: readonly Redaction[]) {
    return proposeRedactions({
      recordId: 'rem-1',
      fields: [
        { field: 'content', text: content },
        { field: 'notes', text: notes },
      ],
      exemptionId: 'gc-7927-700',
      existing: existingRedactions,
      newId: ids(),
    });
  }

  it('proposes one redaction per finding, for counsel to review', () => {
    const proposals = propose([]);
    expect(proposals).toEqual([
      { id: 'proposal-1', recordId: 'rem-1', exemptionId: 'gc-7927-700', proposedBy: { kind: 'finder', finder: 'email' }, review: { status: 'proposed' }, kind: 'text', field: 'content', ...span(content, 'jane@example.com') },
      { id: 'proposal-2', recordId: 'rem-1', exemptionId: 'gc-7927-700', proposedBy: { kind: 'finder', finder: 'phone' }, review: { status: 'proposed' }, kind: 'text', field: 'content', ...span(content, '562-929-5700') },
      { id: 'proposal-3', recordId: 'rem-1', exemptionId: 'gc-7927-700', proposedBy: { kind: 'finder', finder: 'street_address' }, review: { status: 'proposed' }, kind: 'text', field: 'notes', ...span(notes, '12700 Norwalk Blvd') },
    ]);
    for (const proposal of proposals) expect(textRedactionSchema.parse(proposal)).toEqual(proposal);
  });

  it('does not propose what an approved or proposed redaction of the same field already covers', () => {
    const phone = span(content, '562-929-5700');
    const covering = [
      existing({ start: phone.start - 5, end: phone.end }),
      existing({ id: 'pending', field: 'notes', review: { status: 'proposed' }, ...span(notes, '12700 Norwalk Blvd') }),
    ];
    expect(propose(covering).map((proposal) => proposal.proposedBy)).toEqual([{ kind: 'finder', finder: 'email' }]);
  });

  it('still proposes what is only partly covered, or covered in another field or another record', () => {
    const phone = span(content, '562-929-5700');
    const notCovering = [
      existing({ start: phone.start, end: phone.end - 1 }),
      existing({ field: 'notes', ...span(content, 'jane@example.com') }),
      existing({ recordId: 'rem-2', ...span(notes, '12700 Norwalk Blvd'), field: 'notes' }),
    ];
    expect(propose(notCovering)).toHaveLength(3);
  });

  it('does not propose again what counsel rejected for exactly that span', () => {
    const rejected = existing({ review: { status: 'rejected', by: counsel, at: decidedAt }, ...span(content, 'jane@example.com') });
    expect(propose([rejected]).map((proposal) => content.slice(proposal.start, proposal.end))).not.toContain('jane@example.com');
    expect(propose([rejected])).toHaveLength(2);
  });

  it('proposes again when the rejected redaction covered a different span, since a rejection only answers what was asked', () => {
    const email = span(content, 'jane@example.com');
    const rejectedWider = existing({ review: { status: 'rejected', by: counsel, at: decidedAt }, start: 0, end: email.end });
    expect(propose([rejectedWider])).toHaveLength(3);
  });

  it('proposes nothing for fields without personal details', () => {
    const proposals = proposeRedactions({
      recordId: 'rem-1',
      fields: [{ field: 'content', text: 'The pool hours are wrong.' }],
      exemptionId: 'gc-7927-700',
      existing: [],
      newId: ids(),
    });
    expect(proposals).toEqual([]);
  });
});
