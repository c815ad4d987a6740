import { IANAZone, type ZoneOffsetOptions } from 'luxon';

/**
 * A time zone that remembers its offsets, and the names of its offsets
 * ("PST"), a day at a time. Luxon asks the engine's Intl for both every time it
 * converts or shows a time: reading a 10,000-row spreadsheet spent a third of
 * its time there, and scrolling the removals list most of its time naming
 * zones. A day whose first and last moment agree has no change in it (no zone
 * changes its clocks, or their name, twice in one day and back), so every
 * moment of it agrees; days with a change are asked afresh each time.
 */
class RememberingZone extends IANAZone {
  private readonly offsets = new DayMemory<number>();
  private readonly names = new Map<string, DayMemory<string | null>>();

  override offset(ts: number): number {
    return this.offsets.at(ts, (moment) => super.offset(moment));
  }

  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    const key = `${options.format ?? ''}|${options.locale ?? ''}`;
    let names = this.names.get(key);
    if (!names) {
      names = new DayMemory<string | null>();
      this.names.set(key, names);
    }
    return names.at(ts, (moment) => super.offsetName(moment, options));
  }
}

const DAY_MS = 86_400_000;
/** About 270 years of days per zone: bounded, and far more than any ledger spans. */
const MAX_DAYS = 100_000;
const CHANGES_THAT_DAY = Symbol('a change that day');

/** What a function of the instant gave on each day it gave one answer all day. */
class DayMemory<T> {
  private readonly days = new Map<number, T | typeof CHANGES_THAT_DAY>();

  at(ts: number, ask: (ts: number) => T): T {
    const day = Math.floor(ts / DAY_MS);
    if (!Number.isFinite(day)) return ask(ts);
    let known = this.days.get(day);
    if (known === undefined) {
      const first = ask(day * DAY_MS);
      const last = ask(day * DAY_MS + DAY_MS - 1);
      known = Object.is(first, last) ? first : CHANGES_THAT_DAY;
      if (this.days.size >= MAX_DAYS) this.days.clear();
      this.days.set(day, known);
    }
    return known === CHANGES_THAT_DAY ? ask(ts) : known;
  }
}

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
