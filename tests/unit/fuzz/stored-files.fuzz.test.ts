import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupService } from '../../../electron/services/backup';
import { VaultStore } from '../../../electron/services/vault-store';
import { LedgerFailure } from '../../../shared/ipc/result';
import { parseVaultHeader } from '../../../shared/vault/header';
import { events, header } from '../services/ledger-fixtures';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS } from './fuzz-runs';

/** Every path to a leaf of a JSON value: what a mutation may replace. */
function leafPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.length ? value.flatMap((item, i) => leafPaths(item, [...path, i])) : [path];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => leafPaths(item, [...path, key]));
  return [path];
}

function replaced(value: unknown, path: ReadonlyArray<string | number>, by: unknown): unknown {
  if (path.length === 0) return by;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  copy[head!] = replaced(copy[head!], rest, by);
  return copy;
}

describe('the vault header read from disk', () => {
  const valid = header();
  const paths = leafPaths(valid);

  it('is refused with a plain message, never a crash, whatever a field is changed to', () => {
    fc.assert(
      fc.property(fc.nat({ max: paths.length - 1 }), fc.anything({ maxDepth: 3 }), (index, by) => {
        const result = parseVaultHeader(replaced(valid, paths[index]!, by));
        if (result.ok) return;
        expect(['not_a_vault', 'unknown_version', 'malformed', 'weak_kdf']).toContain(result.reason);
        expect(result.message).toMatch(/^[A-Z].+\.$/s);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('refuses a version that is an object which cannot become text, found by fuzzing, naming the version it reads', () => {
    const result = parseVaultHeader({ ...(valid as object), version: [{ toString: 0 }] });
    expect(result).toMatchObject({ ok: false, reason: 'unknown_version', message: expect.stringMatching(/format version \(unreadable\); this app reads vault format version \d+\./) });
  });

  it('refuses anything that is not a header at all, saying so', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (value) => {
        const result = parseVaultHeader(value);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('a backup file damaged at random', () => {
  let root: string;
  let good: Buffer;
  let live: VaultStore;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'records-ledger-fuzz-'));
    live = new VaultStore(join(root, 'live'));
    await live.create(header(), events(8, { payloadBytes: 120 }));
    await (await live.open()).attachments.put('shot', new Uint8Array(500).fill(7));
    await mkdir(join(root, 'usb'));
    const { backup } = await new BackupService({ vault: live }).create(join(root, 'usb'), 7);
    good = readFileSync(backup.file);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A byte changed, bytes cut off the end, or bytes added: each a way a copy on a USB stick goes wrong. */
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('add' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  );

  let n = 0;
  /** Verifies the bytes as a backup file; what it threw, or null when it accepted them. */
  async function verifyRefusal(bytes: Uint8Array): Promise<unknown> {
    const file = join(root, `candidate-${++n}.rlbackup`);
    writeFileSync(file, bytes);
    try {
      return await new BackupService({ vault: live }).verify(file).then(
        () => null,
        (error: unknown) => error,
      );
    } finally {
      rmSync(file);
    }
  }

  it('is refused by verification with a plain reason, never accepted and never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(damage, async (change) => {
        const bytes = Buffer.from(good);
        let damaged: Buffer;
        if (change.kind === 'flip') {
          const at = change.at % bytes.length;
          bytes[at] = bytes[at]! ^ change.xor;
          damaged = bytes;
        } else if (change.kind === 'cut') damaged = bytes.subarray(0, change.at % bytes.length);
        else damaged = Buffer.concat([bytes, Buffer.from(change.bytes)]);
        const outcome = await verifyRefusal(damaged);
        expect(outcome, 'a damaged backup was accepted').toBeInstanceOf(LedgerFailure);
        expect((outcome as LedgerFailure).message).not.toMatch(/\n\s+at /);
      }),
      { numRuns: Math.min(FUZZ_RUNS, 60) },
    );
  }, FUZZ_TIMEOUT_MS);

  it('is refused when it is random bytes with a backup’s name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        expect(await verifyRefusal(bytes)).toBeInstanceOf(LedgerFailure);
      }),
      { numRuns: Math.min(FUZZ_RUNS, 60) },
    );
  }, FUZZ_TIMEOUT_MS);
});
