import { isDeepStrictEqual } from 'node:util';
import type { ReadModelDatabase, VersionRow } from '../../../renderer/src/read-model/database';

/**
 * How the window's read model, kept across the crashes and brought up to
 * date by syncing, differs from one rebuilt from nothing but the journal.
 * They must not differ: whatever the window shows after a crash must be
 * what the journal says.
 */

/**
 * Once its payload is destroyed, the number a version carried is gone
 * from the journal: a rebuild writes 0 where the window still knows it, and
 * no screen reads it. Everything else about the row is compared.
 */
function comparableVersion(row: VersionRow) {
  const { destroyed, version, ...rest } = row;
  return { ...rest, version: destroyed ? 'destroyed' : version, destroyed: destroyed === true };
}

const show = (value: unknown) => {
  const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  return text === undefined ? 'nothing' : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

/** Only the fields that differ, so a difference reads in one line. */
function fieldsThatDiffer<T>(kept: T, rebuilt: T): string {
  const keys = new Set([...Object.keys(kept as object), ...Object.keys(rebuilt as object)]);
  return [...keys]
    .filter((key) => !isDeepStrictEqual((kept as Record<string, unknown>)[key], (rebuilt as Record<string, unknown>)[key]))
    .map((key) => `${key} is ${show((kept as Record<string, unknown>)[key])} in the window, ${show((rebuilt as Record<string, unknown>)[key])} in a rebuild`)
    .join('; ');
}

function differences<T>(table: string, kept: T[], rebuilt: T[], keyOf: (row: T) => string): string[] {
  const found: string[] = [];
  const rebuiltByKey = new Map(rebuilt.map((row) => [keyOf(row), row]));
  const keptKeys = new Set<string>();
  for (const row of kept) {
    const key = keyOf(row);
    keptKeys.add(key);
    const other = rebuiltByKey.get(key);
    if (other === undefined) found.push(`${table} ${key}: the window has ${show(row)}, a rebuild has nothing`);
    else if (!isDeepStrictEqual(row, other)) found.push(`${table} ${key}: ${fieldsThatDiffer(row, other)}`);
  }
  for (const [key, row] of rebuiltByKey) if (!keptKeys.has(key)) found.push(`${table} ${key}: the window has nothing, a rebuild has ${show(row)}`);
  return found;
}

export async function readModelDifferences(kept: ReadModelDatabase, rebuilt: ReadModelDatabase): Promise<string[]> {
  const [keptMeta, rebuiltMeta] = await Promise.all([kept.meta.get('state'), rebuilt.meta.get('state')]);
  const found: string[] = [];
  if (keptMeta?.lastSeq !== rebuiltMeta?.lastSeq || keptMeta?.ledgerId !== rebuiltMeta?.ledgerId) {
    found.push(`the window's read model is at seq ${keptMeta?.lastSeq} of ${keptMeta?.ledgerId}, a rebuild at seq ${rebuiltMeta?.lastSeq} of ${rebuiltMeta?.ledgerId}`);
  }
  const both = async <T>(read: (db: ReadModelDatabase) => Promise<T[]>) => Promise.all([read(kept), read(rebuilt)]);
  found.push(
    ...differences('record', ...(await both((db) => db.records.toArray())), (row) => row.id),
    ...differences('listing', ...(await both((db) => db.listings.toArray())), (row) => row.id),
    ...differences('version', ...(await both(async (db) => (await db.versions.toArray()).map(comparableVersion))), (row) => `${row.recordId}@${row.seq}`),
    ...differences('audit row', ...(await both((db) => db.audit.toArray())), (row) => String(row.seq)),
    ...differences('unreadable entry', ...(await both((db) => db.unreadable.toArray())), (row) => String(row.seq)),
  );
  return found;
}
