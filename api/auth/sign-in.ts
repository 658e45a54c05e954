import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Role } from '../admin/policy.ts';
import { claimLoginAttempt, recordSuccessfulLogin, staffForLogin } from '../../db/staff/users.ts';
import { insertSession, pruneSessions, revokeSession } from '../../db/staff/sessions.ts';
import { isTrustedDevice, recordDeviceFailure, rememberDevice } from '../../db/staff/devices.ts';
import { claimUnknownLoginAttempt, pruneLoginLocks } from '../../db/staff/login-locks.ts';
import {
  pruneSignInAttempts,
  releaseSignInAttempt,
  reserveSignInAttempt,
} from '../../db/staff/sign-in-attempts.ts';
import { hashPassword, needsRehash, verifyPassword } from './password.ts';
import { MAX_PASSWORD_LENGTH } from './password-policy.ts';
import { accountLockUntil, CLIENT_LIMIT, secondsUntil } from './throttle.ts';
import { clientNetwork } from '../../db/values/client-network.ts';
import { looksLikeSecret, newSecret, secretHash } from './secrets.ts';
import { audit, type RequestOrigin } from '../admin/audit.ts';
import { hasSecondFactor, releasePasswordAttempt, secondFactors } from '../../db/staff/second-factor.ts';
import { signInNeedsSecondStep, type SecondFactorStep, type StaffMfa } from './second-factor/policy.ts';

export interface SignInInput extends RequestOrigin {
  email: unknown;
  password: unknown;
  /** The device cookie, if the browser has one: lets its owner in while the account is locked. */
  deviceToken: string | null;
  /** The session cookie sent with the attempt: ended on success (a session is never reused across a sign-in). */
  previousSession: string | null;
  /** STAFF_MFA: whether a staff member without a second factor must enrol one first. */
  staffMfa: StaffMfa;
}

export type SignInResult =
  | {
      ok: true;
      staff: { id: number; email: string; displayName: string; role: Role };
      sessionToken: string;
      sessionExpiresAt: Date;
      /** Set once the sign-in is complete; a password-only session gets it after its second factor. */
      deviceToken: string | null;
      /** What the new session must do first: give its second factor, enrol one, or nothing. */
      secondFactor: SecondFactorStep;
    }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

const INVALID = { ok: false, reason: 'invalid' } as const;

/**
 * Checks e-mail and password with throttling per client and per account, records the attempt in
 * the audit log, and on success starts a fresh session (the old one, if any, ends). Unknown
 * addresses, wrong passwords and disabled accounts get the same answer after the same work, and
 * are locked after the same number of failures. Both limits are claimed before the password is
 * checked, so parallel attempts cannot all slip past them.
 */
export async function signIn(db: Kysely<Database>, now: Date, input: SignInInput): Promise<SignInResult> {
  const email = typeof input.email === 'string' ? input.email.trim().toLowerCase().slice(0, 320) : '';
  const password = typeof input.password === 'string' ? input.password : '';
  const attempt = { principal: null, action: 'auth.login', target: email || null, now };

  const reservation = input.clientAddress
    ? await reserveSignInAttempt(db, clientNetwork(input.clientAddress), now, CLIENT_LIMIT)
    : null;
  if (reservation && !reservation.reserved) {
    await audit(db, input, { ...attempt, outcome: 'denied', detail: { reason: 'client_throttled' } });
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(CLIENT_LIMIT.windowMs / 1000) };
  }

  const user = email ? await staffForLogin(db, email) : undefined;
  const deviceHash =
    input.deviceToken && looksLikeSecret(input.deviceToken, 'kmd') ? secretHash(input.deviceToken) : null;
  const trusted = user && deviceHash ? await isTrustedDevice(db, deviceHash, user.id, now) : false;
  let failures: number | null = null;
  let previousLockedUntil: Date | null = null;
  if (email) {
    // A disabled account and an unknown address are locked like any account: same answers throughout.
    const lockUntil = (n: number) => accountLockUntil(n, now);
    const claim = user
      ? await claimLoginAttempt(db, user.id, now, lockUntil, trusted)
      : await claimUnknownLoginAttempt(db, email, now, lockUntil);
    if (!claim.allowed) {
      await audit(db, input, { ...attempt, outcome: 'denied', detail: { reason: 'account_locked' } });
      return { ok: false, reason: 'throttled', retryAfterSeconds: secondsUntil(claim.lockedUntil, now) };
    }
    failures = claim.failures;
    previousLockedUntil = claim.previousLockedUntil ?? null;
  }

  const usable = password.length > 0 && password.length <= MAX_PASSWORD_LENGTH;
  const matches = await verifyPassword(usable ? password : 'x', user?.password_hash ?? null);
  if (!user || !usable || !matches || user.disabled_at) {
    if (trusted && deviceHash) await recordDeviceFailure(db, deviceHash);
    await audit(db, input, {
      ...attempt,
      outcome: 'failed',
      detail: {
        reason: user ? (user.disabled_at ? 'disabled' : 'wrong_password') : 'unknown_account',
        failures,
      },
    });
    return INVALID;
  }

  const rehash = needsRehash(user.password_hash) ? await hashPassword(password) : null;
  if (reservation?.reserved) await releaseSignInAttempt(db, reservation.id);
  const factors = hasSecondFactor(await secondFactors(db, user.id));
  const passwordOnly = signInNeedsSecondStep(factors, input.staffMfa);
  // A password-only sign-in keeps earlier second-factor failures counted (see releasePasswordAttempt).
  if (passwordOnly) await releasePasswordAttempt(db, user.id, previousLockedUntil, rehash);
  else await recordSuccessfulLogin(db, user.id, now, rehash);
  if (input.previousSession) await revokeSession(db, secretHash(input.previousSession), now);
  const sessionToken = newSecret('kms');
  const sessionExpiresAt = await insertSession(db, secretHash(sessionToken), user.id, now, passwordOnly);
  // A browser becomes a known device only once it got all the way in.
  const deviceToken = passwordOnly
    ? null
    : trusted && input.deviceToken
      ? input.deviceToken
      : newSecret('kmd');
  if (deviceToken) await rememberDevice(db, secretHash(deviceToken), user.id, now);
  await pruneSessions(db, now);
  await pruneSignInAttempts(db, new Date(now.getTime() - CLIENT_LIMIT.windowMs));
  await pruneLoginLocks(db, now);
  const secondFactor: SecondFactorStep = passwordOnly ? (factors ? 'verify' : 'enrol') : null;
  const principal = {
    kind: 'staff' as const,
    id: user.id,
    email: user.email,
    name: user.display_name,
    role: user.role,
    sessionHash: '',
  };
  await audit(db, input, {
    ...attempt,
    principal,
    outcome: 'success',
    detail: { viaTrustedDevice: trusted, secondFactor: secondFactor ?? 'none' },
  });
  return {
    ok: true,
    staff: { id: user.id, email: user.email, displayName: user.display_name, role: user.role },
    sessionToken,
    sessionExpiresAt,
    deviceToken,
    secondFactor,
  };
}
