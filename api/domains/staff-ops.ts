import type { Input, Operation } from '../admin/perform.ts';
import { actorName } from '../admin/principal.ts';
import { NotFoundError, ValidationError } from '../../db/errors.ts';
import { acceptClaim, refuseClaim, reviewQueue } from '../../db/organisation/domain-claims.ts';
import { organisationOrThrow } from '../../db/organisation/edit.ts';

export interface DomainRequestLine {
  id: number;
  hostname: string;
  requestedAt: Date;
  lastFailure: string | null;
}

function slugOf(input: Input): string {
  const slug = input['slug'];
  if (typeof slug !== 'string' || !/^[a-z0-9-]{1,200}$/.test(slug))
    throw new ValidationError('slug', 'Not an organisation slug.');
  return slug;
}

function requestId(input: Input): number {
  const id = Number(input['id']);
  if (!Number.isSafeInteger(id) || id < 1) throw new ValidationError('id', 'Not a request id.');
  return id;
}

/** The organisation's domain requests waiting for staff (a member asked for approval). */
export const listDomainRequestsOp: Operation<{ requests: DomainRequestLine[] }> = {
  name: 'organisation.domain_requests',
  permission: 'admin.read',
  write: false,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const org = await organisationOrThrow(db, slugOf(input));
    const requests = (await reviewQueue(db, org.id)).map((c) => ({
      id: c.id,
      hostname: c.hostname,
      requestedAt: c.review_requested_at ?? c.created_at,
      lastFailure: c.last_failure,
    }));
    return { requests };
  },
};

/** A request of the organisation the path names; another organisation's is not found. */
async function requestOf(ctx: Parameters<Operation['run']>[0], input: Input) {
  const db = ctx.deps.database.db;
  const org = await organisationOrThrow(db, slugOf(input));
  const id = requestId(input);
  const queued = await reviewQueue(db, org.id);
  if (!queued.some((c) => c.id === id)) throw new NotFoundError('domain request', String(id));
  return id;
}

/** Staff approve: the host counts for the organisation's badge from now on. */
export const approveDomainRequestOp: Operation<{ hostname: string }> = {
  name: 'organisation.domain_approve',
  permission: 'registry.write',
  write: true,
  detail: (input, result) => ({ id: input['id'], hostname: result?.hostname ?? null }),
  async run(ctx, input) {
    const claim = await acceptClaim(ctx.deps.database.db, await requestOf(ctx, input));
    return { hostname: claim.hostname };
  },
};

/** Staff refuse: the member sees the request refused and may still prove the domain. */
export const refuseDomainRequestOp: Operation<{ hostname: string }> = {
  name: 'organisation.domain_refuse',
  permission: 'registry.write',
  write: true,
  detail: (input, result) => ({ id: input['id'], hostname: result?.hostname ?? null }),
  async run(ctx, input) {
    const id = await requestOf(ctx, input);
    const claim = await refuseClaim(ctx.deps.database.db, id, actorName(ctx.principal), ctx.deps.now());
    return { hostname: claim.hostname };
  },
};
