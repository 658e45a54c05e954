import type { AstroGlobal } from 'astro';
import { perform, type ActionContext, type Input, type Operation } from '../../../api/admin/perform.ts';
import type { MemberPrincipal } from '../../../api/admin/principal.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import type { Lang } from '../../i18n/ui.ts';
import { clientAddress } from '../client-address.ts';
import { setReadFloorCookie } from '../read-floor-cookie.ts';

/** The signed-in member; the middleware guarantees one on every page that is not public. */
/** What the helpers read of a page or an endpoint's context. */
type PageLike = Pick<AstroGlobal, 'locals' | 'clientAddress' | 'cookies'>;

export function memberOf(astro: PageLike): MemberPrincipal {
  const member = astro.locals.member;
  if (!member) throw new KeurmerkError('unauthenticated', 'Sign in first.');
  return member;
}

export function memberActionContext(astro: PageLike): ActionContext {
  return {
    deps: astro.locals.deps,
    principal: memberOf(astro),
    via: 'ui',
    clientAddress: clientAddress(astro),
    requestId: astro.locals.requestId,
    // With replicas, a member's public reads must see what they just changed (as staff's do).
    onReadFloor: setReadFloorCookie(astro.cookies),
  };
}

export type MemberOutcome<R> =
  { ok: true; value: R } | { ok: false; status: number; code: string; message: string; field: string | null };

/** A refusal worded by the catalogue in the page's language. */
export function memberFailure(error: KeurmerkError, lang: Lang): MemberOutcome<never> {
  const field = typeof error.details['field'] === 'string' ? error.details['field'] : null;
  return { ok: false, status: error.status, code: error.code, message: error.publicMessage(lang), field };
}

/**
 * Runs a member operation through `perform` (organisation and role checked, audit record written)
 * and turns a refusal into something the page shows; the page's status follows the refusal. A
 * stranger to the organisation gets its 404 as a thrown error: the page does not render at all.
 */
export async function memberAct<R>(
  astro: AstroGlobal,
  lang: Lang,
  op: Operation<R>,
  input: Input,
): Promise<MemberOutcome<R>> {
  try {
    return { ok: true, value: await perform(memberActionContext(astro), op, input) };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status === 404) throw error;
    astro.response.status = error.status;
    return memberFailure(error, lang);
  }
}

/** A read the page cannot render without: errors (404 for another organisation) propagate. */
export function memberRead<R>(astro: AstroGlobal, op: Operation<R>, input: Input): Promise<R> {
  return perform(memberActionContext(astro), op, input);
}
