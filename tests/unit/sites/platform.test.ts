import { describe, expect, it } from 'vitest';
import { platformFromUrl, platformLabels, platforms, readWebAddress } from '../../../shared/sites/platform';

describe('platforms', () => {
  it('lists the platforms the register offers, each with a label', () => {
    expect(platforms).toEqual(['facebook', 'instagram', 'x_twitter', 'youtube', 'linkedin', 'google_business_profile', 'nextdoor', 'other']);
    expect(Object.keys(platformLabels).sort()).toEqual([...platforms].sort());
    expect(platformLabels.x_twitter).toBe('X (Twitter)');
  });
});

describe('the platform of a pasted address', () => {
  it.each([
    ['https://www.facebook.com/CityofNorwalk/posts/1234567890', 'facebook'],
    ['https://m.facebook.com/story.php?story_fbid=1&id=2', 'facebook'],
    ['https://fb.watch/abc123/', 'facebook'],
    ['https://www.instagram.com/p/Cxyz/', 'instagram'],
    ['https://x.com/CityofNorwalk/status/1', 'x_twitter'],
    ['https://twitter.com/CityofNorwalk/status/1', 'x_twitter'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube'],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube'],
    ['https://www.linkedin.com/company/city-of-norwalk', 'linkedin'],
    ['https://g.page/r/abc', 'google_business_profile'],
    ['https://www.google.com/maps/place/Norwalk+City+Hall', 'google_business_profile'],
    ['https://business.google.com/reviews', 'google_business_profile'],
    ['https://nextdoor.com/agency-post/ca/norwalk/city-of-norwalk/x/', 'nextdoor'],
    ['  HTTPS://WWW.FACEBOOK.COM/CityofNorwalk  ', 'facebook'],
  ])('reads %s as %s', (url, platform) => {
    expect(platformFromUrl(url)).toBe(platform);
  });

  it.each([
    ['a look-alike domain', 'https://facebook.com.evil.example/CityofNorwalk'],
    ['a domain that only ends in the same letters', 'https://notfacebook.com/x'],
    ['Google search, not Maps', 'https://www.google.com/search?q=norwalk'],
    ['an unknown site', 'https://www.norwalk.org/'],
    ['a javascript: link', 'javascript:alert(1)//facebook.com'],
    ['a data: address', 'data:text/html,<script>alert(1)</script>'],
    ['not an address at all', 'facebook'],
    ['an empty field', ''],
  ])('cannot tell for %s', (_label, url) => {
    expect(platformFromUrl(url)).toBeNull();
  });

  it('reads only http and https addresses', () => {
    expect(readWebAddress('https://www.norwalk.org/')?.hostname).toBe('www.norwalk.org');
    expect(readWebAddress('ftp://example.org/')).toBeNull();
    expect(readWebAddress('file:///etc/passwd')).toBeNull();
  });
});
