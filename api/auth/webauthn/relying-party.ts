import { isIP } from 'node:net';
import { KeurmerkError } from '../../../db/errors.ts';

/** The relying party WebAuthn binds every passkey to: our host name and exact origin. */
export interface RelyingParty {
  /** The RP id: PUBLIC_URL's host name. A passkey made for it works nowhere else. */
  readonly id: string;
  /** The one origin a response may come from (PUBLIC_URL itself). */
  readonly origin: string;
  readonly name: string;
}

export type PasskeySupport =
  { available: true; rp: RelyingParty } | { available: false; reason: 'ip_address'; origin: string };

/**
 * Whether passkeys can work on this registry, and with which relying party. WebAuthn's RP id must
 * be a registrable domain or `localhost`; browsers refuse an IP address. Where PUBLIC_URL's host is
 * an IP address, callers offer other ways in and say why (see `passkeys_unavailable`).
 */
export function passkeySupport(publicUrl: string): PasskeySupport {
  const url = new URL(publicUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) return { available: false, reason: 'ip_address', origin: url.origin };
  return { available: true, rp: Object.freeze({ id: host, origin: url.origin, name: 'Keurmerk' }) };
}

/** True when passkeys can be offered on this PUBLIC_URL. */
export function passkeysAvailable(publicUrl: string): boolean {
  return passkeySupport(publicUrl).available;
}

/** The relying party, or the `passkeys_unavailable` error naming why there is none. */
export function relyingParty(publicUrl: string): RelyingParty {
  const support = passkeySupport(publicUrl);
  if (!support.available)
    throw new KeurmerkError(
      'passkeys_unavailable',
      `Passkeys need a host name, but PUBLIC_URL (${support.origin}) names an IP address.`,
    );
  return support.rp;
}
