import { describe, expect, it } from 'vitest';
import { chartSummary, monthLabel, namedSeries } from '../../../renderer/src/charts/chart-data';
import { CHART_INK, SERIES_COLORS } from '../../../renderer/src/charts/chart-palette';
import type { MonthlyCounts } from '../../../shared/removals/monthly-counts';

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((at) => {
      const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe('the chart colours', () => {
  it('each stand out from the white page by at least 3:1', () => {
    for (const color of SERIES_COLORS) expect(contrast(color, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(CHART_INK, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it('are all different', () => {
    expect(new Set(SERIES_COLORS.map((color) => color.toLowerCase())).size).toBe(SERIES_COLORS.length);
  });
});

describe('month labels', () => {
  it('read as a short month and the year', () => {
    expect(monthLabel('2026-03')).toBe('Mar 2026');
    expect(monthLabel('2025-12')).toBe('Dec 2025');
  });
});

describe('the series a chart shows', () => {
  const counts = (keys: number): MonthlyCounts => ({
    months: ['2026-01', '2026-02'],
    series: Array.from({ length: keys }, (_, index) => ({ key: `site-${index}`, counts: [keys - index, 1] })),
    totals: [0, 0],
  });

  it('names each series', () => {
    const series = namedSeries(counts(2), (key) => key.replace('site-', 'Site '), (howMany) => `All other sites (${howMany})`);
    expect(series.map((one) => one.label)).toEqual(['Site 0', 'Site 1']);
  });

  it('adds the smallest together when there are more than there are colours', () => {
    const many = counts(SERIES_COLORS.length + 3);
    const series = namedSeries(many, (key) => key, (howMany) => `All other sites (${howMany})`);
    expect(series).toHaveLength(SERIES_COLORS.length);
    const others = series.at(-1);
    expect(others?.label).toBe('All other sites (4)');
    const merged = many.series.slice(SERIES_COLORS.length - 1);
    expect(others?.counts).toEqual([merged.reduce((total, one) => total + (one.counts[0] ?? 0), 0), merged.length]);
  });
});

describe('the sentence that sums a chart up', () => {
  const months = ['2026-01', '2026-02', '2026-03'];
  const series = [
    { label: 'Off-topic comment', counts: [1, 4, 0] },
    { label: 'Threats of violence', counts: [0, 2, 1] },
  ];

  it('gives the span, the total, the busiest month and the largest series', () => {
    expect(chartSummary(months, series)).toBe(
      'Jan 2026 to Mar 2026: 8 removals in all. Most in Feb 2026: 6. Largest: Off-topic comment, 5. The table beside the chart gives every number.',
    );
  });

  it('counts removals, not category entries, when totals are given', () => {
    expect(chartSummary(months, series, [1, 5, 1])).toMatch(/^Jan 2026 to Mar 2026: 7 removals in all\. Most in Feb 2026: 5\./);
  });

  it('says when there is nothing to show', () => {
    expect(chartSummary(months, [{ label: 'Off-topic comment', counts: [0, 0, 0] }])).toBe('No removals in this period.');
    expect(chartSummary([], [])).toBe('No removals in this period.');
  });
});
