import { utf8 } from '../encoding';
import { withBufferSource } from './bytes';

/**
 * The ledger's working keys, all derived from the one random 256-bit data key
 * that the key slots wrap (key-slots.ts). Each purpose gets its own key so that
 * no key is ever used by two algorithms: an HMAC tag made for the blind index
 * can never be replayed as an audit checkpoint MAC, and vice versa.
 *
 * HKDF-SHA-256, salt = the ledger id (so two ledgers that somehow shared a data
 * key still get unrelated sub-keys), info = one versioned string per purpose.
 * Changing any derivation means a new info string, never a changed meaning of
 * an old one: existing ciphertexts and index tokens depend on these.
 */
export const LEDGER_KEYS_VERSION = 1;
export const DATA_KEY_BYTES = 32;

export const LEDGER_KEY_INFO = {
  records: `records-ledger/hkdf/v${LEDGER_KEYS_VERSION}/records`,
  blindIndex: `records-ledger/hkdf/v${LEDGER_KEYS_VERSION}/blind-index`,
  audit: `records-ledger/hkdf/v${LEDGER_KEYS_VERSION}/audit`,
} as const;

export interface LedgerKeys {
  /** AES-256-GCM, encrypt/decrypt: every record payload and attachment (envelope.ts). */
  records: CryptoKey;
  /** HMAC-SHA-256, sign only: blind-index tokens for names and handles (blind-index.ts). */
  blindIndex: CryptoKey;
  /** HMAC-SHA-256, sign/verify: audit checkpoints (checkpoint.ts). */
  audit: CryptoKey;
}

/**
 * Derives the working keys. None is extractable: once this returns, the only
 * copy of key material JavaScript can read is `dataKeyBytes` itself.
 *
 * The caller owns `dataKeyBytes` and must wipe it (`dataKeyBytes.fill(0)`) as
 * soon as this resolves, unless it still has to wrap the data key into a new
 * key slot (setup, passphrase change), in which case it wipes it right after
 * that. This function does not wipe it, because those callers need it.
 */
export async function deriveLedgerKeys(dataKeyBytes: Uint8Array, ledgerId: string): Promise<LedgerKeys> {
  if (dataKeyBytes.length !== DATA_KEY_BYTES) throw new RangeError(`The data key is ${DATA_KEY_BYTES} bytes; got ${dataKeyBytes.length}.`);
  if (ledgerId.length === 0) throw new TypeError('A ledger id is needed to derive the ledger keys.');
  const base = await withBufferSource(dataKeyBytes, (raw) => crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']));
  const salt = utf8(ledgerId);
  const hkdf = (info: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) });

  const [records, blindIndex, audit] = await Promise.all([
    crypto.subtle.deriveKey(hkdf(LEDGER_KEY_INFO.records), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    crypto.subtle.deriveKey(hkdf(LEDGER_KEY_INFO.blindIndex), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    crypto.subtle.deriveKey(hkdf(LEDGER_KEY_INFO.audit), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign', 'verify']),
  ]);
  return { records, blindIndex, audit };
}
