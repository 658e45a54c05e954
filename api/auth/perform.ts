import type { Deps } from '../deps.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { can, type Permission } from './policy.ts';
import type { Principal } from './principal.ts';
import { audit, type RequestOrigin } from './audit.ts';
import { ForbiddenError } from './errors.ts';

/** Unvalidated input: a JSON body, a form or query parameters, plus path parameters. */
export type Input = Readonly<Record<string, unknown>>;

export interface ActionContext extends RequestOrigin {
  readonly deps: Deps;
  readonly principal: Principal;
  /** Reads are audited only when made with an API token (token use); changes always. */
  readonly via: 'api' | 'ui' | 'cli';
}

/**
 * One admin action. The admin API routes and the admin pages both run actions through `perform`,
 * so authorisation and the audit record cannot be forgotten by either.
 */
export interface Operation<R = unknown> {
  /** Audit action name, e.g. `certification.revoke`. */
  readonly name: string;
  readonly permission: Permission;
  readonly write: boolean;
  run(ctx: ActionContext, input: Input): Promise<R>;
  /** What the action was about, for the audit log; defaults to the id-like input field. */
  target?(input: Input, result: R | undefined): string | null;
  /** Non-secret facts worth keeping in the audit log (a reason, counts); never passwords or tokens. */
  detail?(input: Input, result: R | undefined): Record<string, unknown>;
}

function defaultTarget(input: Input): string | null {
  for (const field of ['publicId', 'slug', 'id', 'email', 'organisation']) {
    const value = input[field];
    if (typeof value === 'string' || typeof value === 'number') return String(value).slice(0, 200);
  }
  return null;
}

/**
 * Runs an operation for a principal: the role is checked first (deny by default), then the
 * operation runs, then its outcome is recorded with actor, time, client address and target.
 */
export async function perform<R>(ctx: ActionContext, op: Operation<R>, input: Input): Promise<R> {
  const db = ctx.deps.database.db;
  const record = (outcome: 'success' | 'denied' | 'failed' | 'error', result: R | undefined, extra = {}) =>
    audit(db, ctx, {
      principal: ctx.principal,
      action: op.name,
      target: op.target ? op.target(input, result) : defaultTarget(input),
      outcome,
      detail: { via: ctx.via, ...(op.detail?.(input, result) ?? {}), ...extra },
      now: ctx.deps.now(),
    });
  if (!can(ctx.principal.role, op.permission)) {
    await record('denied', undefined, { permission: op.permission });
    throw new ForbiddenError(op.permission);
  }
  const audited = op.write || ctx.via === 'api';
  let result: R;
  try {
    result = await op.run(ctx, input);
  } catch (error) {
    if (audited) {
      const known = error instanceof KeurmerkError;
      await record(known ? 'failed' : 'error', undefined, { code: known ? error.code : 'internal_error' });
    }
    throw error;
  }
  if (audited) await record('success', result);
  return result;
}
