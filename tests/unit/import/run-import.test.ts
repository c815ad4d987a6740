import { describe, expect, it } from 'vitest';
import { readCsvForImport } from '../../../shared/export/csv';
import { planImport, type PlannedRemoval } from '../../../shared/import/import-plan';
import { guessMapping } from '../../../shared/import/removal-columns';
import { listingFromClear, posterTokenOf } from '../../../shared/removals/removal-listing';
import { REMOVAL_TABLE, type Attachment, type Removal } from '../../../shared/removals/removal';
import { ImportFailed, runImport } from '../../../renderer/src/import/run-import';
import type { SearchClient } from '../../../renderer/src/search/search-client';
import { fakeSession } from './fake-session';
import { clerkHeaders, clerkRow, csvBytes, planContext } from './fixtures';

const headers = [...clerkHeaders, 'Screenshots'];

function planned(rows: Record<string, string>[], screenshotFiles: string[] | null = null): PlannedRemoval[] {
  const sheet = readCsvForImport(csvBytes(rows, headers));
  const plan = planImport(sheet, guessMapping(sheet.columns), planContext({ screenshotFiles }));
  expect(plan.failed).toEqual([]);
  return plan.valid;
}

function storedAs(name: string): Attachment {
  return { attachmentId: `att-${name}`, fileName: name, mediaType: 'image/png', bytes: 2048, sha256: 'b'.repeat(64), kind: 'screenshot' };
}

describe('importing the checked rows', () => {
  it('saves every removal in exactly one batch, each with its listing and the row it came from', async () => {
    const { session, batches } = await fakeSession();
    const valid = planned([clerkRow(0), clerkRow(1, { Username: '' })]);
    const progress: string[] = [];
    const result = await runImport(valid, { session, fileName: 'log.csv', onProgress: (step) => progress.push(step.label) });

    expect(result).toEqual({ imported: 2 });
    expect(batches).toHaveLength(1);
    const [first, second] = batches[0]!;
    // New records under the ids the check drew: the ledger need not look for earlier versions of them.
    expect(first).toMatchObject({ table: REMOVAL_TABLE, recordId: valid[0]!.removal.id, reason: 'Imported from log.csv, row 2', isNew: true });
    expect(second?.reason).toBe('Imported from log.csv, row 3');
    const listing = listingFromClear(first!.recordId, first!.clear);
    expect(listing).toMatchObject({ siteId: 'site-fb', categoryIds: ['solicitation_of_commerce'], status: 'logged' });
    expect(listing?.posterToken).toBe(await posterTokenOf(session.keys.blindIndex, 'poster_0'));
    // An unknown username has no token: the poster is not guessed.
    expect(listingFromClear(second!.recordId, second!.clear)?.posterToken).toBeNull();
    expect(progress.at(-1)).toBe('Imported');
  });

  it('attaches the named screenshots before the batch', async () => {
    const { session, batches } = await fakeSession();
    const valid = planned([clerkRow(0, { Comment: '' }), clerkRow(1)].map((row, index) => ({ ...row, Screenshots: index === 0 ? 'a.png; b.png' : '' })), ['a.png', 'b.png']);
    const asked: string[] = [];
    await runImport(valid, { session, fileName: 'log.csv', attachFile: async (name) => (asked.push(name), storedAs(name)) });
    expect(asked).toEqual(['a.png', 'b.png']);
    expect((batches[0]![0]!.data as { attachments: Attachment[] }).attachments).toEqual([storedAs('a.png'), storedAs('b.png')]);
    expect(listingFromClear(batches[0]![0]!.recordId, batches[0]![0]!.clear)?.attachmentCount).toBe(2);
  });

  it('saves nothing when cancelled before it starts', async () => {
    const { session, batches } = await fakeSession();
    const controller = new AbortController();
    controller.abort();
    await expect(runImport(planned([clerkRow(0)]), { session, fileName: 'log.csv', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toEqual([]);
  });

  it('saves nothing when cancelled while screenshots are being stored, and stores no more of them', async () => {
    const { session, batches } = await fakeSession();
    const valid = planned([{ ...clerkRow(0), Screenshots: 'a.png' }, { ...clerkRow(1), Screenshots: 'b.png' }], ['a.png', 'b.png']);
    const controller = new AbortController();
    const asked: string[] = [];
    const attachFile = async (name: string) => {
      asked.push(name);
      controller.abort();
      return storedAs(name);
    };
    await expect(runImport(valid, { session, fileName: 'log.csv', attachFile, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(asked).toEqual(['a.png']);
    expect(batches).toEqual([]);
  });

  it('saves nothing when a screenshot cannot be stored, and says which row and file', async () => {
    const { session, batches } = await fakeSession();
    const valid = planned([clerkRow(0), { ...clerkRow(1), Screenshots: 'b.png' }], ['b.png']);
    const failure = runImport(valid, { session, fileName: 'log.csv', attachFile: async () => ({ error: 'The disk is full.' }) });
    await expect(failure).rejects.toBeInstanceOf(ImportFailed);
    await expect(failure).rejects.toThrow('Row 3: the screenshot “b.png” could not be stored: The disk is full. Nothing was imported.');
    expect(batches).toEqual([]);
  });

  it('says nothing was imported when the batch itself fails', async () => {
    const { session } = await fakeSession();
    (session.records as { saveAll: unknown }).saveAll = async () => {
      throw new Error('The disk is full.');
    };
    await expect(runImport(planned([clerkRow(0)]), { session, fileName: 'log.csv' })).rejects.toThrow('none of them was imported: The disk is full.');
  });

  it('tells search of every imported removal at once, and of none when the batch fails', async () => {
    const told: string[][] = [];
    const search = { upsertAll: (removals: readonly Removal[]) => told.push(removals.map((removal) => removal.id)) } as unknown as SearchClient;
    const { session } = await fakeSession();
    const valid = planned([clerkRow(0), clerkRow(1), clerkRow(2)]);
    await runImport(valid, { session: { ...session, search }, fileName: 'log.csv' });
    expect(told).toEqual([valid.map((row) => row.removal.id)]);

    (session.records as { saveAll: unknown }).saveAll = async () => {
      throw new Error('The disk is full.');
    };
    await expect(runImport(planned([clerkRow(3)]), { session: { ...session, search }, fileName: 'log.csv' })).rejects.toThrow(ImportFailed);
    expect(told).toHaveLength(1);
  });
});
