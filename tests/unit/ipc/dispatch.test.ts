import { describe, expect, it, vi } from 'vitest';
import { createDispatcher, type ChannelHandlers } from '../../../electron/ipc/dispatch';
import { LedgerFailure } from '../../../shared/ipc/result';
import { createServices } from '../../../electron/services/services';
import { withTempDir } from '../../support/temp-dir';

const runtime = { runtime: 'browser-preview', runtimeVersion: 'test', appVersion: '9.9.9', platform: 'linux' } as const;
const quietLog = { error: vi.fn() };

function handlersWith(overrides: Partial<ChannelHandlers>): ChannelHandlers {
  return { ...createServices({ dataDir: '/nonexistent', runtime }), ...overrides };
}

describe('the IPC dispatcher', () => {
  it('answers a well-formed request with { ok: true, value }', async () => {
    const dispatch = createDispatcher(createServices({ dataDir: '/tmp', runtime }), quietLog);
    const result = await dispatch('appInfo', {});
    expect(result).toMatchObject({ ok: true, value: { name: 'Records Ledger', version: '9.9.9' } });
  });

  it.each([
    ['an unexpected key', { surprise: true }],
    ['a string', 'appInfo'],
    ['null', null],
    ['an array', []],
  ])('refuses %s with a clear error and never calls the handler', async (_label, payload) => {
    const health = vi.fn();
    const dispatch = createDispatcher(handlersWith({ health }), quietLog);
    const result = await dispatch('health', payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_request');
      expect(result.error.message).toMatch(/health was malformed/);
    }
    expect(health).not.toHaveBeenCalled();
  });

  it('changes nothing on disk when the payload is malformed', async () => {
    await withTempDir(async (dir) => {
      const { readdir } = await import('node:fs/promises');
      const dispatch = createDispatcher(createServices({ dataDir: `${dir}/data`, runtime }), quietLog);
      await dispatch('health', { unexpected: 1 });
      expect(await readdir(dir)).toEqual([]);
    });
  });

  it('names an unknown channel', async () => {
    const dispatch = createDispatcher(handlersWith({}), quietLog);
    const result = await dispatch('deleteEverything', {});
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: expect.stringContaining('deleteEverything') } });
  });

  it('passes a service failure through as its code and message', async () => {
    const dispatch = createDispatcher(
      handlersWith({ health: () => Promise.reject(new LedgerFailure('locked', 'The ledger is locked.')) }),
      quietLog,
    );
    expect(await dispatch('health', {})).toEqual({ ok: false, error: { code: 'locked', message: 'The ledger is locked.' } });
  });

  it('never sends a stack trace across the boundary', async () => {
    const log = { error: vi.fn() };
    const dispatch = createDispatcher(
      handlersWith({ health: () => Promise.reject(new Error('secret internal detail at /home/clerk/file.ts:12')) }),
      log,
    );
    const result = await dispatch('health', {});
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret internal detail');
    expect(JSON.stringify(result)).toContain('"code":"internal"');
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('refuses to send an answer that breaks its own response schema', async () => {
    const dispatch = createDispatcher(
      handlersWith({ health: () => ({ status: 'fine' }) as never }),
      quietLog,
    );
    expect(await dispatch('health', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
