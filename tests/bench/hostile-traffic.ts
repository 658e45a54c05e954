// Child process of the hostile-load benchmark: samples /healthz and, in hostile rounds, sends
// paced hostile traffic, while the parent process drives the cached-badge load. Separate, so the
// 64-connection load generator's busy event loop does not delay these timers and inflate the
// /healthz figures. Prints one JSON line. Loopback only.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface Args {
  baseUrl: string;
  durationMs: number;
  hostile: boolean;
  pngFile: string;
  svgFile: string;
  uploadsPerSecond: number;
  unknownIdsPerSecond: number;
  refererPerSecond: number;
  activeId: string;
}

const args = JSON.parse(process.argv[2]!) as Args;
const base = new URL(args.baseUrl);
if (base.hostname !== '127.0.0.1') throw new Error('load runs against 127.0.0.1 only');
const png = readFileSync(args.pngFile);
const svg = readFileSync(args.svgFile);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const MAX_IN_FLIGHT = 256;

type Tally = Record<string, number>;
const tallies: Record<string, Tally> = { uploads: {}, unknownIds: {}, referers: {} };
let inFlight = 0;
let skipped = 0;
let seq = 0;

function send(
  kind: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer },
) {
  if (inFlight >= MAX_IN_FLIGHT) {
    skipped++;
    return;
  }
  inFlight++;
  const tally = tallies[kind]!;
  const done = (key: string) => {
    inFlight--;
    tally[key] = (tally[key] ?? 0) + 1;
  };
  const req = http.request(
    {
      host: base.hostname,
      port: base.port,
      path,
      method: init.method ?? 'GET',
      agent,
      headers: init.headers,
    },
    (res) => {
      res.resume();
      res.on('end', () => done(String(res.statusCode)));
    },
  );
  req.on('error', () => done('error'));
  req.end(init.body);
}

/** Calls `fire` `perSecond` times a second, in ticks of 50 ms, without waiting for answers. */
function paced(perSecond: number, fire: () => void): NodeJS.Timeout {
  let owed = 0;
  return setInterval(() => {
    owed += perSecond / 20;
    for (; owed >= 1; owed--) fire();
  }, 50);
}

const randomId = () => Array.from(randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join('');
const timers: NodeJS.Timeout[] = [];
if (args.hostile) {
  timers.push(
    paced(args.uploadsPerSecond, () => {
      const isPng = seq++ % 2 === 0;
      send('uploads', '/api/v1/verify', {
        method: 'POST',
        headers: { 'content-type': isPng ? 'image/png' : 'image/svg+xml' },
        body: isPng ? png : svg,
      });
    }),
    paced(args.unknownIdsPerSecond, () => send('unknownIds', `/badges/${randomId()}.svg`, {})),
    paced(args.refererPerSecond, () =>
      send('referers', `/badges/${args.activeId}.svg`, {
        headers: { referer: `https://${randomId()}.spam.example/` },
      }),
    ),
  );
}

// /healthz, one request at a time, every 20 ms.
const healthz: number[] = [];
let healthErrors = 0;
const deadline = performance.now() + args.durationMs;
while (performance.now() < deadline) {
  const started = performance.now();
  await new Promise<void>((resolve) => {
    http
      .get({ host: base.hostname, port: base.port, path: '/healthz', agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) healthErrors++;
          healthz.push(performance.now() - started);
          resolve();
        });
      })
      .on('error', () => {
        healthErrors++;
        resolve();
      });
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
}
for (const timer of timers) clearInterval(timer);
// Let the last answers arrive (uploads may wait for a worker), at most 10 s.
const drained = performance.now() + 10_000;
while (inFlight > 0 && performance.now() < drained) await new Promise((resolve) => setTimeout(resolve, 50));
agent.destroy();
healthz.sort((a, b) => a - b);
const pct = (p: number) =>
  healthz[Math.min(healthz.length - 1, Math.floor((p / 100) * healthz.length))] ?? NaN;
process.stdout.write(
  `${JSON.stringify({ healthzP50: pct(50), healthzP99: pct(99), healthzMax: healthz.at(-1), healthErrors, tallies, skipped, unanswered: inFlight })}\n`,
);
process.exit(0);
