import type { Operation } from '../admin/perform.ts';
import { verifyLogAgainstChain, type ChainAgreement } from '../../db/log/chain-agreement.ts';

/**
 * `log verify`, chain half: the log and the hash-chained event table tell the same story. The
 * tree half (tiles, checkpoints) joins this answer as `tree` when it lands.
 */
export const verifyLogOp: Operation<{ ok: boolean; chain: ChainAgreement }> = {
  name: 'log.verify',
  permission: 'audit.read',
  write: false,
  async run(ctx) {
    const chain = await verifyLogAgainstChain(ctx.deps.database.db);
    return { ok: chain.ok, chain };
  },
};
