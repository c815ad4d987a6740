import { describe, expect, it } from 'vitest';
import { RemovalCache } from '../../../renderer/src/removals/removal-cache';
import type { RecordRow } from '../../../renderer/src/read-model/database';
import { aRemoval } from './fixtures';

function fakeSession(rows: Record<string, RecordRow | undefined>) {
  const calls: string[][] = [];
  const session = {
    db: { records: { bulkGet: async (ids: string[]) => (calls.push(ids), ids.map((id) => rows[id])) } },
    records: {
      read: async (_table: string, row: RecordRow | undefined) => {
        if (!row) return null;
        if (row.id === 'damaged') throw new Error('damaged_or_tampered');
        return { ...aRemoval(), id: row.id };
      },
    },
  };
  return { session: session as unknown as ConstructorParameters<typeof RemovalCache>[0], calls };
}

const row = (id: string) => ({ id, table: 'removal' }) as RecordRow;

describe('the removals shown in the list', () => {
  it('are read from the local store in one request per screenful, not one per row', async () => {
    const { session, calls } = fakeSession({ a: row('a'), b: row('b'), c: row('c') });
    const cache = new RemovalCache(session);
    const found = await Promise.all(['a', 'b', 'c'].map((id) => cache.get(id)));
    expect(found.map((removal) => removal?.id)).toEqual(['a', 'b', 'c']);
    expect(calls).toEqual([['a', 'b', 'c']]);
    await cache.get('b');
    expect(calls).toHaveLength(1);
  });

  it('shows a damaged or missing record as unreadable without losing the rows around it', async () => {
    const { session } = fakeSession({ a: row('a'), damaged: row('damaged') });
    const cache = new RemovalCache(session);
    const found = await Promise.all(['a', 'damaged', 'gone'].map((id) => cache.get(id)));
    expect(found.map((removal) => removal?.id ?? null)).toEqual(['a', null, null]);
  });
});
