import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { KeurmerkError } from '../../../db/errors.ts';

/**
 * TOTP secrets at rest. A TOTP secret must be read back to check a code, so unlike passwords and
 * tokens it cannot be stored as a hash: it is sealed with AES-256-GCM (node:crypto) under a key
 * derived (HKDF-SHA-256) from the registry secret, with the staff member's id as associated data,
 * so a sealed secret copied onto another account does not open. The format names the key by a
 * short fingerprint, so a secret sealed under another key is recognised instead of misread.
 */
export interface SealingKey {
  readonly key: Buffer;
  /** First 8 hex characters of SHA-256 of the key: tells keys apart, reveals nothing usable. */
  readonly id: string;
}

/** The sealing key from the registry secret (REGISTRY_SECRET, or the one kept in the database). */
export function sealingKey(registrySecret: string): SealingKey {
  const key = Buffer.from(
    hkdfSync('sha256', registrySecret, 'keurmerk', 'keurmerk staff totp secret v1', 32),
  );
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 8) };
}

const aad = (staffUserId: number) => Buffer.from(`staff_totp:${staffUserId}`);

/** Seals a secret: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts). */
export function sealSecret(key: SealingKey, staffUserId: number, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(aad(staffUserId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', key.id, iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/**
 * Opens a sealed secret. One sealed under another key (REGISTRY_SECRET set or changed since) or
 * altered is `totp_unreadable`: the person signs in with a passkey or a recovery code, or an
 * admin resets their second factor.
 */
export function openSecret(key: SealingKey, staffUserId: number, sealed: string): string {
  const [version, keyId, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || keyId !== key.id || !iv || !body || !tag)
    throw new KeurmerkError(
      'totp_unreadable',
      `TOTP secret sealed under key ${keyId ?? '?'}, not ${key.id}.`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(staffUserId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new KeurmerkError('totp_unreadable', 'TOTP secret does not open (altered, or another account).');
  }
}
