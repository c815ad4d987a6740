import type { User } from '../../../shared/users/user';
import type { ReadModelDatabase } from '../read-model/database';
import type { RecordStore } from '../ledger/record-store';
import type { DraftStore } from '../removals/draft-store';
import type { SearchClient } from '../search/search-client';

/**
 * An unlocked ledger. It exists only between unlock and lock; locking drops it
 * (and with it every key and every decrypted value the screens hold).
 */
export interface LedgerKeys {
  records: CryptoKey;
  blindIndex: CryptoKey;
  audit: CryptoKey;
}

export interface Session {
  ledgerId: string;
  cityName: string;
  ledgerName: string;
  user: User;
  keys: LedgerKeys;
  db: ReadModelDatabase;
  records: RecordStore;
  /** Autosaved, encrypted removal drafts, kept apart from the rebuildable read model. */
  drafts: DraftStore;
  /** Full-text search over removals, in a worker; started at unlock, terminated at lock. */
  search: SearchClient | null;
  /** Set when the read model had to be rebuilt at unlock, to tell the person why. */
  rebuiltBecause: string | null;
  unreadable: Array<{ seq: number; recordId: string | null; reason: string }>;
  /** Aborted when the ledger locks: work still in flight stops before it changes anything more. */
  locked: AbortSignal;
  /** Locks this session: drops it for good. */
  end(): void;
}
