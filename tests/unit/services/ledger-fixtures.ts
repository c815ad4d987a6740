import { readdir, readFile } from 'node:fs/promises';
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

/** A repeatable stream of pseudo-random numbers in [0, 1) (mulberry32), so a failing seed can be run again. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that look like ciphertext: random, so a chunk of them is found only where they were written. */
export function randomBytesFrom(random: () => number, length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** What a search of the disk looks for: a stretch of the raw bytes, and a stretch of their base64 (as the journal writes them). */
export function traces(payload: Uint8Array): Buffer[] {
  const raw = Buffer.from(payload);
  return [raw.subarray(4, 4 + Math.min(32, raw.length - 8)), Buffer.from(raw.toString('base64').slice(8, 48), 'utf8')];
}

/** Every file under `folder` (at any depth) that holds any of `needles`. */
export async function filesHolding(folder: string, needles: Buffer[]): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    if (needles.some((needle) => bytes.includes(needle))) found.push(path);
  }
  return found;
}

/** The events the renderer seals to execute a disposition batch: one stub per record, then the batch's executed version. */
export function disposalEvents(batchId: string, recordIds: string[], options: { actor?: string; random?: () => number } = {}): NewEvent[] {
  const random = options.random ?? seededRandom(recordIds.length);
  const actor = options.actor ?? 'rita';
  return [
    ...recordIds.map((recordId) => ({ type: 'disposed.version', actor, recordId, payload: randomBytesFrom(random, 120) })),
    { type: 'disposition.version', actor, recordId: batchId, payload: randomBytesFrom(random, 200) },
  ];
}
