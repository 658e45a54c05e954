import { randomBytes } from 'node:crypto';
import type { AstroGlobal } from 'astro';
import { principalKey } from '../../../api/admin/principal.ts';
import { once } from '../../../api/admin/once.ts';
import type { Input, Operation } from '../../../api/admin/perform.ts';
import { act, staffOf, type Outcome } from './context.ts';

/** A fresh token for a form that must take effect once (a double click, a reload, a back button). */
export function formToken(): string {
  return randomBytes(16).toString('base64url');
}

class Repeated extends Error {}

/**
 * Runs an operation (as `act` does) at most once per form token, with the same store as the API's
 * Idempotency-Key and in the operation's own transaction: a second submission of the same form
 * gets `{ repeated: true }` instead of a second effect, and a submission whose process died
 * before its change committed left nothing behind, so it may be sent again.
 */
export async function actOnce<R>(
  astro: AstroGlobal,
  token: string | undefined,
  op: Operation<R>,
  input: Input,
): Promise<{ repeated: true } | { repeated: false; value: Outcome<R> }> {
  if (!token || !/^[\w-]{16,64}$/.test(token)) return { repeated: false, value: await act(astro, op, input) };
  const deps = astro.locals.deps;
  const done = { status: 200, body: '{}' };
  const enlistment = once<R>({
    principal: principalKey(staffOf(astro)),
    key: `form:${token}`,
    method: 'POST',
    path: astro.url.pathname,
    requestHash: astro.url.pathname,
    now: () => deps.now(),
    seen: () => new Repeated(),
    succeeded: () => done,
    // A refused form is used up too, as it always was: the page shows the refusal with a new form.
    refused: () => done,
  });
  try {
    return { repeated: false, value: await act(astro, op, input, enlistment) };
  } catch (error) {
    if (error instanceof Repeated) return { repeated: true };
    throw error;
  }
}
