/**
 * The numbers staff quote on paper ("DB-2026-003", "PRA-2026-014"): a prefix,
 * the year it was made in the City's calendar, and a count that starts again
 * each year.
 */
export function nextYearlyNumber(prefix: string, existing: readonly string[], today: string): string {
  const start = `${prefix}-${today.slice(0, 4)}-`;
  const used = existing.filter((n) => n.startsWith(start)).map((n) => Number.parseInt(n.slice(start.length), 10)).filter(Number.isFinite);
  return `${start}${String(Math.max(0, ...used) + 1).padStart(3, '0')}`;
}
