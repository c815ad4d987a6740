import { z } from 'zod';
import { bytesToHex, hexSha256Schema, utf8 } from '../encoding';

/**
 * An audit checkpoint: "at seq N the journal's head hash was H", MACed with
 * the ledger's audit key (ledger-keys.ts). The hash chain alone shows that a
 * journal is self-consistent; someone with write access to the folder could
 * still rewrite it from some point on and recompute every hash. They cannot
 * recompute a checkpoint MAC without the key, so a rewritten journal
 * disagrees with the checkpoints kept alongside it (or printed, or backed up).
 */
export const CHECKPOINT_FORMAT = 'records-ledger-checkpoint';
export const CHECKPOINT_FORMAT_VERSION = 1;

const hexMacSchema = z.string().regex(/^[0-9a-f]{64}$/, 'not an HMAC-SHA-256 hex tag');

export const checkpointFieldsSchema = z.strictObject({
  ledgerId: z.string().min(1).max(64),
  seq: z.number().int().min(0),
  hash: hexSha256Schema,
  createdAt: z.iso.datetime(),
});
export type CheckpointFields = z.infer<typeof checkpointFieldsSchema>;

// Strict: a field the MAC does not cover must not ride along looking authentic.
export const checkpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_FORMAT_VERSION),
  ...checkpointFieldsSchema.shape,
  mac: hexMacSchema,
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export type CheckpointVerification =
  | { ok: true; checkpoint: Checkpoint }
  | { ok: false; reason: 'not_a_checkpoint' | 'unknown_version' | 'malformed' | 'other_ledger' | 'bad_mac'; message: string };

/**
 * The bytes the MAC covers: every field but `mac`, as JSON with keys in sorted
 * order. Built field by field rather than by serialising the input object, so
 * the bytes do not depend on the order in which a parser delivered the keys.
 */
export function checkpointMacInput(fields: CheckpointFields): Uint8Array<ArrayBuffer> {
  return utf8(
    JSON.stringify({
      createdAt: fields.createdAt,
      format: CHECKPOINT_FORMAT,
      hash: fields.hash,
      ledgerId: fields.ledgerId,
      seq: fields.seq,
      version: CHECKPOINT_FORMAT_VERSION,
    }),
  );
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** `createdAt` is passed in: shared/ has no clock. */
export async function signCheckpoint(auditKey: CryptoKey, fields: CheckpointFields): Promise<Checkpoint> {
  const checked = checkpointFieldsSchema.parse(fields);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', auditKey, checkpointMacInput(checked)));
  return { format: CHECKPOINT_FORMAT, version: CHECKPOINT_FORMAT_VERSION, ...checked, mac: bytesToHex(mac) };
}

/**
 * Checks an untrusted checkpoint against this ledger. The ledger id is checked
 * before the MAC so that a checkpoint copied from another ledger is named as
 * such rather than reported as forged (its MAC would fail too: the audit key
 * is derived with the ledger id as salt).
 */
export async function verifyCheckpoint(auditKey: CryptoKey, value: unknown, expectedLedgerId: string): Promise<CheckpointVerification> {
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== CHECKPOINT_FORMAT) {
    return { ok: false, reason: 'not_a_checkpoint', message: 'This is not a Records Ledger audit checkpoint.' };
  }
  const version = (value as { version?: unknown }).version;
  if (version !== CHECKPOINT_FORMAT_VERSION) {
    return {
      ok: false,
      reason: 'unknown_version',
      message: `This checkpoint uses checkpoint format version ${JSON.stringify(version) ?? 'none'}; this app reads checkpoint format version ${CHECKPOINT_FORMAT_VERSION}. Check it with the version of Records Ledger that wrote it.`,
    };
  }
  const parsed = checkpointSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : '') : '';
    return { ok: false, reason: 'malformed', message: `The checkpoint is damaged (${where || 'unknown field'}).` };
  }
  const checkpoint = parsed.data;
  if (checkpoint.ledgerId !== expectedLedgerId) {
    return {
      ok: false,
      reason: 'other_ledger',
      message: `This checkpoint belongs to ledger ${checkpoint.ledgerId}, not to this ledger (${expectedLedgerId}).`,
    };
  }
  const authentic = await crypto.subtle.verify('HMAC', auditKey, hexToBytes(checkpoint.mac), checkpointMacInput(checkpoint));
  if (!authentic) {
    return {
      ok: false,
      reason: 'bad_mac',
      message: `The checkpoint at entry ${checkpoint.seq} does not carry this ledger's seal: it was altered, or not made by this ledger.`,
    };
  }
  return { ok: true, checkpoint };
}
