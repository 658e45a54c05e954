import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../../db/errors.ts';
import { problemBody } from './problem.ts';
import { cacheControl } from './cache-policy.ts';

interface Answer {
  code: ErrorCode;
  detail: string;
}

const HEADERS_TOO_LARGE: Answer = {
  code: 'headers_too_large',
  detail: 'The request line and headers together may be at most 16 kB.',
};
const TIMEOUT: Answer = {
  code: 'request_timeout',
  detail: 'The request did not arrive in time; send it again.',
};
const BAD_REQUEST: Answer = {
  code: 'bad_request',
  detail: 'The request is not valid HTTP/1.1.',
};

function answerFor(code: string | undefined): Answer {
  if (code === 'HPE_HEADER_OVERFLOW') return HEADERS_TOO_LARGE;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'ERR_HTTP_HEADERS_TIMEOUT') return TIMEOUT;
  return BAD_REQUEST;
}

/** The raw HTTP/1.1 response, problem+json like every other error of ours, closing the connection. */
export function clientErrorResponse(code: string | undefined): string {
  const answer = answerFor(code);
  const problem = problemBody(answer.code, answer.detail);
  const body = JSON.stringify(problem);
  return [
    `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}`,
    'Content-Type: application/problem+json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Cache-Control: ${cacheControl('no-store')}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * `clientError` handler: requests Node's parser refuses (headers over 16 kB, malformed request
 * lines, timeouts) never reach a handler, and Node's own answer is a bare status line. Answers
 * as Node would (only before anything else was sent on the connection), in our error format.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  const sentBefore = (socket as Duplex & { bytesWritten?: number }).bytesWritten ?? 0;
  if (error.code === 'ECONNRESET' || !socket.writable || sentBefore > 0) {
    socket.destroy();
    return;
  }
  socket.end(clientErrorResponse(error.code));
  // A client that keeps sending after the answer would otherwise hold the socket open.
  setTimeout(() => socket.destroy(), 2_000).unref();
}
