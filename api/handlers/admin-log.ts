import type { Operation } from '../admin/perform.ts';
import { verifyLogTree, type TreeVerdict } from '../../db/log/verify-tree.ts';
import { logOrigin } from '../../db/log/checkpoint.ts';
import { rotateLogKey } from '../../db/log/log-key.ts';
import { describeDisagreement, verifyLogAgainstChain } from '../../db/log/chain-agreement.ts';

/**
 * One check of `log verify`. The tree check is here; a check that the log and the hash-chained
 * event table tell the same story is added to LOG_CHECKS beside it.
 */
export interface LogCheck {
  readonly name: string;
  run(
    db: Parameters<typeof verifyLogTree>[0],
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ ok: boolean; summary: string; problems: string[] }>;
}

export const treeCheck: LogCheck = {
  name: 'tree',
  async run(db, onProgress) {
    const v: TreeVerdict = await verifyLogTree(db, onProgress);
    return {
      ok: v.ok,
      summary: `${v.entries} entries, ${v.tiles} tiles and ${v.checkpoints} checkpoints ${v.ok ? 'recomputed and verified' : 'checked: TAMPERED'}`,
      problems: v.problems,
    };
  },
};

/** The log and the hash-chained event table tell the same story: every public event, in order. */
export const chainCheck: LogCheck = {
  name: 'chain',
  async run(db) {
    const c = await verifyLogAgainstChain(db);
    return c.ok
      ? {
          ok: true,
          summary: `agrees with the event chain: ${c.events} events, ${c.expiries} expiries, ${c.entries} entries`,
          problems: [],
        }
      : {
          ok: false,
          summary: `DISAGREES with the event chain after ${c.events} events`,
          problems: [describeDisagreement(c.first)],
        };
  },
};

/** Every check `log verify` runs, in order. */
export const LOG_CHECKS: LogCheck[] = [treeCheck, chainCheck];

export type LogVerdict = {
  ok: boolean;
  checks: Array<{ name: string; ok: boolean; summary: string; problems: string[] }>;
};

export function logVerifyOp(onProgress?: (done: number, total: number) => void): Operation<LogVerdict> {
  return {
    name: 'log.verify',
    permission: 'audit.read',
    write: false,
    async run(ctx) {
      const checks = [];
      for (const check of LOG_CHECKS)
        checks.push({ name: check.name, ...(await check.run(ctx.deps.database.db, onProgress)) });
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}

export const rotateLogKeyOp: Operation<{ vkey: string }> = {
  name: 'log.rotate-key',
  permission: 'keys.rotate',
  write: true,
  async run(ctx) {
    const config = ctx.deps.config;
    const vkey = await rotateLogKey(ctx.deps.database.db, {
      origin: logOrigin(config.publicUrl),
      keyFile: config.logKeyFile,
      dataDir: config.dataDir,
    });
    return { vkey };
  },
  detail: (_input, result) => (result ? { vkey: result.vkey } : {}),
};
