import { DISPOSED_TABLE } from '../../../shared/retention/disposition';
import type { Session } from '../vault/session';

/**
 * Forgets drafts of records that have since been destroyed, whoever began
 * them. Main may finish a disposition while no window watches (at its next
 * start after a crash, or after a reload mid-job), so the window's own
 * clean-up after the batch never ran; a draft holds the content, so it goes
 * with the record. Run at every unlock, after the read model has caught up.
 */
export async function discardDraftsOfDisposed(session: Pick<Session, 'db' | 'drafts'>): Promise<void> {
  const ids = await session.drafts.recordIds();
  if (!ids.length) return;
  const rows = await session.db.records.bulkGet(ids);
  for (const row of rows) if (row?.table === DISPOSED_TABLE) await session.drafts.discard(row.id);
}
