import { argon2id } from 'hash-wasm';
import { z } from 'zod';
import { wipe } from '../../../shared/crypto/bytes';

/**
 * What the Argon2 worker (argon2.worker.ts) does, as plain functions, so that
 * Vitest runs the very code the worker runs without a browser.
 *
 * The worker trusts nothing it receives: the page could be compromised or
 * buggy, and absurd parameters would freeze or crash the worker rather than
 * fail cleanly. Limits are generous; the *floor* is enforced by the client
 * (kdf.ts) and by the header parser, not here, so tests can use small costs.
 */
export const ARGON2_LIMITS = {
  maxPasswordBytes: 4096,
  minSaltBytes: 8,
  maxSaltBytes: 64,
  /** 2 GiB: past this a 32-bit WebAssembly memory cannot hold the blocks. */
  maxMemoryKiB: 2 * 1024 * 1024,
  maxIterations: 1024,
  maxParallelism: 16,
} as const;

export const ARGON2_OUTPUT_BYTES = 32;

const bytes = (min: number, max: number) =>
  z.instanceof(Uint8Array).refine((b) => b.length >= min && b.length <= max, { message: `must be ${min}–${max} bytes` });

export const argon2RequestSchema = z
  .strictObject({
    type: z.literal('argon2id'),
    password: bytes(1, ARGON2_LIMITS.maxPasswordBytes),
    salt: bytes(ARGON2_LIMITS.minSaltBytes, ARGON2_LIMITS.maxSaltBytes),
    memoryKiB: z.number().int().max(ARGON2_LIMITS.maxMemoryKiB),
    iterations: z.number().int().min(1).max(ARGON2_LIMITS.maxIterations),
    parallelism: z.number().int().min(1).max(ARGON2_LIMITS.maxParallelism),
    hashLength: z.literal(ARGON2_OUTPUT_BYTES),
  })
  .refine((r) => r.memoryKiB >= 8 * r.parallelism, { message: 'memoryKiB must be at least 8 × parallelism (Argon2 minimum)', path: ['memoryKiB'] });
export type Argon2Request = z.infer<typeof argon2RequestSchema>;

export type Argon2Response = { ok: true; key: Uint8Array<ArrayBuffer> } | { ok: false; message: string };

/** The raw Argon2id tag (version 0x13), without a secret or associated data. */
export async function deriveArgon2id(request: Argon2Request): Promise<Uint8Array<ArrayBuffer>> {
  const tag = await argon2id({
    password: request.password,
    salt: request.salt,
    iterations: request.iterations,
    parallelism: request.parallelism,
    memorySize: request.memoryKiB,
    hashLength: request.hashLength,
    outputType: 'binary',
  });
  // A fresh buffer of exactly the tag, so it can be transferred whole and
  // wiped by its receiver without touching hash-wasm's internals.
  const key = new Uint8Array(tag);
  wipe(tag);
  return key;
}

/**
 * One worker message in, one response out. Never rejects: an exception
 * thrown inside a worker reaches the page only as an opaque error event, so
 * every failure becomes a message the client can show. The password bytes
 * are wiped once used, valid request or not.
 */
export async function handleArgon2Message(data: unknown): Promise<Argon2Response> {
  try {
    const parsed = argon2RequestSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, message: `Refused a key derivation request: ${issue ? `${issue.path.join('.') || 'request'} ${issue.message}` : 'malformed'}.` };
    }
    return { ok: true, key: await deriveArgon2id(parsed.data) };
  } catch (error) {
    return { ok: false, message: `The key derivation failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    const password = (data as { password?: unknown } | null)?.password;
    if (password instanceof Uint8Array) wipe(password);
  }
}
