import { createPrivateKey, KeyObject, type JsonWebKey as NodeJwk } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { calculateJwkThumbprint, calculateJwkThumbprintUri, exportJWK, exportPKCS8, type JWK } from 'jose';
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

const WEBCRYPTO_PARAMS = {
  RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' },
} as const;

const MIN_RSA_BITS = 2048;

/** Error for a key file or key that cannot be used to sign badges. */
export class SigningKeyError extends KeurmerkError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('signing_key_invalid', message, details);
    this.name = 'SigningKeyError';
  }
}

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

async function toSigningKey(privateKey: CryptoKey, alg: SigningAlg, publicUrl: string): Promise<SigningKey> {
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

/** The algorithm a private key object can sign with, or an error naming the file. */
function algOf(keyObject: KeyObject, source: string): SigningAlg {
  const type = keyObject.asymmetricKeyType;
  const details = keyObject.asymmetricKeyDetails ?? {};
  if (type === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS) {
      throw new SigningKeyError(
        `${source}: RSA key of ${details.modulusLength} bits; at least 2048 needed.`,
        {
          source,
        },
      );
    }
    return 'RS256';
  }
  if (type === 'ec' && details.namedCurve === 'prime256v1') return 'ES256';
  const what = type === 'ec' ? `EC key on curve ${details.namedCurve}` : `${type ?? 'unknown'} key`;
  throw new SigningKeyError(`${source}: ${what} cannot sign badges; use RSA (RS256) or EC P-256 (ES256).`, {
    source,
  });
}

/**
 * Imports a private key given as PEM text (PKCS#8; PKCS#1 and SEC1 are accepted too) or as a
 * private JWK. `source` names where it came from in errors. When `alg` is given, the key must fit it.
 */
export async function importSigningKey(
  material: string | JWK,
  options: { publicUrl: string; alg?: SigningAlg; source?: string },
): Promise<SigningKey> {
  const source = options.source ?? 'signing key';
  let keyObject: KeyObject;
  try {
    keyObject =
      typeof material === 'string'
        ? createPrivateKey({ key: material, format: 'pem' })
        : createPrivateKey({ key: material as NodeJwk, format: 'jwk' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SigningKeyError(`${source}: not a usable unencrypted private key (${reason}).`, { source });
  }
  const alg = algOf(keyObject, source);
  if (options.alg && options.alg !== alg) {
    throw new SigningKeyError(`${source}: holds a ${alg} key, but ${options.alg} was configured.`, {
      source,
    });
  }
  if (typeof material !== 'string' && material.alg !== undefined && material.alg !== alg) {
    throw new SigningKeyError(`${source}: the JWK says alg "${material.alg}", but the key is for ${alg}.`, {
      source,
    });
  }
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await crypto.subtle.importKey('pkcs8', der, WEBCRYPTO_PARAMS[alg], true, ['sign']);
  return toSigningKey(privateKey, alg, options.publicUrl);
}

/**
 * Loads a signing key from a file holding a PKCS#8 PEM or a private JWK (JSON); the format is
 * detected from the content. Errors name the file and never echo key material.
 */
export async function loadSigningKeyFile(
  path: string,
  options: { publicUrl: string; alg?: SigningAlg },
): Promise<SigningKey> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new SigningKeyError(`Signing key file ${path} cannot be read (${code}).`, { source: path });
  }
  if (text.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      throw new SigningKeyError(`Signing key file ${path} starts with "{" but is not valid JSON.`, {
        source: path,
      });
    }
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw new SigningKeyError(`Signing key file ${path} is not a JWK object.`, { source: path });
    }
    if ('keys' in jwk) {
      throw new SigningKeyError(`Signing key file ${path} is a JWK set; give a single private JWK.`, {
        source: path,
      });
    }
    if (!('d' in jwk)) {
      throw new SigningKeyError(`Signing key file ${path} holds a public JWK; the private key is needed.`, {
        source: path,
      });
    }
    return importSigningKey(jwk as JWK, { ...options, source: path });
  }
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new SigningKeyError(`Signing key file ${path} is encrypted; give an unencrypted PKCS#8 PEM.`, {
      source: path,
    });
  }
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(text)) {
    throw new SigningKeyError(`Signing key file ${path} is neither a PKCS#8 PEM private key nor a JWK.`, {
      source: path,
    });
  }
  return importSigningKey(text, { ...options, source: path });
}

/** The JWKS document of the given keys (current and retired ones still in use). */
export function jwksOf(keys: ReadonlyArray<SigningKey | PublicJwk>): { keys: PublicJwk[] } {
  return { keys: keys.map((key) => ('publicJwk' in key ? key.publicJwk : key)) };
}
