import type { AstroGlobal } from 'astro';
import {
  requestApplication,
  openScheme,
  describeApplication,
  type ApplicationView,
} from '../../api/workflow/apply.ts';
import { confirmApplication } from '../../api/workflow/confirm-application.ts';
import { memberSessionCookie } from '../../api/member/cookies.ts';
import { KeurmerkError } from '../../db/errors.ts';
import type { LocalisedText } from '../../db/schema/common.ts';
import type { Lang } from '../i18n/ui.ts';
import { localisedPath } from '../i18n/ui.ts';
import { clientAddress } from './client-address.ts';
import { readForm } from './admin/forms.ts';

export const APPLY_FIELDS = [
  'country',
  'registryId',
  'legalName',
  'city',
  'website',
  'contactName',
  'email',
] as const;

export type ApplyOutcome =
  | { state: 'form'; values: Record<string, string> }
  | { state: 'sent'; email: string }
  | { state: 'refused'; message: string; field: string | null; values: Record<string, string> };

/** The scheme's name, or null when it takes no applications (the page is then a 404). */
export async function applyScheme(
  astro: AstroGlobal,
  slug: string,
): Promise<{ slug: string; name: LocalisedText } | null> {
  try {
    const scheme = await openScheme(astro.locals.deps, slug);
    return { slug: scheme.slug, name: scheme.name };
  } catch (error) {
    if (error instanceof KeurmerkError && error.status === 404) return null;
    throw error;
  }
}

/**
 * The application form's POST: the same answer whether or not the organisation is registered;
 * a refusal keeps what was typed and names the field, so nothing has to be typed twice.
 */
export async function applyAction(astro: AstroGlobal, lang: Lang, scheme: string): Promise<ApplyOutcome> {
  let values: Record<string, string> = {};
  try {
    const form = await readForm(astro.request);
    values = Object.fromEntries(APPLY_FIELDS.map((f) => [f, form[f] ?? '']));
    await requestApplication(astro.locals.deps, {
      scheme,
      form: values,
      language: lang,
      clientAddress: clientAddress(astro),
      requestId: astro.locals.requestId,
    });
    return { state: 'sent', email: values['email'] ?? '' };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    if (error.code === 'rate_limited')
      astro.response.headers.set('retry-after', String(error.details['retryAfter'] ?? 3600));
    const field = typeof error.details['field'] === 'string' ? error.details['field'] : null;
    return { state: 'refused', message: error.publicMessage(lang), field, values };
  }
}

export type ConfirmOutcome =
  | { state: 'view'; view: ApplicationView; token: string }
  | { state: 'redirect'; location: string }
  | { state: 'waiting' }
  | { state: 'refused'; message: string };

/**
 * The confirmation link's page: GET only shows what the link would do (a mail scanner that
 * fetches it consumes nothing); the one button POSTs, signs the applicant in and lands them in
 * the portal on their new organisation, or says they wait for an owner.
 */
export async function confirmPage(astro: AstroGlobal, lang: Lang, scheme: string): Promise<ConfirmOutcome> {
  const deps = astro.locals.deps;
  if (astro.request.method !== 'POST') {
    const token = astro.url.searchParams.get('token') ?? '';
    const view = await describeApplication(deps, token, scheme);
    if (view.state === 'unusable') astro.response.status = 410;
    return { state: 'view', view, token };
  }
  try {
    const form = await readForm(astro.request);
    const done = await confirmApplication(deps, form['token'] ?? '', {
      clientAddress: clientAddress(astro),
      requestId: astro.locals.requestId,
    });
    const cookie = memberSessionCookie(deps.config.publicUrl);
    astro.cookies.set(cookie.name, done.sessionToken, cookie.options);
    if (done.outcome === 'waiting') return { state: 'waiting' };
    return { state: 'redirect', location: localisedPath(`/member/org/${done.organisation}`, lang) };
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    astro.response.status = error.status;
    return { state: 'refused', message: error.publicMessage(lang) };
  }
}
