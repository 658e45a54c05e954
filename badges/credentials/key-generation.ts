// Making new signing keys and writing their private half out (key rotation, first start).
import type { KeyObject } from 'node:crypto';
import { exportPKCS8 } from 'jose';
import { MIN_RSA_BITS, WEBCRYPTO_PARAMS, type SigningAlg, type SigningKey } from './signing-key.ts';
import { toSigningKey } from './key-thumbprint.ts';

/** A fresh, extractable key pair (RSA 2048 for RS256, P-256 for ES256), ready to sign. */
export async function generateSigningKey(alg: SigningAlg, publicUrl: string): Promise<SigningKey> {
  const params =
    alg === 'RS256'
      ? { ...WEBCRYPTO_PARAMS.RS256, modulusLength: MIN_RSA_BITS, publicExponent: new Uint8Array([1, 0, 1]) }
      : WEBCRYPTO_PARAMS.ES256;
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  return toSigningKey(pair.privateKey, alg, publicUrl);
}

/** PKCS#8 PEM of a signing key's private key, for writing a key file. */
export function exportPrivateKeyPem(key: SigningKey | CryptoKey | KeyObject): Promise<string> {
  return exportPKCS8('privateKey' in key ? key.privateKey : key);
}
