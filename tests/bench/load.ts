import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  statuses: Record<number, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * A small closed-loop load generator: `connections` keep-alive connections each send the next
 * request as soon as the previous answer is read, for `durationMs`. Loopback targets only.
 */
export async function runLoad(options: {
  url: string | (() => string);
  connections: number;
  durationMs: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<LoadResult> {
  const target = () => new URL(typeof options.url === 'function' ? options.url() : options.url);
  const first = target();
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(first.hostname))
    throw new Error('load tests run against loopback only');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const url = target();
      const t0 = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: options.method ?? 'GET',
          agent,
          headers: options.headers,
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(options.body);
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    statuses,
  };
}

function millis(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 's' ? n * 1000 : n;
}

/** wrk (Debian package), when installed: a C load generator leaves the server more of the CPU. */
export async function runWrk(options: {
  url: string;
  connections: number;
  durationMs: number;
  headers?: Record<string, string>;
}): Promise<LoadResult | null> {
  const { execFile } = await import('node:child_process');
  const args = [
    '-t1',
    `-c${options.connections}`,
    `-d${Math.max(1, Math.round(options.durationMs / 1000))}s`,
    '--latency',
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]),
    options.url,
  ];
  const output = await new Promise<string | null>((resolve) =>
    execFile('wrk', args, { timeout: options.durationMs + 30_000 }, (error, stdout) =>
      resolve(error ? null : stdout),
    ),
  );
  if (output === null) return null;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(output)?.[1]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const errors = non2xx + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const pct = (p: string) => millis(new RegExp(`\\s${p}%\\s+(\\S+)`).exec(output)?.[1] ?? '');
  return { requests, errors, rps, p50: pct('50'), p95: NaN, p99: pct('99'), statuses: {} };
}
