/**
 * Bar colours for the overview charts: the Okabe–Ito palette, which people
 * with the common forms of colour blindness can tell apart, darkened where a
 * colour was too light to see against the white page. Every colour has at
 * least 3:1 contrast with white (WCAG 2.1, 1.4.11 non-text contrast):
 *
 *   blue            #0072B2  5.2:1  (Okabe–Ito as is)
 *   orange          #B07A00  3.7:1  (Okabe–Ito #E69F00, darkened)
 *   bluish green    #009E73  3.4:1  (as is)
 *   vermillion      #D55E00  3.9:1  (as is)
 *   sky blue        #3A8CC0  3.7:1  (Okabe–Ito #56B4E9, darkened)
 *   reddish purple  #B5638F  4.1:1  (Okabe–Ito #CC79A7, darkened)
 *   yellow          #85801F  4.1:1  (Okabe–Ito #F0E442, darkened to olive)
 *   grey            #4D4D4D  8.5:1  (for Okabe–Ito black; used for "All other …")
 *
 * Neighbouring segments of a stacked bar are also split by a white line, so
 * no two colours ever have to be told apart by colour alone; the legend and
 * the data table name every series.
 */
export const SERIES_COLORS = ['#0072B2', '#B07A00', '#009E73', '#D55E00', '#3A8CC0', '#B5638F', '#85801F', '#4D4D4D'] as const;

/** Text and axis colour: the app's ink, 16:1 on white. */
export const CHART_INK = '#1b1f24';

/** The line between stacked segments. */
export const SEGMENT_BORDER = '#ffffff';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length] ?? SERIES_COLORS[0];
}
