import { timingSafeEqual, createHash } from 'node:crypto';
import type { Deps } from '../app/deps.ts';
import { problemResponse } from '../http/problem.ts';
import { cacheControl } from '../http/cache-policy.ts';

function sameSecret(given: string, expected: string): boolean {
  // Compare digests: equal length, constant time, whatever the lengths given.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * `GET /metrics` on the main port needs `Authorization: Bearer METRICS_TOKEN`; without a token
 * configured it is not served there at all (use METRICS_PORT for an internal-only listener).
 */
export async function metricsHandler(
  request: Request,
  deps: Deps,
  _params: Record<string, string>,
  internal = false,
): Promise<Response> {
  if (!internal) {
    const token = deps.config.metricsToken;
    if (!token)
      return problemResponse('not_found', 'Metrics are served on METRICS_PORT or with METRICS_TOKEN.');
    const header = request.headers.get('authorization') ?? '';
    if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token)) {
      return problemResponse(
        'unauthenticated',
        'Metrics need the metrics bearer token.',
        {},
        {
          'www-authenticate': 'Bearer realm="metrics"',
        },
      );
    }
  }
  return new Response(deps.metrics.render(), {
    headers: {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'cache-control': cacheControl('no-store'),
    },
  });
}
