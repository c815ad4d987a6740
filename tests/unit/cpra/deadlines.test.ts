import { describe, expect, it } from 'vitest';
import {
  currentDue,
  dayCounter,
  determinationDue,
  extensionRefusal,
  isBusinessDay,
  latestExtendedDue,
  nextBusinessDay,
  receivedDay,
} from '../../../shared/cpra/deadlines';
import { seededHolidays } from '../../../shared/cpra/holiday-seed';
import type { Holiday } from '../../../shared/cpra/holidays';
import type { CpraRequest, Extension } from '../../../shared/cpra/request';

const LA = 'America/Los_Angeles';
const holidays = seededHolidays(2026, 2028);
const clock = { timeZone: LA, holidays };

type RequestFacts = Pick<CpraRequest, 'extension' | 'status' | 'receivedAt'>;
const openRequest = (receivedAt: string, changes: Partial<RequestFacts> = {}): RequestFacts => ({ receivedAt, status: 'searching', extension: null, ...changes });
const proposal = (dueOn: string) => ({ circumstance: 'voluminous', dueOn, notice: 'We need more time to search for and review the many posts you asked for.' });

describe('the day a request was received', () => {
  it('is the City’s day: 10:30 PM on December 31 in Los Angeles is still December 31', () => {
    expect(receivedDay('2027-01-01T06:30:00Z', LA)).toBe('2026-12-31');
    expect(receivedDay('2026-12-31T22:30:00-08:00', LA)).toBe('2026-12-31');
  });

  it('is the day the clock showed on the night before the clocks spring forward', () => {
    // 11:30 PM PST on Saturday, March 13, 2027; the clocks went forward at 2 AM on the 14th.
    expect(receivedDay('2027-03-14T07:30:00Z', LA)).toBe('2027-03-13');
  });
});

describe('business days', () => {
  it('are weekdays that are not holidays', () => {
    expect(isBusinessDay('2026-09-08', holidays)).toBe(true); // Tuesday
    expect(isBusinessDay('2026-09-07', holidays)).toBe(false); // Labor Day
    expect(isBusinessDay('2026-09-05', holidays)).toBe(false); // Saturday
    expect(isBusinessDay('2026-09-06', holidays)).toBe(false); // Sunday
  });

  it('roll past a holiday weekend and name every day passed over', () => {
    expect(nextBusinessDay('2026-07-03', holidays)).toEqual({
      day: '2026-07-06',
      movedBecause: ['Independence Day (observed) on Friday, July 3, 2026', 'Independence Day on Saturday, July 4, 2026', 'Sunday, July 5, 2026'],
    });
  });

  it('do not move a day the City is open', () => {
    expect(nextBusinessDay('2026-11-30', holidays)).toEqual({ day: '2026-11-30', movedBecause: [] });
  });
});

describe('when the determination is due (10 days, Gov. Code 7922.535(a))', () => {
  it('moves from Labor Day to the Tuesday for a request received the Friday before', () => {
    const due = determinationDue('2026-08-28T10:00:00-07:00', clock);
    expect(due).toEqual({ received: '2026-08-28', nominal: '2026-09-07', due: '2026-09-08', movedBecause: ['Labor Day on Monday, September 7, 2026'] });
  });

  it('moves from New Year’s Day past the weekend to Monday, January 4', () => {
    const due = determinationDue('2026-12-22T14:00:00-08:00', clock);
    expect(due.nominal).toBe('2027-01-01');
    expect(due.due).toBe('2027-01-04');
    expect(due.movedBecause).toEqual(["New Year's Day on Friday, January 1, 2027", 'Saturday, January 2, 2027', 'Sunday, January 3, 2027']);
  });

  it('moves from Thanksgiving past the day after and the weekend', () => {
    const due = determinationDue('2026-11-16T09:00:00-08:00', clock);
    expect(due.nominal).toBe('2026-11-26');
    expect(due.due).toBe('2026-11-30');
    expect(due.movedBecause[0]).toBe('Thanksgiving Day on Thursday, November 26, 2026');
    expect(due.movedBecause[1]).toBe('Day after Thanksgiving Day on Friday, November 27, 2026');
  });

  it('moves from César Chávez Day to the next day', () => {
    expect(determinationDue('2027-03-21T12:00:00-07:00', clock)).toMatchObject({ nominal: '2027-03-31', due: '2027-04-01' });
  });

  it('counts a late-evening December 31 receipt from December 31, not from January 1 in UTC', () => {
    // Ten days from December 31 is Sunday, January 10; from January 1 it would be Monday the 11th.
    const due = determinationDue('2027-01-01T06:30:00Z', clock);
    expect(due).toMatchObject({ received: '2026-12-31', nominal: '2027-01-10', due: '2027-01-11' });
    expect(due.movedBecause).toEqual(['Sunday, January 10, 2027']);
  });

  it('counts a receipt on the night before spring forward from that night’s day', () => {
    expect(determinationDue('2027-03-14T07:30:00Z', clock)).toMatchObject({ received: '2027-03-13', nominal: '2027-03-23', due: '2027-03-23' });
  });

  it('honours a closure the administrator added to the calendar', () => {
    // Ten days after Oct 2 is Columbus Day, a federal holiday: due Tuesday, unless the City closes that day too.
    expect(determinationDue('2026-10-02T10:00:00-07:00', clock).due).toBe('2026-10-13');
    const withClosure: Holiday[] = [...holidays, { date: '2026-10-13', name: 'City Hall closed (power outage)' }];
    const due = determinationDue('2026-10-02T10:00:00-07:00', { timeZone: LA, holidays: withClosure });
    expect(due.due).toBe('2026-10-14');
    expect(due.movedBecause).toEqual(['Columbus Day on Monday, October 12, 2026', 'City Hall closed (power outage) on Tuesday, October 13, 2026']);
  });

  it('stops moving for a holiday the administrator removed', () => {
    const withoutLaborDay = holidays.filter((holiday) => holiday.date !== '2026-09-07');
    expect(determinationDue('2026-08-28T10:00:00-07:00', { timeZone: LA, holidays: withoutLaborDay })).toMatchObject({ due: '2026-09-07', movedBecause: [] });
  });
});

describe('the latest day an extension may name (14 days, Gov. Code 7922.535(b))', () => {
  it('is 14 days after the original 10th day, moved past Thanksgiving and the weekend', () => {
    expect(latestExtendedDue({ nominal: '2026-11-12', due: '2026-11-12' }, holidays)).toBe('2026-11-30');
  });

  it('is moved past Christmas Day to the Monday after', () => {
    expect(latestExtendedDue({ nominal: '2026-12-11', due: '2026-12-11' }, holidays)).toBe('2026-12-28');
  });

  it('counts from the 10th day itself when that day was a holiday, not from the day it moved to', () => {
    // Received Friday, August 28, 2026: 10th day Labor Day, due Tuesday, September 8.
    expect(latestExtendedDue({ nominal: '2026-09-07', due: '2026-09-08' }, holidays)).toBe('2026-09-21');
  });
});

describe('whether an extension may be made', () => {
  const receivedNov2 = '2026-11-02T09:15:00-08:00'; // due Thursday, November 12
  const receivedSep21 = '2026-09-21T09:15:00-07:00'; // due Thursday, October 1

  it('allows the full 14 days, moved past a holiday, when noticed in time', () => {
    expect(extensionRefusal(openRequest(receivedNov2), proposal('2026-11-30'), { ...clock, today: '2026-11-10' })).toBeNull();
    expect(extensionRefusal(openRequest(receivedSep21), proposal('2026-10-15'), { ...clock, today: '2026-10-01' })).toBeNull();
  });

  it('refuses a due day on a holiday and suggests the next working day', () => {
    const refusal = extensionRefusal(openRequest(receivedNov2), proposal('2026-11-26'), { ...clock, today: '2026-11-10' });
    expect(refusal).toBe('Thursday, November 26, 2026 is Thanksgiving Day, when the City is closed. Choose a working day, for example Monday, November 30, 2026.');
  });

  it('refuses a due day on a weekend and suggests the next business day (past Columbus Day)', () => {
    const refusal = extensionRefusal(openRequest(receivedSep21), proposal('2026-10-10'), { ...clock, today: '2026-09-30' });
    expect(refusal).toContain('Saturday, October 10, 2026');
    expect(refusal).toContain('Tuesday, October 13, 2026');
  });

  it('refuses 15 days and names the latest day allowed', () => {
    const refusal = extensionRefusal(openRequest(receivedSep21), proposal('2026-10-16'), { ...clock, today: '2026-09-30' });
    expect(refusal).toContain('Thursday, October 15, 2026');
  });

  it('refuses a day past the 14 even when the original deadline was moved by a holiday', () => {
    const refusal = extensionRefusal(openRequest('2026-08-28T10:00:00-07:00'), proposal('2026-09-22'), { ...clock, today: '2026-09-08' });
    expect(refusal).toContain('Monday, September 21, 2026');
  });

  it('refuses a second extension and says when the first was noticed', () => {
    const first: Extension = {
      circumstance: 'consultation',
      dueOn: '2026-10-15',
      notice: 'We must consult the Police Department.',
      noticeSentOn: '2026-09-25',
      by: { userId: 'u-counsel', name: 'Dana Ruiz' },
      at: '2026-09-25T16:00:00.000Z',
    };
    const refusal = extensionRefusal(openRequest(receivedSep21, { extension: first, status: 'extended' }), proposal('2026-10-14'), { ...clock, today: '2026-09-28' });
    expect(refusal).toBe('The determination was already extended once, on Friday, September 25, 2026; Gov. Code 7922.535 allows one extension only.');
  });

  it('refuses an extension noticed after the 10 days have run out', () => {
    const refusal = extensionRefusal(openRequest(receivedSep21), proposal('2026-10-15'), { ...clock, today: '2026-10-02' });
    expect(refusal).toContain('The 10-day deadline passed on Thursday, October 1, 2026; an extension must be noticed within the 10 days.');
  });

  it('allows an extension on the moved due day and refuses it the day after', () => {
    const received = '2026-08-28T10:00:00-07:00';
    expect(extensionRefusal(openRequest(received), proposal('2026-09-21'), { ...clock, today: '2026-09-08' })).toBeNull();
    expect(extensionRefusal(openRequest(received), proposal('2026-09-21'), { ...clock, today: '2026-09-09' })).toContain('Tuesday, September 8, 2026');
  });

  it('refuses a new due day that is not after the current one', () => {
    expect(extensionRefusal(openRequest(receivedSep21), proposal('2026-10-01'), { ...clock, today: '2026-09-28' })).toContain('after the current one, Thursday, October 1, 2026');
  });

  it('refuses without a statutory reason or without a notice', () => {
    const options = { ...clock, today: '2026-09-28' };
    expect(extensionRefusal(openRequest(receivedSep21), { ...proposal('2026-10-14'), circumstance: 'busy' }, options)).toContain('unusual circumstance');
    expect(extensionRefusal(openRequest(receivedSep21), { ...proposal('2026-10-14'), circumstance: undefined }, options)).toContain('unusual circumstance');
    expect(extensionRefusal(openRequest(receivedSep21), { ...proposal('2026-10-14'), notice: '  ' }, options)).toContain('Write the notice');
  });

  it('refuses for a request that is closed or withdrawn', () => {
    const options = { ...clock, today: '2026-09-28' };
    expect(extensionRefusal(openRequest(receivedSep21, { status: 'closed' }), proposal('2026-10-14'), options)).toContain('closed');
    expect(extensionRefusal(openRequest(receivedSep21, { status: 'withdrawn' }), proposal('2026-10-14'), options)).toContain('withdrew');
  });
});

describe('the day due now', () => {
  it('is the 10-day due day until an extension names another', () => {
    expect(currentDue({ receivedAt: '2026-08-28T10:00:00-07:00', extension: null }, clock)).toEqual({ due: '2026-09-08', extended: false });
    const extension: Extension = {
      circumstance: 'voluminous',
      dueOn: '2026-09-21',
      notice: 'More time is needed.',
      noticeSentOn: '2026-09-04',
      by: { userId: 'u-counsel', name: 'Dana Ruiz' },
      at: '2026-09-04T16:00:00.000Z',
    };
    expect(currentDue({ receivedAt: '2026-08-28T10:00:00-07:00', extension }, clock)).toEqual({ due: '2026-09-21', extended: true });
  });
});

describe('the day counter on the request list', () => {
  it.each([
    ['2026-12-02', -2, 'overdue', '2 days overdue'],
    ['2026-12-01', -1, 'overdue', '1 day overdue'],
    ['2026-11-30', 0, 'due_soon', 'Due today'],
    ['2026-11-29', 1, 'due_soon', 'Due tomorrow'],
    ['2026-11-28', 2, 'due_soon', '2 days left'],
    ['2026-11-27', 3, 'on_time', '3 days left'],
  ] as const)('on %s for a request due Monday, November 30, 2026 says %i days', (today, days, state, text) => {
    expect(dayCounter('2026-11-30', today)).toEqual({ days, state, text });
  });

  it('counts across the new year', () => {
    expect(dayCounter('2027-01-04', '2026-12-31')).toMatchObject({ days: 4, text: '4 days left' });
  });
});
