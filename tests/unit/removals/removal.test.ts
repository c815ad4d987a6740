import { describe, expect, it } from 'vitest';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_CONTENT_CHARACTERS,
  attachmentSchema,
  contentKinds,
  countCharacters,
  isUnknown,
  removalRuleProblems,
  removalSchema,
  type Removal,
} from '../../../shared/removals/removal';
import { recordVersionPayloadSchema } from '../../../shared/records/record-version';
import { aRemoval, LA, SHA } from './fixtures';

function problemsOf(record: unknown): { field: string; message: string }[] {
  const parsed = removalSchema.safeParse(record);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
}

function messageAt(record: unknown, field: string): string | undefined {
  return problemsOf(record).find((problem) => problem.field === field)?.message;
}

function edit(change: (record: Removal) => void): Removal {
  const record = aRemoval();
  change(record);
  return record;
}

describe('a complete removal record', () => {
  it('is accepted, unchanged', () => {
    expect(removalSchema.parse(aRemoval())).toEqual(aRemoval());
  });

  it('survives the trip through JSON a journal version makes', () => {
    const payload = recordVersionPayloadSchema.parse({
      format: 1,
      table: 'removal',
      recordId: 'rem-0001',
      version: 1,
      reason: 'created',
      clear: {},
      data: JSON.parse(JSON.stringify(aRemoval())),
    });
    expect(removalSchema.parse(payload.data)).toEqual(aRemoval());
  });

  it('accepts a poster known only in part, each gap explained', () => {
    const record = edit((r) => {
      r.poster = {
        displayName: { unknown: true, reason: 'Account deleted before capture.' },
        username: { unknown: true, reason: 'Account deleted before capture.' },
        platformUserId: { unknown: true, reason: 'Not shown to page admins.' },
        profileUrl: { unknown: true, reason: 'Account deleted before capture.' },
      };
    });
    expect(problemsOf(record)).toEqual([]);
    expect(isUnknown(record.poster.username)).toBe(true);
    expect(isUnknown('watchdeals99')).toBe(false);
  });

  it.each(contentKinds)('accepts content of kind %s', (kind) => {
    expect(problemsOf(edit((r) => (r.contentKind = kind)))).toEqual([]);
  });

  it('accepts a record awaiting a decision without the decision, counsel or removal time', () => {
    const record = edit((r) => {
      r.status = 'in_review';
      delete r.moments.removed;
      delete r.reviewTrail.managerNotified;
      delete r.reviewTrail.counsel;
      delete r.reviewTrail.decision;
    });
    expect(problemsOf(record)).toEqual([]);
  });

  it('accepts a removal without counsel when the reason is recorded', () => {
    const record = edit((r) => {
      delete r.reviewTrail.counsel;
      r.reviewTrail.noCounselReason = 'The content expressly violated the Social Media Policy.';
    });
    expect(problemsOf(record)).toEqual([]);
  });

  it('accepts a decision to leave it up, with no removal time', () => {
    const record = edit((r) => {
      delete r.moments.removed;
      r.reviewTrail.decision = { outcome: 'leave_up', carriedOutBy: 'Dana Clerk', at: { utc: '2026-04-10T18:00:00.000Z', zone: LA } };
    });
    expect(problemsOf(record)).toEqual([]);
  });

  it('accepts content held only in a screenshot, with its text read and checked', () => {
    const record = edit((r) => {
      r.content = '';
      r.links = { links: [], suspicious: [] };
      r.ocr = { text: 'Buy cheap watches', confirmedBy: 'Dana Clerk', confirmedAt: '2026-04-10T18:10:00.000Z' };
    });
    expect(problemsOf(record)).toEqual([]);
  });

  it('accepts every kind of file the issue allows', () => {
    for (const mediaType of ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'application/pdf'] as const) {
      expect(attachmentSchema.safeParse({ attachmentId: 'a', fileName: 'f', mediaType, bytes: 1, sha256: SHA, kind: 'original' }).success).toBe(true);
    }
  });
});

describe('the verbatim content', () => {
  it('is kept exactly, with its spaces, markup and invisible characters', () => {
    const hostile = '  <script>alert(1)</script><img src=x onerror=alert(1)> \u202Egnp.exe \u200B<style>*{}</style>\n';
    expect(removalSchema.parse(edit((r) => (r.content = hostile))).content).toBe(hostile);
  });

  it('may be 100,000 characters', () => {
    expect(messageAt(edit((r) => (r.content = 'x'.repeat(MAX_CONTENT_CHARACTERS))), 'content')).toBeUndefined();
  });

  it('is refused beyond 100,000 characters, saying to attach it as a file', () => {
    const message = messageAt(edit((r) => (r.content = 'x'.repeat(MAX_CONTENT_CHARACTERS + 1))), 'content');
    expect(message).toContain('100,001 characters');
    expect(message).toContain('at most 100,000');
    expect(message).toContain('Attach the full content as a file');
  });

  it('counts characters as people do, so emoji count once', () => {
    expect(countCharacters('😀')).toBe(1);
    expect(countCharacters('')).toBe(0);
    expect(messageAt(edit((r) => (r.content = '😀'.repeat(MAX_CONTENT_CHARACTERS))), 'content')).toBeUndefined();
  });

  it('must be given, unless a screenshot is attached', () => {
    const record = edit((r) => {
      r.content = '   ';
      r.attachments = [];
    });
    expect(messageAt(record, 'content')).toBe('Paste the content exactly as it was posted, or attach a screenshot of it.');
  });
});

describe('the poster, "when available"', () => {
  it('must have each part given, or marked unknown', () => {
    const record = edit((r) => {
      (r.poster as Record<string, unknown>).username = undefined;
    });
    expect(messageAt(record, 'poster.username')).toBe("Enter the poster's username or screen name, or mark it unknown and say why.");
  });

  it.each(['displayName', 'username', 'platformUserId', 'profileUrl'] as const)('refuses %s marked unknown without a reason', (part) => {
    const record = edit((r) => {
      r.poster[part] = { unknown: true, reason: '  ' };
    });
    expect(messageAt(record, `poster.${part}.reason`)).toMatch(/^Say why the poster's .+ is unknown/);
  });

  it('refuses a profile address that is not a web address', () => {
    expect(messageAt(edit((r) => (r.poster.profileUrl = 'javascript:alert(1)')), 'poster.profileUrl')).toBe(
      "The poster's profile address must be a web address starting with https:// or http://.",
    );
  });

  it('refuses a blank username rather than keeping an empty one', () => {
    expect(messageAt(edit((r) => (r.poster.username = '   ')), 'poster.username')).toBe("Enter the poster's username or screen name.");
  });
});

describe('the permalink', () => {
  it('is optional', () => {
    expect(problemsOf(edit((r) => delete r.permalink))).toEqual([]);
  });

  it.each(['javascript:alert(1)', 'ftp://example.com/x', 'data:text/html,hi', 'facebook.com/x'])('must be http or https, not %s', (permalink) => {
    expect(messageAt(edit((r) => (r.permalink = permalink)), 'permalink')).toBe('The permalink must be a web address starting with https:// or http://.');
  });
});

describe('the three moments', () => {
  it('refuses a removal before the posting, showing both times', () => {
    const record = edit((r) => {
      r.moments.removed = { utc: '2026-04-10T14:00:00.000Z', zone: LA };
      r.reviewTrail.decision!.at = { utc: '2026-04-10T14:00:00.000Z', zone: LA };
    });
    expect(messageAt(record, 'moments.removed')).toBe(
      'When it was removed (Apr 10, 2026, 7:00 AM PDT) is before it was posted (Apr 10, 2026, 8:00 AM PDT). Check both dates, times and time zones.',
    );
  });

  it('refuses staff seeing it before it was posted', () => {
    expect(messageAt(edit((r) => (r.moments.seen = { utc: '2026-04-10T14:59:00.000Z', zone: LA })), 'moments.seen')).toMatch(
      /^When staff saw it \(.+\) is before it was posted/,
    );
  });

  it('compares instants, so a time typed in another zone is judged correctly', () => {
    // 10:00 in New York is 7:00 in Los Angeles: before the 8:00 posting.
    const record = edit((r) => (r.moments.seen = { utc: '2026-04-10T14:00:00.000Z', zone: 'America/New_York' }));
    expect(messageAt(record, 'moments.seen')).toContain('(Apr 10, 2026, 10:00 AM EDT (America/New_York)) is before it was posted');
  });

  it('refuses a review step before the posting', () => {
    expect(messageAt(edit((r) => (r.reviewTrail.flagged.at = { utc: '2026-04-09T00:00:00.000Z', zone: LA })), 'reviewTrail.flagged.at')).toMatch(
      /^When it was flagged .+ is before it was posted/,
    );
  });

  it('accepts the same instant for posting and seeing', () => {
    expect(problemsOf(edit((r) => (r.moments.seen = { ...r.moments.posted })))).toEqual([]);
  });

  it('needs when it was posted and when staff saw it', () => {
    const record = edit((r) => delete (r.moments as Partial<Removal['moments']>).posted);
    expect(messageAt(record, 'moments.posted')).toBe('Enter when it was posted.');
  });

  it('refuses a time not stored as UTC', () => {
    expect(messageAt(edit((r) => (r.moments.posted = { utc: '2026-04-10T08:00:00-07:00', zone: LA })), 'moments.posted.utc')).toBe(
      'Enter when it was posted as a complete date and time.',
    );
  });
});

describe('attachments', () => {
  const file = { attachmentId: 'att', fileName: 'shot.png', mediaType: 'image/png', bytes: 1000, sha256: SHA, kind: 'screenshot' };

  it('refuses a 0-byte file, naming it', () => {
    expect(attachmentSchema.safeParse({ ...file, bytes: 0 }).error?.issues[0]?.message).toBe(
      '"shot.png" is empty (0 bytes), so there is nothing to keep. Attach the file again from where it was saved.',
    );
  });

  it('accepts exactly 25 MB and refuses 60 MB, saying the limit', () => {
    expect(attachmentSchema.safeParse({ ...file, bytes: MAX_ATTACHMENT_BYTES }).success).toBe(true);
    expect(attachmentSchema.safeParse({ ...file, bytes: 60 * 1024 * 1024 }).error?.issues[0]?.message).toBe(
      '"shot.png" is 60.0 MB; each file can be at most 25.0 MB. Attach a smaller screenshot, or split a PDF into parts.',
    );
  });

  it.each(['image/svg+xml', 'text/html', 'application/octet-stream', 'image/bmp'])('refuses %s, saying which kinds are allowed', (mediaType) => {
    const message = attachmentSchema.safeParse({ ...file, mediaType }).error?.issues[0]?.message;
    expect(message).toContain('Only PNG, JPEG, WebP and GIF images and PDF files can be attached');
    expect(message).toContain('SVG');
  });

  it('refuses a missing or upper-case fingerprint', () => {
    expect(attachmentSchema.safeParse({ ...file, sha256: 'A'.repeat(64) }).error?.issues[0]?.message).toContain('SHA-256 fingerprint');
    expect(attachmentSchema.safeParse({ ...file, sha256: undefined }).error?.issues[0]?.message).toContain('SHA-256 fingerprint');
  });

  it('reports the size even when another part of the file is wrong', () => {
    const messages = attachmentSchema.safeParse({ ...file, mediaType: 'text/html', bytes: 0 }).error?.issues.map((issue) => issue.message);
    expect(messages).toHaveLength(2);
  });

  it('reports problems under the attachment they belong to', () => {
    expect(messageAt(edit((r) => (r.attachments[0]!.bytes = 0)), 'attachments.0.bytes')).toContain('"comment.png" is empty');
  });
});

describe('categories', () => {
  it('needs at least one', () => {
    expect(messageAt(edit((r) => (r.categories = [])), 'categories')).toBe('Choose at least one policy category the content violated.');
  });

  it('needs a citation for other applicable law', () => {
    const record = edit((r) => (r.categories = [{ categoryId: 'threats' }, { categoryId: 'other_applicable_law', citation: '  ' }]));
    expect(messageAt(record, 'categories.1.citation')).toBe(
      'Other applicable law: enter the citation of the law relied on (for example Cal. Penal Code § 422).',
    );
  });

  it('accepts other applicable law with its citation', () => {
    const record = edit((r) => (r.categories = [{ categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }]));
    expect(problemsOf(record)).toEqual([]);
  });

  it('refuses the same category twice', () => {
    expect(messageAt(edit((r) => r.categories.push({ categoryId: 'solicitation_of_commerce' })), 'categories.1.categoryId')).toBe(
      'This policy category is chosen twice; remove one of them.',
    );
  });
});

describe('the viewpoint attestation', () => {
  it.each([false, undefined, 'true', 1])('must be literally true, not %j', (value) => {
    const record = edit((r) => ((r.attestation as Record<string, unknown>).notBasedOnViewpoint = value));
    expect(messageAt(record, 'attestation.notBasedOnViewpoint')).toBe(
      'The remover must confirm that the removal is not based on the viewpoint the content expressed.',
    );
  });

  it('must be there at all', () => {
    const record = edit((r) => delete (r as Partial<Removal>).attestation);
    expect(messageAt(record, 'attestation')).toContain('not based on the viewpoint');
  });

  it('names who attested', () => {
    expect(messageAt(edit((r) => (r.attestation.attestedBy = '')), 'attestation.attestedBy')).toBe(
      'Enter who confirmed the removal is not based on viewpoint.',
    );
  });
});

describe('the review trail', () => {
  it('needs who flagged it', () => {
    expect(messageAt(edit((r) => (r.reviewTrail.flagged.by = ' ')), 'reviewTrail.flagged.by')).toBe('Enter who flagged it.');
  });

  it('needs counsel consulted, or the reason not, once decided', () => {
    const record = edit((r) => delete r.reviewTrail.counsel);
    expect(messageAt(record, 'reviewTrail.counsel')).toContain('Record which counsel was consulted');
    expect(messageAt(record, 'reviewTrail.counsel')).toContain('expressly violated');
  });

  it('does not take both counsel consulted and a reason for not consulting', () => {
    expect(messageAt(edit((r) => (r.reviewTrail.noCounselReason = 'Expressly violated.')), 'reviewTrail.noCounselReason')).toBe(
      'Counsel was consulted, so clear the reason for not consulting counsel.',
    );
  });

  it('needs what counsel directed', () => {
    expect(messageAt(edit((r) => (r.reviewTrail.counsel!.direction = '')), 'reviewTrail.counsel.direction')).toBe('Enter the direction counsel gave.');
  });

  it('needs the City Manager or designee notified, once decided', () => {
    expect(messageAt(edit((r) => delete r.reviewTrail.managerNotified), 'reviewTrail.managerNotified')).toBe(
      'Record which City Manager or designee was notified, and when.',
    );
  });

  it('needs the decision once logged', () => {
    const record = edit((r) => {
      delete r.reviewTrail.decision;
      delete r.moments.removed;
    });
    expect(messageAt(record, 'reviewTrail.decision')).toContain('Record the decision (remove, restrict or leave up)');
  });

  it('refuses a decision that is not remove, restrict or leave up', () => {
    expect(messageAt(edit((r) => ((r.reviewTrail.decision as Record<string, unknown>).outcome = 'ban')), 'reviewTrail.decision.outcome')).toBe(
      'Choose the decision: remove, restrict or leave up.',
    );
  });

  it('needs when it was removed when the decision was to remove or restrict', () => {
    for (const outcome of ['remove', 'restrict'] as const) {
      const record = edit((r) => {
        delete r.moments.removed;
        r.reviewTrail.decision!.outcome = outcome;
      });
      expect(messageAt(record, 'moments.removed')).toBe('Enter when it was removed.');
    }
  });

  it('refuses a removal time when it was left up', () => {
    expect(messageAt(edit((r) => (r.reviewTrail.decision!.outcome = 'leave_up')), 'moments.removed')).toBe(
      'The decision was to leave it up, so clear when it was removed.',
    );
  });

  it('refuses a removal carried out at a different time from when it was removed', () => {
    const record = edit((r) => (r.reviewTrail.decision!.at = { utc: '2026-04-10T18:30:00.000Z', zone: LA }));
    expect(messageAt(record, 'reviewTrail.decision.at')).toContain('are the same event, so they must match');
  });
});

describe('status', () => {
  it('is awaiting a decision or logged, nothing else', () => {
    expect(problemsOf(edit((r) => ((r as Record<string, unknown>).status = 'deleted'))).map((problem) => problem.field)).toEqual(['status']);
  });
});

describe('every problem at once', () => {
  it('reports cross-field rules even when single fields are also wrong', () => {
    const record = edit((r) => {
      r.siteId = '';
      r.moments.seen = { utc: '2026-04-01T00:00:00.000Z', zone: LA };
    });
    expect(problemsOf(record).map((problem) => problem.field)).toEqual(['siteId', 'moments.seen']);
  });

  it('copes with rubbish without throwing', () => {
    for (const rubbish of [undefined, null, 42, 'removal', [], { moments: 'soon', categories: 'all', reviewTrail: [] }]) {
      expect(() => removalRuleProblems(rubbish)).not.toThrow();
      expect(removalSchema.safeParse(rubbish).success).toBe(false);
    }
  });
});
