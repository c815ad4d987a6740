import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useId, useMemo, useRef } from 'react';
import { chartSummary, hasRemovals, monthLabel, type ChartSeries } from './chart-data';
import { CHART_INK, SEGMENT_BORDER, seriesColor } from './chart-palette';

/*
 * Only the parts a stacked bar chart needs, so the rest of chart.js stays out
 * of the bundle. chart.js 4 injects no stylesheet (the page's CSP forbids
 * one): it sizes the canvas through element.style, which the CSP allows.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const FONT_FAMILY = "system-ui, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

export interface MonthlyChartProps {
  title: string;
  /** 'YYYY-MM', oldest first, no gaps. */
  months: string[];
  series: ChartSeries[];
  /** The data table's caption; the title when absent. */
  caption?: string;
  /** Removals per month, when that is not the sum of the series (a removal in two categories). Adds a Total column. */
  totals?: number[];
}

/**
 * A stacked bar chart of removals per month with, beside it, a table of the
 * same numbers: the chart is a picture, so people who cannot see it (or need
 * exact figures) read the table. The canvas's accessible name sums it up.
 */
export function MonthlyChart({ title, months, series, caption, totals }: MonthlyChartProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const titleId = useId();
  const empty = months.length === 0 || !hasRemovals(series);
  const summary = useMemo(() => chartSummary(months, series, totals), [months, series, totals]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || empty) return;
    const chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: {
        labels: months.map(monthLabel),
        datasets: series.map((one, index) => ({
          label: one.label,
          data: one.counts,
          backgroundColor: seriesColor(index),
          borderColor: SEGMENT_BORDER,
          borderWidth: 1,
        })),
      },
      options: {
        // Off for people who asked for reduced motion, and for everyone else too: a bar growing tells nothing.
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        color: CHART_INK,
        font: { family: FONT_FAMILY },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { color: CHART_INK } },
          y: {
            stacked: true,
            beginAtZero: true,
            ticks: { color: CHART_INK, precision: 0 },
            title: { display: true, text: 'Removals', color: CHART_INK },
          },
        },
        plugins: {
          legend: { position: 'bottom', labels: { color: CHART_INK } },
        },
      },
    });
    return () => chart.destroy();
  }, [empty, months, series]);

  return (
    <figure className="monthly-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="monthly-chart-title">
        {title}
      </figcaption>
      {empty ? (
        <p>No removals in this period.</p>
      ) : (
        <div className="monthly-chart-body">
          <div className="chart-canvas">
            <canvas ref={canvasRef} role="img" aria-label={`${title}: ${summary}`}>
              {summary}
            </canvas>
          </div>
          {/* Wide tables scroll inside their own box, which takes keyboard focus so it can be scrolled without a mouse. */}
          <div className="chart-table" role="region" aria-label={`${title}: table`} tabIndex={0}>
            <table>
              <caption>{caption ?? title}</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  {series.map((one, index) => (
                    <th scope="col" key={index}>
                      {one.label}
                    </th>
                  ))}
                  {totals && <th scope="col">Total removals</th>}
                </tr>
              </thead>
              <tbody>
                {months.map((month, row) => (
                  <tr key={month}>
                    <th scope="row">{monthLabel(month)}</th>
                    {series.map((one, index) => (
                      <td key={index} className="number">
                        {one.counts[row] ?? 0}
                      </td>
                    ))}
                    {totals && <td className="number">{totals[row] ?? 0}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </figure>
  );
}
