import { describe, expect, it } from 'vitest';
import { searchDocumentOf, searchDocumentSchema, searchFields } from '../../../shared/search/search-document';
import { aRemoval, SHA } from '../removals/fixtures';

function allText(document: ReturnType<typeof searchDocumentOf>): string {
  return searchFields.map((field) => document[field]).join('\n');
}

describe('the text a removal is searched by', () => {
  it('gathers what was said, by whom, what staff wrote and the files kept', () => {
    const removal = aRemoval();
    removal.ocr = { text: 'BUY WATCHES TODAY', confirmedBy: 'Dana Clerk', confirmedAt: '2026-04-10T16:10:00.000Z' };
    removal.attachments.push({ attachmentId: 'att-2', fileName: 'original-export.pdf', mediaType: 'application/pdf', bytes: 5_000, sha256: SHA, kind: 'original' });
    const document = searchDocumentOf(removal);

    expect(document.id).toBe(removal.id);
    expect(document.content).toBe(removal.content);
    expect(document.parentContext).toBe('Street sweeping resumes Monday.');
    expect(document.poster.split('\n')).toEqual(['Watch Deals', 'watchdeals99']);
    expect(document.notes).toBe('Third such comment this week.');
    expect(document.screenshotText).toBe('BUY WATCHES TODAY');
    expect(document.permalink).toBe(removal.permalink);
    expect(document.reviewTrail).toBe('Remove as commercial solicitation.');
    expect(document.fileNames.split('\n')).toEqual(['comment.png', 'original-export.pdf']);
    expect(searchDocumentSchema.parse(document)).toEqual(document);
  });

  it('leaves out why an unknown part of the poster is unknown, so a name search does not match the explanation', () => {
    const removal = aRemoval();
    removal.poster.displayName = { unknown: true, reason: 'Account deleted by Watch Deals before capture.' };
    const document = searchDocumentOf(removal);
    expect(document.poster).toBe('watchdeals99');
    expect(allText(document)).not.toContain('Account deleted');
    expect(allText(document)).not.toContain('does not show it to page admins');
  });

  it('includes the reason counsel was not consulted, when it was not', () => {
    const removal = aRemoval();
    delete removal.reviewTrail.counsel;
    removal.reviewTrail.noCounselReason = 'The content expressly violated the Social Media Policy.';
    expect(searchDocumentOf(removal).reviewTrail).toBe('The content expressly violated the Social Media Policy.');
  });

  it('keeps hostile content exactly as written, as text', () => {
    const removal = aRemoval();
    removal.content = '<script>alert(1)</script> <img src=x onerror=alert(2)>';
    expect(searchDocumentOf(removal).content).toBe('<script>alert(1)</script> <img src=x onerror=alert(2)>');
  });

  it('has an empty field, not a missing one, for each part a record does not have', () => {
    const removal = aRemoval();
    delete removal.parentContext;
    delete removal.notes;
    delete removal.permalink;
    delete removal.reviewTrail.counsel;
    removal.attachments = [];
    removal.poster = {
      displayName: { unknown: true, reason: 'Deleted.' },
      username: { unknown: true, reason: 'Deleted.' },
      platformUserId: { unknown: true, reason: 'Deleted.' },
      profileUrl: { unknown: true, reason: 'Deleted.' },
    };
    const document = searchDocumentOf(removal);
    for (const field of ['parentContext', 'notes', 'permalink', 'reviewTrail', 'fileNames', 'poster', 'screenshotText'] as const) {
      expect(document[field], field).toBe('');
    }
    expect(searchDocumentSchema.safeParse(document).success).toBe(true);
  });
});
