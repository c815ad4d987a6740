import { describe, expect, it } from 'vitest';
import { policyVersionSchema, type PolicyVersion } from '../../../shared/policy/norwalk-v1';
import { EXPRESS_VIOLATION_REASON, MAX_CONTENT_CHARACTERS, removalSchema } from '../../../shared/removals/removal';
import { draftFromRemoval, removalDraftSchema, type RemovalDraft } from '../../../shared/removals/removal-draft';
import { removalFromDraft, validateRemoval } from '../../../shared/removals/validate-removal';
import { aDraft, aRemoval, LA, now, policy } from './fixtures';

function edit(change: (draft: RemovalDraft) => void): RemovalDraft {
  const draft = aDraft();
  change(draft);
  return draft;
}

function problems(draft: RemovalDraft, context = { now, policy }) {
  return validateRemoval(draft, context);
}

function messagesAt(draft: RemovalDraft, field: string, context = { now, policy }): string[] {
  return problems(draft, context)
    .filter((problem) => problem.field === field)
    .map((problem) => problem.message);
}

describe('a complete draft', () => {
  it('has no problems', () => {
    expect(problems(aDraft())).toEqual([]);
  });

  it('becomes the record, with its times in UTC, links listed and policy version filled in', () => {
    const result = removalFromDraft(aDraft(), { now, policy });
    expect(result).toEqual({ ok: true, removal: aRemoval() });
    expect(result.ok && result.removal.links.links.map((link) => link.text)).toEqual(['www.example.com/deals']);
    expect(result.ok && removalSchema.parse(result.removal)).toBeTruthy();
  });

  it('comes back from a saved record unchanged, so a correction starts from what was saved', () => {
    const draft = draftFromRemoval(aRemoval());
    expect(removalDraftSchema.parse(JSON.parse(JSON.stringify(draft)))).toBeTruthy();
    expect(removalFromDraft(draft, { now, policy })).toEqual({ ok: true, removal: aRemoval() });
  });

  it('gives the same answer every time for the same draft, clock and policy', () => {
    const broken = edit((d) => (d.moments!.removed = { local: '2026-04-20T08:00', zone: LA }));
    expect(problems(broken)).toEqual(problems(broken));
  });
});

describe('the order of the three moments', () => {
  it('refuses a removal before the posting', () => {
    const draft = edit((d) => {
      d.moments!.removed = { local: '2026-04-10T07:00', zone: LA };
      d.reviewTrail!.decision!.at = { local: '2026-04-10T07:00', zone: LA };
    });
    expect(messagesAt(draft, 'moments.removed')).toEqual([
      'When it was removed (Apr 10, 2026, 7:00 AM PDT) is before it was posted (Apr 10, 2026, 8:00 AM PDT). Check both dates, times and time zones.',
    ]);
  });

  it('refuses staff seeing it before it was posted', () => {
    const draft = edit((d) => (d.moments!.seen = { local: '4/10/2026 7:59 AM', zone: LA }));
    expect(messagesAt(draft, 'moments.seen')[0]).toMatch(/^When staff saw it \(Apr 10, 2026, 7:59 AM PDT\) is before it was posted/);
  });

  it('judges times typed in different zones by the instant they mean', () => {
    // 10:30 in New York is 7:30 in Los Angeles, before the 8:00 posting.
    const draft = edit((d) => (d.moments!.seen = { local: '2026-04-10T10:30', zone: 'America/New_York' }));
    expect(messagesAt(draft, 'moments.seen')).toHaveLength(1);
    const later = edit((d) => (d.moments!.seen = { local: '2026-04-10T12:30', zone: 'America/New_York' }));
    expect(problems(later)).toEqual([]);
  });
});

describe('moments in the future', () => {
  it('refuses a removal in the future, saying what time it is now', () => {
    const draft = edit((d) => {
      d.moments!.removed = { local: '2026-04-20T08:00', zone: LA };
      d.reviewTrail!.decision!.at = { local: '2026-04-20T08:00', zone: LA };
    });
    expect(messagesAt(draft, 'moments.removed')).toEqual([
      'When it was removed (Apr 20, 2026, 8:00 AM PDT) is in the future; it is now Apr 15, 2026, 10:00 AM PDT. Check the date, the time and AM or PM, and the time zone.',
    ]);
  });

  it('judges the future against the clock passed in, not the computer clock', () => {
    const draft = edit((d) => (d.moments!.posted = { local: '2026-04-10T08:00', zone: LA }));
    expect(messagesAt(draft, 'moments.posted', { now: new Date('2026-04-10T14:59:00Z'), policy })[0]).toContain('is in the future');
    expect(messagesAt(draft, 'moments.posted', { now: new Date('2026-04-10T15:00:00Z'), policy })).toEqual([]);
  });

  it.each([
    ['moments.posted', (d: RemovalDraft) => (d.moments!.posted = { local: '2030-01-01T08:00', zone: LA })],
    ['moments.seen', (d: RemovalDraft) => (d.moments!.seen = { local: '2030-01-01T08:00', zone: LA })],
    ['reviewTrail.flagged.at', (d: RemovalDraft) => (d.reviewTrail!.flagged!.at = { local: '2030-01-01T08:00', zone: LA })],
    ['reviewTrail.managerNotified.at', (d: RemovalDraft) => (d.reviewTrail!.managerNotified!.at = { local: '2030-01-01T08:00', zone: LA })],
    ['reviewTrail.counsel.at', (d: RemovalDraft) => (d.reviewTrail!.counsel!.at = { local: '2030-01-01T08:00', zone: LA })],
  ] as const)('refuses %s in the future', (field, change) => {
    expect(messagesAt(edit(change), field).some((message) => message.includes('is in the future'))).toBe(true);
  });

  it('refuses text read from a screenshot marked checked in the future', () => {
    const draft = edit((d) => (d.ocr = { text: 'Buy watches', confirmedBy: 'Dana Clerk', confirmedAt: '2026-05-01T00:00:00.000Z' }));
    expect(messagesAt(draft, 'ocr.confirmedAt')[0]).toContain('in the future');
  });
});

describe('a time typed for a night the clocks changed', () => {
  it('refuses a posting time the clocks skipped, naming the field, and does not also say it is missing', () => {
    const draft = edit((d) => {
      d.moments!.posted = { local: '2026-03-08 02:30', zone: LA };
    });
    expect(messagesAt(draft, 'moments.posted')).toEqual([
      'When it was posted: 2:30 AM on March 8, 2026 did not happen in America/Los_Angeles: the clocks went forward that night and skipped it. Check the time on the site; it may have been 3:30 AM.',
    ]);
  });

  it('asks which 1:30 AM on the fall-back night, and accepts the answer', () => {
    const draft = edit((d) => {
      d.moments!.posted = { local: '2025-11-02 01:30', zone: LA };
    });
    expect(messagesAt(draft, 'moments.posted')[0]).toMatch(/^When it was posted: 1:30 AM on November 2, 2025 happened twice .+ Choose which one/);
    const answered = edit((d) => (d.moments!.posted = { local: '2025-11-02 01:30', zone: LA, choice: 'later' }));
    expect(problems(answered)).toEqual([]);
  });

  it('keeps the unreadable time in the draft, so nothing typed is lost', () => {
    const draft = edit((d) => (d.moments!.posted = { local: '2026-03-08 02:30', zone: LA }));
    expect(removalDraftSchema.parse(draft).moments?.posted).toEqual({ local: '2026-03-08 02:30', zone: LA });
  });

  it('names a review-trail time it cannot read', () => {
    const draft = edit((d) => (d.reviewTrail!.flagged!.at = { local: 'last Tuesday', zone: LA }));
    expect(messagesAt(draft, 'reviewTrail.flagged.at')[0]).toMatch(/^When it was flagged: "last Tuesday" is not a date and time/);
  });
});

describe('categories against the policy version', () => {
  it('refuses a category that is not in the policy version, naming the policy', () => {
    const draft = edit((d) => (d.categories = [{ categoryId: 'rudeness' }]));
    expect(messagesAt(draft, 'categories.0.categoryId')).toEqual([
      '"rudeness" is not a category in City of Norwalk Social Media Policy (version 1). Choose one of that policy\'s categories.',
    ]);
  });

  it('refuses other applicable law without a citation, once', () => {
    const draft = edit((d) => (d.categories = [{ categoryId: 'other_applicable_law', citation: '' }]));
    expect(messagesAt(draft, 'categories.0.citation')).toEqual([
      'Other applicable law: enter the citation of the law relied on (for example Cal. Penal Code § 422).',
    ]);
  });

  it('accepts other applicable law with its citation', () => {
    expect(problems(edit((d) => (d.categories = [{ categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }])))).toEqual([]);
  });

  it('follows a later policy version: its categories, and its rules on citations', () => {
    const v2: PolicyVersion = policyVersionSchema.parse({
      ...policy,
      id: 'norwalk-social-media-policy-v2',
      version: 2,
      effectiveDate: '2027-01-01',
      categories: policy.categories
        .filter((category) => category.id !== 'off_topic')
        .map((category) => (category.id === 'threats' ? { ...category, requiresCitation: true } : category)),
    });
    const draft = edit((d) => {
      d.policyVersionId = v2.id;
      d.categories = [{ categoryId: 'off_topic' }, { categoryId: 'threats' }];
    });
    const found = problems(draft, { now, policy: v2 });
    expect(found.map((problem) => problem.field)).toEqual(['categories.0.categoryId', 'categories.1.citation']);
    expect(found[0]?.message).toContain('(version 2)');
    expect(found[1]?.message).toBe('Threats of violence: enter the citation of the law relied on (for example Cal. Penal Code § 422).');
  });

  it('refuses a draft that names one policy version but is checked against another', () => {
    const draft = edit((d) => (d.policyVersionId = 'norwalk-social-media-policy-v9'));
    expect(messagesAt(draft, 'policyVersionId')[0]).toContain('Use the policy version that was in force when the content was removed');
  });

  it('needs at least one category', () => {
    expect(messagesAt(edit((d) => (d.categories = [])), 'categories')).toEqual(['Choose at least one policy category the content violated.']);
  });
});

describe('the viewpoint attestation', () => {
  it('refuses a removal without it', () => {
    expect(messagesAt(edit((d) => delete d.attestation), 'attestation')[0]).toContain('not based on the viewpoint');
  });

  it('refuses it unticked', () => {
    const draft = edit((d) => (d.attestation = { notBasedOnViewpoint: false, attestedBy: 'Dana Clerk' }));
    expect(messagesAt(draft, 'attestation.notBasedOnViewpoint')).toEqual([
      'The remover must confirm that the removal is not based on the viewpoint the content expressed.',
    ]);
  });
});

describe('counsel', () => {
  it('refuses a decided removal with neither counsel consulted nor a reason', () => {
    const draft = edit((d) => delete d.reviewTrail!.counsel);
    expect(messagesAt(draft, 'reviewTrail.counsel')[0]).toContain(`or, if counsel was not consulted, give the reason (usually: "${EXPRESS_VIOLATION_REASON}")`);
  });

  it('accepts the reason instead, treating an untouched counsel form as not filled in', () => {
    const draft = edit((d) => {
      d.reviewTrail!.counsel = { who: '', at: { local: '', zone: LA }, direction: '  ' };
      d.reviewTrail!.noCounselReason = EXPRESS_VIOLATION_REASON;
    });
    expect(problems(draft)).toEqual([]);
    const result = removalFromDraft(draft, { now, policy });
    expect(result.ok && result.removal.reviewTrail.counsel).toBeUndefined();
    expect(result.ok && result.removal.reviewTrail.noCounselReason).toBe(EXPRESS_VIOLATION_REASON);
  });

  it('asks for the rest of a half-filled counsel consultation', () => {
    const draft = edit((d) => (d.reviewTrail!.counsel = { who: 'City Attorney Ortiz', at: { local: '', zone: LA }, direction: '' }));
    expect(problems(draft)).toEqual([
      { field: 'reviewTrail.counsel.at', message: 'Enter when counsel was consulted.' },
      { field: 'reviewTrail.counsel.direction', message: 'Enter the direction counsel gave.' },
    ]);
  });
});

describe('the content', () => {
  it('refuses more than 100,000 characters with what to do, while the draft keeps every character', () => {
    const long = 'x'.repeat(MAX_CONTENT_CHARACTERS + 50_000);
    const draft = edit((d) => (d.content = long));
    expect(messagesAt(draft, 'content')).toEqual([
      'The content is too long to keep as text: 150,000 characters, and a record holds at most 100,000. Attach the full content as a file (for example a PDF) instead, and paste an excerpt here.',
    ]);
    expect(removalDraftSchema.parse(draft).content).toHaveLength(150_000);
  });

  it('keeps hostile content verbatim and lists its script links as suspicious', () => {
    const hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a> \u202Egnp.exe \u200B';
    const result = removalFromDraft(edit((d) => (d.content = hostile)), { now, policy });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.removal.content).toBe(hostile);
    expect(result.removal.links.links).toEqual([]);
    expect(result.removal.links.suspicious.map((link) => link.text)).toEqual(['javascript:alert(2)']);
  });
});

describe('the poster', () => {
  it('refuses a part marked unknown without a reason', () => {
    const draft = edit((d) => (d.poster!.username = { unknown: true, reason: '' }));
    expect(messagesAt(draft, 'poster.username.reason')[0]).toMatch(/^Say why the poster's username or screen name is unknown/);
  });

  it('asks for a part left blank to be entered or marked unknown', () => {
    const draft = edit((d) => (d.poster!.displayName = '  '));
    expect(messagesAt(draft, 'poster.displayName')).toEqual(["Enter the poster's display name, or mark it unknown and say why."]);
  });
});

describe('a draft awaiting a decision', () => {
  it('can be saved without the decision, counsel or removal time', () => {
    const draft = edit((d) => {
      d.status = 'in_review';
      delete d.moments!.removed;
      d.reviewTrail = { flagged: d.reviewTrail!.flagged };
    });
    expect(removalFromDraft(draft, { now, policy })).toMatchObject({ ok: true, removal: { status: 'in_review' } });
  });
});

describe('an empty or broken draft', () => {
  it('lists what is missing, top to bottom in the order of the form', () => {
    const fields = problems({ id: 'rem-0002' }).map((problem) => problem.field);
    expect(fields).toEqual([
      'siteId',
      'contentKind',
      'poster.displayName',
      'poster.username',
      'poster.platformUserId',
      'poster.profileUrl',
      'moments.posted',
      'moments.seen',
      'content',
      'categories',
      'attestation',
      'reviewTrail.flagged.by',
      'reviewTrail.flagged.at',
      'reviewTrail.counsel',
      'reviewTrail.managerNotified',
      'reviewTrail.decision',
    ]);
  });

  it('never shows a clerk a programmer\'s message', () => {
    const broken: RemovalDraft[] = [
      { id: 'rem-0002' },
      edit((d) => {
        d.contentKind = 'tweet';
        d.permalink = 'javascript:alert(1)';
        d.siteId = '';
        d.attachments = [{ fileName: 'evil.svg', mediaType: 'image/svg+xml', bytes: 0 }, { fileName: 'huge.png', mediaType: 'image/png', bytes: 60 * 1024 * 1024, sha256: 'a'.repeat(64), kind: 'screenshot', attachmentId: 'x' }];
        d.reviewTrail!.decision = { outcome: 'ban', carriedOutBy: '', at: { local: 'soon', zone: 'Mars/Base' } };
        d.ocr = { text: '' };
        d.categories = [{ categoryId: '' }];
      }),
    ];
    for (const draft of broken) {
      const found = problems(draft);
      expect(found.length).toBeGreaterThan(0);
      for (const problem of found) {
        expect(problem.message).not.toMatch(/Invalid input|expected|received|undefined/);
        expect(problem.message).toMatch(/^[A-Z"].*[.)]$/);
      }
    }
  });

  it('names the file when an attachment is refused', () => {
    const draft = edit((d) => (d.attachments = [{ attachmentId: 'x', fileName: 'huge.png', mediaType: 'image/png', bytes: 60 * 1024 * 1024, sha256: 'a'.repeat(64), kind: 'screenshot' }]));
    expect(messagesAt(draft, 'attachments.0.bytes')).toEqual(['"huge.png" is 60.0 MB; each file can be at most 25.0 MB. Attach a smaller screenshot, or split a PDF into parts.']);
  });

  it('refuses a permalink that is not a web address', () => {
    expect(messagesAt(edit((d) => (d.permalink = 'javascript:alert(1)')), 'permalink')).toEqual([
      'The permalink must be a web address starting with https:// or http://.',
    ]);
  });
});

describe('a correction', () => {
  it('keeps the retention series the record was assigned to (a lost series would put it back under the default, and it could be destroyed early)', () => {
    const assigned = { ...aRemoval(), seriesId: 'series-five-years' };
    const corrected = removalFromDraft({ ...draftFromRemoval(assigned), notes: 'Corrected the handle.' }, { now, policy });
    expect(corrected.ok && corrected.removal.seriesId).toBe('series-five-years');
  });

  it('leaves a record in no series where it had none', () => {
    const corrected = removalFromDraft(draftFromRemoval(aRemoval()), { now, policy });
    expect(corrected.ok).toBe(true);
    expect(corrected.ok && corrected.removal.seriesId).toBeUndefined();
  });
});
