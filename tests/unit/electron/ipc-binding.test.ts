import { describe, expect, it, vi } from 'vitest';
import { bindIpc, isTrustedSender } from '../../../electron/main/ipc-binding';
import { channelNames, ipcChannelId } from '../../../shared/ipc/channels';

describe('which frames may call main', () => {
  it.each([
    ['the app page', { url: 'app://ledger/index.html', parent: null }, true],
    ['a subframe of the app', { url: 'app://ledger/index.html', parent: {} }, false],
    ['a file:// page', { url: 'file:///home/clerk/evil.html', parent: null }, false],
    ['a web page', { url: 'https://evil.example/', parent: null }, false],
    ['another app:// host', { url: 'app://other/index.html', parent: null }, false],
    ['no frame at all', null, false],
  ])('%s: %s', (_label, frame, trusted) => {
    expect(isTrustedSender(frame)).toBe(trusted);
  });
});

describe('the Electron IPC binding', () => {
  const registered = new Map<string, (event: unknown, payload: unknown) => unknown>();
  const dispatch = vi.fn(async () => ({ ok: true as const, value: 'answered' }));
  bindIpc({ handle: (channel: string, listener: never) => registered.set(channel, listener) } as never, dispatch);

  it('registers every channel of the table and nothing else', () => {
    expect([...registered.keys()].sort()).toEqual(channelNames.map(ipcChannelId).sort());
  });

  it('answers the app page through the dispatcher', async () => {
    const result = await registered.get('ledger:appInfo')!({ senderFrame: { url: 'app://ledger/index.html', parent: null } }, {});
    expect(result).toEqual({ ok: true, value: 'answered' });
    expect(dispatch).toHaveBeenCalledWith('appInfo', {});
  });

  it('refuses a foreign frame without dispatching', async () => {
    dispatch.mockClear();
    const result = await registered.get('ledger:health')!({ senderFrame: { url: 'https://evil.example/', parent: null } }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });
});
