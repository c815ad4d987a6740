import { createHash } from 'node:crypto';
import type { JournalRecord } from '../../../shared/ipc/channels';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { entryHashInput, GENESIS_HASH } from '../../../shared/journal/entry';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The journal's chain, checked as it grows: after every operation only the
 * entries appended since the last check are read and each is checked against
 * its predecessor (sequence, previous hash, its own hash, its payload's hash).
 * That is the whole chain, one link at a time, for the cost of what changed.
 * What it cannot see (an entry rewritten behind the check, as a disposition
 * rewrites the payloads it destroys) is re-read on demand (`recheck`) and
 * covered by main's full verification every K operations.
 */
export class JournalChain {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  /** Every checked entry's hashes: what a later rewrite must leave as they were. */
  private readonly checked = new Map<number, { hash: string; payloadHash: string | null }>();

  constructor(private readonly ledger: LedgerApi) {}

  get head(): number {
    return this.lastSeq;
  }

  private async read(afterSeq: number, limit: number): Promise<{ entries: JournalRecord[]; headSeq: number }> {
    const read = await this.ledger.journalRead({ afterSeq, limit });
    if (!read.ok) throw new Error(`The journal could not be read after entry ${afterSeq}: ${read.error.message}`);
    return { entries: read.value.entries, headSeq: read.value.head.seq };
  }

  /** Checks every entry appended since the last call; throws naming the first broken link. Returns how many were new. */
  async checkNewEntries(): Promise<number> {
    let added = 0;
    for (;;) {
      const { entries, headSeq } = await this.read(this.lastSeq, 5_000);
      for (const entry of entries) {
        this.checkLink(entry);
        added += 1;
      }
      if (entries.length === 0 || this.lastSeq >= headSeq) {
        if (this.lastSeq !== headSeq) throw new Error(`The journal's head is entry ${headSeq}, but its entries end at ${this.lastSeq}.`);
        return added;
      }
    }
  }

  private checkLink(entry: JournalRecord): void {
    const where = `journal entry ${entry.seq}`;
    if (entry.seq !== this.lastSeq + 1) throw new Error(`${where} follows entry ${this.lastSeq}: the sequence has a gap or a repeat.`);
    if (entry.prevHash !== this.lastHash) throw new Error(`${where} does not name the hash of the entry before it.`);
    const { hash, payload, ...rest } = entry;
    if (sha256(entryHashInput(rest)) !== hash) throw new Error(`${where} does not match its own hash.`);
    if (payload && sha256(payload) !== entry.payloadHash) throw new Error(`${where}'s payload does not match its payload hash.`);
    this.checked.set(entry.seq, { hash, payloadHash: entry.payloadHash });
    this.lastSeq = entry.seq;
    this.lastHash = hash;
  }

  /**
   * Reads the given entries again: each must keep the hashes it was checked
   * with. Returns them, so the caller can see what a rewrite left of each.
   */
  async recheck(seqs: readonly number[]): Promise<JournalRecord[]> {
    const found: JournalRecord[] = [];
    for (const seq of [...seqs].sort((a, b) => a - b)) {
      const [entry] = (await this.read(seq - 1, 1)).entries;
      const before = this.checked.get(seq);
      if (!entry || entry.seq !== seq || !before) throw new Error(`Journal entry ${seq} is no longer in the journal.`);
      if (entry.hash !== before.hash || entry.payloadHash !== before.payloadHash) throw new Error(`Journal entry ${seq} changed its hashes after it was written.`);
      if (entry.payload && sha256(entry.payload) !== entry.payloadHash) throw new Error(`Journal entry ${seq}'s payload no longer matches its payload hash.`);
      found.push(entry);
    }
    return found;
  }
}
