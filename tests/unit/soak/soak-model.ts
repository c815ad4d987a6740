import { DateTime } from 'luxon';

/**
 * What the soak believes the ledger holds, kept apart from the app: every
 * acknowledged save updates it, nothing else does. Retention and holds are
 * worked out here again from first principles (dates plus periods, who a hold
 * covers), so a mistake in the app's own rules shows up as a disagreement
 * instead of being checked against itself.
 */

export const DEFAULT_SERIES = 'series-removed-content';

export type Period = { kind: 'permanent' } | { kind: 'for'; years: number; months: number; days: number };

export interface ModelSeries {
  id: string;
  code: string;
  period: Period;
  trigger: 'removal_date' | 'end_of_calendar_year';
  disposition: 'destroy' | 'transfer';
}

export interface ModelRemoval {
  id: string;
  /** A word only this record's content has, to find it by search. */
  word: string;
  username: string;
  siteId: string;
  /** The City-calendar day it was removed. */
  removedDay: string;
  seriesId: string;
  version: number;
  /** Every stored file any version named (originals and thumbnails). */
  files: string[];
  /** A correction started and left unsaved, kept as an encrypted draft. */
  hasDraft: boolean;
  destroyed: null | { batchId: string; day: string };
}

export type ModelHoldScope =
  | { kind: 'records'; recordIds: string[] }
  | { kind: 'poster'; username: string }
  | { kind: 'site'; siteId: string }
  | { kind: 'period'; from: string; to: string };

export interface ModelHold {
  id: string;
  matter: string;
  scope: ModelHoldScope;
  released: boolean;
}

export interface ModelBatch {
  id: string;
  number: string;
  action: 'destroy' | 'transfer';
  /** Record id → the version listed. */
  listed: Map<string, number>;
  approvals: number;
  executed: boolean;
}

export type LeftOutBecause = 'gone' | 'already_disposed' | 'held' | 'changed' | 'not_eligible';

export const defaultSeries: ModelSeries = {
  id: DEFAULT_SERIES,
  code: 'SM-REM',
  period: { kind: 'for', years: 2, months: 0, days: 0 },
  trigger: 'removal_date',
  disposition: 'destroy',
};

export class SoakModel {
  readonly removals = new Map<string, ModelRemoval>();
  readonly holds = new Map<string, ModelHold>();
  /** The built-in series is there from the start; records staff add others. */
  readonly series = new Map<string, ModelSeries>([[DEFAULT_SERIES, defaultSeries]]);
  readonly batches = new Map<string, ModelBatch>();
  /** Every destruction and refusal seen, for the closing summary. */
  readonly tally = { destroyed: 0, leftOut: 0, refusals: 0, heldAtExecution: 0 };

  constructor(public today: string) {}

  live(): ModelRemoval[] {
    return [...this.removals.values()].filter((r) => r.destroyed === null);
  }

  destroyed(): ModelRemoval[] {
    return [...this.removals.values()].filter((r) => r.destroyed !== null);
  }

  activeHolds(): ModelHold[] {
    return [...this.holds.values()].filter((h) => !h.released);
  }

  /** The matters holding the record today. */
  heldBy(record: ModelRemoval): ModelHold[] {
    return this.activeHolds().filter((hold) => covers(hold.scope, record));
  }

  /** The first day the record may be disposed of under its series, or null for a permanent series. */
  eligibleOn(record: ModelRemoval): string | null {
    const series = this.series.get(record.seriesId) ?? defaultSeries;
    if (series.period.kind === 'permanent') return null;
    const start = series.trigger === 'removal_date' ? record.removedDay : `${Number(record.removedDay.slice(0, 4)) + 1}-01-01`;
    const { years, months, days } = series.period;
    return DateTime.fromISO(start, { zone: 'utc' }).plus({ years, months, days }).toISODate()!;
  }

  isEligible(record: ModelRemoval): boolean {
    if (record.destroyed) return false;
    const on = this.eligibleOn(record);
    return on !== null && this.today >= on && this.heldBy(record).length === 0;
  }

  inOpenBatch(recordId: string): boolean {
    return [...this.batches.values()].some((batch) => !batch.executed && batch.listed.has(recordId));
  }

  /** What listing a batch for the series must list: eligible today, held by nothing, in no batch awaiting execution. */
  listable(seriesId: string): string[] {
    return this.live()
      .filter((r) => r.seriesId === seriesId && this.isEligible(r) && !this.inOpenBatch(r.id))
      .map((r) => r.id)
      .sort();
  }

  /** Which listed records an execution today must dispose of, and why each other one must be left out. */
  expectedExecution(batch: ModelBatch): { dispose: string[]; leftOut: Map<string, LeftOutBecause> } {
    const dispose: string[] = [];
    const leftOut = new Map<string, LeftOutBecause>();
    for (const [id, version] of batch.listed) {
      const record = this.removals.get(id);
      const because: LeftOutBecause | null = !record
        ? 'gone'
        : record.destroyed
          ? 'already_disposed'
          : this.heldBy(record).length > 0
            ? 'held'
            : record.version !== version
              ? 'changed'
              : !this.isEligible(record)
                ? 'not_eligible'
                : null;
      if (because) leftOut.set(id, because);
      else dispose.push(id);
    }
    return { dispose: dispose.sort(), leftOut };
  }

  counts() {
    const holds = [...this.holds.values()];
    const batches = [...this.batches.values()];
    return {
      removal: this.live().length,
      disposed: this.destroyed().length,
      hold: holds.length,
      holdReleased: holds.filter((h) => h.released).length,
      // The built-in series is a record only once records staff save their own version of it.
      series: this.series.size - 1,
      disposition: batches.length,
      batchExecuted: batches.filter((b) => b.executed).length,
      batchApproved: batches.filter((b) => !b.executed && b.approvals === 3).length,
    };
  }
}

export function covers(scope: ModelHoldScope, record: Pick<ModelRemoval, 'id' | 'username' | 'siteId' | 'removedDay'>): boolean {
  switch (scope.kind) {
    case 'records':
      return scope.recordIds.includes(record.id);
    case 'poster':
      return scope.username === record.username;
    case 'site':
      return scope.siteId === record.siteId;
    case 'period':
      return record.removedDay >= scope.from && record.removedDay <= scope.to;
  }
}

/** The city day `days` after `day`. */
export function addDays(day: string, days: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate()!;
}
