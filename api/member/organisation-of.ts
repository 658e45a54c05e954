import type { ActionContext, Input } from '../admin/perform.ts';
import { NotFoundError } from '../../db/errors.ts';
import { memberOf } from './account-ops.ts';

/**
 * The id of the organisation an action names (input `organisation`, a slug). `perform` has
 * already checked that the member belongs to it; this only looks the id up among their memberships.
 */
export function memberOrganisationId(ctx: ActionContext, input: Input): number {
  const membership = memberOf(ctx).memberships.find((m) => m.slug === input['organisation']);
  if (!membership) throw new NotFoundError('organisation', String(input['organisation']).slice(0, 200));
  return membership.organisationId;
}

/** A positive integer id from a form or path, or a 404 (a made-up id names nothing of ours). */
export function idInput(input: Input, field: string): number {
  const id = Number(input[field]);
  if (!Number.isSafeInteger(id) || id < 1) throw new NotFoundError(field, String(input[field]).slice(0, 50));
  return id;
}
