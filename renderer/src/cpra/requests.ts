import { CPRA_REQUEST_TABLE, cpraRequestSchema, isOpen, recordsAnsweringOpenRequests, type CpraRequest, type PersonRef } from '../../../shared/cpra/request';
import { EXEMPTION_TABLE, exemptionList, exemptionSchema, type Exemption } from '../../../shared/cpra/exemptions';
import { HOLIDAY_CALENDAR_ID, HOLIDAY_CALENDAR_TABLE, holidayCalendarSchema, type HolidayCalendar } from '../../../shared/cpra/holidays';
import { currentDue } from '../../../shared/cpra/deadlines';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';
import type { Session } from '../vault/session';

/**
 * Public records requests as counsel works them: each change is a new
 * version of the request with the reason, so its page can show the whole
 * history. The clear fields let the dashboard sort by due day without
 * decrypting; nothing in them names the requester.
 */

/** A change to a request, applied to the request as stored when the save runs: two panels saving at once never undo each other. */
export type RequestUpdate = (latest: CpraRequest) => CpraRequest;
export type SaveRequestChange = (update: RequestUpdate, reason: string) => Promise<string | null>;

export function me(session: Session): PersonRef {
  return { userId: session.user.id, name: session.user.fullName };
}

export async function loadRequests(session: Session): Promise<CpraRequest[]> {
  return session.records.list(CPRA_REQUEST_TABLE, cpraRequestSchema);
}

export async function loadRequest(session: Session, id: string): Promise<CpraRequest | null> {
  return session.records.get(CPRA_REQUEST_TABLE, id, cpraRequestSchema);
}

/** The City's holiday calendar: the administrator's version once saved, else the seeded one. */
export async function loadHolidayCalendar(session: Session, today: string): Promise<HolidayCalendar> {
  const saved = await session.records.get(HOLIDAY_CALENDAR_TABLE, HOLIDAY_CALENDAR_ID, holidayCalendarSchema);
  if (saved) return saved;
  // The seed carries every country's holiday data: loaded only until the City's own calendar is saved.
  const { defaultHolidayCalendar } = await import('../../../shared/cpra/holiday-seed');
  return defaultHolidayCalendar(today);
}

export async function saveHolidayCalendar(session: Session, calendar: HolidayCalendar, reason: string): Promise<void> {
  const parsed = holidayCalendarSchema.parse(calendar);
  await session.records.save({ table: HOLIDAY_CALENDAR_TABLE, recordId: HOLIDAY_CALENDAR_ID, data: parsed, clear: { days: parsed.days.length }, reason });
}

export async function loadExemptions(session: Session): Promise<Exemption[]> {
  return exemptionList(await session.records.list(EXEMPTION_TABLE, exemptionSchema));
}

export async function saveExemption(session: Session, exemption: Exemption, reason: string): Promise<void> {
  const parsed = exemptionSchema.parse(exemption);
  await session.records.save({ table: EXEMPTION_TABLE, recordId: parsed.id, data: parsed, clear: { active: parsed.active }, reason });
}

/** Saves a new version of the request; the reason is what its history shows ("Extended to Dec 18: voluminous records"). */
export async function saveRequest(session: Session, request: CpraRequest, reason: string, calendar: HolidayCalendar): Promise<CpraRequest> {
  const parsed = cpraRequestSchema.parse(request);
  const { due } = currentDue(parsed, { timeZone: CITY_TIME_ZONE, holidays: calendar.days });
  await session.records.save({
    table: CPRA_REQUEST_TABLE,
    recordId: parsed.id,
    data: parsed,
    clear: { number: parsed.number, status: parsed.status, open: isOpen(parsed.status), dueOn: due, responsive: parsed.responsive.length },
    reason,
  });
  return parsed;
}

/**
 * For the retention schedule: the open requests each record answers. Those
 * records are held from disposition until the request closes.
 */
export async function openRequestsIndex(session: Session): Promise<(recordId: string) => readonly string[]> {
  const byRecord = recordsAnsweringOpenRequests(await loadRequests(session));
  return (recordId) => byRecord.get(recordId) ?? [];
}
