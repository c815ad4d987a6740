import { describe, expect, it } from 'vitest';
import { KeySlotDamaged, newKdfParams, normalizePassphrase, unwrapDataKey, wrapDataKey } from '../../../shared/crypto/key-slots';
import { base64ToBytes, bytesToBase64, utf8 } from '../../../shared/encoding';
import { KDF_FLOOR, kdfMeetsFloor, keySlotSchema, parseVaultHeader, type KeySlot } from '../../../shared/vault/header';
import { deriveArgon2id } from '../../../renderer/src/crypto/argon2-derive';

const dataKey = new Uint8Array(32).map((_, i) => 200 - i);
const salt = new Uint8Array(16).map((_, i) => i * 7);
const nonce = new Uint8Array(12).fill(3);

/** Argon2id at a deliberately small cost: these tests are about the slot, not the KDF's strength. */
function slotKeyFor(passphrase: string): Promise<Uint8Array> {
  return deriveArgon2id({
    type: 'argon2id',
    password: utf8(normalizePassphrase(passphrase)),
    salt,
    memoryKiB: 64,
    iterations: 1,
    parallelism: 1,
    hashLength: 32,
  });
}

async function slotFor(passphrase: string, id = 'slot-1'): Promise<KeySlot> {
  const wrapped = await wrapDataKey(dataKey, await slotKeyFor(passphrase), id, nonce);
  return {
    id,
    kind: 'user',
    userId: 'user-1',
    label: 'Maria Lopez',
    kdf: newKdfParams(salt, KDF_FLOOR),
    wrapped,
    createdAt: '2025-01-02T03:04:05.000Z',
  };
}

describe('key slots', () => {
  it('wrap the data key so that the right passphrase unwraps it', async () => {
    const slot = await slotFor('correct horse battery staple');
    expect(keySlotSchema.parse(slot)).toEqual(slot);
    expect(base64ToBytes(slot.wrapped.nonce)).toHaveLength(12);
    expect(base64ToBytes(slot.wrapped.ciphertext)).toHaveLength(48);
    expect([...((await unwrapDataKey(slot, await slotKeyFor('correct horse battery staple'))) ?? [])]).toEqual([...dataKey]);
  });

  it('open with the same passphrase typed in NFD or NFC', async () => {
    const nfc = 'Café Niño ståle';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    const slot = await slotFor(nfc);
    expect([...((await unwrapDataKey(slot, await slotKeyFor(nfd))) ?? [])]).toEqual([...dataKey]);
  });

  it('answer null, not an exception, for a wrong passphrase', async () => {
    const slot = await slotFor('correct horse battery staple');
    expect(await unwrapDataKey(slot, await slotKeyFor('correct horse battery stapler'))).toBeNull();
    expect(await unwrapDataKey(slot, await slotKeyFor('Correct horse battery staple'))).toBeNull();
    expect(await unwrapDataKey(slot, new Uint8Array(32))).toBeNull();
  });

  it('answer null when the wrapped key was moved to another slot or altered', async () => {
    const slot = await slotFor('pass phrase');
    const key = await slotKeyFor('pass phrase');
    expect(await unwrapDataKey({ ...slot, id: 'slot-2' }, key)).toBeNull();
    const sealed = base64ToBytes(slot.wrapped.ciphertext);
    sealed[5]! ^= 0x10;
    expect(await unwrapDataKey({ ...slot, wrapped: { ...slot.wrapped, ciphertext: bytesToBase64(sealed) } }, key)).toBeNull();
    const iv = base64ToBytes(slot.wrapped.nonce);
    iv[0]! ^= 1;
    expect(await unwrapDataKey({ ...slot, wrapped: { ...slot.wrapped, nonce: bytesToBase64(iv) } }, key)).toBeNull();
  });

  it('throw KeySlotDamaged only for structural damage', async () => {
    const slot = await slotFor('pass phrase');
    const key = await slotKeyFor('pass phrase');
    await expect(unwrapDataKey({ ...slot, wrapped: { ...slot.wrapped, nonce: '!!!!' } }, key)).rejects.toThrow(KeySlotDamaged);
    await expect(unwrapDataKey({ ...slot, wrapped: { ...slot.wrapped, nonce: bytesToBase64(new Uint8Array(8)) } }, key)).rejects.toThrow(/nonce is 8 bytes/);
    await expect(unwrapDataKey({ ...slot, wrapped: { ...slot.wrapped, ciphertext: bytesToBase64(new Uint8Array(40)) } }, key)).rejects.toThrow(/40 bytes/);
    await expect(unwrapDataKey(slot, new Uint8Array(16))).rejects.toThrow(RangeError);
  });

  it('refuse wrong sizes when wrapping', async () => {
    await expect(wrapDataKey(new Uint8Array(31), new Uint8Array(32), 's', nonce)).rejects.toThrow(RangeError);
    await expect(wrapDataKey(dataKey, new Uint8Array(32), 's', new Uint8Array(16))).rejects.toThrow(RangeError);
    await expect(wrapDataKey(dataKey, new Uint8Array(24), 's', nonce)).rejects.toThrow(RangeError);
  });
});

describe('new KDF parameters', () => {
  it('never go below the floor, and keep a stronger calibration', () => {
    const weak = newKdfParams(salt, { memoryKiB: 1024, iterations: 1, parallelism: 1 });
    expect(weak).toMatchObject({ algorithm: 'argon2id', memoryKiB: KDF_FLOOR.memoryKiB, iterations: KDF_FLOOR.iterations, parallelism: 1 });
    expect(kdfMeetsFloor(weak)).toBe(true);
    expect(newKdfParams(salt, { memoryKiB: 256 * 1024, iterations: 5, parallelism: 1 })).toMatchObject({ memoryKiB: 256 * 1024, iterations: 5 });
    expect(base64ToBytes(weak.salt)).toEqual(salt);
  });

  it('are accepted by the vault header parser', async () => {
    const slot = await slotFor('x');
    const header = { format: 'records-ledger-vault', version: 1, ledgerId: 'L', cityName: 'Norwalk', ledgerName: 'Removals', createdAt: '2025-01-01T00:00:00.000Z', slots: [slot] };
    expect(parseVaultHeader(header).ok).toBe(true);
  });

  it('refuse a short salt and nonsense costs', () => {
    expect(() => newKdfParams(new Uint8Array(15), KDF_FLOOR)).toThrow(RangeError);
    expect(() => newKdfParams(salt, { memoryKiB: 65536.5, iterations: 3, parallelism: 1 })).toThrow(RangeError);
    expect(() => newKdfParams(salt, { memoryKiB: 65536, iterations: Number.NaN, parallelism: 1 })).toThrow(RangeError);
    expect(() => newKdfParams(salt, { memoryKiB: 65536, iterations: 3, parallelism: 64 })).toThrow();
  });
});

describe('passphrase normalisation', () => {
  it('is NFC and nothing else: spaces and case stay part of the passphrase', () => {
    expect(normalizePassphrase('cafe\u0301')).toBe('caf\u00e9');
    expect(normalizePassphrase(' Two  Words ')).toBe(' Two  Words ');
    expect(normalizePassphrase('Ａ')).toBe('Ａ');
  });
});
