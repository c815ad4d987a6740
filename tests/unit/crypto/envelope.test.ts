import { describe, expect, it } from 'vitest';
import {
  PAYLOAD_FORMAT_VERSION,
  PAYLOAD_OVERHEAD,
  PayloadUnreadable,
  decryptJson,
  decryptPayload,
  encryptJson,
  encryptPayload,
  payloadAdditionalData,
} from '../../../shared/crypto/envelope';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';
import { utf8 } from '../../../shared/encoding';

const nonce = (seed: number) => new Uint8Array(12).map((_, i) => (seed * 31 + i) & 0xff);
const dataKey = () => new Uint8Array(32).map((_, i) => i + 1);
const recordsKey = async (ledgerId = 'ledger-1') => (await deriveLedgerKeys(dataKey(), ledgerId)).records;
const here = { table: 'removals', recordId: 'rec-001' };

async function refusal(promise: Promise<unknown>): Promise<PayloadUnreadable> {
  const error = await promise.then(
    () => {
      throw new Error('expected the payload to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PayloadUnreadable);
  return error as PayloadUnreadable;
}

describe('the payload envelope', () => {
  it('round-trips bytes in the documented layout', async () => {
    const key = await recordsKey();
    const plaintext = utf8('The comment as posted, verbatim.');
    const sealed = await encryptPayload(key, plaintext, here, nonce(1));
    expect(sealed[0]).toBe(PAYLOAD_FORMAT_VERSION);
    expect([...sealed.subarray(1, 13)]).toEqual([...nonce(1)]);
    expect(sealed.length).toBe(plaintext.length + PAYLOAD_OVERHEAD);
    expect(new TextDecoder().decode(await decryptPayload(key, sealed, here))).toBe('The comment as posted, verbatim.');
  });

  it('round-trips JSON records, including non-ASCII text', async () => {
    const key = await recordsKey();
    const record = { poster: '@Zoë_Ñúñez', content: 'Ça va? 🚫', categories: ['profanity'], n: 3, none: null };
    const sealed = await encryptJson(key, record, here, nonce(2));
    expect(await decryptJson(key, sealed, here)).toEqual(record);
  });

  it('binds the ciphertext to its table and record in the additional data', () => {
    expect(new TextDecoder().decode(payloadAdditionalData(here))).toBe('records-ledger/payload/v1/removals/rec-001');
  });

  it('refuses a bit flipped anywhere in the nonce, ciphertext or tag, naming the record', async () => {
    const key = await recordsKey();
    const sealed = await encryptPayload(key, utf8('short payload'), here, nonce(3));
    const regions = { nonce: [1, 12], ciphertext: [13, sealed.length - 17], tag: [sealed.length - 16, sealed.length - 1] };
    for (const [region, [from, to]] of Object.entries(regions) as Array<[string, [number, number]]>) {
      for (let at = from; at <= to; at++) {
        for (const bit of [0, 7]) {
          const damaged = new Uint8Array(sealed);
          damaged[at]! ^= 1 << bit;
          const error = await refusal(decryptPayload(key, damaged, here));
          expect({ region, at, reason: error.reason, recordId: error.recordId }).toEqual({ region, at, reason: 'damaged_or_tampered', recordId: 'rec-001' });
          expect(error.message).toContain('rec-001');
        }
      }
    }
  });

  it('refuses a payload read as another record or another table (the additional data differs)', async () => {
    const key = await recordsKey();
    const sealed = await encryptPayload(key, utf8('x'), here, nonce(4));
    const otherRecord = await refusal(decryptPayload(key, sealed, { table: 'removals', recordId: 'rec-002' }));
    expect(otherRecord).toMatchObject({ reason: 'damaged_or_tampered', recordId: 'rec-002', table: 'removals' });
    const otherTable = await refusal(decryptPayload(key, sealed, { table: 'attachments', recordId: 'rec-001' }));
    expect(otherTable).toMatchObject({ reason: 'damaged_or_tampered', recordId: 'rec-001', table: 'attachments' });
    // One character off in the record id is enough.
    await refusal(decryptPayload(key, sealed, { table: 'removals', recordId: 'rec-00l' }));
  });

  it("refuses two records whose ciphertexts were swapped, both of them", async () => {
    const key = await recordsKey();
    const a = { table: 'removals', recordId: 'rec-A' };
    const b = { table: 'removals', recordId: 'rec-B' };
    const sealedA = await encryptJson(key, { content: 'A' }, a, nonce(5));
    const sealedB = await encryptJson(key, { content: 'B' }, b, nonce(6));
    expect((await refusal(decryptJson(key, sealedB, a))).recordId).toBe('rec-A');
    expect((await refusal(decryptJson(key, sealedA, b))).recordId).toBe('rec-B');
  });

  it('refuses an unknown format version by name', async () => {
    const key = await recordsKey();
    const sealed = await encryptPayload(key, utf8('x'), here, nonce(7));
    const newer = new Uint8Array(sealed);
    newer[0] = 7;
    const error = await refusal(decryptPayload(key, newer, here));
    expect(error.reason).toBe('unknown_version');
    expect(error.foundVersion).toBe(7);
    expect(error.message).toContain('payload format version 7 is newer than this app');
    expect(error.message).toContain('rec-001');
    const zero = new Uint8Array(sealed);
    zero[0] = 0;
    expect((await refusal(decryptPayload(key, zero, here))).message).toContain('payload format version 0 is not one this app knows');
  });

  it('refuses empty and truncated payloads as damaged', async () => {
    const key = await recordsKey();
    const sealed = await encryptPayload(key, utf8('x'), here, nonce(8));
    expect((await refusal(decryptPayload(key, new Uint8Array(0), here))).reason).toBe('damaged_or_tampered');
    expect((await refusal(decryptPayload(key, sealed.subarray(0, PAYLOAD_OVERHEAD - 1), here))).reason).toBe('damaged_or_tampered');
    expect((await refusal(decryptPayload(key, sealed.subarray(0, sealed.length - 1), here))).reason).toBe('damaged_or_tampered');
  });

  it("refuses a payload under another ledger's key", async () => {
    const sealed = await encryptPayload(await recordsKey('ledger-1'), utf8('x'), here, nonce(9));
    expect((await refusal(decryptPayload(await recordsKey('ledger-2'), sealed, here))).reason).toBe('damaged_or_tampered');
  });

  it('reports an authentic payload that is not JSON as unreadable rather than crashing', async () => {
    const key = await recordsKey();
    const sealed = await encryptPayload(key, utf8('{not json'), here, nonce(10));
    expect((await refusal(decryptJson(key, sealed, here))).message).toContain('not valid UTF-8 JSON');
    const notUtf8 = await encryptPayload(key, new Uint8Array([0xff, 0xfe]), here, nonce(11));
    await refusal(decryptJson(key, notUtf8, here));
  });

  it('rejects programming errors loudly: bad nonce, table names that could blur the binding, no JSON form', async () => {
    const key = await recordsKey();
    await expect(encryptPayload(key, utf8('x'), here, new Uint8Array(11))).rejects.toThrow(RangeError);
    await expect(encryptPayload(key, utf8('x'), { table: 'removals/rec', recordId: '1' }, nonce(12))).rejects.toThrow(TypeError);
    await expect(encryptPayload(key, utf8('x'), { table: 'Removals', recordId: '1' }, nonce(12))).rejects.toThrow(TypeError);
    await expect(encryptPayload(key, utf8('x'), { table: 'removals', recordId: '' }, nonce(12))).rejects.toThrow(TypeError);
    await expect(encryptJson(key, undefined, here, nonce(12))).rejects.toThrow(TypeError);
  });

  it('gives different ciphertexts for different nonces', async () => {
    const key = await recordsKey();
    const one = await encryptPayload(key, utf8('same'), here, nonce(13));
    const two = await encryptPayload(key, utf8('same'), here, nonce(14));
    expect(Buffer.from(one.subarray(13)).equals(Buffer.from(two.subarray(13)))).toBe(false);
  });
});
