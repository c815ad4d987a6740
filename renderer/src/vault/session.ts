import type { User } from '../../../shared/users/user';
import type { ReadModelDatabase } from '../read-model/database';
import type { RecordStore } from '../ledger/record-store';

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
  /** Set when the read model had to be rebuilt at unlock, to tell the person why. */
  rebuiltBecause: string | null;
  unreadable: Array<{ seq: number; recordId: string | null; reason: string }>;
  /** Aborted when the ledger locks: work still in flight stops before it changes anything more. */
  locked: AbortSignal;
  /** Locks this session: drops it for good. */
  end(): void;
}
