import { checkAttachmentSize, identifyFile, quotedFileName, type SizeCheck } from '../../../shared/attachments/file-signature';
import { decryptPayload, encryptPayload, PAYLOAD_NONCE_BYTES, type PayloadContext } from '../../../shared/crypto/envelope';
import { bytesToHex } from '../../../shared/encoding';
import type { LedgerApi } from '../../../shared/ipc/ledger-api';
import { attachmentSchema, MAX_NAME_CHARACTERS, type Attachment, type attachmentKinds } from '../../../shared/removals/removal';
import { newId as randomId, randomBytes } from '../ledger/random';
import { decodeAttachment, type DecodeAttachment } from './decode-client';

/**
 * From a file the clerk picked, pasted or dropped to an attachment the record
 * can keep: the bytes are identified by their contents, decoded off the page's
 * thread, fingerprinted (SHA-256 of the original, exactly as received),
 * encrypted under the records key, and stored by main, which only ever sees
 * ciphertext. A thumbnail is stored the same way under its own id. A refused
 * file stores nothing.
 */

/** The payload table of attachment files; each id gets its own additional data, so stored files cannot be swapped. */
export const ATTACHMENT_TABLE = 'attachment';

export type AttachmentKind = (typeof attachmentKinds)[number];
/** 'by-contents': pictures are screenshots, PDFs are originals. */
export type AttachmentKindChoice = AttachmentKind | 'by-contents';

export interface AttachmentStorage {
  ledger: Pick<LedgerApi, 'attachmentPut' | 'attachmentGet'>;
  recordsKey: CryptoKey;
}

export interface PrepareAttachmentDeps extends AttachmentStorage {
  signal?: AbortSignal;
  /** Where images are proved to decode; the worker in the app, a stand-in in tests. */
  decode?: DecodeAttachment;
  /** Ids for the stored original and thumbnail; random in the app. */
  newId?: () => string;
}

export type PreparedAttachment = { ok: true; attachment: Attachment } | { ok: false; message: string };
export type PickedFile = { ok: true; file: { name: string; bytes: Uint8Array } } | { ok: false; message: string };

/** Refuses by size alone, so an oversized file is never read into memory. */
export function checkFileSize(name: string, size: number): SizeCheck {
  return checkAttachmentSize(name, size);
}

/** Reads a picked, pasted or dropped file, checking its size first. */
export async function readPickedFile(file: Blob & { name: string }): Promise<PickedFile> {
  const size = checkFileSize(file.name, file.size);
  if (!size.ok) return size;
  try {
    return { ok: true, file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } };
  } catch {
    return {
      ok: false,
      message: `${quotedFileName(file.name)} could not be read. It may have been moved or deleted, or still be downloading. Attach it again once it is in place.`,
    };
  }
}

/**
 * Identifies, checks, fingerprints, encrypts and stores one file. Resolves with
 * the metadata the record keeps, or with a message naming the file and saying
 * what to do. Rejects only when the signal aborts (with its reason).
 */
export async function prepareAttachment(
  file: { name: string; bytes: Uint8Array },
  kind: AttachmentKindChoice,
  deps: PrepareAttachmentDeps,
): Promise<PreparedAttachment> {
  const { bytes } = file;
  const fileName = cleanFileName(file.name);
  const identity = identifyFile(bytes, fileName);
  if (!identity.ok) return identity;
  const { mediaType } = identity;

  const makeId = deps.newId ?? randomId;
  const attachmentId = makeId();
  // Fingerprinting and encrypting run off the main thread while the worker decodes;
  // nothing is stored until the decode has passed, so a refusal still leaves nothing behind.
  const fingerprint = sha256Hex(bytes);
  const sealed = seal(attachmentId, bytes, deps);
  // Awaited below; marked handled so that a decode that throws first leaves no stray rejection.
  for (const pending of [fingerprint, sealed]) pending.catch(() => undefined);
  const decoded = await (deps.decode ?? decodeAttachment)(bytes, mediaType, deps.signal);
  if (!decoded.ok) return { ok: false, message: `${quotedFileName(fileName)} was not attached. ${decoded.message}` };
  const [sha256, sealedBytes] = await Promise.all([fingerprint, sealed]);
  deps.signal?.throwIfAborted();
  const thumbnailId = decoded.thumbnail ? makeId() : undefined;
  const parsed = attachmentSchema.safeParse({
    attachmentId,
    fileName,
    mediaType,
    bytes: bytes.length,
    sha256,
    kind: kind === 'by-contents' ? (mediaType === 'application/pdf' ? 'original' : 'screenshot') : kind,
    ...(thumbnailId ? { thumbnailId } : {}),
    ...(decoded.width && decoded.height ? { width: decoded.width, height: decoded.height } : {}),
  });
  // Checked before anything is stored, so a refusal leaves nothing behind.
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? `${quotedFileName(fileName)} could not be attached. Attach it again.` };

  // One after the other: a thumbnail is stored only once the picture it stands for is.
  const stored = await store(attachmentId, sealedBytes, deps);
  if (!stored.ok) return { ok: false, message: `${quotedFileName(fileName)} could not be saved: ${stored.message}` };
  if (decoded.thumbnail && thumbnailId) {
    const thumbnail = await storeEncrypted(thumbnailId, decoded.thumbnail, deps);
    decoded.thumbnail.fill(0);
    if (!thumbnail.ok) return { ok: false, message: `${quotedFileName(fileName)} could not be saved: ${thumbnail.message}` };
  }
  return { ok: true, attachment: parsed.data };
}

/**
 * The plaintext of a stored attachment or thumbnail. Throws with main's message
 * when it is not there, or PayloadUnreadable when the stored copy was altered.
 */
export async function readAttachment(id: string, deps: { ledger: Pick<LedgerApi, 'attachmentGet'>; recordsKey: CryptoKey }): Promise<Uint8Array<ArrayBuffer>> {
  const answer = await deps.ledger.attachmentGet({ id });
  if (!answer.ok) throw new Error(answer.error.message);
  return decryptPayload(deps.recordsKey, answer.value.bytes, attachmentContext(id));
}

/** The SHA-256 of the bytes, as lowercase hex: the fingerprint a record keeps as evidence. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() wants an ArrayBuffer-backed view; a copy also keeps a SharedArrayBuffer out of WebCrypto.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', view)));
}

function attachmentContext(id: string): PayloadContext {
  return { table: ATTACHMENT_TABLE, recordId: id };
}

function seal(id: string, plaintext: Uint8Array, deps: PrepareAttachmentDeps): Promise<Uint8Array> {
  return encryptPayload(deps.recordsKey, plaintext, attachmentContext(id), randomBytes(PAYLOAD_NONCE_BYTES));
}

async function store(id: string, sealed: Uint8Array, deps: PrepareAttachmentDeps): Promise<{ ok: true } | { ok: false; message: string }> {
  deps.signal?.throwIfAborted();
  const answer = await deps.ledger.attachmentPut({ id, bytes: sealed });
  return answer.ok ? { ok: true } : { ok: false, message: answer.error.message };
}

async function storeEncrypted(id: string, plaintext: Uint8Array, deps: PrepareAttachmentDeps): Promise<{ ok: true } | { ok: false; message: string }> {
  deps.signal?.throwIfAborted();
  return store(id, await seal(id, plaintext, deps), deps);
}

/**
 * A name the record can hold: without control characters (a name is shown and
 * printed as text), and short enough for the record, keeping its extension.
 */
function cleanFileName(name: string): string {
  const cleaned = name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim() || 'Unnamed file';
  if (cleaned.length <= MAX_NAME_CHARACTERS) return cleaned;
  const extension = /\.[A-Za-z0-9]{1,5}$/.exec(cleaned)?.[0] ?? '';
  return `${cleaned.slice(0, MAX_NAME_CHARACTERS - extension.length - 3)}...${extension}`;
}
