import { z } from 'zod';
import { base64Schema, bytesSchema, hexSha256Schema, utf8 } from '../encoding';

/**
 * The journal is the system of record: an append-only, hash-chained list of
 * events. Main writes each entry as one JSON line in a segment file
 * (journal/segment-NNNNNN.jsonl): the entry below plus `payload` (base64 of
 * the encrypted payload, or null). The hash covers everything but the payload
 * bytes themselves, which it covers through `payloadHash`; so destroying a
 * payload under the retention schedule leaves the chain verifiable.
 */
export const JOURNAL_FORMAT_VERSION = 1;
export const GENESIS_HASH = '0'.repeat(64);

export const journalEntrySchema = z.object({
  v: z.literal(JOURNAL_FORMAT_VERSION),
  seq: z.number().int().min(1),
  /** When main wrote it (ISO 8601, UTC). Order is `seq`; a clock set back shows up in verification. */
  at: z.iso.datetime(),
  /** The user id that did it, or "system". */
  actor: z.string().min(1).max(64),
  /** What happened, e.g. "vault.created", "record.version", "audit.unlock_failed". */
  type: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/).max(64),
  /** The record it concerns, if any. */
  recordId: z.string().min(1).max(64).nullable(),
  /** Every append is a batch: all of it is in the journal, or none of it. */
  batch: z.object({ id: z.string().min(1).max(64), index: z.number().int().min(0), size: z.number().int().min(1) }),
  /** SHA-256 of the encrypted payload bytes; null when the event has no payload. */
  payloadHash: hexSha256Schema.nullable(),
  prevHash: hexSha256Schema,
  hash: hexSha256Schema,
});
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export const journalLineSchema = journalEntrySchema.extend({
  /** Base64 of the ciphertext. Null when there was none, or when it was destroyed (payloadHash stays). */
  payload: base64Schema.nullable(),
});
export type JournalLine = z.infer<typeof journalLineSchema>;

/** The exact text an entry's hash is taken over (as UTF-8): a JSON array in a fixed order. */
export function entryHashText(entry: Omit<JournalEntry, 'hash'>): string {
  return JSON.stringify([
    entry.v,
    entry.seq,
    entry.at,
    entry.actor,
    entry.type,
    entry.recordId,
    entry.batch.id,
    entry.batch.index,
    entry.batch.size,
    entry.payloadHash,
    entry.prevHash,
  ]);
}

/** The exact bytes an entry's hash is taken over. */
export function entryHashInput(entry: Omit<JournalEntry, 'hash'>): Uint8Array<ArrayBuffer> {
  return utf8(entryHashText(entry));
}

/** What a caller asks main to append: main assigns seq, time, hashes. */
export const newEventSchema = z.object({
  type: journalEntrySchema.shape.type,
  actor: journalEntrySchema.shape.actor,
  recordId: journalEntrySchema.shape.recordId,
  payload: bytesSchema.nullable(),
});
export type NewEvent = z.infer<typeof newEventSchema>;

export const journalHeadSchema = z.object({ seq: z.number().int().min(0), hash: hexSha256Schema });
export type JournalHead = z.infer<typeof journalHeadSchema>;

/** The outcome of walking the whole chain. */
export const verificationReportSchema = z.object({
  entriesChecked: z.number().int(),
  head: journalHeadSchema,
  firstBrokenLink: z
    .object({ seq: z.number().int(), problem: z.string(), expected: z.string(), found: z.string() })
    .nullable(),
  sequenceGaps: z.array(z.object({ after: z.number().int(), next: z.number().int() })),
  timeWentBackwards: z.array(z.object({ seq: z.number().int(), previousAt: z.string(), at: z.string() })),
  unreadableLines: z.array(z.object({ segment: z.string(), line: z.number().int(), problem: z.string() })),
  verdict: z.enum(['intact', 'broken']),
});
export type VerificationReport = z.infer<typeof verificationReportSchema>;
