// Reading a signing key someone gave us (PEM or private JWK, from a file or as text), refusing
// what cannot sign badges with errors that name the source and never echo key material.
import { createPrivateKey, type JsonWebKey as NodeJwk, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JWK } from 'jose';
import {
  MIN_RSA_BITS,
  SigningKeyError,
  WEBCRYPTO_PARAMS,
  type SigningAlg,
  type SigningKey,
} from './signing-key.ts';
import { toSigningKey } from './key-thumbprint.ts';

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
