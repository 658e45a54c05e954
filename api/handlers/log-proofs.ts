import type { Deps } from '../app/deps.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { proveConsistency } from '../../db/log/proofs.ts';
import { TLOG_PROOF_TYPE } from '../../db/log/tlog-proof.ts';
import { count } from '../http/log-fast-lane.ts';

const headers = (contentType: string) => ({
  'content-type': contentType,
  'cache-control': cacheControl('log-latest'),
  'access-control-allow-origin': '*',
  'x-content-type-options': 'nosniff',
});

function onlyParameters(url: URL, allowed: readonly string[]): string | null {
  for (const name of url.searchParams.keys()) if (!allowed.includes(name)) return name;
  return null;
}

/** `GET /api/v1/log/proof?index=N`: a c2sp.org/tlog-proof@v1 proof against the latest checkpoint. */
export async function entryProofHandler(request: Request, deps: Deps): Promise<Response> {
  const url = new URL(request.url);
  const unknown = onlyParameters(url, ['index']);
  if (unknown !== null)
    return problemResponse('invalid_log_parameter', `Unknown parameter "${unknown.slice(0, 40)}".`);
  const index = count(url.searchParams.get('index'));
  if (index === null)
    return problemResponse('invalid_log_parameter', '"index" must be a whole number from 0.');
  // The fast lane (api/http/log-fast-lane.ts) answers the same from memory when it can.
  const proof = await deps.transparencyLog.prover.prove(index);
  return new Response(proof.text, { headers: headers(TLOG_PROOF_TYPE) });
}

/** `GET /api/v1/log/consistency?from=A[&to=B]`: an RFC 9162 consistency proof as JSON. */
export async function consistencyHandler(request: Request, deps: Deps): Promise<Response> {
  const url = new URL(request.url);
  const unknown = onlyParameters(url, ['from', 'to']);
  if (unknown !== null)
    return problemResponse('invalid_log_parameter', `Unknown parameter "${unknown.slice(0, 40)}".`);
  const from = count(url.searchParams.get('from'));
  const toText = url.searchParams.get('to');
  const to = toText === null ? null : count(toText);
  if (from === null || (toText !== null && to === null))
    return problemResponse('invalid_log_parameter', '"from" and "to" must be whole numbers from 0.');
  const answer = await proveConsistency(deps.database.db, from, to);
  const body = {
    from: answer.from,
    to: answer.to,
    proof: answer.proof.map((h) => Buffer.from(h).toString('base64')),
    checkpoint: answer.checkpoint,
  };
  return new Response(JSON.stringify(body), { headers: headers('application/json') });
}
