import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Notifier } from '../../db/platform/notifications.ts';
import { CHECKPOINT_CHANNEL, createCheckpointCache } from '../../db/log/checkpoint-cache.ts';
import { createFullTileCache } from '../../db/log/full-tile-cache.ts';
import { createLogProver } from '../../db/log/prover.ts';
import type { Sequencer } from '../../db/log/sequencer-loop.ts';
import { createTileCache } from '../http/tile-cache.ts';
import type { TransparencyLog } from './deps.ts';

/**
 * The log's in-memory state of one process: served tiles, the latest checkpoint and proof tiles.
 * `sizes` of 0 keep nothing (command-line tools).
 */
export function transparencyLogState(
  db: Kysely<Database>,
  sequencer: Sequencer | null,
  sizes: { servedTileBytes?: number; proofTileBytes?: number } = {},
): TransparencyLog {
  const checkpoints = createCheckpointCache(db);
  return {
    tiles: createTileCache(sizes.servedTileBytes),
    sequencer,
    checkpoints,
    prover: createLogProver(db, checkpoints, createFullTileCache(sizes.proofTileBytes)),
  };
}

/** A checkpoint committed by any instance (or notifications lost meanwhile) makes the cached one stale. */
export async function followCheckpoints(notifier: Notifier, log: TransparencyLog): Promise<void> {
  const stale = () => log.checkpoints.invalidate();
  await notifier.listen(CHECKPOINT_CHANNEL, stale, stale);
}
