import { REMOVAL_TABLE, removalSchema, type Removal } from '../../../shared/removals/removal';
import type { Session } from '../vault/session';

/**
 * Decrypted removals for the rows on screen. A list of 100,000 decrypts only
 * the few dozen rows visible; the cache is bounded so scrolling through the
 * whole ledger does not pile plaintext up in memory. Rows asking in the same
 * moment are read from IndexedDB in one request: one transaction for a
 * screenful, not one per row.
 */
const LIMIT = 500;

export class RemovalCache {
  private readonly cache = new Map<string, Promise<Removal | null>>();
  private waiting = new Map<string, (removal: Removal | null) => void>();

  constructor(private readonly session: Pick<Session, 'db' | 'records'>) {}

  get(id: string): Promise<Removal | null> {
    let found = this.cache.get(id);
    if (found) {
      // Most recently used last, so the oldest is dropped first.
      this.cache.delete(id);
    } else {
      found = new Promise<Removal | null>((resolve) => {
        if (this.waiting.size === 0) queueMicrotask(() => void this.readWaiting());
        this.waiting.set(id, resolve);
      });
    }
    this.cache.set(id, found);
    if (this.cache.size > LIMIT) this.cache.delete(this.cache.keys().next().value!);
    return found;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  private async readWaiting(): Promise<void> {
    const batch = [...this.waiting];
    this.waiting = new Map();
    const rows = await this.session.db.records.bulkGet(batch.map(([id]) => id)).catch(() => batch.map(() => undefined));
    await Promise.all(
      batch.map(async ([, resolve], index) => {
        // An unreadable row shows as unreadable; it never stops the others.
        resolve(await this.session.records.read(REMOVAL_TABLE, rows[index], removalSchema).catch(() => null));
      }),
    );
  }
}
