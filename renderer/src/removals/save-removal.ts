import { listingToClear, lookalikeTokenOf, posterTokenOf, removalListing } from '../../../shared/removals/removal-listing';
import { REMOVAL_TABLE, type Removal } from '../../../shared/removals/removal';
import type { Change } from '../ledger/record-store';
import type { Session } from '../vault/session';

/** A removal as one versioned record: the encrypted record plus the clear fields lists and filters use. */
export async function removalChange(session: Pick<Session, 'keys'>, removal: Removal, reason: string): Promise<Change> {
  const [token, lookalike] = await Promise.all([posterTokenOf(session.keys.blindIndex, removal.poster.username), lookalikeTokenOf(session.keys.blindIndex, removal.poster.username)]);
  return { table: REMOVAL_TABLE, recordId: removal.id, data: removal, clear: listingToClear(removalListing(removal, token, lookalike)), reason };
}

export async function saveRemoval(session: Session, removal: Removal, reason: string): Promise<{ version: number }> {
  const saved = await session.records.save(await removalChange(session, removal, reason));
  session.search?.upsert(removal);
  return { version: saved.version };
}
