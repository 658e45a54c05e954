import { createHash } from 'node:crypto';
import type { Deps } from '../app/deps.ts';
import type { Handler } from '../routes/route.ts';
import { discardBody, readBody } from '../http/body.ts';
import { problemFromError, problemResponse } from '../http/problem.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { requestContext } from '../http/request-context.ts';
import { KeurmerkError } from '../../db/errors.ts';
import type { Claim } from '../../db/staff/idempotency.ts';
import { once } from '../admin/once.ts';
import { asInput } from '../handlers/admin-input.ts';
import { authenticateBearer } from './authenticate.ts';
import { audit } from '../admin/audit.ts';
import { perform, type Enlistment, type Input, type Operation } from '../admin/perform.ts';
import { principalKey, type Principal } from '../admin/principal.ts';
import { setCookieHeader, type ReadFloorCookie } from '../http/read-floor.ts';

const JSON_LIMIT = 64 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
// Fields that are shown once and must never be stored for a replay.
const SECRET_FIELDS = new Set(['token', 'password']);

export interface AdminEndpoint {
  readonly op: Operation;
  /** 201 for creations. */
  readonly status?: number;
  /** How the input arrives: JSON (default) or a raw CSV stream handed to the operation as `csv`. */
  readonly body?: 'json' | 'csv';
  /** An answer that is not JSON (an evidence file): built from the operation's result. */
  readonly respond?: (result: any) => Response;
}

function json(status: number, body: unknown, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': cacheControl('no-store', 0),
      'x-content-type-options': 'nosniff',
      ...extra,
    },
  });
}

function unauthorized(detail: string, error?: string): Response {
  const challenge = `Bearer realm="keurmerk-admin"${error ? `, error="${error}"` : ''}`;
  return problemResponse('unauthenticated', detail, {}, { 'www-authenticate': challenge });
}

async function parseJsonBody(request: Request): Promise<{ input: Input; bytes: Uint8Array }> {
  const bytes = await readBody(request, JSON_LIMIT);
  if (bytes.length === 0) return { input: {}, bytes };
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type))
    throw new KeurmerkError('unsupported_media_type', 'Send the body as application/json.');
  try {
    return { input: asInput(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))), bytes };
  } catch (error) {
    if (error instanceof KeurmerkError) throw error;
    throw new KeurmerkError('invalid_json', 'The request body is not valid JSON (UTF-8).');
  }
}

function withoutSecrets(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => (SECRET_FIELDS.has(k) ? [k, null] : [k, v])),
  );
}

/**
 * Wraps an admin operation as an HTTP handler: Bearer token required (401 without a valid one),
 * the role checked by `perform` (403), JSON in and out, problem+json errors, and an
 * `Idempotency-Key` on changes replaying the first answer instead of acting twice.
 */
export function adminHandler(endpoint: AdminEndpoint): Handler {
  return async (request: Request, deps: Deps, params: Record<string, string>) => {
    const origin = requestContext(request);
    const now = deps.now();
    const auth = await authenticateBearer(deps.database.db, request.headers.get('authorization'), now);
    if (auth.state !== 'valid') {
      await discardBody(request);
      if (auth.state === 'missing') return unauthorized('Send an API token as "Authorization: Bearer …".');
      await audit(deps.database.db, origin, {
        principal: null,
        action: 'auth.token',
        target: 'tokenId' in auth ? `token:${auth.tokenId}` : null,
        outcome: 'failed',
        detail: { reason: auth.state, path: new URL(request.url).pathname.slice(0, 200) },
        now,
      });
      return unauthorized(
        `The API token is ${auth.state === 'malformed' ? 'not valid' : auth.state}.`,
        'invalid_token',
      );
    }
    const principal = auth.principal;
    const ctx = { deps, principal, via: 'api' as const, ...origin };
    const method = request.method;
    const changes = method !== 'GET' && method !== 'HEAD';

    let input: Input;
    let bodyBytes: Uint8Array = new Uint8Array(0);
    try {
      if (!changes) input = Object.fromEntries(new URL(request.url).searchParams);
      else if (endpoint.body === 'csv')
        input = { ...Object.fromEntries(new URL(request.url).searchParams), csv: request.body };
      else ({ input, bytes: bodyBytes } = await parseJsonBody(request));
    } catch (error) {
      return problemFromError(error).response;
    }
    // Path parameters win over the body: a body cannot redirect an action to another record.
    input = { ...input, ...params };

    const key = changes && endpoint.body !== 'csv' ? request.headers.get('idempotency-key') : null;
    if (key === null) return run(ctx, input);
    if (!IDEMPOTENCY_KEY.test(key))
      return problemResponse(
        'invalid_idempotency_key',
        'An Idempotency-Key is 1 to 200 printable ASCII characters.',
      );
    const idempotency = idempotencyKey(deps, principal, key, request, bodyBytes, endpoint.status ?? 200);
    return run(ctx, input, idempotency);
  };

  async function run(
    ctx: Parameters<typeof perform>[0],
    input: Input,
    idempotency?: Enlistment<unknown>,
  ): Promise<Response> {
    const extra: Record<string, string> = {};
    const withFloor = {
      ...ctx,
      onReadFloor: (c: ReadFloorCookie) => (extra['set-cookie'] = setCookieHeader(c)),
    };
    try {
      const result = await perform(withFloor, endpoint.op, input, idempotency);
      if (endpoint.respond) return endpoint.respond(result);
      return json(endpoint.status ?? 200, result, extra);
    } catch (error) {
      if (error instanceof StoredAnswer) return error.response;
      const { response, unexpected } = problemFromError(error);
      if (unexpected) ctx.deps.log.error('admin operation failed', { op: endpoint.op.name, error });
      return response;
    }
  }
}

/** The answer to a request whose Idempotency-Key was seen before, given instead of running it. */
class StoredAnswer extends Error {
  readonly response: Response;
  constructor(response: Response) {
    super('answered from the idempotency store');
    this.response = response;
  }
}

function storedAnswer(claim: Exclude<Claim, { state: 'new' }>): Response {
  if (claim.state === 'mismatch')
    return problemResponse(
      'idempotency_key_reused',
      'This Idempotency-Key was used for a different request.',
    );
  if (claim.state === 'in_progress')
    return problemResponse(
      'idempotency_in_progress',
      'A request with this Idempotency-Key is still running; retry later.',
      {},
      { 'retry-after': '1' },
    );
  const type = claim.status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(claim.body, {
    status: claim.status,
    headers: {
      'content-type': type,
      'cache-control': cacheControl('no-store', 0),
      'idempotent-replayed': 'true',
    },
  });
}

/**
 * An `Idempotency-Key` as part of the operation's transaction: the key is claimed first, and the
 * answer (a success, or a refusal below 500) stored before the commit, so the change, its audit
 * record and the stored answer commit together. A process dying in between leaves no claim, and
 * a retry runs. Of two identical requests at once, the second waits on the first's uncommitted
 * claim (PostgreSQL) or its turn (PGlite), then replays its answer; a request that fails with a
 * 5xx rolls back and leaves the key free.
 */
function idempotencyKey(
  deps: Deps,
  principal: Principal,
  key: string,
  request: Request,
  body: Uint8Array,
  status: number,
): Enlistment<unknown> {
  const path = new URL(request.url).pathname;
  return once<unknown>({
    principal: principalKey(principal),
    key,
    method: request.method,
    path,
    requestHash: createHash('sha256').update(`${request.method} ${path}\n`).update(body).digest('hex'),
    now: () => deps.now(),
    seen: (claim) => new StoredAnswer(storedAnswer(claim)),
    succeeded(result) {
      const text = JSON.stringify(result);
      return { status, body: text === undefined ? '' : JSON.stringify(withoutSecrets(JSON.parse(text))) };
    },
    refused: async (error) => ({ status: error.status, body: await problemFromError(error).response.text() }),
  });
}
