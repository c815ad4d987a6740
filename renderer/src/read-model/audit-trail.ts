import { versionEventType } from '../../../shared/records/record-version';
import { versionsOf, type AuditRow, type ReadModelDatabase } from './database';

/**
 * One record's audit trail in journal order: each of its versions (kept as
 * version rows) and every other journal entry that names it.
 */
export async function auditTrailOf(db: ReadModelDatabase, table: string, recordId: string): Promise<AuditRow[]> {
  const [versions, others, unreadable] = await Promise.all([
    versionsOf(db, recordId).toArray(),
    db.audit.where('recordId').equals(recordId).toArray(),
    db.unreadable.filter((row) => row.recordId === recordId).toArray(),
  ]);
  const saved: AuditRow[] = versions.map((row) => ({ seq: row.seq, at: row.at, actor: row.actor, type: versionEventType(table), recordId }));
  // A version that could not be opened has no version row; its entry still belongs in the trail, said plainly.
  const unopened: AuditRow[] = unreadable.map((row) => ({ seq: row.seq, at: '', actor: '', type: `${row.type} (could not be read: ${row.reason})`, recordId }));
  return [...saved, ...others, ...unopened].sort((a, b) => a.seq - b.seq);
}

/** How many journal entries the read model has taken in: the journal numbers them from 1 without gaps. */
export async function journalEntriesRead(db: ReadModelDatabase): Promise<number> {
  return (await db.meta.get('state'))?.lastSeq ?? 0;
}
