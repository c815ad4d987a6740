import { describe, expect, it, vi } from 'vitest';
import { isOpenableExternalUrl, openExternalAfterConfirmation } from '../../../electron/main/external-links';

describe('opening links from removed content', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'http://example.org', 'data:text/html,<script>', 'smb://server/share', 'https://user:pw@example.org', 'not a url'])(
    'never opens %s',
    async (url) => {
      const open = vi.fn();
      const confirm = vi.fn(async () => true);
      expect(isOpenableExternalUrl(url)).toBe(false);
      expect(await openExternalAfterConfirmation(url, { confirm, open })).toBe('refused');
      expect(confirm).not.toHaveBeenCalled();
      expect(open).not.toHaveBeenCalled();
    },
  );

  it('opens an https link only after the person confirms', async () => {
    const open = vi.fn(async () => {});
    expect(await openExternalAfterConfirmation('https://example.org/p/1', { confirm: async () => false, open })).toBe('cancelled');
    expect(open).not.toHaveBeenCalled();
    expect(await openExternalAfterConfirmation('https://example.org/p/1', { confirm: async () => true, open })).toBe('opened');
    expect(open).toHaveBeenCalledWith('https://example.org/p/1');
  });
});
