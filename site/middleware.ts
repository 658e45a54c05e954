import { defineMiddleware, sequence } from 'astro:middleware';
import { devDependencies } from './lib/dev-deps.ts';
import { adminAccess, refusal } from './lib/admin/access.ts';
import { isAdminPath } from './lib/admin/pages.ts';
import { memberAccess } from './lib/member/access.ts';
import { memberPath } from './lib/member/pages.ts';
import { cacheControl } from '../api/http/cache-policy.ts';
import { KeurmerkError, errorMessage } from '../db/errors.ts';
import { isDatabaseUnavailable } from '../api/http/problem.ts';
import { t, type Lang } from './i18n/ui.ts';
import { pathLang } from './lib/page-lang.ts';

/** The only writer of locals: production passes deps from api/server.ts; astro dev builds them once. */
const provideDeps = defineMiddleware(async (context, next) => {
  if (!context.locals.deps) {
    context.locals.deps = await devDependencies();
    context.locals.requestId = crypto.randomUUID();
  }
  return next();
});

/** Security headers on every page: no inline scripts, no framing. */
const securityHeaders = defineMiddleware(async (context, next) => {
  const response = await next();
  const headers = response.headers;
  // A stricter policy set by the response itself (an evidence download's sandbox) stays.
  if (!headers.get('content-security-policy')?.startsWith("default-src 'none'"))
    headers.set(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
    );
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  headers.set('x-frame-options', 'DENY');
  if (context.url.protocol === 'https:')
    headers.set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  return response;
});

/**
 * Admin pages: the signed-in staff member (from the session cookie) into locals.staff, and the
 * page table's permission for the method checked before any page runs (deny by default).
 * Admin responses are never cached.
 */
const adminGuard = defineMiddleware(async (context, next) => {
  context.locals.staff = null;
  context.locals.secondFactorStep = null;
  if (!isAdminPath(context.url.pathname)) return next();
  const access = await adminAccess(context.locals.deps, {
    method: context.request.method,
    url: context.url,
    cookie: (name) => context.cookies.get(name)?.value,
  });
  context.locals.staff = access.staff;
  context.locals.secondFactorStep = access.kind === 'allow' ? access.step : null;
  const response =
    access.kind === 'allow'
      ? await next()
      : access.kind === 'sign-in'
        ? context.redirect(access.location, 303)
        : refusal(access.status, context.cookies.get('km_admin_lang')?.value === 'en' ? 'en' : 'nl');
  if (response.headers.get('cache-control') !== cacheControl('private-file'))
    response.headers.set('cache-control', cacheControl('no-store', 0));
  response.headers.set('x-robots-tag', 'noindex');
  return response;
});

/**
 * Member pages (/member, /en/member, /fr/member): the signed-in member (from their own cookie)
 * into locals.member; unknown pages and methods refused, anonymous visitors sent to sign in.
 * Never cached, never indexed.
 */
const memberGuard = defineMiddleware(async (context, next) => {
  context.locals.member = null;
  const path = memberPath(context.url.pathname);
  if (path === null) return next();
  const access = await memberAccess(context.locals.deps, {
    method: context.request.method,
    url: context.url,
    path,
    cookie: (name) => context.cookies.get(name)?.value,
  });
  let response: Response;
  if (access.kind === 'allow') {
    context.locals.member = access.member;
    response = await next();
  } else if (access.kind === 'sign-in') response = context.redirect(access.location, 303);
  else {
    const lang = pathLang(context.url.pathname);
    const code = access.status === 404 ? 'not_found' : 'method_not_allowed';
    response = plainPage(
      access.status,
      lang,
      String(access.status),
      errorMessage(code, lang),
      access.status === 405 ? { allow: 'GET, POST' } : {},
    );
  }
  // An evidence file says `private, no-store` itself: as strict, and what its tests expect.
  if (response.headers.get('cache-control') !== cacheControl('private-file'))
    response.headers.set('cache-control', cacheControl('no-store', 0));
  response.headers.set('x-robots-tag', 'noindex');
  return response;
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function plainPage(status: number, lang: Lang, heading: string, text: string, headers = {}): Response {
  const body = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head><body><main><h1>${escapeHtml(heading)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': cacheControl('no-store', 0),
      ...headers,
    },
  });
}

/**
 * A page that refuses its request by throwing a client error (a form sent with the wrong media
 * type, say) answers with that status and the catalogue's message in the page's language, and an unreachable database with 503 and
 * Retry-After, as the API does. Anything else that escapes a page is a crash: Astro answers it
 * with site/pages/500.astro and logs it.
 */
const pageErrors = defineMiddleware(async (context, next) => {
  try {
    return await next();
  } catch (error) {
    const lang = pathLang(context.url.pathname);
    if (isDatabaseUnavailable(error) || (error instanceof KeurmerkError && error.status === 503)) {
      const text =
        error instanceof KeurmerkError
          ? error.publicMessage(lang)
          : errorMessage('database_unavailable', lang);
      return plainPage(503, lang, t(lang, 'unavailable.title'), text, { 'retry-after': '5' });
    }
    if (!(error instanceof KeurmerkError) || error.status >= 500) throw error;
    return plainPage(error.status, lang, String(error.status), error.publicMessage(lang));
  }
});

export const onRequest = sequence(provideDeps, securityHeaders, pageErrors, adminGuard, memberGuard);
