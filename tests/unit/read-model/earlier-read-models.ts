import Dexie from 'dexie';

/**
 * A read model as version 3 of the app left it (before listings carried the
 * date lists order by, and while every version also had an audit row): to
 * prove the upgrade to the current version. Close it before opening the
 * current ReadModelDatabase under the same name.
 */
export function version3ReadModel(name: string): Dexie {
  const old = new Dexie(name);
  old.version(3).stores({
    meta: 'key',
    records: 'id, table, [table+updatedAt]',
    versions: '[recordId+seq], recordId, seq',
    audit: 'seq, recordId, type, actor',
    unreadable: 'seq',
    listings: 'id, table, clear.posterToken, clear.lookalikeToken',
  });
  return old;
}
