import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import { hardenSession, hardenWebContents } from '../../../electron/main/hardening';

class FakeContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

function fakeEvent() {
  return { preventDefault: vi.fn() };
}

describe('web contents hardening', () => {
  const contents = new FakeContents();
  const offered: string[] = [];
  hardenWebContents(contents as unknown as WebContents, (url) => offered.push(url));

  it('denies every navigation and offers the link to the system browser instead', () => {
    const event = fakeEvent();
    contents.emit('will-navigate', event, 'https://example.org/post');
    expect(event.preventDefault).toHaveBeenCalled();
    expect(offered).toContain('https://example.org/post');
  });

  it('denies redirects and webviews', () => {
    const redirect = fakeEvent();
    contents.emit('will-redirect', redirect, 'https://example.org');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = fakeEvent();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every new window', () => {
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
  });
});

describe('session hardening', () => {
  const handlers: Record<string, (...args: never[]) => unknown> = {};
  const events = new EventEmitter();
  const session = {
    setPermissionRequestHandler: (h: (...args: never[]) => unknown) => (handlers.request = h),
    setPermissionCheckHandler: (h: (...args: never[]) => unknown) => (handlers.check = h),
    setDevicePermissionHandler: (h: (...args: never[]) => unknown) => (handlers.device = h),
    on: (name: string, h: (...args: unknown[]) => void) => events.on(name, h),
  };
  hardenSession(session as unknown as Session);

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal'])('denies the %s permission', (permission) => {
    const callback = vi.fn();
    (handlers.request as (...args: unknown[]) => void)({}, permission, callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect((handlers.check as (...args: unknown[]) => boolean)({}, permission)).toBe(false);
  });

  it('denies devices and silent downloads', () => {
    expect((handlers.device as () => boolean)()).toBe(false);
    const event = fakeEvent();
    events.emit('will-download', event);
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
