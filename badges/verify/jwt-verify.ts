import { claimProblems } from './claims.ts';
import type { VerificationCheck } from './checks.ts';
import { verifyRegistryJws, type CredentialVerification, type VerifyJwsOptions } from './jws-verify.ts';
import { obSchemaValidator } from './ob-schema.ts';

export type { CredentialVerification } from './jws-verify.ts';

export interface VerifyCredentialOptions extends VerifyJwsOptions {
  now: Date;
  /** Override of the vendored Open Badges 3.0 schema file. */
  schemaPath?: string;
}

/**
 * Verifies an Open Badges 3.0 VC-JWT of ours. Never throws for bad input and never fetches
 * anything: the verdict lists the checks `format`, `algorithm`, `key`, `signature`, `claims`,
 * `schema` and `validity_period`. A throwing key resolver is an infrastructure failure and rethrows.
 */
export async function verifyCredentialJwt(
  token: string,
  options: VerifyCredentialOptions,
): Promise<CredentialVerification> {
  if (Number.isNaN(options.now.getTime())) throw new TypeError('options.now is not a valid date.');
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const { periodProblem, ...jws } = await verifyRegistryJws(token, options, options.now);
  if (!jws.ok || !jws.payload || !jws.header) return jws;
  const { header, payload } = jws;
  const checks: VerificationCheck[] = [...jws.checks];

  const problems = claimProblems(payload, publicUrl);
  checks.push(
    problems.length > 0
      ? { name: 'claims', ok: false, detail: `${problems.join('; ')}.` }
      : { name: 'claims', ok: true, detail: 'iss, sub, jti, nbf and exp repeat the credential fields.' },
  );

  const schema = obSchemaValidator(options.schemaPath)(payload);
  checks.push(
    schema.ok
      ? { name: 'schema', ok: true, detail: 'The credential conforms to the Open Badges 3.0 schema.' }
      : { name: 'schema', ok: false, detail: schema.errors.join('; ') },
  );

  // Judged by jose at options.now during the signature check above.
  checks.push(
    periodProblem
      ? { name: 'validity_period', ok: false, detail: periodProblem }
      : { name: 'validity_period', ok: true, detail: 'Within its validity period.' },
  );

  return { ok: checks.every((check) => check.ok), checks, header, payload };
}
