import { createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encryptPayload, payloadAdditionalData } from '../../../shared/crypto/envelope';
import { LEDGER_KEY_INFO, deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { utf8 } from '../../../shared/encoding';

const dataKey = new Uint8Array(32).map((_, i) => 0xa0 ^ i);
const ledgerId = '01J9Z3LEDGER';

/** The same HKDF-SHA-256 computed by Node's own implementation, to pin the construction. */
function expectedSubKey(info: string, salt = ledgerId): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, utf8(salt), utf8(info), 32));
}

async function hmac(key: CryptoKey, text: string): Promise<string> {
  return Buffer.from(await crypto.subtle.sign('HMAC', key, utf8(text))).toString('hex');
}

describe('the ledger keys', () => {
  it('are non-extractable keys of the right kind, each for its own purpose', async () => {
    const keys = await deriveLedgerKeys(dataKey, ledgerId);
    expect(keys.records).toMatchObject({ extractable: false, algorithm: { name: 'AES-GCM', length: 256 } });
    expect([...keys.records.usages].sort()).toEqual(['decrypt', 'encrypt']);
    expect(keys.blindIndex).toMatchObject({ extractable: false, algorithm: { name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 } });
    expect([...keys.blindIndex.usages]).toEqual(['sign']);
    expect(keys.audit).toMatchObject({ extractable: false, algorithm: { name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 } });
    expect([...keys.audit.usages].sort()).toEqual(['sign', 'verify']);
    await expect(crypto.subtle.exportKey('raw', keys.records)).rejects.toThrow();
  });

  it('are HKDF-SHA-256 of the data key, salt = ledger id, with versioned info strings (checked against Node)', async () => {
    const keys = await deriveLedgerKeys(dataKey, ledgerId);
    expect(LEDGER_KEY_INFO).toEqual({
      records: 'records-ledger/hkdf/v1/records',
      blindIndex: 'records-ledger/hkdf/v1/blind-index',
      audit: 'records-ledger/hkdf/v1/audit',
    });
    expect(await hmac(keys.blindIndex, 'probe')).toBe(createHmac('sha256', expectedSubKey(LEDGER_KEY_INFO.blindIndex)).update('probe').digest('hex'));
    expect(await hmac(keys.audit, 'probe')).toBe(createHmac('sha256', expectedSubKey(LEDGER_KEY_INFO.audit)).update('probe').digest('hex'));

    const context = { table: 'removals', recordId: 'r1' };
    const sealed = await encryptPayload(keys.records, utf8('hello'), context, new Uint8Array(12).fill(9));
    const decipher = createDecipheriv('aes-256-gcm', expectedSubKey(LEDGER_KEY_INFO.records), sealed.subarray(1, 13));
    decipher.setAAD(payloadAdditionalData(context));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    expect(Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString()).toBe('hello');
  });

  it('separate purposes and ledgers: the same input gives unrelated tags', async () => {
    const keys = await deriveLedgerKeys(dataKey, ledgerId);
    const other = await deriveLedgerKeys(dataKey, 'another-ledger');
    expect(await hmac(keys.blindIndex, 'x')).not.toBe(await hmac(keys.audit, 'x'));
    expect(await hmac(keys.blindIndex, 'x')).not.toBe(await hmac(other.blindIndex, 'x'));
    // Deterministic: unlocking again gives the same keys.
    expect(await hmac((await deriveLedgerKeys(dataKey, ledgerId)).blindIndex, 'x')).toBe(await hmac(keys.blindIndex, 'x'));
  });

  it('leaves the caller its data key bytes (the caller wipes them)', async () => {
    const bytes = new Uint8Array(dataKey);
    await deriveLedgerKeys(bytes, ledgerId);
    expect([...bytes]).toEqual([...dataKey]);
  });

  it('refuses a data key of the wrong size and an empty ledger id', async () => {
    await expect(deriveLedgerKeys(new Uint8Array(16), ledgerId)).rejects.toThrow(RangeError);
    await expect(deriveLedgerKeys(dataKey, '')).rejects.toThrow(TypeError);
  });
});
