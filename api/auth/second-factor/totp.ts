import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app does it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
/** One step either side: a phone clock 30 s off, or a code typed as it changed, still works. */
export const TOTP_WINDOW = 1;

function totp(secretBase32: string, label = 'staff'): TOTP {
  return new TOTP({
    issuer: 'Keurmerk',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random TOTP secret (160 bits, as RFC 4226 recommends), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, account: string, host: string): string {
  return totp(secretBase32, `${account} (${host})`).toString();
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secretBase32: string): string {
  return secretBase32.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code of a URI as an SVG data URL: an <img> under the page CSP (img-src data:), no script. */
export async function qrDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** A typed code as six digits (spaces and dashes dropped), or null. */
export function normaliseTotpCode(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const code = input.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step a code is valid for at `now` (within ±1 step), or null. The caller stores the
 * step and refuses any step not later than the last one accepted, so a code works once.
 */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}
