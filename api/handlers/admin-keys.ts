import type { Operation } from '../admin/perform.ts';
import { rotateKey } from '../../badges/credentials/key-store.ts';
import { reason } from './admin-input.ts';
import { iso } from './public-json.ts';

export const listKeysOp: Operation<unknown[]> = {
  name: 'key.list',
  permission: 'admin.read',
  write: false,
  async run(ctx) {
    const rows = await ctx.deps.database.db
      .selectFrom('signing_key')
      .select(['kid', 'alg', 'created_at', 'retired_at'])
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map((k) => ({
      kid: k.kid,
      alg: k.alg,
      createdAt: iso(k.created_at),
      retiredAt: iso(k.retired_at),
    }));
  },
};

/**
 * Adds a new current signing key and retires the old one (which stays published while credentials
 * it signed are valid). This instance switches at once; the others on the NOTIFY.
 */
export const rotateKeyOp: Operation<{ kid: string; alg: string }> = {
  name: 'key.rotate',
  permission: 'keys.rotate',
  write: true,
  async run(ctx, input) {
    reason(input);
    const { config, database, keys, badges, statusLists } = ctx.deps;
    const key = await rotateKey(
      database.db,
      {
        publicUrl: config.publicUrl,
        alg: config.signingAlg,
        keyFile: config.signingKeyFile,
        dataDir: config.dataDir,
      },
      ctx.deps.now(),
    );
    // The key store reads the committed current key: only after the commit.
    ctx.afterCommit(async () => {
      await keys.reload();
      badges.clear();
      statusLists.invalidate();
    });
    return { kid: key.kid, alg: key.alg };
  },
  target: (_input, result) => result?.kid ?? null,
  detail: (input) => ({ reason: input['reason'] }),
};
