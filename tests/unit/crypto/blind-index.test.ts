import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndexToken, confusableSkeleton, normalizeIdentity } from '../../../shared/crypto/blind-index';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';

const rawKey = new Uint8Array(32).map((_, i) => i * 3);
const testKey = () => crypto.subtle.importKey('raw', rawKey, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

describe('identity normalisation', () => {
  it('folds case, drops one leading @, trims and collapses whitespace, and is NFC', () => {
    expect(normalizeIdentity('@Jane.Doe')).toBe('jane.doe');
    expect(normalizeIdentity('  Jane \t  DOE\n')).toBe('jane doe');
    expect(normalizeIdentity(' @ jane')).toBe('jane');
    expect(normalizeIdentity('@@jane')).toBe('@jane');
    expect(normalizeIdentity('Zoe\u0308')).toBe('zo\u00eb');
  });

  it('drops the invisible marks that copy-paste carries (bidi marks, zero-width space, soft hyphen)', () => {
    expect(normalizeIdentity('\u200Ejane\u200B.do\u00ADe\u200F')).toBe('jane.doe');
  });

  it('folds ß and final sigma like full case folding would', () => {
    expect(normalizeIdentity('STRAUSS')).toBe(normalizeIdentity('Strauß'));
    expect(normalizeIdentity('ΟΔΥΣΣΕΥΣ')).toBe(normalizeIdentity('Οδυσσευς'));
  });

  it('does not fold confusables: a Cyrillic look-alike is a different identity', () => {
    expect(normalizeIdentity('j\u0430ne')).not.toBe('jane');
    expect(normalizeIdentity('ｊａｎｅ')).not.toBe('jane');
  });
});

describe('blind-index tokens', () => {
  it('are hex HMAC-SHA-256 over field NUL normalized value', async () => {
    const token = await blindIndexToken(await testKey(), 'poster_handle', '@Jane.Doe');
    expect(token).toBe(createHmac('sha256', rawKey).update('poster_handle\u0000jane.doe').digest('hex'));
    expect(token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('match for "@Jane.Doe" and "jane.doe", and for NFD and NFC spellings', async () => {
    const key = await testKey();
    expect(await blindIndexToken(key, 'poster_handle', '@Jane.Doe')).toBe(await blindIndexToken(key, 'poster_handle', 'jane.doe'));
    const nfc = 'José Müller';
    expect(await blindIndexToken(key, 'poster_name', nfc.normalize('NFD'))).toBe(await blindIndexToken(key, 'poster_name', nfc));
  });

  it('differ across fields, so a name never matches a handle', async () => {
    const key = await testKey();
    expect(await blindIndexToken(key, 'poster_name', 'jane')).not.toBe(await blindIndexToken(key, 'poster_handle', 'jane'));
  });

  it('differ across ledgers (keys)', async () => {
    const a = await deriveLedgerKeys(new Uint8Array(32).fill(1), 'ledger-a');
    const b = await deriveLedgerKeys(new Uint8Array(32).fill(1), 'ledger-b');
    expect(await blindIndexToken(a.blindIndex, 'poster_handle', 'jane')).not.toBe(await blindIndexToken(b.blindIndex, 'poster_handle', 'jane'));
  });

  it('refuse a field name that is not an identifier, and a value that is empty once normalized', async () => {
    const key = await testKey();
    await expect(blindIndexToken(key, 'poster\u0000handle', 'x')).rejects.toThrow(TypeError);
    await expect(blindIndexToken(key, 'Poster Name', 'x')).rejects.toThrow(TypeError);
    await expect(blindIndexToken(key, 'poster_handle', ' @ \u200B ')).rejects.toThrow(/empty/);
  });
});

describe('the confusable skeleton (for flagging look-alikes, never identity)', () => {
  it('maps common look-alikes to one spelling', () => {
    expect(confusableSkeleton('\u0440\u0430\u0443\u0440\u0430l')).toBe(confusableSkeleton('paypal'));
    expect(confusableSkeleton('ｊａｎｅ＿ｄｏｅ')).toBe(confusableSkeleton('jane_doe'));
    expect(confusableSkeleton('BiII')).toBe(confusableSkeleton('Bill'));
    expect(confusableSkeleton('rnodern')).toBe(confusableSkeleton('modem'));
    expect(confusableSkeleton('J0HN')).toBe(confusableSkeleton('john'));
    expect(confusableSkeleton('@Zoë')).toBe(confusableSkeleton('zoe'));
  });

  it('keeps different-looking names apart', () => {
    expect(confusableSkeleton('jane')).not.toBe(confusableSkeleton('june'));
  });
});
