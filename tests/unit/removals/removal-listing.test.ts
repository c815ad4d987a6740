import { describe, expect, it } from 'vitest';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { listingFromClear, listingToClear, posterTokenOf, removalListing } from '../../../shared/removals/removal-listing';
import { aRemoval } from './fixtures';

describe('the clear listing of a removal', () => {
  it('survives the trip through the read model’s flat clear fields, several categories included', () => {
    const removal = aRemoval();
    removal.categories = [{ categoryId: 'threats' }, { categoryId: 'other_applicable_law', citation: 'Cal. Penal Code § 422' }];
    const listing = removalListing(removal, 'token');
    expect(listingFromClear(removal.id, listingToClear(listing))).toEqual(listing);
    expect(listing.categoryIds).toEqual(['threats', 'other_applicable_law']);
  });

  it('holds no content and no name of the poster', () => {
    const removal = aRemoval();
    const clear = JSON.stringify(listingToClear(removalListing(removal, null)));
    expect(clear).not.toContain(removal.content.slice(0, 20));
    if (typeof removal.poster.username === 'string') expect(clear).not.toContain(removal.poster.username);
  });

  it('gives the same poster token to "@JaneDoe" and "janedoe", and none to an unknown username', async () => {
    const keys = await deriveLedgerKeys(crypto.getRandomValues(new Uint8Array(32)), 'ledger-1');
    const a = await posterTokenOf(keys.blindIndex, '@JaneDoe');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await posterTokenOf(keys.blindIndex, 'janedoe')).toBe(a);
    expect(await posterTokenOf(keys.blindIndex, 'jane.doe')).not.toBe(a);
    expect(await posterTokenOf(keys.blindIndex, { unknown: true, reason: 'account deleted' })).toBeNull();
  });

  it('reads an unreadable row as nothing rather than a wrong listing', () => {
    expect(listingFromClear('x', { status: 'shredded' })).toBeNull();
  });
});
