import os from 'node:os';
import { compactVerify, importJWK, type JWK } from 'jose';
import { runLoad } from './load.ts';
import { verifyCredentialJwt } from '../../badges/verify/jwt-verify.ts';

/**
 * Verify API throughput: `POST /api/v1/verify` with one token (text/plain) over 64 keep-alive
 * connections for `durationMs`, against 127.0.0.1 only. The baseline, measured in the same run on
 * the same server and connections, is `GET /healthz` (the cheapest route), so the ratio says what
 * verification costs. Repeated verifications of one token reuse its time-independent checks
 * (badges/verify/cache.ts); the rate of full, uncached token checks and of jose's verify alone on
 * one core of this process are reported beside it.
 */
export async function benchVerify(opts: {
  baseUrl: string;
  durationMs: number;
  token: string;
}): Promise<Record<string, number>> {
  const base = new URL(opts.baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error('the verify benchmark runs against 127.0.0.1 only');
  const verifyUrl = `${base.origin}/api/v1/verify`;
  const check = await fetch(verifyUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: opts.token,
  });
  const first = (await check.json()) as { verdict?: string };
  if (first.verdict !== 'valid')
    throw new Error(`the benchmark token does not verify: ${JSON.stringify(first)}`);

  const warm = Math.min(2_000, opts.durationMs / 4);
  const post = {
    url: verifyUrl,
    connections: 64,
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: opts.token,
  };
  await runLoad({ url: `${base.origin}/healthz`, connections: 64, durationMs: warm });
  const baseline = await runLoad({
    url: `${base.origin}/healthz`,
    connections: 64,
    durationMs: opts.durationMs,
  });
  await runLoad({ ...post, durationMs: warm });
  const verify = await runLoad({ ...post, durationMs: opts.durationMs });
  const jwks = (await (await fetch(`${base.origin}/.well-known/jwks.json`)).json()) as { keys: JWK[] };
  const oneCoreMs = Math.min(3_000, opts.durationMs);
  const jose = await joseVerifyRate(opts.token, jwks, oneCoreMs);
  // What a token the server has not seen before costs: every check of badges/verify/jwt-verify.ts, no cache.
  const uncached = await rate(oneCoreMs, () =>
    verifyCredentialJwt(opts.token, { jwks, publicUrl: base.origin, now: new Date() }).then((r) => {
      if (!r.ok) throw new Error('the benchmark token does not verify in-process');
    }),
  );
  return {
    verifyPerSecond: verify.rps,
    verifyP50Ms: verify.p50,
    verifyP99Ms: verify.p99,
    verifyErrors:
      verify.errors +
      Object.entries(verify.statuses)
        .filter(([s]) => s !== '200')
        .reduce((n, [, c]) => n + c, 0),
    healthzPerSecond: baseline.rps,
    ratioToHealthz: verify.rps / baseline.rps,
    joseVerifyPerSecondOneCore: jose,
    ratioToJoseOneCore: verify.rps / jose,
    uncachedTokenChecksPerSecondOneCore: uncached,
    goalPerSecond: 3_000,
    ratioToGoal: verify.rps / 3_000,
  };
}

async function rate(durationMs: number, once: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    await once();
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

/** Signature checks per second with jose alone, in this process, on one core. */
async function joseVerifyRate(token: string, jwks: { keys: JWK[] }, durationMs: number): Promise<number> {
  const kid = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')).kid as string;
  const jwk = jwks.keys.find((k) => k.kid === kid)!;
  const key = await importJWK(jwk, jwk.alg);
  return rate(durationMs, () => compactVerify(token, key));
}

// Standalone: `node tests/bench/verify.ts [seconds]` prepares a registry, starts the server and prints the figures.
if (import.meta.main) {
  const { startVerifyServer } = await import('../helpers/verify-fixture.ts');
  const seconds = Number(process.argv[2] ?? 10);
  const ctx = await startVerifyServer({ LOG_LEVEL: 'error' });
  try {
    process.stderr.write(
      `verify benchmark on ${os.cpus().length} cores, node ${process.version}, ${seconds} s per run\n`,
    );
    const figures = await benchVerify({
      baseUrl: ctx.server.url,
      durationMs: seconds * 1000,
      token: ctx.fixture.tokens.active,
    });
    for (const [name, value] of Object.entries(figures))
      process.stdout.write(`${name.padEnd(36)} ${value.toFixed(2)}\n`);
  } finally {
    await ctx.close();
  }
}
