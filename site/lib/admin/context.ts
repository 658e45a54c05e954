import type { AstroGlobal } from 'astro';
import type { Deps } from '../../../api/app/deps.ts';
import type { StaffPrincipal } from '../../../api/admin/principal.ts';
import {
  perform,
  type ActionContext,
  type Enlistment,
  type Input,
  type Operation,
} from '../../../api/admin/perform.ts';
import { KeurmerkError, errorMessage, type ErrorCode } from '../../../db/errors.ts';
import type { AdminLang } from '../../i18n/strings/admin.ts';
import { setReadFloorCookie } from '../read-floor-cookie.ts';

const LANG_COOKIE = 'km_admin_lang';

/** The admin language: `?lang=` (remembered in a cookie), else the cookie, else Dutch. */
export function adminLang(astro: AstroGlobal): AdminLang {
  const asked = astro.url.searchParams.get('lang');
  if (asked === 'nl' || asked === 'en') {
    astro.cookies.set(LANG_COOKIE, asked, {
      path: '/admin',
      sameSite: 'lax',
      httpOnly: true,
      maxAge: 365 * 86_400,
    });
    return asked;
  }
  return astro.cookies.get(LANG_COOKIE)?.value === 'en' ? 'en' : 'nl';
}

function clientAddress(astro: AstroGlobal): string | null {
  try {
    return astro.clientAddress;
  } catch {
    return null;
  }
}

/** The signed-in staff member; the middleware guarantees one on every page but sign-in. */
export function staffOf(astro: AstroGlobal): StaffPrincipal {
  const staff = astro.locals.staff;
  if (!staff) throw new KeurmerkError('unauthenticated', 'Sign in first.');
  return staff;
}

export function actionContext(astro: AstroGlobal): ActionContext {
  const deps: Deps = astro.locals.deps;
  return {
    deps,
    principal: staffOf(astro),
    via: 'ui',
    clientAddress: clientAddress(astro),
    requestId: astro.locals.requestId,
    // With replicas, this person's public reads must see what they just changed.
    onReadFloor: setReadFloorCookie(astro.cookies),
  };
}

export type Outcome<R> =
  | { ok: true; value: R }
  | {
      ok: false;
      status: number;
      code: ErrorCode;
      /** The catalogue's message in the admin language. */
      message: string;
      /** The specific English detail (the API's `detail`), which may name more than the message. */
      detail: string;
      field: string | null;
      details: Record<string, unknown>;
    };

/** A failure to show on an admin page, worded by the catalogue in the admin language. */
export function failure(error: KeurmerkError, lang: AdminLang): Outcome<never> {
  const field = typeof error.details['field'] === 'string' ? error.details['field'] : null;
  return {
    ok: false,
    status: error.status,
    code: error.code,
    message: error.publicMessage(lang),
    detail: error.message,
    field,
    details: { ...error.details },
  };
}

/** A refusal a page makes itself (an unknown form, an unticked confirmation), from the catalogue. */
export function refused(code: ErrorCode, lang: AdminLang, field: string | null = null): Outcome<never> {
  return failure(new KeurmerkError(code, errorMessage(code, 'en'), field ? { field } : {}), lang);
}

/**
 * Runs an admin operation for the signed-in person (role check and audit record included, as for
 * the API) and turns a domain error into something the page can show; the page's status follows.
 */
export async function act<R>(
  astro: AstroGlobal,
  op: Operation<R>,
  input: Input,
  enlistment?: Enlistment<R>,
): Promise<Outcome<R>> {
  try {
    return { ok: true, value: await perform(actionContext(astro), op, input, enlistment) };
  } catch (error) {
    if (!(error instanceof KeurmerkError)) throw error;
    astro.response.status = error.status;
    return failure(error, adminLang(astro));
  }
}

/** Runs a read operation; a page cannot render without its data, so errors propagate (404 etc.). */
export function read<R>(astro: AstroGlobal, op: Operation<R>, input: Input): Promise<R> {
  return perform(actionContext(astro), op, input);
}
