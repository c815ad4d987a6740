import { describe, expect, it } from 'vitest';
import { CHECKPOINT_FORMAT, checkpointSchema, signCheckpoint, verifyCheckpoint, type Checkpoint } from '../../../shared/crypto/checkpoint';
import { deriveLedgerKeys } from '../../../shared/crypto/ledger-keys';

const dataKey = new Uint8Array(32).fill(7);
const auditKeyOf = async (ledgerId: string) => (await deriveLedgerKeys(dataKey, ledgerId)).audit;
const fields = { ledgerId: 'ledger-1', seq: 42, hash: 'ab'.repeat(32), createdAt: '2025-03-04T05:06:07.000Z' };

async function signed(): Promise<Checkpoint> {
  return signCheckpoint(await auditKeyOf('ledger-1'), fields);
}

describe('audit checkpoints', () => {
  it('carry format, version, the fields and a hex MAC, and verify with the same ledger key', async () => {
    const checkpoint = await signed();
    expect(checkpoint).toMatchObject({ format: CHECKPOINT_FORMAT, version: 1, ...fields });
    expect(checkpoint.mac).toMatch(/^[0-9a-f]{64}$/);
    expect(checkpointSchema.parse(checkpoint)).toEqual(checkpoint);
    // As it travels: a JSON file the person saved.
    const result = await verifyCheckpoint(await auditKeyOf('ledger-1'), JSON.parse(JSON.stringify(checkpoint)), 'ledger-1');
    expect(result).toEqual({ ok: true, checkpoint });
  });

  it('do not depend on the order of keys in the file', async () => {
    const checkpoint = await signed();
    const reordered = Object.fromEntries(Object.entries(checkpoint).reverse());
    expect((await verifyCheckpoint(await auditKeyOf('ledger-1'), reordered, 'ledger-1')).ok).toBe(true);
  });

  it.each([
    ['seq', { seq: 41 }],
    ['hash', { hash: 'ac'.repeat(32) }],
    ['createdAt', { createdAt: '2025-03-04T05:06:08.000Z' }],
    ['mac', { mac: `0${'ab'.repeat(32).slice(1)}` }],
  ])('refuse a changed %s as a bad MAC', async (_field, change) => {
    const checkpoint = { ...(await signed()), ...change };
    const result = await verifyCheckpoint(await auditKeyOf('ledger-1'), checkpoint, 'ledger-1');
    expect(result).toMatchObject({ ok: false, reason: 'bad_mac' });
    if (!result.ok) expect(result.message).toContain('does not carry this ledger');
  });

  it('refuse a flipped bit in the MAC', async () => {
    const checkpoint = await signed();
    const last = checkpoint.mac.at(-1)!;
    const mac = checkpoint.mac.slice(0, -1) + (last === '0' ? '1' : '0');
    expect(await verifyCheckpoint(await auditKeyOf('ledger-1'), { ...checkpoint, mac }, 'ledger-1')).toMatchObject({ ok: false, reason: 'bad_mac' });
  });

  it("refuse another ledger's checkpoint, by name", async () => {
    const theirs = await signCheckpoint(await auditKeyOf('ledger-2'), { ...fields, ledgerId: 'ledger-2' });
    const result = await verifyCheckpoint(await auditKeyOf('ledger-1'), theirs, 'ledger-1');
    expect(result).toMatchObject({ ok: false, reason: 'other_ledger' });
    if (!result.ok) expect(result.message).toBe('This checkpoint belongs to ledger ledger-2, not to this ledger (ledger-1).');
    // Relabelled to look like ours, its MAC gives it away.
    expect(await verifyCheckpoint(await auditKeyOf('ledger-1'), { ...theirs, ledgerId: 'ledger-1' }, 'ledger-1')).toMatchObject({ ok: false, reason: 'bad_mac' });
  });

  it('refuse an unknown version by name', async () => {
    const result = await verifyCheckpoint(await auditKeyOf('ledger-1'), { ...(await signed()), version: 2 }, 'ledger-1');
    expect(result).toMatchObject({ ok: false, reason: 'unknown_version' });
    if (!result.ok) expect(result.message).toContain('checkpoint format version 2; this app reads checkpoint format version 1');
  });

  it('refuse things that are not checkpoints, and damaged ones', async () => {
    const key = await auditKeyOf('ledger-1');
    for (const value of [null, 'text', 42, [], { format: 'records-ledger-vault', version: 1 }]) {
      expect(await verifyCheckpoint(key, value, 'ledger-1')).toMatchObject({ ok: false, reason: 'not_a_checkpoint' });
    }
    const checkpoint = await signed();
    expect(await verifyCheckpoint(key, { ...checkpoint, hash: 'not-a-hash' }, 'ledger-1')).toMatchObject({ ok: false, reason: 'malformed', message: 'The checkpoint is damaged (hash).' });
    expect(await verifyCheckpoint(key, { ...checkpoint, seq: -1 }, 'ledger-1')).toMatchObject({ ok: false, reason: 'malformed' });
    // A field the MAC does not cover must not ride along.
    expect(await verifyCheckpoint(key, { ...checkpoint, note: 'trust me' }, 'ledger-1')).toMatchObject({ ok: false, reason: 'malformed', message: 'The checkpoint is damaged (note).' });
  });

  it('are not signed from invalid fields', async () => {
    const key = await auditKeyOf('ledger-1');
    await expect(signCheckpoint(key, { ...fields, hash: 'xyz' })).rejects.toThrow();
    await expect(signCheckpoint(key, { ...fields, createdAt: 'yesterday' })).rejects.toThrow();
  });
});
