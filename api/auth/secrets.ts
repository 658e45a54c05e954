import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `kmt` API token, `kms` staff session, `kmd` staff device, `kml` member link, `kmm` member session, `kma` application link. */
export type SecretPrefix = 'kmt' | 'kms' | 'kmd' | 'kml' | 'kmm' | 'kma';

/**
 * A new bearer secret: 32 random bytes (256 bits) in base64url behind a short prefix, so a
 * leaked token is recognisable in logs and secret scanners (`kmt_` API token, `kms_` session).
 */
export function newSecret(prefix: SecretPrefix): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/**
 * What the database keeps instead of a secret. A plain SHA-256 is enough here: the secrets are
 * 256-bit random values, so there is nothing to brute-force (unlike passwords).
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a presented value has the shape of one of our secrets (cheap pre-check before a lookup). */
export function looksLikeSecret(value: string, prefix: SecretPrefix): boolean {
  return value.length === prefix.length + 44 && value.startsWith(`${prefix}_`) && /^[\w-]+$/.test(value);
}

/** Constant-time comparison of two equal-length strings. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
