import { z } from 'zod';
import { base64Schema } from '../encoding';

/**
 * The vault header: who may open the ledger. It holds no record content, only
 * the data key wrapped once per key slot (each named user's passphrase, and
 * the printed recovery key). Stored by main as vault/header.json, written
 * atomically and kept twice (header.json and header.backup.json).
 */
export const VAULT_FORMAT = 'records-ledger-vault';
export const VAULT_FORMAT_VERSION = 1;

/** Never weaker than this, whatever a header on disk says (DESIGN.md: ≥ 64 MiB, t=3). */
export const KDF_FLOOR = { memoryKiB: 64 * 1024, iterations: 3, parallelism: 1 } as const;

export const kdfParamsSchema = z.object({
  algorithm: z.literal('argon2id'),
  memoryKiB: z.number().int(),
  iterations: z.number().int(),
  parallelism: z.number().int().min(1).max(16),
  /** At least 16 random bytes, base64. */
  salt: base64Schema.min(22),
});
export type KdfParams = z.infer<typeof kdfParamsSchema>;

export const keySlotSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(['user', 'recovery']),
  /** The user this slot opens the ledger for; null for the recovery slot. */
  userId: z.string().min(1).max(64).nullable(),
  /** Shown on the unlock screen before anything is decrypted: the user's name, or "Recovery key". */
  label: z.string().min(1).max(200),
  kdf: kdfParamsSchema,
  /** The 32-byte data key, AES-256-GCM under the slot's key, additional data = slotAdditionalData(id). */
  wrapped: z.object({ nonce: base64Schema, ciphertext: base64Schema }),
  createdAt: z.iso.datetime(),
});
export type KeySlot = z.infer<typeof keySlotSchema>;

export const vaultHeaderSchema = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_FORMAT_VERSION),
  ledgerId: z.string().min(1).max(64),
  cityName: z.string().min(1).max(200),
  ledgerName: z.string().min(1).max(200),
  createdAt: z.iso.datetime(),
  slots: z.array(keySlotSchema).min(1),
});
export type VaultHeader = z.infer<typeof vaultHeaderSchema>;

export function slotAdditionalData(slotId: string): string {
  return `${VAULT_FORMAT}/v${VAULT_FORMAT_VERSION}/slot/${slotId}`;
}

export function kdfMeetsFloor(kdf: KdfParams): boolean {
  return kdf.memoryKiB >= KDF_FLOOR.memoryKiB && kdf.iterations >= KDF_FLOOR.iterations && kdf.parallelism >= KDF_FLOOR.parallelism;
}

export type HeaderParse = { ok: true; header: VaultHeader } | { ok: false; reason: 'not_a_vault' | 'unknown_version' | 'malformed' | 'weak_kdf'; message: string };

/**
 * Reads a header from untrusted JSON. An unknown format version is refused by
 * name; a slot whose KDF was weakened on disk is refused (someone lowered it
 * to make guessing cheaper).
 */
export function parseVaultHeader(value: unknown): HeaderParse {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== VAULT_FORMAT) {
    return { ok: false, reason: 'not_a_vault', message: 'This is not a Records Ledger vault header.' };
  }
  const version = (value as { version?: unknown }).version;
  if (version !== VAULT_FORMAT_VERSION) {
    return {
      ok: false,
      reason: 'unknown_version',
      // Only a number or text is quoted: String() of an object from disk can throw (a field named toString that is not a function).
      message: `This vault uses format version ${typeof version === 'number' || typeof version === 'string' ? version : '(unreadable)'}; this app reads vault format version ${VAULT_FORMAT_VERSION}. Use the version of Records Ledger that wrote it.`,
    };
  }
  const parsed = vaultHeaderSchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, reason: 'malformed', message: `The vault header is damaged (${parsed.error.issues[0]?.path.join('.') ?? 'unknown field'}).` };
  }
  const weak = parsed.data.slots.find((slot) => !kdfMeetsFloor(slot.kdf));
  if (weak) {
    return {
      ok: false,
      reason: 'weak_kdf',
      message: `The key slot "${weak.label}" asks for weaker passphrase protection than this app allows (at least ${KDF_FLOOR.memoryKiB / 1024} MiB and ${KDF_FLOOR.iterations} passes). It may have been tampered with; it is refused.`,
    };
  }
  return { ok: true, header: parsed.data };
}
