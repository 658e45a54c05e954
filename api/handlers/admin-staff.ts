import type { Operation } from '../admin/perform.ts';
import { ROLES } from '../admin/policy.ts';
import { newPasswordHash, prepareStaffAccount, type NewStaffAccount } from '../auth/staff-accounts.ts';
import {
  findStaff,
  insertStaffUser,
  listStaff,
  updateStaff,
  type StaffSummary,
} from '../../db/staff/users.ts';
import { revokeStaffSessions } from '../../db/staff/sessions.ts';
import { forgetDevices } from '../../db/staff/devices.ts';
import { revokeOwnerTokens } from '../../db/staff/api-tokens.ts';
import { ValidationError } from '../../db/errors.ts';
import { flag, oneOf, optionalOneOf, optionalText, positiveInt, targetText, text } from './admin-input.ts';
import { iso } from './public-json.ts';

/** Staff as the admin API shows them: never a password hash. */
export function staffJson(s: StaffSummary) {
  return {
    id: s.id,
    email: s.email,
    displayName: s.display_name,
    role: s.role,
    disabled: s.disabled_at !== null,
    lockedUntil: iso(s.locked_until),
    failedLogins: s.failed_logins,
    lastLoginAt: iso(s.last_login_at),
    passwordChangedAt: iso(s.password_changed_at),
    createdAt: iso(s.created_at),
  };
}

export const listStaffOp: Operation<ReturnType<typeof staffJson>[]> = {
  name: 'staff.list',
  permission: 'staff.manage',
  write: false,
  run: async (ctx) => (await listStaff(ctx.deps.database.db)).map(staffJson),
};

export const createStaffOp: Operation<ReturnType<typeof staffJson>, NewStaffAccount> = {
  name: 'staff.create',
  permission: 'staff.manage',
  write: true,
  prepare: async (_ctx, input) =>
    prepareStaffAccount({
      email: input['email'],
      displayName: text(input, 'displayName', 100),
      role: oneOf(input, 'role', ROLES),
      password: input['password'],
    }),
  run: async (ctx, _input, account) =>
    staffJson(await insertStaffUser(ctx.deps.database.db, { ...account, now: ctx.deps.now() })),
  target: (input, result) => result?.email ?? targetText(input['email']).trim().toLowerCase(),
  detail: (input) => ({ role: input['role'] }),
};

/** Role, name and enabled state; disabling also ends every session and forgets every device. */
export const updateStaffOp: Operation<ReturnType<typeof staffJson>> = {
  name: 'staff.update',
  permission: 'staff.manage',
  write: true,
  async run(ctx, input) {
    const db = ctx.deps.database.db;
    const id = positiveInt(input, 'id');
    const role = optionalOneOf(input, 'role', ROLES);
    const displayName = optionalText(input, 'displayName', 100);
    const disabled = flag(input, 'disabled');
    if (!role && !displayName && disabled === null)
      throw new ValidationError('body', 'Send at least one of role, displayName and disabled.');
    const now = ctx.deps.now();
    const updated = await updateStaff(db, id, {
      ...(role ? { role } : {}),
      ...(displayName ? { displayName } : {}),
      ...(disabled === null ? {} : { disabled }),
      now,
    });
    if (disabled) {
      await revokeStaffSessions(db, id, now);
      await forgetDevices(db, id);
      // Their tokens end with them (lookups also refuse a disabled owner's token, whoever disabled it).
      await revokeOwnerTokens(db, id, now);
    }
    return staffJson(updated);
  },
  detail: (input) => ({ role: input['role'], disabled: input['disabled'] }),
};

/** Sets a new password for someone (a reset): their sessions end and their devices are forgotten. */
export const resetPasswordOp: Operation<ReturnType<typeof staffJson>, string> = {
  name: 'staff.password_reset',
  permission: 'staff.manage',
  write: true,
  async prepare(ctx, input) {
    const staff = await findStaff(ctx.deps.database.db, positiveInt(input, 'id'));
    return newPasswordHash(input['password'], staff.email);
  },
  async run(ctx, input, passwordHash) {
    const db = ctx.deps.database.db;
    const id = positiveInt(input, 'id');
    const now = ctx.deps.now();
    const updated = await updateStaff(db, id, { passwordHash, unlock: true, now });
    await revokeStaffSessions(db, id, now);
    await forgetDevices(db, id);
    return staffJson(updated);
  },
};

export const unlockStaffOp: Operation<ReturnType<typeof staffJson>> = {
  name: 'staff.unlock',
  permission: 'staff.manage',
  write: true,
  run: async (ctx, input) =>
    staffJson(
      await updateStaff(ctx.deps.database.db, positiveInt(input, 'id'), {
        unlock: true,
        now: ctx.deps.now(),
      }),
    ),
};

/** Ends every session of a staff member (a lost laptop). */
export const signOutStaffOp: Operation<{ sessionsEnded: number }> = {
  name: 'staff.sign_out_everywhere',
  permission: 'staff.manage',
  write: true,
  async run(ctx, input) {
    const id = positiveInt(input, 'id');
    await findStaff(ctx.deps.database.db, id);
    return { sessionsEnded: await revokeStaffSessions(ctx.deps.database.db, id, ctx.deps.now()) };
  },
  detail: (_input, result) => ({ sessionsEnded: result?.sessionsEnded }),
};
