import { importJWK, type JWK } from 'jose';
import { publicKeyMembers, type SigningAlg } from '../credentials/signing-key.ts';

/** Looks a key up by kid; returns undefined for an unknown kid. Must never fetch the kid URL. */
export type KeyResolver = (kid: string) => JWK | undefined | Promise<JWK | undefined>;

/** Our own keys only: a JWKS or a lookup by kid. */
export type KeySet = { keys: readonly JWK[] } | KeyResolver;

// Keys are imported once: importing an RSA JWK costs about as much as verifying with it.
const MAX_CACHED_KEYS = 256;
const importedKeys = new Map<string, CryptoKey>();
const jwksIndexes = new WeakMap<object, Map<string, JWK>>();

/** The JWK a kid names in our key set (never fetched), or undefined. */
export async function lookUp(jwks: KeySet, kid: string): Promise<JWK | undefined> {
  if (typeof jwks === 'function') return jwks(kid);
  let index = jwksIndexes.get(jwks);
  if (!index) {
    index = new Map(jwks.keys.filter((k) => typeof k.kid === 'string').map((k) => [k.kid as string, k]));
    jwksIndexes.set(jwks, index);
  }
  return index.get(kid);
}

/**
 * The public key of `jwk` imported for `alg` (jose's `importJWK`, from the public members only),
 * or a public reason it does not fit. The algorithm is the caller's, already allow-listed.
 */
export async function verificationKey(jwk: JWK, alg: SigningAlg): Promise<CryptoKey | string> {
  if (jwk.alg !== undefined && jwk.alg !== alg) return `The key is for ${jwk.alg}, not ${alg}.`;
  if (jwk.use !== undefined && jwk.use !== 'sig') return 'The key is not a signing key.';
  const members = publicKeyMembers(jwk, alg);
  if (!members) return `The key type does not fit ${alg}.`;
  const cacheKey = `${alg}.${JSON.stringify(members)}`;
  const cached = importedKeys.get(cacheKey);
  if (cached) return cached;
  let key: CryptoKey;
  try {
    const imported = await importJWK({ ...members }, alg);
    // Public members only, so importJWK cannot hand back a symmetric secret; guard regardless.
    if (imported instanceof Uint8Array) return 'The key cannot be imported.';
    key = imported;
  } catch {
    return 'The key cannot be imported.';
  }
  if (importedKeys.size >= MAX_CACHED_KEYS) importedKeys.delete(importedKeys.keys().next().value as string);
  importedKeys.set(cacheKey, key);
  return key;
}
