import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import type { Session } from '../vault/session';

/**
 * Decrypted removals for the rows on screen. A list of 100,000 decrypts only
 * the few dozen rows visible; the cache is bounded so scrolling through the
 * whole ledger does not pile plaintext up in memory.
 */
const LIMIT = 500;

export class RemovalCache {
  private readonly cache = new Map<string, Promise<Removal | null>>();

  constructor(private readonly session: Session) {}

  get(id: string): Promise<Removal | null> {
    let found = this.cache.get(id);
    if (found) {
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(id);
    } else {
      found = this.session.records.get(REMOVAL_TABLE, id, removalSchema).catch(() => null);
    }
    this.cache.set(id, found);
    if (this.cache.size > LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return found;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }
}
