import { defineMiddleware, sequence } from 'astro:middleware';
import { devDependencies } from './lib/dev-deps.ts';

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

export const onRequest = sequence(provideDeps, securityHeaders);
