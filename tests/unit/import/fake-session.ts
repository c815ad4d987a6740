import type { ImportDeps } from '../../../renderer/src/import/run-import';
import type { Change } from '../../../renderer/src/ledger/record-store';

/** The slice of an unlocked session an import uses, with the ledger's batches recorded instead of saved. */
export async function fakeSession(): Promise<{ session: ImportDeps['session']; batches: Change[][] }> {
  const batches: Change[][] = [];
  const blindIndex = await crypto.subtle.importKey('raw', new Uint8Array(32).fill(7), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const records = {
    saveAll: async (changes: Change[]) => {
      batches.push(changes);
      return changes.map((change, index) => ({ recordId: change.recordId, version: 1, seq: index + 1 }));
    },
  };
  return { session: { records, keys: { blindIndex } } as unknown as ImportDeps['session'], batches };
}
