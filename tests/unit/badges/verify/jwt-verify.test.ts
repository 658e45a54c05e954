import { createHmac, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { CompactSign, FlattenedSign } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildOpenBadgeCredential,
  signCredential,
  type CredentialInput,
  type OpenBadgeCredential,
} from '../../../../badges/credentials/credential.ts';
import {
  verifyCredentialJwt,
  type CredentialVerification,
  type VerifyCredentialOptions,
} from '../../../../badges/verify/jwt-verify.ts';
import { exportPrivateKeyPem, generateSigningKey } from '../../../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../../../badges/credentials/signing-key.ts';

const PUBLIC_URL = 'https://keurmerk.example';
const NOW = new Date('2026-06-01T12:00:00Z');
const ALL_CHECKS = ['format', 'algorithm', 'key', 'signature', 'claims', 'schema', 'validity_period'];

const input: CredentialInput = {
  credentialId: '4a1c8a5e-8f3b-4d7e-9c0a-1b2c3d4e5f60',
  organisation: { name: 'Voorbeeld B.V.', website: 'https://www.member.example' },
  scheme: {
    slug: 'ksf-service-promises',
    version: 1,
    name: 'KSF service promises',
    description: 'Seven promises.',
    owner: { slug: 'ksf', name: 'Klantenservice Federatie' },
  },
  criteriaMet: [{ code: 'p1', title: 'Promise 1' }],
  validFrom: new Date('2026-01-01T00:00:00Z'),
  validUntil: new Date('2027-01-01T00:00:00Z'),
  statusList: { url: `${PUBLIC_URL}/status/1`, index: 12345 },
  publicUrl: PUBLIC_URL,
};

let rsa: SigningKey;
let ec: SigningKey;
let stranger: SigningKey;
let options: VerifyCredentialOptions;
let credential: OpenBadgeCredential;
let valid: string;

beforeAll(async () => {
  [rsa, ec, stranger] = await Promise.all([
    generateSigningKey('RS256', PUBLIC_URL),
    generateSigningKey('ES256', PUBLIC_URL),
    generateSigningKey('RS256', PUBLIC_URL),
  ]);
  const weakJwk = { ...weak.publicKey.export({ format: 'jwk' }), kid: weakKid, alg: 'RS256', use: 'sig' };
  options = { jwks: { keys: [rsa.publicJwk, ec.publicJwk, weakJwk] }, publicUrl: PUBLIC_URL, now: NOW };
  credential = buildOpenBadgeCredential(input);
  valid = await signCredential(credential, rsa);
});

afterEach(() => vi.restoreAllMocks());

// jose refuses RSA keys under 2048 bits; one such key in our own set must fail the key check.
const weak = generateKeyPairSync('rsa', { modulusLength: 1024 });
const weakKid = `${PUBLIC_URL}/keys/weak`;

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string): [string, string, string] => token.split('.') as [string, string, string];
const claimsOf = (vc: OpenBadgeCredential) => ({
  ...vc,
  iss: vc.issuer.id,
  sub: vc.credentialSubject.id,
  jti: vc.id,
  nbf: Date.parse(vc.validFrom) / 1000,
  exp: Date.parse(vc.validUntil) / 1000,
});

/** Signs any header and payload with a real key, for tokens only one check should reject. */
function signRaw(key: SigningKey, payload: unknown, header: Record<string, unknown> = {}): Promise<string> {
  return new CompactSign(Buffer.from(JSON.stringify(payload)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
    .sign(key.privateKey);
}

function hs256(secret: string | Buffer, kid: string): string {
  const signingInput = `${b64({ alg: 'HS256', kid, typ: 'JWT' })}.${b64(claimsOf(credential))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

function failed(result: CredentialVerification): string[] {
  return result.checks.filter((check) => !check.ok).map((check) => check.name);
}

describe('verifyCredentialJwt', () => {
  it('accepts a valid RS256 credential with every check passing', async () => {
    const result = await verifyCredentialJwt(valid, options);
    expect(result.checks.map((check) => check.name)).toEqual(ALL_CHECKS);
    expect(failed(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.header).toEqual({ alg: 'RS256', kid: rsa.kid, typ: 'JWT' });
    expect(result.payload).toMatchObject({ id: credential.id, jti: credential.id });
  });

  it('accepts ES256 end to end, with a key resolver instead of a JWKS', async () => {
    const token = await signCredential(credential, ec);
    const resolver = vi.fn((kid: string) => (kid === ec.kid ? ec.publicJwk : undefined));
    const result = await verifyCredentialJwt(token, { ...options, jwks: resolver });
    expect(failed(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(resolver).toHaveBeenCalledWith(ec.kid);
  });

  it('respects a narrower allowedAlgs', async () => {
    const token = await signCredential(credential, ec);
    const result = await verifyCredentialJwt(token, { ...options, allowedAlgs: ['RS256'] });
    expect(failed(result)).toEqual(['algorithm']);
  });

  type Attack = [string, () => Promise<string> | string, string];
  const attacks: Attack[] = [
    [
      'alg none',
      () => `${b64({ alg: 'none', kid: rsa.kid, typ: 'JWT' })}.${b64(claimsOf(credential))}.`,
      'algorithm',
    ],
    ['HS256 keyed with our public JWK', () => hs256(JSON.stringify(rsa.publicJwk), rsa.kid), 'algorithm'],
    [
      'HS256 keyed with our public key PEM',
      () => {
        const pem = createPublicKey({ key: rsa.publicJwk, format: 'jwk' }).export({
          type: 'spki',
          format: 'pem',
        });
        return hs256(pem as string, rsa.kid);
      },
      'algorithm',
    ],
    [
      'RS384 signed with our key',
      async () => {
        const signingInput = `${b64({ alg: 'RS384', kid: rsa.kid, typ: 'JWT' })}.${b64(claimsOf(credential))}`;
        const pem = await exportPrivateKeyPem(rsa);
        return `${signingInput}.${sign('sha384', Buffer.from(signingInput), pem).toString('base64url')}`;
      },
      'algorithm',
    ],
    ['kid missing', async () => signRaw(rsa, claimsOf(credential), { kid: undefined }), 'key'],
    [
      'kid not in the JWKS',
      () => signRaw(rsa, claimsOf(credential), { kid: `${PUBLIC_URL}/keys/unknown` }),
      'key',
    ],
    [
      'kid URL on another host',
      () =>
        signRaw(stranger, claimsOf(credential), { kid: `https://evil.example/keys/${stranger.thumbprint}` }),
      'key',
    ],
    ['ES256 header naming our RSA key', () => signRaw(ec, claimsOf(credential), { kid: rsa.kid }), 'key'],
    [
      'a valid signature by a key that is not ours',
      () => signRaw(stranger, claimsOf(credential), { kid: rsa.kid }),
      'signature',
    ],
    [
      'tampered payload',
      () => {
        const [h, , s] = parts(valid);
        return `${h}.${b64({ ...claimsOf(credential), sub: 'https://fake-shop.example' })}.${s}`;
      },
      'signature',
    ],
    [
      'tampered header (same members, different bytes)',
      () => {
        const [, p, s] = parts(valid);
        return `${b64({ typ: 'JWT', kid: rsa.kid, alg: 'RS256' })}.${p}.${s}`;
      },
      'signature',
    ],
    [
      'tampered header (extra jku member)',
      () => {
        const [, p, s] = parts(valid);
        return `${b64({ alg: 'RS256', kid: rsa.kid, typ: 'JWT', jku: 'https://evil.example/jwks' })}.${p}.${s}`;
      },
      'format',
    ],
    ['typ other than JWT', () => signRaw(rsa, claimsOf(credential), { typ: 'vc+jwt' }), 'format'],
    ['stripped signature', () => `${parts(valid)[0]}.${parts(valid)[1]}.`, 'signature'],
    [
      'nbf in the future',
      async () =>
        signCredential(
          buildOpenBadgeCredential({ ...input, validFrom: new Date('2026-07-01T00:00:00Z') }),
          rsa,
        ),
      'validity_period',
    ],
    [
      'exp in the past',
      async () =>
        signCredential(
          buildOpenBadgeCredential({
            ...input,
            validFrom: new Date('2025-01-01T00:00:00Z'),
            validUntil: new Date('2026-06-01T12:00:00Z'),
          }),
          rsa,
        ),
      'validity_period',
    ],
    [
      'iss mismatch',
      () => signRaw(rsa, { ...claimsOf(credential), iss: `${PUBLIC_URL}/issuers/other` }),
      'claims',
    ],
    [
      'sub mismatch',
      () => signRaw(rsa, { ...claimsOf(credential), sub: 'https://fake-shop.example' }),
      'claims',
    ],
    [
      'jti mismatch',
      () => signRaw(rsa, { ...claimsOf(credential), jti: 'urn:uuid:00000000-0000-4000-8000-000000000000' }),
      'claims',
    ],
    [
      'nbf off by one second',
      () => signRaw(rsa, { ...claimsOf(credential), nbf: claimsOf(credential).nbf + 1 }),
      'claims',
    ],
    [
      'issuer outside the registry',
      () => {
        const foreign = {
          ...credential,
          issuer: { ...credential.issuer, id: 'https://evil.example/issuers/ksf' },
        };
        return signRaw(rsa, claimsOf(foreign));
      },
      'claims',
    ],
    [
      'credentialStatus as an array',
      () => signRaw(rsa, { ...claimsOf(credential), credentialStatus: [credential.credentialStatus] }),
      'schema',
    ],
    ['2 MB token', () => `${parts(valid)[0]}.${'A'.repeat(2 * 1024 * 1024)}.${parts(valid)[2]}`, 'format'],
    ['invalid base64url', () => `${parts(valid)[0]}.${parts(valid)[1]}+/=.${parts(valid)[2]}`, 'format'],
    [
      'header not JSON',
      () => `${Buffer.from('{alg').toString('base64url')}.${parts(valid)[1]}.${parts(valid)[2]}`,
      'format',
    ],
    ['payload a JSON array', () => `${parts(valid)[0]}.${b64([1])}.${parts(valid)[2]}`, 'format'],
    ['two parts only', () => `${parts(valid)[0]}.${parts(valid)[1]}`, 'format'],
    ['empty string', () => '', 'format'],
    [
      'crit naming an extension nobody understands',
      async () => {
        // jose will not sign a header it does not understand, so node:crypto does.
        const header = { alg: 'RS256', kid: rsa.kid, typ: 'JWT', crit: ['exp-x'], 'exp-x': 1 };
        const signingInput = `${b64(header)}.${b64(claimsOf(credential))}`;
        const pem = await exportPrivateKeyPem(rsa);
        return `${signingInput}.${sign('sha256', Buffer.from(signingInput), pem).toString('base64url')}`;
      },
      'format',
    ],
    [
      'unencoded payload (b64: false)',
      async () => {
        const jws = await new FlattenedSign(Buffer.from(JSON.stringify(claimsOf(credential))))
          .setProtectedHeader({ alg: 'RS256', kid: rsa.kid, typ: 'JWT', b64: false, crit: ['b64'] })
          .sign(rsa.privateKey);
        return `${jws.protected}.${jws.payload}.${jws.signature}`;
      },
      'format',
    ],
    // jose's typ option compares media types loosely; the standard wants the literal "JWT".
    ['typ "jwt" in lower case', () => signRaw(rsa, claimsOf(credential), { typ: 'jwt' }), 'format'],
    ['typ "application/jwt"', () => signRaw(rsa, claimsOf(credential), { typ: 'application/jwt' }), 'format'],
    [
      'alg missing',
      () => {
        const [, p, s] = parts(valid);
        return `${b64({ kid: rsa.kid, typ: 'JWT' })}.${p}.${s}`;
      },
      'algorithm',
    ],
    [
      'an RSA key under 2048 bits in the key set',
      () => {
        const signingInput = `${b64({ alg: 'RS256', kid: weakKid, typ: 'JWT' })}.${b64(claimsOf(credential))}`;
        return `${signingInput}.${sign('sha256', Buffer.from(signingInput), weak.privateKey).toString('base64url')}`;
      },
      'key',
    ],
  ];

  it.each(attacks.map(([name, make, check]) => ({ name, make, check })))(
    '$name → ok:false, $check check failed',
    async ({ make, check }) => {
      const fetchSpy = vi.spyOn(globalThis, 'fetch');
      const result = await verifyCredentialJwt(await make(), options);
      expect(result.ok).toBe(false);
      expect(failed(result)).toEqual([check]);
      expect(fetchSpy).not.toHaveBeenCalled();
      // A payload is only handed back once its signature verified.
      const signatureOk = result.checks.some((c) => c.name === 'signature' && c.ok);
      expect(result.payload !== undefined).toBe(signatureOk);
    },
  );

  it('never throws for input that is not a string', async () => {
    for (const token of [undefined, null, 42, {}, ['a.b.c']]) {
      const result = await verifyCredentialJwt(token as unknown as string, options);
      expect(failed(result)).toEqual(['format']);
    }
  });

  it('never asks the resolver about a kid on another host', async () => {
    const resolver = vi.fn(() => stranger.publicJwk);
    const token = await signRaw(stranger, claimsOf(credential), {
      kid: `https://evil.example/keys/${stranger.thumbprint}`,
    });
    const result = await verifyCredentialJwt(token, { ...options, jwks: resolver });
    expect(failed(result)).toEqual(['key']);
    expect(resolver).not.toHaveBeenCalled();
  });

  it('rethrows when the key resolver fails (infrastructure, not a verdict)', async () => {
    const down = new Error('database down');
    const resolver = vi.fn(() => Promise.reject(down));
    await expect(verifyCredentialJwt(valid, { ...options, jwks: resolver })).rejects.toBe(down);
  });

  it('fails validity_period (and claims) for a signed credential without nbf', async () => {
    const { nbf: _nbf, ...claims } = claimsOf(credential);
    const result = await verifyCredentialJwt(await signRaw(rsa, claims), options);
    expect(failed(result)).toEqual(['claims', 'validity_period']);
    expect(result.checks.at(-1)?.detail).toBe('The token lacks nbf or exp.');
  });

  it('names the instant in the validity_period reason', async () => {
    const late = await verifyCredentialJwt(valid, { ...options, now: new Date('2027-02-01T00:00:00Z') });
    expect(late.checks.at(-1)).toEqual({
      name: 'validity_period',
      ok: false,
      detail: 'Expired at 2027-01-01T00:00:00.000Z.',
    });
    const early = await verifyCredentialJwt(valid, { ...options, now: new Date('2025-02-01T00:00:00Z') });
    expect(early.checks.at(-1)?.detail).toBe('Not valid before 2026-01-01T00:00:00.000Z.');
  });

  it('judges validity against the injected clock only', async () => {
    const at = (iso: string) => verifyCredentialJwt(valid, { ...options, now: new Date(iso) });
    expect((await at('2025-12-31T23:59:59Z')).ok).toBe(false);
    expect((await at('2026-01-01T00:00:00Z')).ok).toBe(true);
    expect((await at('2026-12-31T23:59:59Z')).ok).toBe(true);
    expect((await at('2027-01-01T00:00:00Z')).ok).toBe(false);
  });
});
