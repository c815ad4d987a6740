import { join } from 'node:path';
import type { NewEvent } from '../../../shared/journal/entry';
import type { KeySlot, VaultHeader } from '../../../shared/vault/header';

/** A vault header and events as the renderer would send them; the bytes are stand-ins for ciphertext. */
export const CREATED_AT = '2025-03-01T09:00:00.000Z';

export function slot(id: string, overrides: Partial<KeySlot> = {}): KeySlot {
  return {
    id,
    kind: 'user',
    userId: id,
    label: `Clerk ${id}`,
    kdf: { algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==' },
    wrapped: { nonce: 'bm9uY2Vub25jZW5v', ciphertext: 'Y2lwaGVydGV4dGNpcGhlcnRleHRjaXBoZXJ0ZXh0MTI=' },
    createdAt: CREATED_AT,
    ...overrides,
  };
}

export function recoverySlot(): KeySlot {
  return slot('recovery-1', { kind: 'recovery', userId: null, label: 'Recovery key' });
}

export function header(overrides: Partial<VaultHeader> = {}): VaultHeader {
  return {
    format: 'records-ledger-vault',
    version: 1,
    ledgerId: 'ledger-norwalk-1',
    cityName: 'City of Norwalk',
    ledgerName: 'Social Media Removals',
    createdAt: CREATED_AT,
    slots: [slot('alice'), recoverySlot()],
    ...overrides,
  };
}

/** `count` events with payloads of `payloadBytes` distinct bytes each. */
export function events(count: number, options: { payloadBytes?: number; first?: number; actor?: string } = {}): NewEvent[] {
  const size = options.payloadBytes ?? 48;
  return Array.from({ length: count }, (_, i) => {
    const n = (options.first ?? 0) + i;
    const payload = new Uint8Array(size);
    for (let b = 0; b < size; b++) payload[b] = (n * 31 + b * 7) & 0xff;
    return { type: 'record.version', actor: options.actor ?? 'alice', recordId: `rec-${n}`, payload };
  });
}

/** A clock the test moves by hand. */
export function manualClock(start = '2025-03-01T09:00:00.000Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
    set(iso: string) {
      current = new Date(iso).getTime();
    },
  };
}

export const vaultPaths = (dataDir: string) => ({
  vault: join(dataDir, 'vault'),
  header: join(dataDir, 'vault', 'header.json'),
  headerBackup: join(dataDir, 'vault', 'header.backup.json'),
  journal: join(dataDir, 'vault', 'journal'),
  segment: (n: number) => join(dataDir, 'vault', 'journal', `segment-${String(n).padStart(6, '0')}.jsonl`),
  attachments: join(dataDir, 'vault', 'attachments'),
});
