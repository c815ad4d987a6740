import { base64ToBytes, bytesToBase64, utf8 } from '../encoding';
import { KDF_FLOOR, kdfParamsSchema, slotAdditionalData, type KdfParams, type KeySlot } from '../vault/header';
import { isAuthenticationFailure, withBufferSource } from './bytes';
import { DATA_KEY_BYTES } from './ledger-keys';

/**
 * Key slots: the data key wrapped (AES-256-GCM) under a key derived by
 * Argon2id from one person's passphrase or from the printed recovery key.
 * The derivation itself runs in the renderer's KDF worker
 * (renderer/src/crypto/kdf.ts); this file only wraps and unwraps with its
 * 32-byte result. Additional data = slotAdditionalData(slot id), so a wrapped
 * key copied into another slot's entry does not open.
 */
export const SLOT_KEY_BYTES = 32;
export const SLOT_NONCE_BYTES = 12;
export const KDF_SALT_MIN_BYTES = 16;
const WRAPPED_BYTES = DATA_KEY_BYTES + 16;

export interface WrappedDataKey {
  nonce: string;
  ciphertext: string;
}

/** Thrown when a slot is structurally broken (not when the passphrase is wrong: that is `null`). */
export class KeySlotDamaged extends Error {
  override readonly name = 'KeySlotDamaged';
  constructor(
    readonly slotId: string,
    detail: string,
  ) {
    super(`Key slot ${slotId} is damaged: ${detail}`);
  }
}

/**
 * The same passphrase can reach us as different code points: macOS input
 * methods and some keyboards produce decomposed accents (NFD), most others
 * precomposed (NFC). Argon2 sees bytes, so without this "café" typed on one
 * machine would not open the ledger created on another. Nothing else is
 * changed: spaces and case are part of the passphrase.
 */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize('NFC');
}

function importSlotKey(slotKeyBytes: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  if (slotKeyBytes.length !== SLOT_KEY_BYTES) throw new RangeError(`A slot key is ${SLOT_KEY_BYTES} bytes; got ${slotKeyBytes.length}.`);
  return withBufferSource(slotKeyBytes, (raw) => crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [usage]));
}

export async function wrapDataKey(dataKeyBytes: Uint8Array, slotKeyBytes: Uint8Array, slotId: string, nonce: Uint8Array): Promise<WrappedDataKey> {
  if (dataKeyBytes.length !== DATA_KEY_BYTES) throw new RangeError(`The data key is ${DATA_KEY_BYTES} bytes; got ${dataKeyBytes.length}.`);
  if (nonce.length !== SLOT_NONCE_BYTES) throw new RangeError(`A slot nonce is ${SLOT_NONCE_BYTES} bytes; got ${nonce.length}.`);
  const key = await importSlotKey(slotKeyBytes, 'encrypt');
  const iv = new Uint8Array(nonce);
  const sealed = await withBufferSource(dataKeyBytes, (data) =>
    crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8(slotAdditionalData(slotId)) }, key, data),
  );
  return { nonce: bytesToBase64(iv), ciphertext: bytesToBase64(new Uint8Array(sealed)) };
}

/**
 * The 32 data-key bytes, or null when the slot key is not the one this slot
 * was wrapped with (a wrong passphrase or a mistyped recovery key). A wrong
 * passphrase is an everyday event, so it is a value, not an exception.
 * GCM cannot tell a wrong key from a damaged ciphertext of the right length;
 * both are null. Only structural damage (bad base64, wrong lengths) throws.
 *
 * The caller owns the returned bytes: derive the ledger keys, then wipe them.
 */
export async function unwrapDataKey(
  slot: Pick<KeySlot, 'id' | 'wrapped'>,
  slotKeyBytes: Uint8Array,
): Promise<Uint8Array<ArrayBuffer> | null> {
  let iv: Uint8Array<ArrayBuffer>;
  let sealed: Uint8Array<ArrayBuffer>;
  try {
    iv = base64ToBytes(slot.wrapped.nonce);
    sealed = base64ToBytes(slot.wrapped.ciphertext);
  } catch {
    throw new KeySlotDamaged(slot.id, 'its wrapped key is not valid base64.');
  }
  if (iv.length !== SLOT_NONCE_BYTES) throw new KeySlotDamaged(slot.id, `its nonce is ${iv.length} bytes, not ${SLOT_NONCE_BYTES}.`);
  if (sealed.length !== WRAPPED_BYTES) throw new KeySlotDamaged(slot.id, `its wrapped key is ${sealed.length} bytes, not ${WRAPPED_BYTES}.`);
  const key = await importSlotKey(slotKeyBytes, 'decrypt');
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: utf8(slotAdditionalData(slot.id)) },
      key,
      sealed,
    );
    return new Uint8Array(plain);
  } catch (error) {
    if (isAuthenticationFailure(error)) return null;
    throw error;
  }
}

export interface KdfCost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/**
 * The KDF parameters stored in a new slot: the calibrated cost, never below
 * KDF_FLOOR (a slow machine gets the floor even if it takes longer than the
 * calibration target; a weaker slot would be refused by parseVaultHeader).
 */
export function newKdfParams(salt: Uint8Array, calibrated: KdfCost): KdfParams {
  if (salt.length < KDF_SALT_MIN_BYTES) throw new RangeError(`A KDF salt is at least ${KDF_SALT_MIN_BYTES} bytes; got ${salt.length}.`);
  for (const name of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = calibrated[name];
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`KDF ${name} must be a positive integer; got ${String(value)}.`);
  }
  return kdfParamsSchema.parse({
    algorithm: 'argon2id',
    memoryKiB: Math.max(KDF_FLOOR.memoryKiB, calibrated.memoryKiB),
    iterations: Math.max(KDF_FLOOR.iterations, calibrated.iterations),
    parallelism: Math.max(KDF_FLOOR.parallelism, calibrated.parallelism),
    salt: bytesToBase64(salt),
  });
}
