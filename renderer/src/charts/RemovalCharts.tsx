import { useId, useMemo, useState } from 'react';
import { countPeriodLabels, countPeriods, periodMonths, removalsPerMonth, type CountPeriod } from '../../../shared/removals/monthly-counts';
import type { RemovalListing } from '../../../shared/removals/removal-listing';
import { namedSeries } from './chart-data';
import { MonthlyChart } from './MonthlyChart';

export interface RemovalChartsProps {
  listings: RemovalListing[];
  /** Site id → the site's name in the register. */
  siteNames: ReadonlyMap<string, string>;
  /** Category id → its label in the policy (the current version's). */
  categoryLabels: ReadonlyMap<string, string>;
  /** The City's zone: months are counted in it. */
  timeZone: string;
}

function isCountPeriod(value: string): value is CountPeriod {
  return (countPeriods as readonly string[]).includes(value);
}

/** Removals per month by category and by site, for a period the reader chooses. */
export function RemovalCharts({ listings, siteNames, categoryLabels, timeZone }: RemovalChartsProps) {
  const [period, setPeriod] = useState<CountPeriod>('last12Months');
  const headingId = useId();
  const periodId = useId();
  const periodHintId = useId();

  const charts = useMemo(() => {
    // The clock is read here, when the period or the records change; the counting itself takes the months as given.
    const range = periodMonths(period, new Date(), timeZone);
    const byCategory = removalsPerMonth(listings, 'category', { timeZone, ...range });
    const bySite = removalsPerMonth(listings, 'site', { timeZone, ...range });
    return {
      byCategory: {
        months: byCategory.months,
        totals: byCategory.totals,
        series: namedSeries(byCategory, (id) => categoryLabels.get(id) ?? id, (howMany) => `All other categories (${howMany})`),
      },
      bySite: {
        months: bySite.months,
        totals: bySite.totals,
        series: namedSeries(bySite, (id) => siteNames.get(id) ?? `Site no longer in the register (${id})`, (howMany) => `All other sites (${howMany})`),
      },
    };
  }, [listings, period, timeZone, siteNames, categoryLabels]);

  const periodWords = countPeriodLabels[period].toLowerCase();
  return (
    <section className="removal-charts" aria-labelledby={headingId}>
      <h2 id={headingId}>Removals per month</h2>
      <div className="field">
        <label htmlFor={periodId}>Period</label>
        <p id={periodHintId} className="hint">
          Removals are counted in the month they were removed, in {timeZone} time. Content left up or still awaiting a decision is counted in the month staff saw it.
        </p>
        <select
          id={periodId}
          aria-describedby={periodHintId}
          value={period}
          onChange={(event) => {
            if (isCountPeriod(event.target.value)) setPeriod(event.target.value);
          }}
        >
          {countPeriods.map((choice) => (
            <option key={choice} value={choice}>
              {countPeriodLabels[choice]}
            </option>
          ))}
        </select>
      </div>
      <MonthlyChart
        title="Removals per month by category"
        months={charts.byCategory.months}
        series={charts.byCategory.series}
        totals={charts.byCategory.totals}
        caption={`Removals per month by policy category, ${periodWords}. A removal in two categories is counted once in each, so the categories can add up to more than the total.`}
      />
      <MonthlyChart
        title="Removals per month by site"
        months={charts.bySite.months}
        series={charts.bySite.series}
        totals={charts.bySite.totals}
        caption={`Removals per month by site, ${periodWords}.`}
      />
    </section>
  );
}
