import type { ResponsiveRecord } from '../../../shared/cpra/request';
import { DISPOSED_TABLE } from '../../../shared/retention/disposition';
import { sha256Hex } from '../attachments/attachment-files';
import type { Session } from '../vault/session';
import { versionsOf } from '../read-model/database';

/** What became of an attached record since: the request must show a change or a destruction. */
export type ResponsiveState =
  | { kind: 'unchanged'; version: number }
  | { kind: 'changed'; version: number }
  | { kind: 'destroyed'; batch: string }
  | { kind: 'missing' };

export async function responsiveStates(session: Session, attached: readonly ResponsiveRecord[]): Promise<Map<string, ResponsiveState>> {
  const rows = await session.db.records.bulkGet(attached.map((record) => record.recordId));
  const states = new Map<string, ResponsiveState>();
  attached.forEach((record, index) => {
    const row = rows[index];
    if (!row) states.set(record.recordId, { kind: 'missing' });
    else if (row.table === DISPOSED_TABLE) states.set(record.recordId, { kind: 'destroyed', batch: String(row.clear.batchId ?? '') });
    else states.set(record.recordId, row.version === record.version ? { kind: 'unchanged', version: row.version } : { kind: 'changed', version: row.version });
  });
  return states;
}

export function describeState(state: ResponsiveState | undefined, attachedVersion: number): string {
  switch (state?.kind) {
    case 'unchanged':
      return `Version ${attachedVersion}, unchanged since it was attached.`;
    case 'changed':
      return `Changed since it was attached: version ${attachedVersion} was attached, the record is now at version ${state.version}. Review it and attach the current version before the disclosure is made.`;
    case 'destroyed':
      return 'Destroyed by a disposition batch since it was attached. It cannot be disclosed; the request keeps this note.';
    case 'missing':
      return 'No longer in the ledger’s index. Verify the ledger; it cannot be disclosed until it is found.';
    default:
      return 'Checking…';
  }
}

/** The version and payload hash to record when a record is attached (or re-attached at its current version). */
export async function currentSnapshot(session: Session, recordId: string): Promise<{ version: number; payloadHash: string } | null> {
  const row = await session.db.records.get(recordId);
  if (!row || row.table === DISPOSED_TABLE) return null;
  const versions = await versionsOf(session.db, recordId).toArray();
  const current = versions.find((version) => version.seq === row.seq);
  // Rows synced before the read model kept hashes: the current ciphertext is the journal payload, so its hash is the same.
  return { version: row.version, payloadHash: current?.payloadHash ?? (await sha256Hex(new Uint8Array(row.ciphertext))) };
}
