import { IANAZone } from 'luxon';

/**
 * A time zone whose offsets are remembered a day at a time. Luxon asks the
 * engine's Intl for a zone's offset every time it converts a time, several
 * times per time typed; reading a 10,000-row spreadsheet spent a third of its
 * time there. A day whose offset is the same at its first and last moment has
 * no clock change in it (no zone changes its clocks twice in one day), so
 * every moment of it has that offset; days with a change are asked afresh.
 */
class RememberingZone extends IANAZone {
  private readonly days = new Map<number, number>();

  override offset(ts: number): number {
    const day = Math.floor(ts / DAY_MS);
    if (!Number.isFinite(day)) return super.offset(ts);
    const known = this.days.get(day);
    if (known !== undefined) return Number.isNaN(known) ? super.offset(ts) : known;
    const first = super.offset(day * DAY_MS);
    const last = super.offset(day * DAY_MS + DAY_MS - 1);
    // A clock change that day: remembered as "ask each time".
    const offset = first === last ? first : Number.NaN;
    if (this.days.size >= MAX_DAYS) this.days.clear();
    this.days.set(day, offset);
    return Number.isNaN(offset) ? super.offset(ts) : offset;
  }
}

const DAY_MS = 86_400_000;
/** About 270 years of days per zone: bounded, and far more than any ledger spans. */
const MAX_DAYS = 100_000;

const zones = new Map<string, RememberingZone>();

/** The zone of this IANA name, for Luxon's `zone` option; the same instance every time. */
export function rememberingZone(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new RememberingZone(name);
    zones.set(name, zone);
  }
  return zone;
}
