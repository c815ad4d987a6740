import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { encryptJson } from '../../../shared/crypto/envelope';
import { RECORD_VERSION_FORMAT, type RecordVersionPayload } from '../../../shared/records/record-version';
import { REMOVAL_TABLE, type Removal } from '../../../shared/removals/removal';
import { listingRowOf, ReadModelDatabase } from '../../../renderer/src/read-model/database';
import { buildIndexFromReadModel, RemovalIndex, wordsOf, type LoadProgress } from '../../../renderer/src/search/removal-index';
import { aRemoval } from '../removals/fixtures';

function removal(id: string, change: (r: Removal) => void = () => {}): Removal {
  const record = aRemoval();
  record.id = id;
  change(record);
  return record;
}

function indexOf(...removals: Removal[]): RemovalIndex {
  const index = new RemovalIndex();
  for (const r of removals) index.upsert(r);
  return index;
}

function found(index: RemovalIndex, query: string): string[] {
  return [...index.search(query).ids].sort();
}

const threat = removal('threat', (r) => {
  r.content = 'I will be waiting outside City Hall, this is a threat.';
  r.poster.displayName = 'Jane Q. Doe';
  r.poster.username = '@jdoe';
  r.notes = 'Forwarded to the police liaison.';
});
const spam = removal('spam', (r) => {
  r.content = 'Cheap watches, visit my shop.';
  r.poster.displayName = 'Watch Deals';
  r.poster.username = 'watch_deals99';
  r.ocr = { text: 'LIMITED OFFER on Rolexes', confirmedBy: 'Dana Clerk', confirmedAt: '2026-04-10T16:10:00.000Z' };
  r.notes = 'Third such comment this week.';
});
const accents = removal('accents', (r) => {
  r.content = 'Le café du Marché est fermé. Straße gesperrt.';
  r.poster.displayName = 'Zoë Ångström';
  r.poster.username = 'zoe.angstrom';
});

/** Every match, unranked, as ids, as the page turns the worker's numbers back into them. */
function everyMatchOf(index: RemovalIndex, query: string, limit: number): { ids: string[]; total: number } {
  const { numbers, total } = index.everyMatch(query, limit);
  const names = index.numberedFrom(0);
  return { ids: Array.from(numbers, (number) => names[number]!), total };
}

describe('searching removals', () => {
  const index = indexOf(threat, spam, accents);

  it('finds a removal by a word in its content', () => {
    expect(found(index, 'waiting')).toEqual(['threat']);
    expect(found(index, 'watches')).toEqual(['spam']);
  });

  it('finds as the clerk types: the start of a word is enough', () => {
    expect(found(index, 'thre')).toContain('threat');
    expect(index.search('thre').ids[0]).toBe('threat');
    expect(found(index, 'wai')).toEqual(['threat']);
    expect(found(index, 'rolex')).toEqual(['spam']);
  });

  it('finds the poster by username with or without the @, and by display name', () => {
    expect(found(index, '@jdoe')).toEqual(['threat']);
    expect(found(index, 'jdoe')).toEqual(['threat']);
    expect(found(index, 'watch_deals99')).toEqual(['spam']);
    expect(found(index, 'watchdeals')).toEqual(['spam']);
    expect(found(index, 'deals99')).toEqual(['spam']);
    expect(found(index, 'Jane Doe')).toEqual(['threat']);
  });

  it('finds an e-mail address or web address whole, as it is typed, and by its parts', () => {
    const addresses = indexOf(
      removal('email', (r) => (r.content = 'Write to jane.doe@example.com for the leaked files.')),
      removal('link', (r) => {
        r.content = 'Nice photo.';
        r.permalink = 'https://www.instagram.com/p/C7xYz12/?comment=998877';
      }),
    );
    expect(found(addresses, 'jane.doe@exa')).toEqual(['email']);
    expect(found(addresses, 'jane.doe@example.com')).toEqual(['email']);
    expect(found(addresses, 'janedoe')).toEqual(['email']);
    expect(found(addresses, 'example')).toEqual(['email']);
    expect(found(addresses, 'https://www.instagram.com/p/C7xYz12/?comment=998877')).toEqual(['link']);
    expect(found(addresses, 'c7xyz12')).toEqual(['link']);
  });

  it('indexes every handle and address joined, wherever it stands between spaces, and nothing joined where there is no "@"', () => {
    expect(wordsOf('Reply to email:Jane.Doe@Example.com\tor  @j_doe, a@b@c')).toEqual([
      'reply', 'to', 'email', 'jane', 'doe', 'example', 'com', 'or', 'j', 'doe', 'a', 'b', 'c',
      'email:jane.doe@example.com', 'emailjanedoeexamplecom',
      'j_doe', 'jdoe',
      'a@b@c', 'abc',
    ]);
    expect(wordsOf('see https://example.com/a-b and j.doe without one')).toEqual(['see', 'https', 'example', 'com', 'a', 'b', 'and', 'j', 'doe', 'without', 'one']);
  });

  it('finds text read from a screenshot, and notes', () => {
    expect(found(index, 'rolexes')).toEqual(['spam']);
    expect(found(index, 'police liaison')).toEqual(['threat']);
  });

  it('ignores capitals, accents and full-width letters', () => {
    expect(found(index, 'CAFE')).toEqual(['accents']);
    expect(found(index, 'marche ferme')).toEqual(['accents']);
    expect(found(index, 'zoe angstrom')).toEqual(['accents']);
    expect(found(index, 'strasse')).toEqual(['accents']);
    expect(found(index, 'ＴＨＲＥＡＴ')).toEqual(['threat']);
    expect(found(index, 'Café')).toEqual(['accents']);
  });

  it('requires every word typed to match', () => {
    expect(found(index, 'watches shop')).toEqual(['spam']);
    expect(found(index, 'watches police')).toEqual([]);
    expect(found(index, 'city hall')).toEqual(['threat']);
  });

  it('forgives a small typing mistake in a longer word, ranking it below exact matches', () => {
    expect(found(index, 'polise')).toEqual(['threat']);
    const ranked = indexOf(removal('typo', (r) => (r.content = 'parking permut')), removal('exact', (r) => (r.content = 'parking permit')));
    expect(ranked.search('permit').ids).toEqual(['exact', 'typo']);
  });

  it('does not guess at short words or numbers, where one wrong character is another word', () => {
    const strict = indexOf(removal('dog', (r) => (r.content = 'my dog, case 4521')));
    expect(found(strict, 'dog')).toEqual(['dog']);
    expect(found(strict, 'dig')).toEqual([]);
    expect(found(strict, '4521')).toEqual(['dog']);
    expect(found(strict, '4522')).toEqual([]);
  });

  it('finds nothing for an empty query or one with no words', () => {
    expect(index.search('')).toEqual({ ids: [], total: 0 });
    expect(index.search('   ')).toEqual({ ids: [], total: 0 });
    expect(index.search('?!-')).toEqual({ ids: [], total: 0 });
  });

  it('says how many match in all, while returning only as many as asked', () => {
    const many = indexOf(...Array.from({ length: 30 }, (_, i) => removal(`r${i}`, (r) => (r.content = `parking complaint number ${i}`))));
    const result = many.search('parking', 10);
    expect(result.total).toBe(30);
    expect(result.ids).toHaveLength(10);
    expect(new Set(result.ids).size).toBe(10);
  });

  it('finds every match unranked, in the order the records were indexed, for a list that sorts them by date itself', () => {
    const many = indexOf(
      ...Array.from({ length: 30 }, (_, i) => removal(`r${i}`, (r) => (r.content = i % 3 === 0 ? `Parking parking parking, ticket ${i}` : `parking complaint number ${i} about the lot on Firestone`))),
      removal('other', (r) => (r.content = 'pothole on Imperial Highway')),
    );
    const every = everyMatchOf(many, 'parking', 500_000);
    expect(every).toEqual({ ids: Array.from({ length: 30 }, (_, i) => `r${i}`), total: 30 });
    // The same records the ranked search finds, only not ranked: the shorter, repeated ones come first there.
    const ranked = many.search('parking', 500_000);
    expect([...ranked.ids].sort()).toEqual([...every.ids].sort());
    expect(ranked.ids[0]).toBe('r0');
    expect(ranked.ids).not.toEqual(every.ids);
    expect(everyMatchOf(many, 'parking', 4)).toEqual({ ids: ['r0', 'r1', 'r2', 'r3'], total: 30 });
  });

  it('finds every record with all the words after an edit, ranked or not, even a word every record has', () => {
    const edited = indexOf(removal('a', (r) => (r.content = 'dog')), removal('b', (r) => (r.content = 'dog')));
    edited.upsert(removal('a', (r) => (r.content = 'dog cat')));
    expect(edited.search('dog cat')).toEqual({ ids: ['a'], total: 1 });
    expect(everyMatchOf(edited, 'dog cat', 500_000)).toEqual({ ids: ['a'], total: 1 });
    expect(edited.search('dog').total).toBe(2);
  });

  it('ranks a record that says the word more, in a shorter text, higher', () => {
    const ranked = indexOf(
      removal('once', (r) => (r.content = 'The parade route changes on Sunday, and there will be detours across the whole of downtown for most of the day.')),
      removal('often', (r) => (r.content = 'Parade parade parade!')),
    );
    expect(ranked.search('parade').ids).toEqual(['often', 'once']);
  });
});

describe('hostile content', () => {
  it('is only text: a script tag is findable by its words', () => {
    const index = indexOf(removal('xss', (r) => (r.content = '<script>alert(1)</script><img src=x onerror="alert(2)">')));
    expect(found(index, 'script')).toEqual(['xss']);
    expect(found(index, 'onerror')).toEqual(['xss']);
    expect(found(index, '<script>')).toEqual(['xss']);
  });

  it('cannot hide a word from search behind invisible characters', () => {
    const index = indexOf(removal('hidden', (r) => (r.content = 'this is a thr\u200Beat and a k\u00ADill')));
    expect(found(index, 'threat')).toEqual(['hidden']);
    expect(found(index, 'kill')).toEqual(['hidden']);
  });
});

describe('keeping the index current', () => {
  it('replaces the text of an edited removal: the old word no longer finds it', () => {
    const index = indexOf(removal('edited', (r) => (r.content = 'original wording about potholes')));
    index.upsert(removal('edited', (r) => (r.content = 'corrected wording about streetlights')));
    expect(found(index, 'potholes')).toEqual([]);
    expect(found(index, 'streetlights')).toEqual(['edited']);
    expect(index.count).toBe(1);
  });

  it('stops finding a removed record', () => {
    const index = indexOf(threat, spam);
    index.remove('threat');
    expect(found(index, 'threat')).toEqual([]);
    expect(found(index, 'cheap')).toEqual(['spam']);
    expect(index.count).toBe(1);
    index.remove('not-there');
    expect(index.count).toBe(1);
  });

  it('stays right after many edits, once old entries are tidied away', () => {
    const index = indexOf(...Array.from({ length: 20 }, (_, i) => removal(`r${i}`, (r) => (r.content = `steady text ${i}`))));
    for (let edit = 0; edit < 1_500; edit++) index.upsert(removal('r0', (r) => (r.content = `draft number w${edit}`)));
    expect(found(index, 'w1499')).toEqual(['r0']);
    expect(found(index, 'w1498')).toEqual([]);
    expect(index.search('steady').total).toBe(19);
    expect(index.count).toBe(20);
  });
});

describe('building the index from the read model', () => {
  let db: ReadModelDatabase | null = null;
  afterEach(async () => {
    if (db) {
      db.close();
      await db.delete();
      db = null;
    }
  });

  const newKey = () => crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  let seq = 0;

  async function row(key: CryptoKey, table: string, id: string, data: unknown) {
    const payload: RecordVersionPayload = { format: RECORD_VERSION_FORMAT, table, recordId: id, version: 1, reason: 'created', clear: {}, data };
    const ciphertext = await encryptJson(key, payload, { table, recordId: id }, crypto.getRandomValues(new Uint8Array(12)));
    seq++;
    return { id, table, version: 1, createdAt: '2026-04-10T18:00:00.000Z', updatedAt: '2026-04-10T18:00:00.000Z', updatedBy: 'dana', seq, clear: {}, ciphertext };
  }

  it('decrypts every removal row, counts the ones it cannot read, and reports progress', async () => {
    db = new ReadModelDatabase(`search-test-${crypto.randomUUID()}`);
    const key = await newKey();
    const otherKey = await newKey();
    const rows = [
      ...(await Promise.all(Array.from({ length: 5 }, (_, i) => row(key, REMOVAL_TABLE, `ok${i}`, removal(`ok${i}`, (r) => (r.content = `sidewalk repair request ${i}`)))))),
      await row(otherKey, REMOVAL_TABLE, 'wrong-key', removal('wrong-key')),
      await row(key, REMOVAL_TABLE, 'not-a-removal', { title: 'a note' }),
      await row(key, 'note', 'a-note', { title: 'sidewalk' }),
    ];
    await db.records.bulkPut(rows);
    // As RecordStore writes them: a listing beside each record, which is what the total counts.
    await db.listings.bulkPut(rows.map(listingRowOf));

    const index = new RemovalIndex();
    const progress: LoadProgress[] = [];
    const outcome = await buildIndexFromReadModel(index, db, key, { pageSize: 3, onProgress: (p) => progress.push(p) });

    expect(outcome).toEqual({ count: 5, unreadable: 2 });
    expect(index.search('sidewalk').total).toBe(5);
    // Progress counts the rows read, the note's among them.
    expect(progress[0]).toEqual({ done: 0, total: 8 });
    expect(progress.at(-1)).toEqual({ done: 8, total: 8 });
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('keeps a change that arrives while it is loading, rather than the older row', async () => {
    db = new ReadModelDatabase(`search-test-${crypto.randomUUID()}`);
    const key = await newKey();
    await db.records.bulkPut([
      await row(key, REMOVAL_TABLE, 'a', removal('a', (r) => (r.content = 'old wording'))),
      await row(key, REMOVAL_TABLE, 'b', removal('b', (r) => (r.content = 'pigeons everywhere'))),
    ]);
    const index = new RemovalIndex();
    await buildIndexFromReadModel(index, db, key, {
      pageSize: 1,
      onProgress: ({ done }) => {
        if (done === 0) {
          index.upsert(removal('a', (r) => (r.content = 'new wording')));
          index.remove('b');
        }
      },
    });
    expect(found(index, 'old')).toEqual([]);
    expect(found(index, 'new')).toEqual(['a']);
    expect(found(index, 'pigeons')).toEqual([]);
    // Once loaded, a later load of the same rows is an ordinary refresh again.
    await buildIndexFromReadModel(index, db, key);
    expect(found(index, 'old')).toEqual(['a']);
  });

  it('finishes with an empty index when there are no removals', async () => {
    db = new ReadModelDatabase(`search-test-${crypto.randomUUID()}`);
    const index = new RemovalIndex();
    expect(await buildIndexFromReadModel(index, db, await newKey())).toEqual({ count: 0, unreadable: 0 });
    expect(index.search('anything')).toEqual({ ids: [], total: 0 });
  });
});
