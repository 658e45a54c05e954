import { randomBytes } from 'node:crypto';
import type { AstroGlobal } from 'astro';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '../../../db/idempotency.ts';
import { principalKey } from '../../../api/auth/principal.ts';
import { staffOf } from './context.ts';

/** A fresh token for a form that must take effect once (a double click, a reload, a back button). */
export function formToken(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * Runs `work` at most once per form token, with the same store as the API's Idempotency-Key:
 * a second submission of the same form gets `{ repeated: true }` instead of a second effect.
 */
export async function once<R>(
  astro: AstroGlobal,
  token: string | undefined,
  work: () => Promise<R>,
): Promise<{ repeated: true } | { repeated: false; value: R }> {
  if (!token || !/^[\w-]{16,64}$/.test(token)) return { repeated: false, value: await work() };
  const deps = astro.locals.deps;
  const principal = principalKey(staffOf(astro));
  const claim = await claimIdempotencyKey(deps.database.db, {
    principal,
    key: `form:${token}`,
    method: 'POST',
    path: astro.url.pathname,
    requestHash: astro.url.pathname,
    now: deps.now(),
  });
  if (claim.state !== 'new') return { repeated: true };
  try {
    const value = await work();
    await completeIdempotencyKey(deps.database.db, principal, `form:${token}`, {
      status: 200,
      body: '{}',
      now: deps.now(),
    });
    return { repeated: false, value };
  } catch (error) {
    await releaseIdempotencyKey(deps.database.db, principal, `form:${token}`);
    throw error;
  }
}
