import { afterEach, describe, expect, it, vi } from 'vitest';
import { deriveArgon2id, handleArgon2Message, type Argon2Request } from '../../../renderer/src/crypto/argon2-derive';
import { KdfError, calibrateKdf, calibrateKdfDetailed, deriveSlotKey, runArgon2InWorker } from '../../../renderer/src/crypto/kdf';
import { newKdfParams, unwrapDataKey, wrapDataKey } from '../../../shared/crypto/key-slots';
import { parseRecoveryKey, formatRecoveryKey } from '../../../shared/crypto/recovery-key';
import { bytesToBase64, bytesToHex } from '../../../shared/encoding';
import { KDF_FLOOR, type KdfParams } from '../../../shared/vault/header';

const salt = new Uint8Array(16).map((_, i) => 0x40 + i);
const floorParams = newKdfParams(salt, KDF_FLOOR);

/** Records what the client asks for and answers with a fixed key, so the floor costs no time here. */
function recordingRunner() {
  const requests: Argon2Request[] = [];
  const seen: string[] = [];
  const run = async (req: Argon2Request) => {
    requests.push(req);
    seen.push(bytesToHex(req.password));
    return new Uint8Array(32).fill(0x11);
  };
  return { run, requests, seen };
}

describe('deriveSlotKey', () => {
  it('sends the slot parameters and the NFC bytes of the passphrase, and wipes them afterwards', async () => {
    const { run, requests, seen } = recordingRunner();
    const key = await deriveSlotKey('Crème brûlée'.normalize('NFD'), floorParams, { run });
    expect(key).toEqual(new Uint8Array(32).fill(0x11));
    expect(requests[0]).toMatchObject({ type: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 1, hashLength: 32, salt });
    expect(seen[0]).toBe(bytesToHex(new TextEncoder().encode('Crème brûlée'.normalize('NFC'))));
    expect([...requests[0]!.password].every((b) => b === 0)).toBe(true);
  });

  it('asks for exactly the same derivation for NFD and NFC spellings', async () => {
    const { run, seen } = recordingRunner();
    await deriveSlotKey('Ångström café', floorParams, { run });
    await deriveSlotKey('Ångström café'.normalize('NFD'), floorParams, { run });
    expect(seen[0]).toBe(seen[1]);
  });

  it('derives a real slot key at the floor (64 MiB, t=3) that opens a slot, and a wrong passphrase does not', async () => {
    const dataKey = new Uint8Array(32).fill(0x77);
    const slotKey = await deriveSlotKey('the right passphrase', floorParams, { run: deriveArgon2id });
    expect(slotKey).toHaveLength(32);
    const slot = { id: 'slot-1', wrapped: await wrapDataKey(dataKey, slotKey, 'slot-1', new Uint8Array(12)) };
    expect(await unwrapDataKey(slot, slotKey)).toEqual(dataKey);
    // A wrong passphrase gives another key; the slot says null rather than throwing.
    const wrong = await deriveArgon2id({ type: 'argon2id', password: new TextEncoder().encode('the wrong passphrase'), salt, memoryKiB: 64, iterations: 1, parallelism: 1, hashLength: 32 });
    expect(await unwrapDataKey(slot, wrong)).toBeNull();
  });

  it('takes the canonical recovery key as its passphrase', async () => {
    const { run, seen } = recordingRunner();
    const printed = formatRecoveryKey(new Uint8Array(20).fill(3));
    const typed = parseRecoveryKey(printed.toLowerCase().replaceAll('-', ' '));
    if (!typed.ok) throw new Error(typed.message);
    await deriveSlotKey(typed.canonical, floorParams, { run });
    expect(seen[0]).toBe(bytesToHex(new TextEncoder().encode(printed.replaceAll('-', ''))));
  });

  it.each([
    ['less memory than the floor', { memoryKiB: 32 * 1024 }],
    ['fewer passes than the floor', { iterations: 2 }],
  ])('refuses %s before deriving anything', async (_label, change) => {
    const { run, requests } = recordingRunner();
    const weak: KdfParams = { ...floorParams, ...change };
    await expect(deriveSlotKey('passphrase', weak, { run })).rejects.toThrow(/weaker passphrase protection/);
    expect(requests).toHaveLength(0);
  });

  it('refuses an empty passphrase, a short salt, an unknown algorithm and a short key', async () => {
    const { run } = recordingRunner();
    await expect(deriveSlotKey('', floorParams, { run })).rejects.toThrow(KdfError);
    await expect(deriveSlotKey('p', { ...floorParams, salt: bytesToBase64(new Uint8Array(8)) }, { run })).rejects.toThrow(/salt is 8 bytes/);
    await expect(deriveSlotKey('p', { ...floorParams, algorithm: 'scrypt' } as unknown as KdfParams, { run })).rejects.toThrow(/does not know/);
    await expect(deriveSlotKey('p', floorParams, { run: async () => new Uint8Array(16) })).rejects.toThrow(/16 bytes/);
  });
});

/** A stand-in for the browser's Worker that runs the worker's handler in-process. */
class FakeWorker {
  static instances: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  transferred: unknown[] = [];
  constructor(
    readonly url: URL,
    readonly options: { type?: string },
  ) {
    FakeWorker.instances.push(this);
  }
  postMessage(data: Argon2Request, transfer: ArrayBuffer[]) {
    this.transferred = transfer;
    // Structured clone with transfer: the page's copy is detached.
    const copy = { ...data, password: new Uint8Array(data.password) };
    for (const buffer of transfer) structuredClone(buffer, { transfer: [buffer] });
    void handleArgon2Message(copy).then((response) => this.onmessage?.({ data: response }));
  }
  terminate() {
    this.terminated = true;
  }
}

describe('running Argon2 in a worker', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    FakeWorker.instances = [];
  });

  const small = (): Argon2Request => ({ type: 'argon2id', password: new TextEncoder().encode('password'), salt: new TextEncoder().encode('somesalt'), memoryKiB: 256, iterations: 2, parallelism: 1, hashLength: 32 });

  it('starts a module worker, transfers the password away from the page, and terminates the worker after the answer', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const req = small();
    const key = await runArgon2InWorker(req);
    expect(bytesToHex(key)).toBe('9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe');
    const [worker] = FakeWorker.instances as [FakeWorker];
    expect(worker.url.pathname).toMatch(/\/argon2\.worker\.ts$/);
    expect(worker.options).toEqual({ type: 'module' });
    expect(worker.terminated).toBe(true);
    expect(req.password.byteLength).toBe(0);
  });

  it("turns the worker's refusal into a KdfError and still terminates it", async () => {
    vi.stubGlobal('Worker', FakeWorker);
    await expect(runArgon2InWorker({ ...small(), iterations: 0 })).rejects.toThrow(KdfError);
    expect(FakeWorker.instances[0]!.terminated).toBe(true);
  });

  it('turns a crashed worker into a KdfError and terminates it', async () => {
    class CrashingWorker extends FakeWorker {
      override postMessage() {
        queueMicrotask(() => this.onerror?.({ message: 'RangeError: WebAssembly.Memory(): could not allocate memory', preventDefault() {} }));
      }
    }
    vi.stubGlobal('Worker', CrashingWorker);
    await expect(runArgon2InWorker(small())).rejects.toThrow(/could not allocate memory/);
    expect(FakeWorker.instances[0]!.terminated).toBe(true);
  });

  it('fails cleanly, wiping the password, where workers do not exist', async () => {
    vi.stubGlobal('Worker', undefined);
    const req = small();
    await expect(runArgon2InWorker(req)).rejects.toThrow(/could not start/);
    expect([...req.password].every((b) => b === 0)).toBe(true);
  });

  it('is what deriveSlotKey uses by default', async () => {
    // Answers without deriving: the floor's 64 MiB is already exercised above.
    class AnsweringWorker extends FakeWorker {
      override postMessage(data: Argon2Request, transfer: ArrayBuffer[]) {
        this.transferred = transfer;
        expect(data).toMatchObject({ memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations });
        queueMicrotask(() => this.onmessage?.({ data: { ok: true, key: new Uint8Array(32).fill(5) } }));
      }
    }
    vi.stubGlobal('Worker', AnsweringWorker);
    const password = 'x';
    const key = await deriveSlotKey(password, floorParams);
    expect(key).toEqual(new Uint8Array(32).fill(5));
    expect(FakeWorker.instances[0]!.transferred).toHaveLength(1);
    expect(FakeWorker.instances).toHaveLength(1);
    expect(FakeWorker.instances[0]!.terminated).toBe(true);
  });
});

describe('calibrateKdf', () => {
  it('returns a cost that newKdfParams takes as is, never under the floor', async () => {
    const cost = await calibrateKdf(async (c) => (120 * (c.memoryKiB * c.iterations)) / (KDF_FLOOR.memoryKiB * KDF_FLOOR.iterations));
    expect(Object.keys(cost).sort()).toEqual(['iterations', 'memoryKiB', 'parallelism']);
    expect(newKdfParams(salt, cost)).toMatchObject(cost);
    expect(cost.memoryKiB).toBeGreaterThanOrEqual(KDF_FLOOR.memoryKiB);
    const detailed = await calibrateKdfDetailed(async () => 2000);
    expect(detailed).toMatchObject({ cost: { memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations }, withinTarget: false });
  });
});
