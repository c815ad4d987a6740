import { describe, expect, it } from 'vitest';
import { contentLinksSchema, linksAsListed, listLinks, suspiciousReasonLabels, suspiciousReasons } from '../../../shared/removals/links';

describe('listing the links in removed content', () => {
  it('finds web addresses with and without https://, and where each sits', () => {
    const content = 'Deals at https://shop.example.com/x?y=1 and www.cheap-watches.com/sale today';
    expect(listLinks(content)).toEqual({
      links: [
        { text: 'https://shop.example.com/x?y=1', url: 'https://shop.example.com/x?y=1', start: 9, end: 39 },
        { text: 'www.cheap-watches.com/sale', url: 'http://www.cheap-watches.com/sale', start: 44, end: 70 },
      ],
      suspicious: [],
    });
    const [first] = listLinks(content).links;
    expect(content.slice(first?.start, first?.end)).toBe(first?.text);
  });

  it('finds bare domain names and e-mail addresses', () => {
    const { links } = listLinks('See norwalk.org or write to spam@example.net.');
    expect(links.map((link) => link.url)).toEqual(['http://norwalk.org', 'mailto:spam@example.net']);
  });

  it('leaves out a full stop or bracket that ends the sentence', () => {
    expect(listLinks('Go to (https://example.com/a).').links.map((link) => link.text)).toEqual(['https://example.com/a']);
  });

  it('lists nothing for content without links', () => {
    expect(listLinks('No links here, just an opinion. 3.5 stars.')).toEqual({ links: [], suspicious: [] });
    expect(listLinks('')).toEqual({ links: [], suspicious: [] });
  });

  it('keeps the address as plain text data, never as markup', () => {
    const result = listLinks('<a href="https://evil.example/x">click</a>');
    expect(result.links).toEqual([{ text: 'https://evil.example/x', url: 'https://evil.example/x', start: 9, end: 31 }]);
    expect(contentLinksSchema.parse(result)).toEqual(result);
  });
});

describe('suspicious addresses', () => {
  it('lists javascript: addresses as suspicious, not as links', () => {
    const result = listLinks('click javascript:alert(document.cookie) now');
    expect(result.links).toEqual([]);
    expect(result.suspicious).toEqual([{ text: 'javascript:alert(document.cookie)', url: 'javascript:alert(document.cookie)', start: 6, end: 39, reason: 'script' }]);
  });

  it('catches them in any letter case and inside pasted HTML', () => {
    const result = listLinks('<a href="JaVaScRiPt:alert(1)">x</a> <img src=x onerror=alert(1)>');
    expect(result.links).toEqual([]);
    expect(result.suspicious.map((link) => [link.text, link.reason])).toEqual([['JaVaScRiPt:alert(1)', 'script']]);
  });

  it('lists vbscript: addresses as scripts too', () => {
    expect(listLinks('vbscript:msgbox(1)').suspicious.map((link) => link.reason)).toEqual(['script']);
  });

  it('lists data: addresses as suspicious, not as links', () => {
    const result = listLinks('see data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg== ok');
    expect(result.links).toEqual([]);
    expect(result.suspicious).toEqual([
      {
        text: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
        url: 'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
        start: 4,
        end: 62,
        reason: 'embedded_data',
      },
    ]);
  });

  it('does not mistake words ending in "data" or "javascript" for addresses', () => {
    expect(listLinks('metadata:none and myjavascript:thing')).toEqual({ links: [], suspicious: [] });
  });

  it('sets aside addresses with zero-width or right-to-left override characters', () => {
    const result = listLinks('https://exa\u200Bmple.com/login and https://example.com/\u202Egnp.exe');
    expect(result.links).toEqual([]);
    expect(result.suspicious.map((link) => link.reason)).toEqual(['hidden_characters', 'hidden_characters']);
    expect(result.suspicious[0]?.text).toBe('https://exa\u200Bmple.com/login');
  });

  it('sets aside addresses whose site name uses letters from other alphabets', () => {
    const result = listLinks('Pay at https://www.n\u043Erwalk.org/pay (Cyrillic o) or https://xn--nrwalk-wqf.org');
    expect(result.links).toEqual([]);
    expect(result.suspicious.map((link) => link.reason)).toEqual(['look_alike_letters', 'look_alike_letters']);
  });

  it('keeps ordinary links and suspicious ones apart in one text', () => {
    const result = listLinks('ok https://norwalk.org bad javascript:void(0) ok www.example.com');
    expect(result.links.map((link) => link.text)).toEqual(['https://norwalk.org', 'www.example.com']);
    expect(result.suspicious.map((link) => link.text)).toEqual(['javascript:void(0)']);
  });

  it('explains every kind of suspicion in words a clerk understands', () => {
    for (const reason of suspiciousReasons) expect(suspiciousReasonLabels[reason]).toMatch(/^[A-Z].+\.$/);
  });
});

describe('large content', () => {
  it('lists the links in 100,000 characters of content', () => {
    const content = `${'word '.repeat(19_990)}https://example.com/end`;
    expect(listLinks(content).links).toHaveLength(1);
  });
});

describe('the links a screen lists', () => {
  it('are every address in the order it appears, the suspicious ones with their warning', () => {
    const listed = linksAsListed(listLinks('bad javascript:alert(1) ok https://norwalk.org data:text/html,<b>x</b> end'));
    expect(listed.map((link) => [link.text, link.warning])).toEqual([
      ['javascript:alert(1)', suspiciousReasonLabels.script],
      ['https://norwalk.org', null],
      ['data:text/html,', suspiciousReasonLabels.embedded_data],
    ]);
  });
});
