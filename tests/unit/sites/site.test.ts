import { describe, expect, it } from 'vitest';
import {
  checkContactEmail,
  checkSite,
  cityEmailDomainSchema,
  siteDisplayName,
  siteSchema,
  type Site,
  type SiteContext,
  type SiteInput,
} from '../../../shared/sites/site';

const context: SiteContext = { cityDomains: ['norwalkca.gov'], today: '2026-04-10' };

function facebookSite(changes: Partial<SiteInput> = {}): SiteInput {
  return {
    id: 'site-1',
    platform: 'facebook',
    accountName: 'City of Norwalk',
    handle: '@CityofNorwalk',
    url: 'https://www.facebook.com/CityofNorwalk',
    managingDepartment: 'Communications & Public Affairs',
    approvedBy: { name: 'Jesus Gomez', title: 'City Manager' },
    approvedOn: '2020-02-03',
    contactEmail: 'socialmedia@norwalkca.gov',
    status: 'active',
    ...changes,
  };
}

function problems(input: SiteInput, ctx: SiteContext = context) {
  const result = checkSite(input, ctx);
  if (result.ok) throw new Error('expected the site to be refused');
  return result.problems;
}

describe('the contact email check', () => {
  it('accepts an address on a City domain, in any case, and on its subdomains', () => {
    expect(checkContactEmail('socialmedia@norwalkca.gov', ['norwalkca.gov'])).toEqual({ kind: 'city', domain: 'norwalkca.gov' });
    expect(checkContactEmail('  SocialMedia@NorwalkCA.gov ', ['norwalkca.gov'])).toEqual({ kind: 'city', domain: 'norwalkca.gov' });
    expect(checkContactEmail('pio@pd.norwalkca.gov', ['norwalkca.gov'])).toEqual({ kind: 'city', domain: 'pd.norwalkca.gov' });
    expect(checkContactEmail('pio@norwalk.org', ['norwalkca.gov', '@Norwalk.org.'])).toEqual({ kind: 'city', domain: 'norwalk.org' });
  });

  it('calls any other address personal and asks for the written approval', () => {
    const check = checkContactEmail('jane.doe@gmail.com', ['norwalkca.gov']);
    expect(check.kind).toBe('personal');
    if (check.kind !== 'personal') return;
    expect(check.domain).toBe('gmail.com');
    expect(check.message).toContain('jane.doe@gmail.com is not a City address (@norwalkca.gov)');
    expect(check.message).toContain('Communications & Public Affairs Department Director or their designee approved it in writing');
    expect(check.message).toContain('Enter the reference of that written approval');
  });

  it.each([
    ['a look-alike domain that ends in the City domain', 'x@evilnorwalkca.gov'],
    ['the City domain inside another domain', 'x@norwalkca.gov.example.com'],
    ['a City name in the local part only', 'norwalkca.gov@gmail.com'],
  ])('does not take %s for a City address', (_label, email) => {
    expect(checkContactEmail(email, ['norwalkca.gov']).kind).toBe('personal');
  });

  it('compares international domain names in one form', () => {
    expect(checkContactEmail('a@bücher.example', ['xn--bcher-kva.example']).kind).toBe('city');
  });

  it.each(['', 'socialmedia', 'socialmedia@', '@norwalkca.gov', 'a b@norwalkca.gov', 'a@norwalkca'])('refuses %j as not an email address', (email) => {
    expect(checkContactEmail(email, ['norwalkca.gov'])).toEqual({ kind: 'invalid', message: expect.stringContaining('Enter the contact email address in full') });
  });

  it('says when no City domain is set up, instead of guessing', () => {
    expect(checkContactEmail('socialmedia@norwalkca.gov', []).kind).toBe('no_city_domains');
    expect(checkContactEmail('socialmedia@norwalkca.gov', ['not a domain', ''])).toEqual({
      kind: 'no_city_domains',
      message: expect.stringContaining('An administrator can add them in Settings'),
    });
  });
});

describe('a City email domain in Settings', () => {
  it('is stored in one canonical form', () => {
    expect(cityEmailDomainSchema.parse(' @NorwalkCA.gov. ')).toBe('norwalkca.gov');
    expect(cityEmailDomainSchema.parse('bücher.example')).toBe('xn--bcher-kva.example');
  });

  it.each(['', 'norwalkca', 'https://norwalkca.gov/', 'jane@norwalkca.gov', 'norwalk ca.gov'])('refuses %j', (text) => {
    const result = cityEmailDomainSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('Enter the part after the @');
  });
});

describe('a site in the register', () => {
  it('accepts a complete City site, trimming what was typed', () => {
    const result = checkSite(facebookSite({ accountName: '  City of Norwalk  ' }), context);
    expect(result).toEqual({ ok: true, site: expect.objectContaining({ accountName: 'City of Norwalk', personalAccountApproval: null, terminatedOn: null }), warnings: [] });
  });

  it('refuses a personal contact email without the written approval, with the reason in the message', () => {
    expect(problems(facebookSite({ contactEmail: 'jane.doe@gmail.com' }))).toEqual([
      { field: 'personalAccountApproval', message: expect.stringContaining('does not allow personal email accounts') },
    ]);
  });

  it('accepts a personal contact email with a written approval reference, who gave it and when', () => {
    const result = checkSite(
      facebookSite({
        platform: 'nextdoor',
        handle: null,
        url: 'https://nextdoor.com/agency/city-of-norwalk/',
        contactEmail: 'jane.doe@gmail.com',
        personalAccountApproval: {
          reference: 'Memo CPA-2026-004',
          approvedBy: { name: 'Alex Rivera', title: 'Communications & Public Affairs Director' },
          approvedOn: '2026-01-15',
        },
      }),
      context,
    );
    expect(result.ok).toBe(true);
  });

  it('refuses an approval with a blank reference or no approver', () => {
    const found = problems(
      facebookSite({
        contactEmail: 'jane.doe@gmail.com',
        personalAccountApproval: { reference: '  ', approvedBy: { name: '', title: 'Director' }, approvedOn: '2026-01-15' },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'personalAccountApproval.reference', message: expect.stringContaining('Enter the reference of the written approval') },
        { field: 'personalAccountApproval.approvedBy.name', message: 'Enter the name of the person who approved it.' },
      ]),
    );
  });

  it('refuses a site when the City domains are not set up', () => {
    expect(problems(facebookSite(), { ...context, cityDomains: [] })).toEqual([{ field: 'contactEmail', message: expect.stringContaining('not set up') }]);
  });

  it('refuses a malformed contact email', () => {
    expect(problems(facebookSite({ contactEmail: 'socialmedia' }))).toEqual([{ field: 'contactEmail', message: expect.stringContaining('in full') }]);
  });

  it('needs the approver as a name and a title', () => {
    expect(problems(facebookSite({ approvedBy: { name: 'Jesus Gomez', title: ' ' } }))).toEqual([
      { field: 'approvedBy.title', message: expect.stringContaining('Enter their title') },
    ]);
  });

  it('needs an account name, a department and an approval date', () => {
    const found = problems(facebookSite({ accountName: '', managingDepartment: ' ', approvedOn: '02/03/2020' }));
    expect(found.map((problem) => problem.field).sort()).toEqual(['accountName', 'approvedOn', 'managingDepartment']);
    expect(found.find((problem) => problem.field === 'approvedOn')?.message).toContain('year-month-day');
  });

  it.each([
    ['a javascript: address', 'javascript:alert(document.cookie)'],
    ['a data: address', 'data:text/html,<script>alert(1)</script>'],
    ['a bare name', 'CityofNorwalk'],
  ])('refuses %s as the site URL', (_label, url) => {
    expect(problems(facebookSite({ url }))).toEqual([{ field: 'url', message: "Enter the site's web address, starting with https://." }]);
  });

  it('needs the platform name when the platform is "other"', () => {
    expect(problems(facebookSite({ platform: 'other', url: 'https://www.threads.net/@cityofnorwalk' }))).toEqual([
      { field: 'otherPlatformName', message: 'Enter the name of the platform.' },
    ]);
    expect(checkSite(facebookSite({ platform: 'other', otherPlatformName: 'Threads', url: 'https://www.threads.net/@cityofnorwalk' }), context).ok).toBe(true);
  });

  it('refuses an unknown platform', () => {
    expect(problems({ ...facebookSite(), platform: 'myspace' } as unknown as SiteInput)[0]?.field).toBe('platform');
  });

  it('warns, without refusing, when the address is on another platform than the one chosen', () => {
    const result = checkSite(facebookSite({ platform: 'instagram' }), context);
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([{ field: 'url', message: 'The address looks like a Facebook page, but the platform is Instagram. Check one or the other.' }]);
  });

  describe('status', () => {
    it('records a terminated site with its termination date', () => {
      const result = checkSite(facebookSite({ status: 'terminated', terminatedOn: '2026-03-31' }), context);
      expect(result.ok && result.site.terminatedOn).toBe('2026-03-31');
    });

    it('refuses a terminated site without a date, and an active site with one', () => {
      expect(problems(facebookSite({ status: 'terminated' }))).toEqual([{ field: 'terminatedOn', message: 'Enter the date the site was terminated.' }]);
      expect(problems(facebookSite({ status: 'active', terminatedOn: '2026-03-31' }))[0]?.message).toContain('An active site has no termination date');
    });

    it('refuses a termination before the approval', () => {
      expect(problems(facebookSite({ status: 'terminated', terminatedOn: '2019-12-31' }))[0]?.message).toBe(
        'The site cannot be terminated before it was approved (2020-02-03).',
      );
    });

    it('refuses a status that is neither', () => {
      expect(problems({ ...facebookSite(), status: 'paused' } as unknown as SiteInput)[0]?.field).toBe('status');
    });
  });

  it('refuses dates after today', () => {
    const found = problems(
      facebookSite({
        approvedOn: '2026-04-11',
        contactEmail: 'x@gmail.com',
        personalAccountApproval: { reference: 'Memo 1', approvedBy: { name: 'A', title: 'Director' }, approvedOn: '2027-01-01' },
      }),
    );
    expect(found).toEqual([
      { field: 'approvedOn', message: 'The approval date (2026-04-11) is after today (2026-04-10). Check the date.' },
      { field: 'personalAccountApproval.approvedOn', message: expect.stringContaining('after today') },
    ]);
  });

  describe('the same account twice', () => {
    const existing: Site = siteSchema.parse(facebookSite({ id: 'site-0' }));

    it('is refused while the first is active, matched by page or by handle', () => {
      const samePage = facebookSite({ url: 'https://m.facebook.com/cityofnorwalk/', handle: null });
      expect(problems(samePage, { ...context, otherSites: [existing] })[0]?.message).toContain('already in the register as "City of Norwalk" (Facebook)');
      const sameHandle = facebookSite({ url: 'https://www.facebook.com/profile.php?id=100', handle: 'cityofnorwalk' });
      expect(problems(sameHandle, { ...context, otherSites: [existing] })).toHaveLength(1);
    });

    it('is only a warning when the first was terminated', () => {
      const terminated = { ...existing, status: 'terminated' as const, terminatedOn: '2025-01-01' };
      const result = checkSite(facebookSite(), { ...context, otherSites: [terminated] });
      expect(result.ok).toBe(true);
      expect(result.warnings[0]?.message).toContain('terminated 2025-01-01');
    });

    it('does not confuse different pages, platforms, or the site with itself', () => {
      const other = facebookSite({ url: 'https://www.facebook.com/NorwalkParks', handle: '@NorwalkParks' });
      expect(checkSite(other, { ...context, otherSites: [existing] }).ok).toBe(true);
      const instagram = facebookSite({ platform: 'instagram', url: 'https://www.instagram.com/cityofnorwalk' });
      expect(checkSite(instagram, { ...context, otherSites: [existing] }).ok).toBe(true);
      expect(checkSite(facebookSite({ id: 'site-0' }), { ...context, otherSites: [existing] }).ok).toBe(true);
      const profiles = [
        siteSchema.parse(facebookSite({ id: 'a', url: 'https://www.facebook.com/profile.php?id=1', handle: null })),
      ];
      expect(checkSite(facebookSite({ url: 'https://www.facebook.com/profile.php?id=2', handle: null }), { ...context, otherSites: profiles }).ok).toBe(true);
    });
  });

  it('is named in lists by account and platform', () => {
    expect(siteDisplayName(siteSchema.parse(facebookSite()))).toBe('City of Norwalk (Facebook)');
    expect(siteDisplayName({ accountName: 'Norwalk', platform: 'other', otherPlatformName: 'Threads' })).toBe('Norwalk (Threads)');
  });

  it('keeps hostile text as typed: it is data, never markup', () => {
    const result = checkSite(facebookSite({ accountName: '<img src=x onerror=alert(1)>\u202Egnp.exe' }), context);
    expect(result.ok && result.site.accountName).toBe('<img src=x onerror=alert(1)>\u202Egnp.exe');
  });
});
