import type { AstroGlobal } from 'astro';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { verifySecondFactor, type SecondFactorMethod } from '../../../api/auth/second-factor/verify.ts';
import { totpSealingKey } from '../../../api/auth/second-factor/sealing.ts';
import { staffPasskeyBinding } from '../../../api/auth/second-factor/passkey-binding.ts';
import { authenticationOptions } from '../../../api/auth/webauthn/authentication.ts';
import { passkeySupport } from '../../../api/auth/webauthn/relying-party.ts';
import { deviceCookie, sessionCookie } from '../../../api/auth/cookies.ts';
import { secondFactors, type SecondFactors } from '../../../db/staff/second-factor.ts';
import { staffOf } from './context.ts';
import { readForm } from './forms.ts';
import { safeNext } from './format.ts';

function clientAddress(astro: AstroGlobal): string | null {
  try {
    return astro.clientAddress;
  } catch {
    return null;
  }
}

export interface VerifyPage {
  factors: SecondFactors;
  /** Options for the passkey button, or null (no passkeys, or PUBLIC_URL an IP address). */
  passkeyOptions: PublicKeyCredentialRequestOptionsJSON | null;
}

/** What the second step of sign-in offers: the person's factors, and a fresh passkey challenge. */
export async function verifyPageData(astro: AstroGlobal): Promise<VerifyPage> {
  const { deps } = astro.locals;
  const staff = staffOf(astro);
  const db = deps.database.db;
  const factors = await secondFactors(db, staff.id);
  const support = passkeySupport(deps.config.publicUrl);
  const passkeyOptions =
    support.available && factors.passkeys > 0
      ? await authenticationOptions(db, support.rp, {
          owner: { kind: 'staff', id: staff.id },
          binding: staffPasskeyBinding(staff.sessionHash),
          userVerification: 'preferred',
          now: deps.now(),
        })
      : null;
  return { factors, passkeyOptions };
}

export type VerifyOutcome =
  | { redirect: string }
  | { error: 'invalid' | 'totp_unreadable'; method: SecondFactorMethod }
  | { error: 'throttled'; minutes: number; method: SecondFactorMethod };

const METHODS: readonly SecondFactorMethod[] = ['totp', 'recovery_code', 'passkey'];

/**
 * The second step's forms: checked with the password's throttling (api/auth/second-factor/
 * verify.ts); success replaces the session cookie with the complete session's.
 */
export async function verifyFromForm(astro: AstroGlobal): Promise<VerifyOutcome> {
  const { deps, requestId } = astro.locals;
  const form = await readForm(astro.request);
  const method = METHODS.find((m) => m === form['method']) ?? 'totp';
  const support = passkeySupport(deps.config.publicUrl);
  const session = sessionCookie(deps.config.publicUrl);
  const device = deviceCookie(deps.config.publicUrl);
  const result = await verifySecondFactor(deps.database.db, deps.now(), {
    staff: staffOf(astro),
    method,
    value: method === 'passkey' ? form['response'] : form['code'],
    deviceToken: astro.cookies.get(device.name)?.value ?? null,
    sealingKey: await totpSealingKey(deps),
    rp: support.available ? support.rp : null,
    log: deps.log,
    clientAddress: clientAddress(astro),
    requestId,
  });
  if (!result.ok) {
    astro.response.status = result.reason === 'throttled' ? 429 : result.reason === 'invalid' ? 401 : 409;
    if (result.reason === 'throttled') {
      astro.response.headers.set('retry-after', String(result.retryAfterSeconds));
      return { error: 'throttled', minutes: Math.ceil(result.retryAfterSeconds / 60), method };
    }
    return { error: result.reason, method };
  }
  astro.cookies.set(session.name, result.sessionToken, session.options);
  astro.cookies.set(device.name, result.deviceToken, device.options);
  const next = safeNext(form['next'] ?? null);
  return { redirect: method === 'recovery_code' ? `/admin/security?notice=recovery-used` : next };
}
