import { base64ToBytes, utf8 } from '../../../shared/encoding';
import { wipe } from '../../../shared/crypto/bytes';
import { calibrateKdfCost, type KdfCalibration } from '../../../shared/crypto/kdf-calibration';
import { KDF_SALT_MIN_BYTES, SLOT_KEY_BYTES, normalizePassphrase, type KdfCost } from '../../../shared/crypto/key-slots';
import { KDF_FLOOR, kdfMeetsFloor, type KdfParams } from '../../../shared/vault/header';
// Types only: the page must not load hash-wasm itself, only the worker does.
import type { Argon2Request, Argon2Response } from './argon2-derive';

/**
 * The page's side of key derivation: turns a passphrase (or a recovery key's
 * canonical string) and a slot's KDF parameters into the 32-byte slot key
 * that key-slots.ts unwraps the data key with. The Argon2 work runs in a
 * dedicated worker that lives for exactly one derivation.
 */

export class KdfError extends Error {
  override readonly name = 'KdfError';
}

/** Runs one Argon2id derivation. The default runs it in a worker; tests run it in-process. */
export type Argon2Runner = (request: Argon2Request) => Promise<Uint8Array>;

/**
 * One derivation in a fresh module worker, terminated as soon as it answers
 * (or fails), so no passphrase or Argon2 memory outlives the call. The
 * password buffer is transferred, not copied: afterwards the page holds no
 * copy of it.
 */
export function runArgon2InWorker(request: Argon2Request): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./argon2.worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      wipe(request.password);
      reject(new KdfError(`The key derivation worker could not start: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const settle = (outcome: () => void) => {
      worker.terminate();
      outcome();
    };
    worker.onmessage = (event: MessageEvent<Argon2Response>) => {
      const response = event.data;
      settle(() => {
        if (response.ok && response.key instanceof Uint8Array) resolve(response.key);
        else reject(new KdfError(response.ok ? 'The key derivation answered without a key.' : response.message));
      });
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      settle(() => reject(new KdfError(`The key derivation worker failed${event.message ? `: ${event.message}` : '.'}`)));
    };
    worker.onmessageerror = () => settle(() => reject(new KdfError('The key derivation answer could not be read.')));
    // Transferring detaches the whole buffer; a view into a larger one is
    // copied first so the caller's other bytes are not taken with it.
    const whole = request.password.byteOffset === 0 && request.password.byteLength === request.password.buffer.byteLength;
    const password = whole ? request.password : new Uint8Array(request.password);
    if (!whole) wipe(request.password);
    try {
      worker.postMessage({ ...request, password }, [password.buffer]);
    } catch (error) {
      wipe(password);
      settle(() => reject(new KdfError(`The key derivation could not be asked: ${error instanceof Error ? error.message : String(error)}`)));
    }
  });
}

/**
 * The 32-byte slot key for a passphrase or a canonical recovery key. The text
 * is NFC-normalised first (normalizePassphrase), so the same passphrase typed
 * with decomposed or precomposed accents opens the same slot.
 *
 * Parameters below KDF_FLOOR are refused even here, after the header parser
 * has refused them, because deriving with them would already be the mistake:
 * it would confirm a guessed passphrase cheaply.
 *
 * The caller owns the returned bytes: unwrap the slot, then wipe them.
 */
export async function deriveSlotKey(secret: string, kdf: KdfParams, options: { run?: Argon2Runner } = {}): Promise<Uint8Array<ArrayBuffer>> {
  if (kdf.algorithm !== 'argon2id') throw new KdfError(`This key slot uses the key derivation "${String(kdf.algorithm)}", which this app does not know.`);
  if (!kdfMeetsFloor(kdf)) {
    throw new KdfError(
      `This key slot asks for weaker passphrase protection (${kdf.memoryKiB} KiB, ${kdf.iterations} passes) than this app allows (at least ${KDF_FLOOR.memoryKiB / 1024} MiB and ${KDF_FLOOR.iterations} passes). It is refused.`,
    );
  }
  const salt = base64ToBytes(kdf.salt);
  if (salt.length < KDF_SALT_MIN_BYTES) throw new KdfError(`This key slot's salt is ${salt.length} bytes; at least ${KDF_SALT_MIN_BYTES} are required.`);
  const password = utf8(normalizePassphrase(secret));
  if (password.length === 0) throw new KdfError('Type the passphrase.');
  const run = options.run ?? runArgon2InWorker;
  try {
    const key = await run({
      type: 'argon2id',
      password,
      salt,
      memoryKiB: kdf.memoryKiB,
      iterations: kdf.iterations,
      parallelism: kdf.parallelism,
      hashLength: SLOT_KEY_BYTES,
    });
    if (key.length !== SLOT_KEY_BYTES) throw new KdfError(`The key derivation returned ${key.length} bytes, not ${SLOT_KEY_BYTES}.`);
    const owned = new Uint8Array(key);
    wipe(key);
    return owned;
  } finally {
    // Detached (nothing to wipe) when the worker took it; an in-process runner leaves it here.
    wipe(password);
  }
}

// Calibration derives from throwaway inputs: the timing of Argon2 does not
// depend on the password or salt, only on the cost.
const CALIBRATION_SALT = new Uint8Array(16).fill(0x5a);

/** Milliseconds for one derivation at `cost`, start to answer, as an unlock will feel it. */
export async function measureInWorker(cost: KdfCost): Promise<number> {
  const started = performance.now();
  const key = await runArgon2InWorker({
    type: 'argon2id',
    password: utf8('records-ledger calibration'),
    salt: new Uint8Array(CALIBRATION_SALT),
    memoryKiB: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    hashLength: SLOT_KEY_BYTES,
  });
  const elapsed = performance.now() - started;
  wipe(key);
  return elapsed;
}

/**
 * Picks the KDF cost for a new key slot on this machine: about 0.5–1.0 s per
 * derivation, never below the floor. The decisions are in
 * shared/crypto/kdf-calibration.ts; this only supplies the real timings.
 * Pass the result to newKdfParams with a fresh random salt.
 */
export async function calibrateKdf(measure: (cost: KdfCost) => Promise<number> = measureInWorker): Promise<KdfCost> {
  return (await calibrateKdfDetailed(measure)).cost;
}

/** The same, with the measurements: for a settings screen or the benchmark to show what was chosen and why. */
export function calibrateKdfDetailed(measure: (cost: KdfCost) => Promise<number> = measureInWorker): Promise<KdfCalibration> {
  return calibrateKdfCost(measure);
}
