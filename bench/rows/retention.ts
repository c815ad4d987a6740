import { runPdfJob } from '../../renderer/src/pdf/pdf-jobs';
import { CITY_TIME_ZONE } from '../../shared/removals/moments';
import { removalListing, type RemovalListing } from '../../shared/removals/removal-listing';
import { assessRetention, scheduleSeries, seriesCounts } from '../../shared/retention/schedule-status';
import { syntheticRemoval } from '../data/synthetic-removals';
import { median, p95, type BenchRow } from '../results';

/**
 * The retention schedule at a city's scale: applying it to every record (what
 * the Retention screen does on opening) and the council's retention report
 * from it. Both run on the shared modules, in Node; the report is rendered by
 * the same job the PDF worker runs.
 */
const TODAY = '2026-11-24';
const ELIGIBILITY_BUDGET_SECONDS = 1;
const REPORT_BUDGET_SECONDS = 5;

function listings(count: number): RemovalListing[] {
  const siteIds = ['site-a', 'site-b', 'site-c'];
  return Array.from({ length: count }, (_, n) => removalListing(syntheticRemoval(n, { siteIds, id: `r${n}` }), `token-${n % 5000}`));
}

async function renderReport(input: unknown): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    void runPdfJob({ id: 'bench', kind: 'retentionReport', input }, (message) => {
      if (message.type === 'done') resolve();
      if (message.type === 'error') reject(new Error(message.message));
    });
  });
}

export async function retentionRows({ quick }: { quick: boolean }): Promise<BenchRow[]> {
  const count = quick ? 10_000 : 100_000;
  const all = listings(count);
  const series = scheduleSeries([]);
  const assessing: number[] = [];
  const reporting: number[] = [];
  for (let run = 0; run < (quick ? 2 : 3); run++) {
    let started = performance.now();
    const assessed = assessRetention(all, series, { today: TODAY, timeZone: CITY_TIME_ZONE, holds: [] });
    const rows = seriesCounts(assessed, [], series, TODAY);
    assessing.push((performance.now() - started) / 1000);
    started = performance.now();
    await renderReport({ cityName: 'City of Norwalk', ledgerName: 'Bench', preparedAt: new Date().toISOString(), today: TODAY, series, rows });
    reporting.push((performance.now() - started) / 1000 + assessing.at(-1)!);
  }
  const label = count.toLocaleString('en-US');
  return [
    {
      operation: `retention eligibility of ${label} records`,
      measured: median(assessing),
      p95: p95(assessing),
      unit: 's',
      budget: ELIGIBILITY_BUDGET_SECONDS,
      withinBudget: median(assessing) <= ELIGIBILITY_BUDGET_SECONDS,
    },
    {
      operation: `retention report PDF at ${label} records (counts + render)`,
      measured: median(reporting),
      p95: p95(reporting),
      unit: 's',
      budget: REPORT_BUDGET_SECONDS,
      withinBudget: median(reporting) <= REPORT_BUDGET_SECONDS,
    },
  ];
}
