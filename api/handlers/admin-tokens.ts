import type { Operation } from '../admin/perform.ts';
import { ROLES } from '../admin/policy.ts';
import { actorName } from '../admin/principal.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import {
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  type ApiTokenSummary,
} from '../../db/staff/api-tokens.ts';
import { ValidationError } from '../../db/errors.ts';
import { oneOf, optionalDate, positiveInt, targetText, text } from './admin-input.ts';
import { iso } from './public-json.ts';

export function tokenJson(t: ApiTokenSummary) {
  return {
    id: t.id,
    name: t.name,
    role: t.role,
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
    const token = newSecret('kmt');
    const row = await insertApiToken(ctx.deps.database.db, {
      name,
      role,
      tokenHash: secretHash(token),
      createdBy: actorName(ctx.principal),
      expiresAt,
      now,
    });
    return { ...tokenJson(row), token };
  },
  target: (input, result) => (result ? `token:${result.id}` : targetText(input['name'])),
  detail: (input, result) => ({
    name: input['name'],
    role: input['role'],
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
