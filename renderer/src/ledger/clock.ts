import { DateTime } from 'luxon';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';

/**
 * The renderer's clock in the City's calendar: shared/ takes "today" as an
 * argument, and this is where the screens get it (review dates, what is due,
 * the day in a file name).
 */
export function cityToday(): string {
  return DateTime.now().setZone(CITY_TIME_ZONE).toISODate() ?? '';
}
