import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema/database.ts';
import { claimLoginAttempt, recordSuccessfulLogin } from '../../../db/staff/users.ts';
import { completeSession, insertSession, revokeSession } from '../../../db/staff/sessions.ts';
import { isTrustedDevice, recordDeviceFailure, rememberDevice } from '../../../db/staff/devices.ts';
import { releaseSignInAttempt, reserveSignInAttempt } from '../../../db/staff/sign-in-attempts.ts';
import { claimTotpStep, findTotp, secondFactors, useRecoveryCode } from '../../../db/staff/second-factor.ts';
import { clientNetwork } from '../../../db/values/client-network.ts';
import { KeurmerkError } from '../../../db/errors.ts';
import type { StaffPrincipal } from '../../admin/principal.ts';
import { audit, type RequestOrigin } from '../../admin/audit.ts';
import type { Logger } from '../../app/log.ts';
import { accountLockUntil, CLIENT_LIMIT, secondsUntil } from '../throttle.ts';
import { looksLikeSecret, newSecret, secretHash } from '../secrets.ts';
import { verifyAuthentication } from '../webauthn/authentication.ts';
import type { RelyingParty } from '../webauthn/relying-party.ts';
import { openSecret, type SealingKey } from './totp-seal.ts';
import { normaliseTotpCode, totpStep } from './totp.ts';
import { normaliseRecoveryCode, recoveryCodeHash } from './recovery-codes.ts';
import { staffPasskeyBinding } from './passkey-binding.ts';

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

export interface SecondFactorInput extends RequestOrigin {
  /** The password-only session giving its second factor. */
  staff: StaffPrincipal;
  method: SecondFactorMethod;
  /** The TOTP or recovery code typed, or the passkey's response (JSON). */
  value: unknown;
  deviceToken: string | null;
  sealingKey: SealingKey;
  /** null where passkeys cannot work (PUBLIC_URL is an IP address). */
  rp: RelyingParty | null;
  log?: Logger;
}

export type SecondFactorResult =
  | { ok: true; sessionToken: string; sessionExpiresAt: Date; deviceToken: string; recoveryCodesLeft: number }
  | { ok: false; reason: 'invalid' | 'totp_unreadable' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** Checks one factor; a reason for the audit log when it does not hold. */
async function check(db: Kysely<Database>, now: Date, input: SecondFactorInput): Promise<string | null> {
  const id = input.staff.id;
  if (input.method === 'totp') {
    const code = normaliseTotpCode(input.value);
    const row = await findTotp(db, id);
    if (!row?.confirmed_at) return 'no_totp';
    const step = code ? totpStep(openSecret(input.sealingKey, id, row.secret_sealed), code, now) : null;
    if (step === null) return 'wrong_code';
    return (await claimTotpStep(db, id, step, now, false)) ? null : 'code_reused';
  }
  if (input.method === 'recovery_code') {
    const code = normaliseRecoveryCode(input.value);
    if (!code) return 'wrong_code';
    return (await useRecoveryCode(db, id, recoveryCodeHash(code), now)) ? null : 'wrong_or_used_code';
  }
  if (!input.rp) return 'passkeys_unavailable';
  const result = await verifyAuthentication(db, input.rp, {
    owner: { kind: 'staff', id },
    response: input.value,
    binding: staffPasskeyBinding(input.staff.sessionHash),
    userVerification: 'preferred',
    now,
    ...(input.log ? { log: input.log } : {}),
  });
  return result.ok ? null : `passkey_${result.reason}`;
}

/**
 * The second step of a staff sign-in: a TOTP code, a recovery code (used up) or a passkey, with
 * the same throttling as passwords (per client network, and per account: failures count towards
 * the account's lock, and a right password does not reset them). On success the password-only
 * session is replaced by a new complete one (a token that existed before the second factor never
 * becomes a full session) and the browser becomes a known device.
 */
export async function verifySecondFactor(
  db: Kysely<Database>,
  now: Date,
  input: SecondFactorInput,
): Promise<SecondFactorResult> {
  const attempt = { principal: input.staff, action: 'auth.second_factor', target: input.staff.email, now };
  const reservation = input.clientAddress
    ? await reserveSignInAttempt(db, clientNetwork(input.clientAddress), now, CLIENT_LIMIT)
    : null;
  if (reservation && !reservation.reserved) {
    await audit(db, input, {
      ...attempt,
      outcome: 'denied',
      detail: { method: input.method, reason: 'client_throttled' },
    });
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(CLIENT_LIMIT.windowMs / 1000) };
  }
  const deviceHash =
    input.deviceToken && looksLikeSecret(input.deviceToken, 'kmd') ? secretHash(input.deviceToken) : null;
  const trusted = deviceHash ? await isTrustedDevice(db, deviceHash, input.staff.id, now) : false;
  const claim = await claimLoginAttempt(db, input.staff.id, now, (n) => accountLockUntil(n, now), trusted);
  if (!claim.allowed) {
    await audit(db, input, {
      ...attempt,
      outcome: 'denied',
      detail: { method: input.method, reason: 'account_locked' },
    });
    return { ok: false, reason: 'throttled', retryAfterSeconds: secondsUntil(claim.lockedUntil, now) };
  }

  let failure: string | null;
  try {
    failure = await check(db, now, input);
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.code !== 'totp_unreadable') throw error;
    failure = 'totp_unreadable';
  }
  if (failure) {
    if (trusted && deviceHash) await recordDeviceFailure(db, deviceHash);
    await audit(db, input, {
      ...attempt,
      outcome: 'failed',
      detail: { method: input.method, reason: failure, failures: claim.failures },
    });
    return { ok: false, reason: failure === 'totp_unreadable' ? 'totp_unreadable' : 'invalid' };
  }

  if (reservation?.reserved) await releaseSignInAttempt(db, reservation.id);
  await recordSuccessfulLogin(db, input.staff.id, now, null);
  await revokeSession(db, input.staff.sessionHash, now);
  const sessionToken = newSecret('kms');
  const sessionExpiresAt = await insertSession(db, secretHash(sessionToken), input.staff.id, now, false);
  const deviceToken = trusted && input.deviceToken ? input.deviceToken : newSecret('kmd');
  await rememberDevice(db, secretHash(deviceToken), input.staff.id, now);
  const left = (await secondFactors(db, input.staff.id)).recoveryCodes;
  await audit(db, input, {
    ...attempt,
    outcome: 'success',
    detail: {
      method: input.method,
      ...(input.method === 'recovery_code' ? { recoveryCodesLeft: left } : {}),
    },
  });
  return { ok: true, sessionToken, sessionExpiresAt, deviceToken, recoveryCodesLeft: left };
}

/** Marks the session complete after the person enrolled their first factor in it. */
export { completeSession };
