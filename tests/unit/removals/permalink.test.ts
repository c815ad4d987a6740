import { describe, expect, it } from 'vitest';
import { readPermalink, registeredSiteSchema, type RegisteredSite } from '../../../shared/removals/permalink';

const sites: RegisteredSite[] = [
  { id: 'fb-city', platform: 'facebook', handle: 'CityOfNorwalk', url: 'https://www.facebook.com/CityOfNorwalk' },
  { id: 'fb-parks', platform: 'facebook', handle: null, url: 'https://www.facebook.com/profile.php?id=100064123456789' },
  { id: 'ig-city', platform: 'instagram', handle: '@cityofnorwalkca', url: 'https://www.instagram.com/cityofnorwalkca/' },
  { id: 'x-city', platform: 'x_twitter', handle: '@NorwalkCA', url: 'https://x.com/NorwalkCA' },
  { id: 'yt-city', platform: 'youtube', handle: '@CityofNorwalkCA', url: 'https://www.youtube.com/@CityofNorwalkCA' },
  { id: 'yt-old', platform: 'youtube', handle: '', url: 'https://www.youtube.com/channel/UCabc123' },
  { id: 'li-city', platform: 'linkedin', handle: 'city-of-norwalk', url: 'https://www.linkedin.com/company/city-of-norwalk/' },
  { id: 'gbp-hall', platform: 'google_business_profile', handle: 'Norwalk City Hall', url: 'https://g.page/norwalk-city-hall' },
  { id: 'nd-city', platform: 'nextdoor', handle: 'city-of-norwalk', url: 'https://nextdoor.com/agency-detail/ca/norwalk/city-of-norwalk/' },
];

function read(url: string) {
  const reading = readPermalink(url, sites);
  if (!reading.ok) throw new Error(reading.message);
  return reading;
}

describe('which platform a permalink is on', () => {
  it.each([
    ['https://www.facebook.com/CityOfNorwalk/posts/pfbid02abc', 'facebook'],
    ['https://m.facebook.com/story.php?story_fbid=1&id=2', 'facebook'],
    ['https://fb.watch/abc123/', 'facebook'],
    ['https://www.instagram.com/p/C1a2B3c4/', 'instagram'],
    ['https://x.com/NorwalkCA/status/1790000000000000000', 'x_twitter'],
    ['https://twitter.com/NorwalkCA/status/1790000000000000000', 'x_twitter'],
    ['https://mobile.twitter.com/NorwalkCA/status/1', 'x_twitter'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxComment', 'youtube'],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube'],
    ['https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000000/', 'linkedin'],
    ['https://g.page/norwalk-city-hall/review', 'google_business_profile'],
    ['https://maps.app.goo.gl/AbCdEf123', 'google_business_profile'],
    ['https://www.google.com/maps/place/Norwalk+City+Hall/@33.9,-118.0,17z', 'google_business_profile'],
    ['https://maps.google.com/?cid=123456', 'google_business_profile'],
    ['https://maps.google.com/maps?cid=123456', 'google_business_profile'],
    ['https://business.google.com/reviews/l/123', 'google_business_profile'],
    ['https://nextdoor.com/p/AbCdEf/', 'nextdoor'],
    ['https://www.example.com/CityOfNorwalk/posts/1', 'other'],
    ['https://facebook.com.evil.example/CityOfNorwalk/posts/1', 'other'],
    ['https://notfacebook.com/CityOfNorwalk', 'other'],
    ['https://www.google.com/search?q=norwalk', 'other'],
  ])('%s is on %s', (url, platform) => {
    expect(read(url).platform).toBe(platform);
  });

});

describe('which City site a permalink belongs to', () => {
  it.each([
    ['https://www.facebook.com/CityOfNorwalk/posts/pfbid02abc', 'fb-city'],
    ['https://facebook.com/cityofnorwalk/posts/1', 'fb-city'],
    ['https://www.facebook.com/City.Of.Norwalk/videos/1', 'fb-city'],
    ['https://m.facebook.com/story.php?story_fbid=555&id=100064123456789', 'fb-parks'],
    ['https://www.facebook.com/permalink.php?story_fbid=555&id=100064123456789', 'fb-parks'],
    ['https://www.instagram.com/cityofnorwalkca/p/C1a2B3c4/', 'ig-city'],
    ['https://www.instagram.com/stories/cityofnorwalkca/3300000000000000000/', 'ig-city'],
    ['https://x.com/NorwalkCA/status/1790000000000000000', 'x-city'],
    ['https://twitter.com/norwalkca/status/1790000000000000000', 'x-city'],
    ['https://www.youtube.com/@cityofnorwalkca/community?lb=Ugk', 'yt-city'],
    ['https://www.youtube.com/channel/UCabc123/community', 'yt-old'],
    ['https://www.linkedin.com/company/city-of-norwalk/posts/', 'li-city'],
    ['https://www.linkedin.com/posts/city-of-norwalk_street-sweeping-activity-7100000000000000000-AbCd', 'li-city'],
    ['https://g.page/norwalk-city-hall/review', 'gbp-hall'],
    ['https://www.google.com/maps/place/Norwalk+City+Hall/@33.9,-118.0,17z', 'gbp-hall'],
    ['https://nextdoor.com/agency-detail/ca/norwalk/city-of-norwalk/', 'nd-city'],
    ['https://nextdoor.com/pages/city-of-norwalk/', 'nd-city'],
  ])('%s belongs to %s', (url, siteId) => {
    expect(read(url).siteId).toBe(siteId);
  });

  it.each([
    'https://www.instagram.com/p/C1a2B3c4/',
    'https://x.com/i/web/status/1790000000000000000',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxComment',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://www.linkedin.com/feed/update/urn:li:activity:7100000000000000000/',
    'https://nextdoor.com/p/AbCdEf/',
    'https://maps.app.goo.gl/AbCdEf123',
    'https://www.facebook.com/photo.php?fbid=1',
    'https://www.facebook.com/share/p/AbCd/',
  ])('does not guess a site when %s does not name the account', (url) => {
    expect(read(url).siteId).toBeNull();
  });

  it('does not match an account the City does not run', () => {
    expect(read('https://www.facebook.com/SomeoneElse/posts/1')).toMatchObject({ platform: 'facebook', accounts: ['someoneelse'], siteId: null });
  });

  it('does not match a handle registered on another platform', () => {
    expect(read('https://www.instagram.com/CityOfNorwalk/').siteId).toBeNull();
  });

  it('gives no site for an unknown host, even when its path looks like a City handle', () => {
    expect(read('https://www.example.com/CityOfNorwalk/posts/1')).toMatchObject({ platform: 'other', accounts: [], siteId: null });
  });

  it('gives no site when two registered sites could match', () => {
    const twice: RegisteredSite[] = [...sites, { id: 'fb-copy', platform: 'facebook', handle: 'cityofnorwalk', url: '' }];
    expect(readPermalink('https://www.facebook.com/CityOfNorwalk/posts/1', twice)).toMatchObject({ ok: true, siteId: null });
  });

  it('works with an empty register', () => {
    expect(readPermalink('https://x.com/NorwalkCA/status/1', [])).toMatchObject({ ok: true, platform: 'x_twitter', siteId: null });
  });

  it('accepts sites register entries that carry more fields than it needs', () => {
    const entry = { id: 's', platform: 'x_twitter', handle: 'NorwalkCA', url: 'https://x.com/NorwalkCA', department: 'Public Affairs' };
    expect(registeredSiteSchema.parse(entry)).toEqual({ id: 's', platform: 'x_twitter', handle: 'NorwalkCA', url: 'https://x.com/NorwalkCA' });
  });
});

describe('what a clerk pastes', () => {
  it('accepts an address copied without https://', () => {
    expect(read('facebook.com/CityOfNorwalk/posts/1')).toMatchObject({ url: 'https://facebook.com/CityOfNorwalk/posts/1', siteId: 'fb-city' });
    expect(read('www.x.com/NorwalkCA/status/1').siteId).toBe('x-city');
  });

  it('ignores surrounding spaces and angle brackets', () => {
    expect(read('  <https://x.com/NorwalkCA/status/1>  ').url).toBe('https://x.com/NorwalkCA/status/1');
  });

  it('accepts upper-case host names', () => {
    expect(read('HTTPS://WWW.FACEBOOK.COM/CityOfNorwalk/posts/1').siteId).toBe('fb-city');
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'file:///etc/passwd', 'ftp://example.com/x'])(
    'refuses %s as a permalink, saying it must be a web address',
    (pasted) => {
      expect(readPermalink(pasted, sites)).toEqual({
        ok: false,
        message: expect.stringContaining('https:// or http://'),
        platform: 'other',
        siteId: null,
      });
    },
  );

  it.each(['', 'not a link', 'https://'])('refuses %j as not a web address', (pasted) => {
    const reading = readPermalink(pasted, sites);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.message).toContain('That is not a web address');
  });
});
