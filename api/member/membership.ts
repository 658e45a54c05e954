import type { ActionContext, Input } from '../admin/perform.ts';
import { NotFoundError } from '../../db/errors.ts';
import { actorName } from '../admin/principal.ts';
import type { Requester } from '../../db/organisation/requests.ts';
import { memberOf } from './account-ops.ts';

/**
 * The organisation an action names (input `organisation`, a slug) as one of the member's
 * memberships. `perform` has already checked that it is theirs; this only finds its id.
 */
export function membershipOf(ctx: ActionContext, input: Input): { id: number; slug: string } {
  const me = memberOf(ctx);
  const membership = me.memberships.find((m) => m.slug === input['organisation']);
  if (!membership) throw new NotFoundError('organisation', String(input['organisation']).slice(0, 200));
  return { id: membership.organisationId, slug: membership.slug };
}

/** The member as the one who asked, for requests staff decide on. */
export function requesterOf(ctx: ActionContext): Requester {
  const me = memberOf(ctx);
  return { actor: actorName(me), memberUserId: me.id };
}

/** Member actions are recorded against the organisation, so staff find them on its page. */
export const organisationTarget = (input: Input): string =>
  typeof input['organisation'] === 'string' ? input['organisation'].slice(0, 200) : '';
