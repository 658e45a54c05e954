import type { Kysely, Transaction } from 'kysely';
import type { Deps } from '../app/deps.ts';
import type { Database } from '../../db/schema/database.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { inTransaction } from '../../db/platform/transaction.ts';
import { can, memberCan, type Permission } from './policy.ts';
import type { Principal } from './principal.ts';
import { audit, type RequestOrigin } from './audit.ts';
import { ForbiddenError } from '../auth/errors.ts';
import { readFloorAfterWrite, type ReadFloorCookie } from '../http/read-floor.ts';

/** Unvalidated input: a JSON body, a form or query parameters, plus path parameters. */
export type Input = Readonly<Record<string, unknown>>;

export interface ActionContext extends RequestOrigin {
  readonly deps: Deps;
  readonly principal: Principal;
  /** Reads are audited only when made with an API token (token use); changes always. */
  readonly via: 'api' | 'ui' | 'cli';
  /**
   * Called after a change committed with the read-your-writes cookie (replicas only), so the
   * person's next public reads see the change; the API and pages send it, the CLI has no reads.
   */
  readonly onReadFloor?: (cookie: ReadFloorCookie) => void;
}

/**
 * What an operation runs with. For a change, `deps.database.db` is the operation's transaction:
 * everything the operation writes commits together with its audit record, or nothing does. On
 * PGlite the transaction holds the only connection, so an operation must reach the database only
 * through `ctx.deps.database.db` (services in `deps` that keep their own handle are for after
 * the commit).
 */
export interface RunContext extends ActionContext {
  /**
   * Work outside the database (dropping this instance's cached badges, loading a rotated key) to
   * do once the change has committed, before the answer; dropped when it rolls back. Done any
   * earlier, a badge rendered meanwhile could read the old state and be cached again.
   */
  afterCommit(work: () => void | Promise<void>): void;
}

/**
 * One admin action. The admin API routes and the admin pages both run actions through `perform`,
 * so authorisation and the audit record cannot be forgotten by either.
 */
export interface Operation<R = unknown, P = unknown> {
  /** Audit action name, e.g. `certification.revoke`. */
  readonly name: string;
  readonly permission: Permission;
  readonly write: boolean;
  /**
   * Slow work that needs no transaction (hashing a password takes ~100 ms), done after the
   * permission check and before the transaction begins, so that it holds no connection (on
   * PGlite, the only one) and no row lock. A refusal here is audited like one from `run`, but
   * an Idempotency-Key keeps no answer for it: a retry simply prepares again.
   */
  prepare?(ctx: ActionContext, input: Input): Promise<P>;
  run(ctx: RunContext, input: Input, prepared: P): Promise<R>;
  /** What the action was about, for the audit log; defaults to the id-like input field. */
  target?(input: Input, result: R | undefined): string | null;
  /** Non-secret facts worth keeping in the audit log (a reason, counts); never passwords or tokens. */
  detail?(input: Input, result: R | undefined): Record<string, unknown>;
}

/**
 * Work that joins an operation's transaction: an Idempotency-Key's claim and its stored answer,
 * which must commit together with the change (or not at all, so that a retry simply runs).
 */
export interface Enlistment<R> {
  /**
   * First thing in the transaction. Throwing ends the attempt before the operation runs (a stored
   * answer to replay, a key reused for another request): nothing changes and nothing is audited.
   */
  begin(trx: Transaction<Database>): Promise<void>;
  /** After the operation succeeded, in its transaction. */
  succeeded(trx: Transaction<Database>, result: R): Promise<void>;
  /**
   * After the operation refused (a domain error below 500): its work has been undone and its
   * `failed` audit record written; this is still in the transaction that began with `begin`.
   */
  refused(trx: Transaction<Database>, error: KeurmerkError): Promise<void>;
}

function defaultTarget(input: Input): string | null {
  for (const field of ['publicId', 'slug', 'id', 'email', 'organisation']) {
    const value = input[field];
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 200);
  }
  return null;
}

/** The same deps, with the database handle replaced by a transaction. */
function withDatabase(deps: Deps, trx: Transaction<Database>): Deps {
  return { ...deps, database: { ...deps.database, db: trx } };
}

/**
 * Staff principals are judged by role; a member by their role in the organisation the input's
 * `organisation` (a slug) names, among the memberships read when their session was checked.
 */
function decide(principal: Principal, permission: Permission, input: Input): 'allow' | 'deny' | 'hidden' {
  if (principal.kind !== 'member') return can(principal.role, permission) ? 'allow' : 'deny';
  const slug = input['organisation'];
  const membership = principal.memberships.find((m) => m.slug === slug);
  return memberCan(membership?.role ?? null, permission);
}

const refusal = (error: unknown): error is KeurmerkError =>
  error instanceof KeurmerkError && error.status < 500;

/**
 * Runs an operation for a principal: the role is checked first (deny by default), then the
 * operation runs, and its outcome is recorded with actor, time, client address and target.
 *
 * A change runs in one transaction with its `success` audit record (and the enlistment's work):
 * a process that dies half-way leaves neither. A change that fails is rolled back and its
 * `failed` or `error` record written afterwards (with an enlistment, a refusal's record commits
 * with the enlistment's work instead). `afterCommit` work runs once the transaction committed.
 */
export async function perform<R, P>(
  ctx: ActionContext,
  op: Operation<R, P>,
  input: Input,
  enlistment?: Enlistment<R>,
): Promise<R> {
  const db = ctx.deps.database.db;
  const record = async (
    on: Kysely<Database>,
    outcome: 'success' | 'denied' | 'failed' | 'error',
    result: R | undefined,
    extra = {},
  ) =>
    audit(on, ctx, {
      principal: ctx.principal,
      action: op.name,
      target: op.target ? op.target(input, result) : defaultTarget(input),
      outcome,
      detail: { via: ctx.via, ...(op.detail?.(input, result) ?? {}), ...extra },
      now: ctx.deps.now(),
    });
  const decision = decide(ctx.principal, op.permission, input);
  if (decision !== 'allow') {
    await record(db, 'denied', undefined, { permission: op.permission });
    // Another organisation's business is answered as if it did not exist.
    if (decision === 'hidden') throw new NotFoundError('organisation', String(input['organisation'] ?? ''));
    throw new ForbiddenError(op.permission);
  }
  const audited = op.write || ctx.via === 'api';
  const pending: Array<() => void | Promise<void>> = [];
  let prepared = undefined as P;
  const run = (deps: Deps) =>
    op.run({ ...ctx, deps, afterCommit: (work) => void pending.push(work) }, input, prepared);
  const transactional = op.write || enlistment !== undefined;

  let began = !transactional;
  let outcome: { ok: true; value: R } | { ok: false; refusal: KeurmerkError };
  try {
    if (op.prepare) {
      // A failed preparation is recorded like a failed run; the transaction's attempt begins
      // only once the enlistment has begun (below).
      began = true;
      prepared = await op.prepare(ctx, input);
      began = !transactional;
    }
    if (!transactional) outcome = { ok: true, value: await run(ctx.deps) };
    else
      outcome = await inTransaction(db, async (trx) => {
        await enlistment?.begin(trx);
        began = true;
        const deps = withDatabase(ctx.deps, trx);
        try {
          // With an enlistment the operation runs under a savepoint: a refusal undoes its work
          // and keeps the enlistment's.
          const value = enlistment ? await inTransaction(trx, () => run(deps)) : await run(deps);
          await enlistment?.succeeded(trx, value);
          // Last: the audit chain's lock is held from here to the commit.
          if (audited) await record(trx, 'success', value);
          return { ok: true as const, value };
        } catch (error) {
          if (!enlistment || !refusal(error)) throw error;
          if (audited) await record(trx, 'failed', undefined, { code: error.code });
          await enlistment.refused(trx, error);
          return { ok: false as const, refusal: error };
        }
      });
  } catch (error) {
    // Rolled back: nothing changed. The failure is recorded on its own.
    if (began && audited) {
      const known = error instanceof KeurmerkError;
      await record(db, known ? 'failed' : 'error', undefined, {
        code: known ? error.code : 'internal_error',
      }).catch((failure: unknown) =>
        ctx.deps.log.error('could not record a failed admin operation', { op: op.name, error: failure }),
      );
    }
    throw error;
  }
  if (!outcome.ok) throw outcome.refusal;
  const result = outcome.value;
  if (!transactional && audited) await record(db, 'success', result);
  if (op.write && ctx.onReadFloor) {
    try {
      const cookie = await readFloorAfterWrite(ctx.deps);
      if (cookie) ctx.onReadFloor(cookie);
    } catch (error) {
      // Committed all the same; at worst this person reads a replica that is a moment behind.
      ctx.deps.log.warn('could not read the WAL position after a write', { op: op.name, error });
    }
  }
  for (const work of pending) {
    try {
      await work();
    } catch (error) {
      // The change has committed; instances still hear its NOTIFY.
      ctx.deps.log.error('work after an admin operation committed failed', { op: op.name, error });
    }
  }
  return result;
}
