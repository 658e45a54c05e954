// The bars of the entries-per-month chart as numbers: the page draws them as SVG. Pure, so the
// same counts always draw the same chart. Months without entries between the first and the last
// are shown as zero, and only the latest 24 months are drawn.

export interface MonthBar {
  readonly month: string;
  readonly count: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface MonthChart {
  readonly width: number;
  readonly height: number;
  /** Height of the plot area; labels go below it. */
  readonly plot: number;
  readonly max: number;
  readonly bars: MonthBar[];
}

const MAX_MONTHS = 24;

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Fills the months between the first and the last with zeros, keeping the latest 24. */
export function monthSeries(
  counts: ReadonlyArray<{ month: string; count: number }>,
): Array<{ month: string; count: number }> {
  if (counts.length === 0) return [];
  const byMonth = new Map(counts.map((c) => [c.month, c.count]));
  const last = counts.at(-1)!.month;
  const out: Array<{ month: string; count: number }> = [];
  for (let m = counts[0]!.month; ; m = nextMonth(m)) {
    out.push({ month: m, count: byMonth.get(m) ?? 0 });
    if (m >= last) break;
  }
  return out.slice(-MAX_MONTHS);
}

/** Lays out one bar per month in a 640 × 240 view box. */
export function monthChart(counts: ReadonlyArray<{ month: string; count: number }>): MonthChart {
  const series = monthSeries(counts);
  const width = 640;
  const plot = 200;
  const max = Math.max(1, ...series.map((s) => s.count));
  const step = series.length === 0 ? width : width / series.length;
  const bars = series.map((s, i) => {
    const height = Math.round((s.count / max) * (plot - 20));
    return {
      month: s.month,
      count: s.count,
      x: Math.round(i * step + step * 0.15),
      y: plot - height,
      width: Math.max(2, Math.round(step * 0.7)),
      height,
    };
  });
  return { width, height: 240, plot, max, bars };
}

/** `2026-12` as the locale writes a month, e.g. `dec 2026` / `Dec 2026` / `déc. 2026`. */
export function monthLabel(locale: string, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
