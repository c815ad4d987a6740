import { describe, expect, it } from 'vitest';
import { takeLaunchToken } from '../../../renderer/src/ledger/preview-transport';

function fakeBrowser(hash: string) {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  return {
    location: { hash, pathname: '/', search: '' } as Location,
    history: { replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) } as unknown as History,
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v) } as unknown as Storage,
    replaced,
  };
}

describe('the preview launch token', () => {
  it('is taken from the address and removed from the address bar', () => {
    const browser = fakeBrowser('#token=abcDEF123_-');
    expect(takeLaunchToken(browser.location, browser.history, browser.storage)).toBe('abcDEF123_-');
    expect(browser.replaced).toEqual(['/']);
  });

  it('survives a reload of the same tab', () => {
    const browser = fakeBrowser('#token=abc');
    takeLaunchToken(browser.location, browser.history, browser.storage);
    const reloaded = { ...browser, location: { hash: '', pathname: '/', search: '' } as Location };
    expect(takeLaunchToken(reloaded.location, reloaded.history, reloaded.storage)).toBe('abc');
  });

  it('is absent when the page was opened without it', () => {
    const browser = fakeBrowser('');
    expect(takeLaunchToken(browser.location, browser.history, browser.storage)).toBeNull();
  });
});
