import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { KeurmerkError } from '../../db/errors.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Claim,
  type IdempotentRequest,
} from '../../db/staff/idempotency.ts';
import type { Enlistment } from './perform.ts';

/** A stored answer: what a replay of the same key is told. */
export interface OnceAnswer {
  status: number;
  body: string;
}

/** A request to run at most once per key, and how each of its outcomes is remembered. */
export interface OnceRequest<R> extends Omit<IdempotentRequest, 'now'> {
  now: () => Date;
  /** The error that ends the attempt when the key was seen before; the caller catches it. */
  seen(claim: Exclude<Claim, { state: 'new' }>): Error;
  /** The answer stored for a success. */
  succeeded(result: R): OnceAnswer;
  /** The answer stored for a refusal (a domain error below 500). */
  refused(error: KeurmerkError): Promise<OnceAnswer> | OnceAnswer;
}

/**
 * The one way an admin change runs at most once, for the API's Idempotency-Key and the admin
 * forms' tokens alike: the key is claimed as the first statement of the operation's transaction
 * and the answer stored before its commit, so change, audit record and answer commit together
 * and a process dying half-way leaves the key free for a retry (see `claimIdempotencyKey`).
 */
export function once<R>(request: OnceRequest<R>): Enlistment<R> {
  const { principal, key } = request;
  const store = async (trx: Transaction<Database>, answer: OnceAnswer) =>
    completeIdempotencyKey(trx, principal, key, { ...answer, now: request.now() });
  return {
    async begin(trx) {
      const claim = await claimIdempotencyKey(trx, {
        principal,
        key,
        method: request.method,
        path: request.path,
        requestHash: request.requestHash,
        now: request.now(),
      });
      if (claim.state !== 'new') throw request.seen(claim);
    },
    succeeded: (trx, result) => store(trx, request.succeeded(result)),
    refused: async (trx, error) => store(trx, await request.refused(error)),
  };
}
