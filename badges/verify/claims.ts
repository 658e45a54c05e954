import { isObject, type Json } from './jws-format.ts';

function idOf(value: unknown): unknown {
  return isObject(value) ? value['id'] : value;
}

/**
 * Why the registered claims of a verified credential do not repeat its own fields (`iss` =
 * `issuer.id` under this registry, `sub`, `jti`, `nbf`, `exp`); empty when they all do. jose's
 * `issuer`/`subject` options compare with fixed values, these compare claim with field.
 */
export function claimProblems(payload: Json, publicUrl: string): string[] {
  const problems: string[] = [];
  const issuer = idOf(payload['issuer']);
  if (typeof issuer !== 'string' || !issuer.startsWith(`${publicUrl}/issuers/`)) {
    problems.push('issuer.id is not an issuer of this registry');
  }
  if (payload['iss'] !== issuer) problems.push('iss differs from issuer.id');
  const subject = payload['credentialSubject'];
  if (!isObject(subject) || typeof subject['id'] !== 'string' || payload['sub'] !== subject['id']) {
    problems.push('sub differs from credentialSubject.id');
  }
  if (typeof payload['id'] !== 'string' || payload['jti'] !== payload['id']) {
    problems.push('jti differs from id');
  }
  for (const [claim, field] of [
    ['nbf', 'validFrom'],
    ['exp', 'validUntil'],
  ] as const) {
    const ms = typeof payload[field] === 'string' ? Date.parse(payload[field]) : NaN;
    if (Number.isNaN(ms) || payload[claim] !== Math.floor(ms / 1000)) {
      problems.push(`${claim} differs from ${field}`);
    }
  }
  return problems;
}

/**
 * Why `payload` is not valid at `now` (nbf/exp), or undefined when it is. The same judgement jose
 * makes on a fresh verification, for the cache, which re-judges a remembered token at each `now`
 * without verifying its signature again.
 */
export function validityProblem(payload: Json, now: Date): string | undefined {
  const { nbf, exp } = payload;
  if (typeof nbf !== 'number' || typeof exp !== 'number') return 'The token lacks nbf or exp.';
  const nowSeconds = now.getTime() / 1000;
  if (nbf > nowSeconds) return `Not valid before ${new Date(nbf * 1000).toISOString()}.`;
  if (exp <= nowSeconds) return `Expired at ${new Date(exp * 1000).toISOString()}.`;
  return undefined;
}
