import type { ActionContext, Input, Operation } from '../admin/perform.ts';
import { ROLES, type Role } from '../admin/policy.ts';
import { actorName } from '../admin/principal.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import {
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  roleWithin,
  type ApiTokenSummary,
} from '../../db/staff/api-tokens.ts';
import { staffForLogin } from '../../db/staff/users.ts';
import { KeurmerkError, ValidationError } from '../../db/errors.ts';
import { oneOf, optionalDate, optionalText, positiveInt, targetText, text } from './admin-input.ts';
import { iso } from './public-json.ts';

export function tokenJson(t: ApiTokenSummary) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    grantedRole: t.granted_role,
    owner: t.owner_email,
    createdBy: t.created_by,
    createdAt: iso(t.created_at),
    expiresAt: iso(t.expires_at),
    lastUsedAt: iso(t.last_used_at),
    revokedAt: iso(t.revoked_at),
  };
}

export const listTokensOp: Operation<ReturnType<typeof tokenJson>[]> = {
  name: 'token.list',
  permission: 'tokens.manage',
  write: false,
  run: async (ctx) => (await listApiTokens(ctx.deps.database.db)).map(tokenJson),
};

/**
 * The staff member a new token belongs to: the signed-in maker; for a token made with a token,
 * that token's owner; on the command line (no staff member) the one named by `owner`.
 */
async function tokenOwner(ctx: ActionContext, input: Input): Promise<{ id: number; role: Role }> {
  const p = ctx.principal;
  const named = optionalText(input, 'owner', 320);
  if (named !== null && p.kind !== 'cli')
    throw new ValidationError(
      'owner',
      'A token belongs to whoever makes it; only the command line names an owner.',
    );
  if (p.kind === 'staff') return { id: p.id, role: p.role };
  if (p.kind === 'token') {
    if (p.ownerId === null)
      throw new KeurmerkError(
        'token_owner_required',
        'This token has no owner, so it cannot make tokens; make them as a staff member.',
      );
    return { id: p.ownerId, role: p.role };
  }
  if (named === null)
    throw new ValidationError('owner', 'Name the staff member the token belongs to (--owner EMAIL).');
  const staff = await staffForLogin(ctx.deps.database.db, named.toLowerCase());
  if (!staff || staff.disabled_at)
    throw new ValidationError('owner', 'The owner must be an enabled staff member.');
  return { id: staff.id, role: staff.role };
}

/** Creates a token and returns it once, in `token`; only its SHA-256 is stored. */
export const createTokenOp: Operation<ReturnType<typeof tokenJson> & { token: string }> = {
  name: 'token.create',
  permission: 'tokens.manage',
  write: true,
  async run(ctx, input) {
    const name = text(input, 'name', 60);
    if (!/^[\w .@-]+$/.test(name))
      throw new ValidationError('name', 'A token name uses letters, digits, spaces and . _ @ - only.');
    const role = oneOf(input, 'role', ROLES);
    const now = ctx.deps.now();
    const expiresAt = optionalDate(input, 'expiresAt');
    if (expiresAt && expiresAt <= now)
      throw new ValidationError('expiresAt', 'expiresAt must be in the future.');
    const owner = await tokenOwner(ctx, input);
    if (!roleWithin(role, owner.role))
      throw new ValidationError('role', `A token cannot have more rights than its owner (${owner.role}).`);
    const token = newSecret('kmt');
    const row = await insertApiToken(ctx.deps.database.db, {
      name,
      role,
      tokenHash: secretHash(token),
      createdBy: actorName(ctx.principal),
      ownerId: owner.id,
      expiresAt,
      now,
    });
    return { ...tokenJson(row), token };
  },
  target: (input, result) => (result ? `token:${result.id}` : targetText(input['name'])),
  detail: (input, result) => ({
    name: input['name'],
    role: input['role'],
    owner: result?.owner ?? null,
    expiresAt: result?.expiresAt ?? null,
  }),
};

export const revokeTokenOp: Operation<ReturnType<typeof tokenJson>> = {
  name: 'token.revoke',
  permission: 'tokens.manage',
  write: true,
  run: async (ctx, input) =>
    tokenJson(await revokeApiToken(ctx.deps.database.db, positiveInt(input, 'id'), ctx.deps.now())),
  target: (input) => `token:${String(input['id'])}`,
};
