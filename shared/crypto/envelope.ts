import { utf8 } from '../encoding';
import { isAuthenticationFailure, withBufferSource } from './bytes';

/**
 * Payload envelope: how every record payload is encrypted under the ledger's
 * records key (see ledger-keys.ts).
 *
 *   [format version: 1 byte = 1][nonce: 12 bytes][AES-256-GCM ciphertext + 16-byte tag]
 *
 * The additional data binds the ciphertext to its place:
 * `records-ledger/payload/v1/<table>/<recordId>`. Main stores ciphertexts it
 * cannot read; without this binding, anyone with write access to the folder
 * could move one record's (valid) ciphertext onto another record, or from the
 * attachments table into the removals table, and it would decrypt cleanly.
 *
 * Nonces are 96 random bits passed in by the caller (shared/ draws no
 * randomness). At the scale of a city's ledger (far below 2^32 encryptions
 * under one key) random nonces do not collide in practice.
 */
export const PAYLOAD_FORMAT_VERSION = 1;
export const PAYLOAD_NONCE_BYTES = 12;
export const PAYLOAD_TAG_BYTES = 16;
/** Bytes an encrypted payload adds to its plaintext. */
export const PAYLOAD_OVERHEAD = 1 + PAYLOAD_NONCE_BYTES + PAYLOAD_TAG_BYTES;

export interface PayloadContext {
  /** The logical table the record lives in, e.g. "removals". Lower case, digits, '_', '-'; no '/'. */
  table: string;
  /** The record's id. */
  recordId: string;
}

export type PayloadUnreadableReason = 'unknown_version' | 'damaged_or_tampered';

/**
 * A payload that cannot be turned back into its plaintext. Carries the record
 * id so a rebuild or an export can name exactly which record is affected and
 * carry on with the others.
 */
export class PayloadUnreadable extends Error {
  override readonly name = 'PayloadUnreadable';
  readonly recordId: string;
  readonly table: string;
  readonly reason: PayloadUnreadableReason;
  /** The version byte found, when the reason is 'unknown_version'. */
  readonly foundVersion: number | null;

  constructor(context: PayloadContext, reason: PayloadUnreadableReason, detail: string, foundVersion: number | null = null) {
    super(`Record ${context.recordId} (${context.table}) cannot be read: ${detail}`);
    this.recordId = context.recordId;
    this.table = context.table;
    this.reason = reason;
    this.foundVersion = foundVersion;
  }
}

// '/' is excluded from table names so "<table>/<recordId>" can be split only
// one way: table "a/b" + id "c" must never equal table "a" + id "b/c".
const TABLE_NAME = /^[a-z][a-z0-9_-]{0,63}$/;

function checkContext(context: PayloadContext): void {
  if (!TABLE_NAME.test(context.table)) throw new TypeError(`Not a payload table name: ${JSON.stringify(context.table)}`);
  if (context.recordId.length === 0) throw new TypeError('A payload needs a record id.');
}

/** The additional data for one record's payload, for a given format version. */
export function payloadAdditionalData(context: PayloadContext, version: number = PAYLOAD_FORMAT_VERSION): Uint8Array<ArrayBuffer> {
  checkContext(context);
  return utf8(`records-ledger/payload/v${version}/${context.table}/${context.recordId}`);
}

export async function encryptPayload(
  key: CryptoKey,
  plaintext: Uint8Array,
  context: PayloadContext,
  nonce: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  if (nonce.length !== PAYLOAD_NONCE_BYTES) throw new RangeError(`A payload nonce is ${PAYLOAD_NONCE_BYTES} bytes; got ${nonce.length}.`);
  const iv = new Uint8Array(nonce);
  const additionalData = payloadAdditionalData(context);
  const sealed = await withBufferSource(plaintext, (data) =>
    crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData, tagLength: PAYLOAD_TAG_BYTES * 8 }, key, data),
  );
  const out = new Uint8Array(1 + PAYLOAD_NONCE_BYTES + sealed.byteLength);
  out[0] = PAYLOAD_FORMAT_VERSION;
  out.set(iv, 1);
  out.set(new Uint8Array(sealed), 1 + PAYLOAD_NONCE_BYTES);
  return out;
}

/**
 * Decrypts a payload for the record it claims to belong to. A wrong key, a
 * flipped bit anywhere, or a payload moved from another record all fail the
 * same GCM tag check and are reported as 'damaged_or_tampered'; they cannot be
 * told apart, by design.
 */
export async function decryptPayload(key: CryptoKey, bytes: Uint8Array, context: PayloadContext): Promise<Uint8Array<ArrayBuffer>> {
  checkContext(context);
  if (bytes.length === 0) throw new PayloadUnreadable(context, 'damaged_or_tampered', 'its encrypted payload is empty.');
  const version = bytes[0] as number;
  if (version !== PAYLOAD_FORMAT_VERSION) {
    const detail =
      version > PAYLOAD_FORMAT_VERSION
        ? `payload format version ${version} is newer than this app, which reads version ${PAYLOAD_FORMAT_VERSION}. Open the ledger with the version of Records Ledger that wrote it.`
        : `payload format version ${version} is not one this app knows (it reads version ${PAYLOAD_FORMAT_VERSION}).`;
    throw new PayloadUnreadable(context, 'unknown_version', detail, version);
  }
  if (bytes.length < PAYLOAD_OVERHEAD) {
    throw new PayloadUnreadable(context, 'damaged_or_tampered', `its encrypted payload is ${bytes.length} bytes, shorter than any valid one; it is damaged.`);
  }
  const iv = bytes.slice(1, 1 + PAYLOAD_NONCE_BYTES);
  const sealed = bytes.slice(1 + PAYLOAD_NONCE_BYTES);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: payloadAdditionalData(context, version), tagLength: PAYLOAD_TAG_BYTES * 8 },
      key,
      sealed,
    );
    return new Uint8Array(plain);
  } catch (error) {
    // Anything but a failed tag check (a key of the wrong kind, say) is a bug
    // in the caller, not damage to the record; let it surface as itself.
    if (!isAuthenticationFailure(error)) throw error;
    throw new PayloadUnreadable(
      context,
      'damaged_or_tampered',
      'its encrypted payload is damaged, was altered, or belongs to another record.',
    );
  }
}

export async function encryptJson(key: CryptoKey, value: unknown, context: PayloadContext, nonce: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('This value has no JSON form (undefined, a function or a symbol).');
  const plaintext = utf8(text);
  try {
    return await encryptPayload(key, plaintext, context, nonce);
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Returns the parsed JSON as `unknown`: the caller parses it with the record's
 * zod schema, because decrypting proves who wrote it, not that its shape is
 * the one this version of the app expects.
 */
export async function decryptJson(key: CryptoKey, bytes: Uint8Array, context: PayloadContext): Promise<unknown> {
  const plaintext = await decryptPayload(key, bytes, context);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as unknown;
  } catch {
    // Authentic but not JSON can only come from a writer bug; it is still
    // reported per record so one bad payload does not stop a rebuild.
    throw new PayloadUnreadable(context, 'damaged_or_tampered', 'its payload decrypted but is not valid UTF-8 JSON.');
  } finally {
    plaintext.fill(0);
  }
}
