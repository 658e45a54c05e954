import type { AstroGlobal } from 'astro';
import { createTokenOp, revokeTokenOp } from '../../../api/handlers/admin-tokens.ts';
import { act, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

/** A token just made: shown in this one response, never again. */
export interface CreatedToken {
  token: string;
  name: string;
}

/**
 * The forms of the tokens page: revoke (`action=revoke`) or create. A created token is handed
 * back for this response only, not redirected to: it must not land in a URL or the history.
 */
export async function tokenAction(
  astro: AstroGlobal,
): Promise<{ redirect: string } | { created: CreatedToken } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  if (form['action'] === 'revoke') {
    const outcome = await act(astro, revokeTokenOp, { id: form['id'] });
    return outcome.ok ? { redirect: '/admin/tokens?done=1' } : outcome;
  }
  const result = await act(astro, createTokenOp, {
    name: form['name'],
    role: form['role'],
    expiresAt: form['expiresAt'],
  });
  return result.ok ? { created: { token: result.value.token, name: result.value.name } } : result;
}
