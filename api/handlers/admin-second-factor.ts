import type { ActionContext, Operation, RunContext } from '../admin/perform.ts';
import type { StaffPrincipal } from '../admin/principal.ts';
import { KeurmerkError } from '../../db/errors.ts';
import {
  claimTotpStep,
  deleteRecoveryCodes,
  deleteTotp,
  findTotp,
  hasSecondFactor,
  secondFactors,
} from '../../db/staff/second-factor.ts';
import { completeSession, revokeStaffSessions } from '../../db/staff/sessions.ts';
import { findStaff } from '../../db/staff/users.ts';
import { deleteAllPasskeys, deletePasskey, type PasskeySummary } from '../../db/webauthn/passkeys.ts';
import { issueRecoveryCodes, recoveryCodesIfNone } from '../auth/second-factor/enrolment.ts';
import { totpSealingKey } from '../auth/second-factor/sealing.ts';
import { openSecret } from '../auth/second-factor/totp-seal.ts';
import { normaliseTotpCode, totpStep } from '../auth/second-factor/totp.ts';
import { staffRegisterBinding } from '../auth/second-factor/passkey-binding.ts';
import { verifyRegistration } from '../auth/webauthn/registration.ts';
import { relyingParty } from '../auth/webauthn/relying-party.ts';
import { refusalError } from '../auth/webauthn/refusal.ts';
import { positiveInt } from './admin-input.ts';

function me(ctx: ActionContext): StaffPrincipal {
  if (ctx.principal.kind !== 'staff')
    throw new KeurmerkError('staff_only', 'Only a signed-in staff member has second factors to manage.');
  return ctx.principal;
}

/** A factor was added in this session: if it was password-only (enrolment was required), it is complete now. */
async function enrolled(ctx: RunContext, staff: StaffPrincipal): Promise<string[] | null> {
  await completeSession(ctx.deps.database.db, staff.sessionHash);
  return recoveryCodesIfNone(ctx.deps.database.db, staff.id, ctx.deps.now());
}

/** Refuses removing the last factor (recovery codes aside) while STAFF_MFA is required. */
async function keepOne(ctx: RunContext, staffId: number, removing: 'totp' | 'passkey'): Promise<void> {
  if (ctx.deps.config.staffMfa !== 'required') return;
  const f = await secondFactors(ctx.deps.database.db, staffId);
  const left = removing === 'totp' ? f.passkeys > 0 : f.totp || f.passkeys > 1;
  if (!left) throw new KeurmerkError('second_factor_last');
}

export interface Enrolment {
  /** New recovery codes to show once (null: the person still has theirs). */
  recoveryCodes: string[] | null;
}

/** Confirms the authenticator app being set up with a first code from it. */
export const enrolTotpOp: Operation<Enrolment> = {
  name: 'account.totp_enrol',
  permission: 'self',
  write: true,
  async run(ctx, input) {
    const staff = me(ctx);
    const db = ctx.deps.database.db;
    const now = ctx.deps.now();
    const row = await findTotp(db, staff.id);
    if (!row) throw new KeurmerkError('totp_not_pending');
    if (row.confirmed_at) throw new KeurmerkError('totp_already_enrolled');
    const code = normaliseTotpCode(input['code']);
    const secret = openSecret(await totpSealingKey(ctx.deps), staff.id, row.secret_sealed);
    const step = code ? totpStep(secret, code, now) : null;
    if (step === null || !(await claimTotpStep(db, staff.id, step, now, true)))
      throw new KeurmerkError('second_factor_invalid', 'The code does not match the secret being set up.', {
        field: 'code',
      });
    return { recoveryCodes: await enrolled(ctx, staff) };
  },
  target: () => null,
  detail: (_input, result) => ({ recoveryCodesIssued: result?.recoveryCodes?.length ?? 0 }),
};

/** Removes one's authenticator app. */
export const removeTotpOp: Operation<{ removed: boolean }> = {
  name: 'account.totp_remove',
  permission: 'self',
  write: true,
  async run(ctx) {
    const staff = me(ctx);
    await keepOne(ctx, staff.id, 'totp');
    return { removed: await deleteTotp(ctx.deps.database.db, staff.id) };
  },
  target: () => null,
};

/** Registers a passkey from the browser's response to the options shown on the security page. */
export const addPasskeyOp: Operation<Enrolment & { passkey: PasskeySummary }> = {
  name: 'account.passkey_add',
  permission: 'self',
  write: true,
  async run(ctx, input) {
    const staff = me(ctx);
    const db = ctx.deps.database.db;
    const result = await verifyRegistration(db, relyingParty(ctx.deps.config.publicUrl), {
      owner: { kind: 'staff', id: staff.id },
      response: input['response'],
      name: typeof input['name'] === 'string' ? input['name'] : '',
      binding: staffRegisterBinding(staff.sessionHash),
      userVerification: 'preferred',
      now: ctx.deps.now(),
      log: ctx.deps.log,
    });
    if (!result.ok) throw refusalError(result);
    return { passkey: result.passkey, recoveryCodes: await enrolled(ctx, staff) };
  },
  target: (_input, result) => (result ? `passkey:${result.passkey.id}` : null),
  detail: (_input, result) => ({
    name: result?.passkey.name,
    recoveryCodesIssued: result?.recoveryCodes?.length ?? 0,
  }),
};

/** Removes one of one's passkeys. */
export const removePasskeyOp: Operation<PasskeySummary> = {
  name: 'account.passkey_remove',
  permission: 'self',
  write: true,
  async run(ctx, input) {
    const staff = me(ctx);
    const id = positiveInt(input, 'id');
    await keepOne(ctx, staff.id, 'passkey');
    return deletePasskey(ctx.deps.database.db, { kind: 'staff', id: staff.id }, id);
  },
  target: (input) => `passkey:${String(input['id'] ?? '')}`.slice(0, 40),
  detail: (_input, result) => ({ name: result?.name }),
};

/** New recovery codes for oneself; the old ones stop working. */
export const regenerateRecoveryCodesOp: Operation<{ recoveryCodes: string[] }> = {
  name: 'account.recovery_codes_regenerate',
  permission: 'self',
  write: true,
  async run(ctx) {
    const staff = me(ctx);
    const db = ctx.deps.database.db;
    if (!hasSecondFactor(await secondFactors(db, staff.id)))
      throw new KeurmerkError(
        'totp_not_pending',
        'Recovery codes come with a second factor: set one up first.',
      );
    return { recoveryCodes: await issueRecoveryCodes(db, staff.id, ctx.deps.now()) };
  },
  target: () => null,
  detail: (_input, result) => ({ recoveryCodesIssued: result?.recoveryCodes.length ?? 0 }),
};

/**
 * An admin removes another staff member's second factors (lost phone, lost key): authenticator
 * app, passkeys and recovery codes, and ends their sessions. With STAFF_MFA required they enrol
 * a new factor at their next sign-in, with their password.
 */
export const resetSecondFactorOp: Operation<{ totp: boolean; passkeys: number; sessionsEnded: number }> = {
  name: 'staff.second_factor_reset',
  permission: 'staff.manage',
  write: true,
  async run(ctx, input) {
    const id = positiveInt(input, 'id');
    const db = ctx.deps.database.db;
    const now = ctx.deps.now();
    await findStaff(db, id);
    const totp = await deleteTotp(db, id);
    const passkeys = await deleteAllPasskeys(db, { kind: 'staff', id });
    await deleteRecoveryCodes(db, id);
    return { totp, passkeys, sessionsEnded: await revokeStaffSessions(db, id, now) };
  },
  detail: (_input, result) => ({ ...result }),
};
