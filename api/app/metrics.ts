/**
 * In-process metrics in the Prometheus text format. Recording is a few array increments, cheap
 * enough for the badge path; gauges (cache, pool, reconnects) are read when scraped.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// Node sends statuses 100–999; anything below counts as 0xx.
const STATUS_CLASSES = Array.from({ length: 10 }, (_, digit) => `${digit}xx`);

interface Series {
  count: number;
  sum: number;
  /** Requests per bucket (not cumulative; the text format's cumulative counts are summed on render). */
  buckets: number[];
  /** Requests per status class, indexed by the status code's first digit. */
  statuses: number[];
}

export type Gauge = () => Array<{
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  value: number;
  labels?: Record<string, string>;
}>;

export class Metrics {
  readonly #groups = new Map<string, Series>();
  readonly #counters = new Map<string, { help: string; value: number }>();
  readonly #gauges: Gauge[] = [];

  /** Records one finished request of a route group. */
  observe(group: string, status: number, seconds: number): void {
    let series = this.#groups.get(group);
    if (!series)
      this.#groups.set(
        group,
        (series = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0), statuses: STATUS_CLASSES.map(() => 0) }),
      );
    series.count++;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]!) bucket++;
    if (bucket < BUCKETS.length) series.buckets[bucket]!++;
    const statusClass = Math.floor(status / 100);
    series.statuses[statusClass >= 0 && statusClass < STATUS_CLASSES.length ? statusClass : 0]!++;
  }

  increment(name: string, help: string, by = 1): void {
    const counter = this.#counters.get(name);
    if (counter) counter.value += by;
    else this.#counters.set(name, { help, value: by });
  }

  addGauges(gauge: Gauge): void {
    this.#gauges.push(gauge);
  }

  render(): string {
    const lines: string[] = [];
    const label = (labels: Record<string, string>) =>
      `{${Object.entries(labels)
        .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
        .join(',')}}`;
    lines.push('# HELP keurmerk_http_requests_total Requests answered, by route group and status class.');
    lines.push('# TYPE keurmerk_http_requests_total counter');
    for (const [group, s] of this.#groups) {
      s.statuses.forEach((n, i) => {
        if (n > 0)
          lines.push(`keurmerk_http_requests_total${label({ group, status: STATUS_CLASSES[i]! })} ${n}`);
      });
    }
    lines.push(
      '# HELP keurmerk_http_request_duration_seconds Time from request to response end, by route group.',
    );
    lines.push('# TYPE keurmerk_http_request_duration_seconds histogram');
    for (const [group, s] of this.#groups) {
      let cumulative = 0;
      BUCKETS.forEach((le, i) => {
        cumulative += s.buckets[i]!;
        lines.push(
          `keurmerk_http_request_duration_seconds_bucket${label({ group, le: String(le) })} ${cumulative}`,
        );
      });
      lines.push(`keurmerk_http_request_duration_seconds_bucket${label({ group, le: '+Inf' })} ${s.count}`);
      lines.push(`keurmerk_http_request_duration_seconds_sum${label({ group })} ${s.sum}`);
      lines.push(`keurmerk_http_request_duration_seconds_count${label({ group })} ${s.count}`);
    }
    for (const [name, c] of this.#counters) {
      lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`, `${name} ${c.value}`);
    }
    const seen = new Set<string>();
    for (const gauge of this.#gauges) {
      for (const g of gauge()) {
        if (!seen.has(g.name)) lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} ${g.type}`);
        seen.add(g.name);
        lines.push(`${g.name}${g.labels ? label(g.labels) : ''} ${g.value}`);
      }
    }
    return lines.join('\n') + '\n';
  }
}
