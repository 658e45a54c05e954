import { errors } from 'jose';
import { describe, expect, it } from 'vitest';
import { joseFailure, KeyRejected, type JoseCallFacts } from '../../../../badges/verify/jose-errors.ts';

const facts: JoseCallFacts = {
  header: { alg: 'RS256', kid: 'https://keurmerk.example/keys/k', typ: 'JWT' },
  signature: 'c2ln',
  accepted: ['RS256', 'ES256'],
  keyResolved: true,
};
const payload = { nbf: 1_767_225_600, exp: 1_798_761_600 };

describe('joseFailure', () => {
  type Row = [string, unknown, Partial<JoseCallFacts>, string, string];
  const rows: Row[] = [
    ['alg not allowed', new errors.JOSEAlgNotAllowed(), { header: { alg: 'HS256' } }, 'algorithm', '"HS256"'],
    ['alg missing', new errors.JWSInvalid('alg missing'), { header: { kid: 'k' } }, 'algorithm', 'undefined'],
    ['unknown crit', new errors.JWSInvalid('crit'), {}, 'format', 'not a valid JWS'],
    ['unencoded payload', new errors.JWTInvalid('b64'), {}, 'format', 'not a valid JWT'],
    ['typ', new errors.JWTClaimValidationFailed('typ', payload, 'typ', 'check_failed'), {}, 'format', 'typ'],
    ['bad signature', new errors.JWSSignatureVerificationFailed(), {}, 'signature', 'does not verify'],
    [
      'no signature',
      new errors.JWSSignatureVerificationFailed(),
      { signature: '' },
      'signature',
      'no signature',
    ],
    ['our key refusal', new KeyRejected('The kid is not ours.'), {}, 'key', 'The kid is not ours.'],
    ['jose refuses the key', new TypeError('modulusLength'), {}, 'key', 'cannot be used'],
    ['unsupported key', new errors.JOSENotSupported(), {}, 'key', 'cannot be used'],
  ];
  it.each(rows)('%s → %s', (_, error, overrides, name, detail) => {
    const failure = joseFailure(error, { ...facts, ...overrides });
    expect(failure).toMatchObject({ kind: 'check', name });
    expect(failure?.kind === 'check' && failure.detail).toContain(detail);
  });

  it('turns time claims into a period problem carrying the verified payload', () => {
    const expired = new errors.JWTExpired('exp', payload, 'exp', 'check_failed');
    expect(joseFailure(expired, facts)).toEqual({
      kind: 'period',
      detail: 'Expired at 2027-01-01T00:00:00.000Z.',
      payload,
    });
    const early = new errors.JWTClaimValidationFailed('nbf', payload, 'nbf', 'check_failed');
    expect(joseFailure(early, facts)).toMatchObject({ detail: 'Not valid before 2026-01-01T00:00:00.000Z.' });
    const missing = new errors.JWTClaimValidationFailed('missing', {}, 'exp', 'missing');
    expect(joseFailure(missing, facts)).toMatchObject({ detail: 'The token lacks nbf or exp.' });
  });

  it('leaves anything that is not about the token to the caller', () => {
    expect(joseFailure(new Error('database down'), facts)).toBeUndefined();
    expect(
      joseFailure(new TypeError('a bug before any key'), { ...facts, keyResolved: false }),
    ).toBeUndefined();
  });
});
