// How a key is named in public: RFC 7638 thumbprints, the `kid` URL, the bare public JWK and
// the JWKS. Only public members ever leave this module.
import { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, calculateJwkThumbprintUri, exportJWK, type JWK } from 'jose';
import {
  publicKeyMembers,
  SigningKeyError,
  type PublicJwk,
  type SigningAlg,
  type SigningKey,
} from './signing-key.ts';

/** `${publicUrl}/keys/${thumbprint}`; the kid must dereference to the bare public JWK. */
export function kidFor(publicUrl: string, thumbprint: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/keys/${thumbprint}`;
}

/** RFC 7638 SHA-256 thumbprint (base64url) of a key; private members are ignored. */
export function jwkThumbprint(key: JWK | CryptoKey | KeyObject): Promise<string> {
  return calculateJwkThumbprint(key, 'sha256');
}

/** RFC 9278 thumbprint URI (`urn:ietf:params:oauth:jwk-thumbprint:sha-256:…`). */
export function jwkThumbprintUri(key: JWK | CryptoKey | KeyObject): Promise<string> {
  return calculateJwkThumbprintUri(key, 'sha256');
}

/**
 * The bare public JWK of a key (private or public; CryptoKey, KeyObject or JWK) with `kid`, `alg`
 * and `use: 'sig'`. Only the public members are copied.
 */
export async function publicJwkOf(
  key: CryptoKey | KeyObject | JWK,
  alg: SigningAlg,
  publicUrl: string,
): Promise<PublicJwk> {
  const jwk = isJwk(key) ? key : await exportJWK(key);
  const members = publicKeyMembers(jwk, alg);
  if (!members) {
    throw new SigningKeyError(`The key does not fit ${alg} (need ${alg === 'RS256' ? 'RSA' : 'EC P-256'}).`);
  }
  const kid = kidFor(publicUrl, await jwkThumbprint(members));
  return members.kty === 'RSA'
    ? { ...members, kid, alg: 'RS256', use: 'sig' }
    : { ...members, kid, alg: 'ES256', use: 'sig' };
}

function isJwk(key: CryptoKey | KeyObject | JWK): key is JWK {
  return !(key instanceof KeyObject) && !(typeof CryptoKey !== 'undefined' && key instanceof CryptoKey);
}

/** A signing key of a private key: its public JWK, `kid` and thumbprint worked out once. */
export async function toSigningKey(
  privateKey: CryptoKey,
  alg: SigningAlg,
  publicUrl: string,
): Promise<SigningKey> {
  const publicJwk = await publicJwkOf(privateKey, alg, publicUrl);
  const thumbprint = publicJwk.kid.slice(publicJwk.kid.lastIndexOf('/') + 1);
  return Object.freeze({
    kid: publicJwk.kid,
    alg,
    thumbprint,
    privateKey,
    publicJwk: Object.freeze(publicJwk),
  });
}

/** The JWKS document of the given keys (current and retired ones still in use). */
export function jwksOf(keys: ReadonlyArray<SigningKey | PublicJwk>): { keys: PublicJwk[] } {
  return { keys: keys.map((key) => ('publicJwk' in key ? key.publicJwk : key)) };
}
