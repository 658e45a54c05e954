import type { Deps } from '../app/deps.ts';
import { cacheControl, edgeHeaderRecord, edgeLifetime, edgeTag } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';

function json(body: unknown, contentType: string, deps: Deps): Response {
  return new Response(JSON.stringify(body), {
    headers: {
      'content-type': contentType,
      'access-control-allow-origin': '*',
      'cache-control': cacheControl('keys', deps.config.badgeMaxAgeSeconds),
      'x-content-type-options': 'nosniff',
      ...edgeHeaderRecord([edgeTag.keys], edgeLifetime('keys', deps.config.edgeMaxAgeSeconds, null, 0)),
    },
  });
}

/** `GET /.well-known/jwks.json`: current keys and retired keys whose credentials have not all expired. */
export async function jwksHandler(_request: Request, deps: Deps): Promise<Response> {
  return json({ keys: await deps.keys.published(deps.now()) }, 'application/jwk-set+json', deps);
}

/** `GET /keys/{thumbprint}`: the bare public JWK a credential's `kid` points at. */
export async function keyHandler(
  _request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const kid = `${deps.config.publicUrl}/keys/${params['thumbprint'] ?? ''}`;
  const jwk = (await deps.keys.published(deps.now())).find((k) => k.kid === kid);
  if (!jwk) return problemResponse('key_not_found', 'No published key has this thumbprint.');
  return json(jwk, 'application/jwk+json', deps);
}

/** `GET /status/{n}`: the signed Bitstring Status List credential, as a VC-JWT. */
export async function statusListHandler(
  _request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const raw = params['list'] ?? '';
  const n = /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : NaN;
  const jwt = Number.isNaN(n) ? null : await deps.statusLists.get(n, deps.now());
  if (!jwt) return problemResponse('status_list_not_found', `There is no status list "${raw.slice(0, 20)}".`);
  return new Response(jwt, {
    headers: {
      'content-type': 'application/vc+jwt',
      'access-control-allow-origin': '*',
      'cache-control': cacheControl('status-list', deps.config.badgeMaxAgeSeconds),
      'x-content-type-options': 'nosniff',
      ...edgeHeaderRecord(
        [edgeTag.statusList(n)],
        edgeLifetime('status-list', deps.config.edgeMaxAgeSeconds, null, 0),
      ),
    },
  });
}
