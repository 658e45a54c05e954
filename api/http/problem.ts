import { KeurmerkError, catalogueEntry, problemType, type ErrorCode } from '../../db/errors.ts';
import { uniqueViolation } from '../../db/platform/unique-violation.ts';
import { cacheControl } from './cache-policy.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** An RFC 9457 problem document; `code` becomes the stable `type`, status and title come from the catalogue. */
export function problemBody(
  code: ErrorCode,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = catalogueEntry(code);
  const body: Problem = { type: problemType(code), title, status, ...extensions };
  if (detail !== undefined) body.detail = detail;
  return body;
}

/** An RFC 9457 problem+json response; `code` becomes the stable `type` and sets the status. */
export function problemResponse(
  code: ErrorCode,
  detail?: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(problemBody(code, detail, extensions)), {
    status: catalogueEntry(code).status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': cacheControl('no-store'),
      ...headers,
    },
  });
}

// Connection-level failures of the database: the request may succeed when retried shortly.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** True for errors that mean "the database is unreachable right now", not "this request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  // pg-pool rewraps connect errors without their code: "connect ECONNREFUSED 127.0.0.1:5432".
  return /Connection terminated|connection timeout|Client has encountered a connection error|\bconnect (ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/i.test(
    error.message,
  );
}

/**
 * Domain errors become their own problem; anything else is a fixed-message 500 (the detail goes
 * to the log, never to the client).
 */
export function problemFromError(error: unknown): { response: Response; unexpected: boolean } {
  // A unique violation that escaped the transaction helper (a lone insert) is still a conflict.
  const known = error instanceof KeurmerkError ? error : uniqueViolation(error);
  if (known) {
    // A refusal that ends by itself (429, a busy 503) says when to come back, as RFC 9110 asks.
    const retryAfter = known.details['retryAfter'];
    const headers: Record<string, string> =
      typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {};
    return {
      response: problemResponse(known.code, known.message, { ...known.details }, headers),
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      response: problemResponse(
        'database_unavailable',
        'The registry database cannot be reached right now; try again shortly.',
        {},
        { 'retry-after': '5' },
      ),
      unexpected: false,
    };
  }
  return {
    response: problemResponse('internal_error', 'Something went wrong on our side; it has been logged.'),
    unexpected: true,
  };
}
