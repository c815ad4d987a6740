import { z } from 'zod';

/**
 * Every answer that crosses the process boundary is one of these two shapes,
 * so the renderer never has to catch a thrown stack from main (Signal Desktop
 * does the same). `code` is for programs, `message` is for the person.
 */
export const errorCodes = [
  'invalid_request',
  'unknown_channel',
  'forbidden',
  'not_found',
  'conflict',
  'locked',
  /** Too many wrong passphrases: the message says how long to wait. */
  'throttled',
  'unsupported_version',
  'storage_failure',
  'internal',
] as const;

export const ledgerErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
});
export type LedgerError = z.infer<typeof ledgerErrorSchema>;
export type LedgerErrorCode = LedgerError['code'];

export type Result<T> = { ok: true; value: T } | { ok: false; error: LedgerError };

export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ledgerErrorSchema }),
  ]);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: LedgerErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Thrown by services to end a request with a specific, user-facing error.
 * The dispatcher turns it into a `{ ok: false }` value; anything else thrown
 * becomes `internal` without its stack.
 */
export class LedgerFailure extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LedgerFailure';
  }
}
