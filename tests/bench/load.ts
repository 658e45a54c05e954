import http from 'node:http';
import net from 'node:net';

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

/** Where a complete HTTP/1.1 response ends in `buf` (Content-Length or chunked), with its status; null if not yet. */
export function responseEnd(buf: Buffer): { end: number; status: number } | null {
  const head = buf.indexOf('\r\n\r\n');
  if (head === -1) return null;
  const headers = buf.toString('latin1', 0, head);
  const status = Number(headers.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(headers);
  if (length) {
    const end = head + 4 + Number(length[1]);
    return buf.length >= end ? { end, status } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(headers)) {
    const last = buf.indexOf('\r\n0\r\n\r\n', head + 2);
    return last === -1 ? null : { end: last + 7, status };
  }
  return { end: head + 4, status };
}

/**
 * The same closed loop as runLoad with the lightest client Node has: each of `connections`
 * keep-alive sockets writes a GET's bytes and reads the answer's bytes, nothing more. node:http's
 * client costs about as much CPU a request as the server under test, which on a machine of two
 * cores puts the client's own queueing into every latency it reports. Every request is timed from
 * its write to its last byte; none is left out.
 */
export async function runRawLoad(options: {
  url: string | (() => string);
  connections: number;
  durationMs: number;
}): Promise<LoadResult> {
  const target = () => new URL(typeof options.url === 'function' ? options.url() : options.url);
  const first = target();
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(first.hostname))
    throw new Error('load tests run against loopback only');
  const hostHeader = first.host;
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  const connection = () =>
    new Promise<void>((resolve) => {
      const socket = net.connect(Number(first.port), first.hostname.replace(/^\[|\]$/g, ''));
      socket.setNoDelay(true);
      let buf: Buffer = Buffer.alloc(0);
      let t0 = 0;
      const send = () => {
        const url = target();
        t0 = performance.now();
        socket.write(`GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${hostHeader}\r\n\r\n`, 'latin1');
      };
      socket.once('connect', send);
      socket.on('data', (chunk: Buffer) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        const done = responseEnd(buf);
        if (!done) return;
        latencies.push(performance.now() - t0);
        statuses[done.status] = (statuses[done.status] ?? 0) + 1;
        buf = buf.subarray(done.end);
        if (performance.now() < deadline) send();
        else socket.end();
      });
      socket.on('error', () => {
        errors++;
        socket.destroy();
      });
      socket.on('close', () => resolve());
    });
  await Promise.all(Array.from({ length: options.connections }, connection));
  const elapsed = (performance.now() - started) / 1000;
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
