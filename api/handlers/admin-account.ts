import { ForbiddenError } from '../auth/errors.ts';
import type { ActionContext, Operation } from '../admin/perform.ts';
import { newPasswordHash } from '../auth/staff-accounts.ts';
import { verifyPassword } from '../auth/password.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { staffForLogin, updateStaff } from '../../db/staff/users.ts';
import { revokeSession, revokeStaffSessions } from '../../db/staff/sessions.ts';

/** Who is calling, with which role: lets a script check its token. */
export const whoAmIOp: Operation<{ kind: string; name: string; role: string }> = {
  name: 'account.whoami',
  permission: 'self',
  write: false,
  run: async (ctx) => {
    const p = ctx.principal;
    // 'self' is a staff permission: a member principal never gets here.
    if (p.kind === 'member') throw new ForbiddenError('self');
    return { kind: p.kind, name: p.kind === 'staff' ? p.email : p.name, role: p.role };
  },
};

function staffOnly(ctx: ActionContext) {
  if (ctx.principal.kind !== 'staff')
    throw new KeurmerkError('staff_only', 'Only a signed-in staff member has an account to manage.');
  return ctx.principal;
}

/** Changes one's own password (the current one is asked again); every other session ends. */
export const changeOwnPasswordOp: Operation<{ changed: true }, string> = {
  name: 'account.password_change',
  permission: 'self',
  write: true,
  // Both scrypt runs (the current password, the new one) happen before the transaction.
  async prepare(ctx, input) {
    const me = staffOnly(ctx);
    const user = await staffForLogin(ctx.deps.database.db, me.email);
    const current = typeof input['currentPassword'] === 'string' ? input['currentPassword'] : '';
    if (!user || !(await verifyPassword(current.slice(0, 256), user.password_hash)))
      throw new KeurmerkError('wrong_password', 'The current password is not right.', {
        field: 'currentPassword',
      });
    return newPasswordHash(input['newPassword'], me.email);
  },
  async run(ctx, _input, passwordHash) {
    const me = staffOnly(ctx);
    const db = ctx.deps.database.db;
    const now = ctx.deps.now();
    await updateStaff(db, me.id, { passwordHash, now });
    await revokeStaffSessions(db, me.id, now);
    // The session this change was made in goes too: the page signs in again with the new password.
    await revokeSession(db, me.sessionHash, now);
    return { changed: true };
  },
};

/** Ends every session of the caller, this one included. */
export const signOutEverywhereOp: Operation<{ sessionsEnded: number }> = {
  name: 'account.sign_out_everywhere',
  permission: 'self',
  write: true,
  async run(ctx) {
    const me = staffOnly(ctx);
    return { sessionsEnded: await revokeStaffSessions(ctx.deps.database.db, me.id, ctx.deps.now()) };
  },
};

/** Ends the caller's current session. */
export const signOutOp: Operation<{ signedOut: true }> = {
  name: 'auth.logout',
  permission: 'self',
  write: true,
  async run(ctx) {
    const me = staffOnly(ctx);
    await revokeSession(ctx.deps.database.db, me.sessionHash, ctx.deps.now());
    return { signedOut: true };
  },
};
