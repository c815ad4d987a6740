import Dexie, { type Table } from 'dexie';
import { decryptJson, encryptJson } from '../../../shared/crypto/envelope';
import { removalDraftSchema, type RemovalDraft } from '../../../shared/removals/removal-draft';
import { randomBytes } from '../ledger/random';

/**
 * Autosaved removal drafts, so nothing a clerk typed is lost to a crash, a
 * lock or a closed window. Drafts are encrypted like records but kept in their
 * own database: the read model is deleted and rebuilt from the journal
 * whenever it is damaged, and a draft is not in the journal until it is saved.
 */
interface DraftRow {
  id: string;
  actor: string;
  updatedAt: string;
  ciphertext: Uint8Array;
}

const DRAFT_TABLE = 'draft';

class DraftDatabase extends Dexie {
  drafts!: Table<DraftRow, string>;
  constructor(name: string) {
    super(name);
    this.version(1).stores({ drafts: 'id, actor, updatedAt' });
  }
}

export interface DraftSummary {
  id: string;
  updatedAt: string;
  draft: RemovalDraft;
}

export class DraftStore {
  private readonly db: DraftDatabase;

  constructor(
    ledgerId: string,
    private readonly recordsKey: CryptoKey,
    private readonly actor: string,
  ) {
    this.db = new DraftDatabase(`records-ledger-drafts-${ledgerId}`);
  }

  async save(draft: RemovalDraft, now: Date): Promise<void> {
    const ciphertext = await encryptJson(this.recordsKey, draft, { table: DRAFT_TABLE, recordId: draft.id }, randomBytes(12));
    await this.db.drafts.put({ id: draft.id, actor: this.actor, updatedAt: now.toISOString(), ciphertext });
  }

  async load(id: string): Promise<RemovalDraft | null> {
    const row = await this.db.drafts.get(id);
    if (!row) return null;
    return removalDraftSchema.parse(await decryptJson(this.recordsKey, row.ciphertext, { table: DRAFT_TABLE, recordId: id }));
  }

  /** This person's unfinished removals, newest first; a draft that cannot be opened is skipped, never deleted. */
  async mine(): Promise<DraftSummary[]> {
    const rows = await this.db.drafts.where('actor').equals(this.actor).toArray();
    const opened = await Promise.all(
      rows.map(async (row) => {
        try {
          const draft = removalDraftSchema.parse(await decryptJson(this.recordsKey, row.ciphertext, { table: DRAFT_TABLE, recordId: row.id }));
          return { id: row.id, updatedAt: row.updatedAt, draft };
        } catch {
          return null;
        }
      }),
    );
    return opened.filter((item): item is DraftSummary => item !== null).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async discard(id: string): Promise<void> {
    await this.db.drafts.delete(id);
  }

  /** The records every draft on this computer is for, whoever began it (for forgetting drafts of destroyed records). */
  recordIds(): Promise<string[]> {
    return this.db.drafts.toCollection().primaryKeys();
  }

  close(): void {
    this.db.close();
  }
}
