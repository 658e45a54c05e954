// What a badge signing key is: the algorithms we sign with, the key's shape, its public members
// and the error for a key that cannot sign. No I/O and no key material handling here.
import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { KeurmerkError } from '../../db/errors.ts';

/** The only algorithms our badges are signed with: the Open Badges 3.0 validator rejects EdDSA. */
export type SigningAlg = 'RS256' | 'ES256';
export const SIGNING_ALGS: readonly SigningAlg[] = Object.freeze(['RS256', 'ES256']);

type RsaPublicMembers = { kty: 'RSA'; n: string; e: string };
type EcPublicMembers = { kty: 'EC'; crv: 'P-256'; x: string; y: string };
export type PublicKeyMembers = RsaPublicMembers | EcPublicMembers;

/** A bare public JWK as published at its `kid` URL and in `/.well-known/jwks.json`. */
export type PublicJwk =
  | (RsaPublicMembers & { kid: string; alg: 'RS256'; use: 'sig' })
  | (EcPublicMembers & { kid: string; alg: 'ES256'; use: 'sig' });

export interface SigningKey {
  /** `${publicUrl}/keys/${thumbprint}`: an https URL of ours that returns `publicJwk`. */
  readonly kid: string;
  readonly alg: SigningAlg;
  /** RFC 7638 SHA-256 thumbprint of the public key (base64url). */
  readonly thumbprint: string;
  readonly privateKey: CryptoKey | KeyObject;
  readonly publicJwk: PublicJwk;
}

/** WebCrypto parameters of each algorithm, for generating and importing keys. */
export const WEBCRYPTO_PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const;

/** Below this an RSA key is refused, and generated keys have exactly this. */
export const MIN_RSA_BITS = 2048;

/** Error for a key file or key that cannot be used to sign badges. */
export class SigningKeyError extends KeurmerkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('signing_key_invalid', message, details);
    this.name = 'SigningKeyError';
  }
}

/**
 * The public members of a JWK for `alg` and nothing else (a whitelist, so no private member can
 * leak), or undefined when the key does not fit the algorithm.
 */
export function publicKeyMembers(jwk: JWK, alg: SigningAlg): PublicKeyMembers | undefined {
  if (alg === 'RS256' && jwk.kty === 'RSA' && jwk.n && jwk.e) return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y) {
    return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
  }
  return undefined;
}
