import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { exportPrivateKeyPem, generateSigningKey } from '../../../../badges/credentials/key-generation.ts';
import { loadSigningKeyFile } from '../../../../badges/credentials/key-file.ts';
import {
  jwkThumbprint,
  jwkThumbprintUri,
  jwksOf,
  kidFor,
  publicJwkOf,
} from '../../../../badges/credentials/key-thumbprint.ts';
import type { SigningKey } from '../../../../badges/credentials/signing-key.ts';

const PUBLIC_URL = 'https://keurmerk.example';
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
const dir = mkdtempSync(join(tmpdir(), 'keurmerk-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** RFC 7638 computed by hand: SHA-256 over the required members in lexicographic order. */
function rfc7638(jwk: Record<string, unknown>): string {
  const members =
    jwk['kty'] === 'RSA'
      ? `{"e":"${jwk['e']}","kty":"RSA","n":"${jwk['n']}"}`
      : `{"crv":"${jwk['crv']}","kty":"EC","x":"${jwk['x']}","y":"${jwk['y']}"}`;
  return createHash('sha256').update(members).digest('base64url');
}

async function signAndVerify(key: SigningKey): Promise<boolean> {
  const params =
    key.alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const data = new TextEncoder().encode('keurmerk');
  const signature = await crypto.subtle.sign(params, key.privateKey as CryptoKey, data);
  const publicKey = await crypto.subtle.importKey('jwk', key.publicJwk, params, false, ['verify']);
  return crypto.subtle.verify(params, publicKey, signature, data);
}

describe.each(['RS256', 'ES256'] as const)('generateSigningKey(%s)', (alg) => {
  it('publishes a bare public JWK with kid, alg and use, and no private member', async () => {
    const key = await generateSigningKey(alg, PUBLIC_URL);
    const jwk = key.publicJwk as Record<string, unknown>;
    const expected =
      alg === 'RS256'
        ? ['alg', 'e', 'kid', 'kty', 'n', 'use']
        : ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y'];
    expect(Object.keys(jwk).sort()).toEqual(expected);
    for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
    expect(jwk['alg']).toBe(alg);
    expect(jwk['use']).toBe('sig');
    expect(key.thumbprint).toBe(rfc7638(jwk));
    expect(key.kid).toBe(`${PUBLIC_URL}/keys/${key.thumbprint}`);
    expect(jwk['kid']).toBe(key.kid);
    if (alg === 'RS256') expect(Buffer.from(jwk['n'] as string, 'base64url').length).toBe(256);
    else expect(jwk['crv']).toBe('P-256');
    expect(await signAndVerify(key)).toBe(true);
  });

  it('round-trips through a PKCS#8 PEM file and a private JWK file with the same kid', async () => {
    const key = await generateSigningKey(alg, PUBLIC_URL);
    const pem = await exportPrivateKeyPem(key);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const fromPem = await loadSigningKeyFile(file(`${alg}.pem`, pem), { publicUrl: PUBLIC_URL });
    expect(fromPem.alg).toBe(alg);
    expect(fromPem.kid).toBe(key.kid);
    expect(fromPem.publicJwk).toEqual(key.publicJwk);
    const privateJwk = await exportJWK(key.privateKey);
    const fromJwk = await loadSigningKeyFile(file(`${alg}.json`, JSON.stringify(privateJwk, null, 2)), {
      publicUrl: PUBLIC_URL,
      alg,
    });
    expect(fromJwk.kid).toBe(key.kid);
    expect(await signAndVerify(fromJwk)).toBe(true);
  });
});

describe('loadSigningKeyFile', () => {
  const load = (path: string, alg?: 'RS256' | 'ES256') =>
    loadSigningKeyFile(path, alg ? { publicUrl: PUBLIC_URL, alg } : { publicUrl: PUBLIC_URL });

  it('refuses a key of the wrong algorithm, naming the file', async () => {
    const key = await generateSigningKey('ES256', PUBLIC_URL);
    const path = file('ec.pem', await exportPrivateKeyPem(key));
    await expect(load(path, 'RS256')).rejects.toMatchObject({
      code: 'signing_key_invalid',
      message: expect.stringContaining(path),
    });
  });

  it.each([
    ['missing.pem', null, 'cannot be read'],
    ['garbage.pem', 'hello', 'neither a PKCS#8 PEM'],
    ['broken.json', '{"kty": ', 'not valid JSON'],
    ['jwks.json', '{"keys": []}', 'JWK set'],
    ['public.json', '{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}', 'public JWK'],
    [
      'encrypted.pem',
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAA==\n-----END ENCRYPTED PRIVATE KEY-----',
      'encrypted',
    ],
    ['bad-body.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'not a usable'],
  ])('%s: clear error naming the file', async (name, content, reason) => {
    const path = content === null ? join(dir, name) : file(name, content);
    const error = await load(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'signing_key_invalid' });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain(reason);
  });

  it('refuses Ed25519 (never EdDSA), P-384 and RSA below 2048 bits', async () => {
    const pem = (type: 'ed25519' | 'ec' | 'rsa', options: object) =>
      generateKeyPairSync(
        type as 'ec',
        {
          ...options,
          privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        } as never,
      ).privateKey as unknown as string;
    await expect(load(file('ed.pem', pem('ed25519', {})))).rejects.toThrow(/ed25519 key cannot sign/);
    await expect(load(file('p384.pem', pem('ec', { namedCurve: 'secp384r1' })))).rejects.toThrow(/secp384r1/);
    await expect(load(file('rsa1024.pem', pem('rsa', { modulusLength: 1024 })))).rejects.toThrow(/1024 bits/);
  });

  it('accepts a PKCS#1 RSA PEM', async () => {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const key = await load(file('pkcs1.pem', privateKey));
    expect(key.alg).toBe('RS256');
    expect(await signAndVerify(key)).toBe(true);
  });
});

describe('helpers', () => {
  it('kidFor, thumbprints, publicJwkOf and jwksOf agree', async () => {
    const key = await generateSigningKey('ES256', `${PUBLIC_URL}/`);
    expect(kidFor(`${PUBLIC_URL}/`, 'abc')).toBe(`${PUBLIC_URL}/keys/abc`);
    expect(key.kid.startsWith(`${PUBLIC_URL}/keys/`)).toBe(true);
    expect(await jwkThumbprint(key.publicJwk)).toBe(key.thumbprint);
    expect(await jwkThumbprint(key.privateKey)).toBe(key.thumbprint);
    expect(await jwkThumbprintUri(key.publicJwk)).toBe(
      `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${key.thumbprint}`,
    );
    const privateJwk = await exportJWK(key.privateKey);
    expect(privateJwk.d).toBeTypeOf('string');
    expect(await publicJwkOf(privateJwk, 'ES256', PUBLIC_URL)).toEqual(key.publicJwk);
    await expect(publicJwkOf(privateJwk, 'RS256', PUBLIC_URL)).rejects.toMatchObject({
      code: 'signing_key_invalid',
    });
    expect(jwksOf([key])).toEqual({ keys: [key.publicJwk] });
    expect(JSON.stringify(jwksOf([key]))).not.toContain('"d"');
  });
});
