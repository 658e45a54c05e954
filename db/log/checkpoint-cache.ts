// The latest signed checkpoint in memory, with the right-edge tiles a proof against it needs, so
// a proof reads nothing when its full tiles are cached too. A new checkpoint is announced by
// NOTIFY log_checkpoint (the caller wires invalidate() to it); a view older than `maxAgeMs` is
// reloaded anyway, in case a notification was lost.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { HASH_BYTES, TILE_WIDTH } from './merkle.ts';
import { latestCheckpoint } from './checkpoints.ts';
import { readTiles } from './tile-store.ts';
import { TileEdge, hashesAtLevel, tileKey } from './tiles.ts';
import { tileNodes, type TileNodes } from './tile-nodes.ts';

export { CHECKPOINT_CHANNEL } from './store-checkpoint.ts';

export interface CheckpointView {
  readonly size: number;
  /** The signed note, as served at /log/checkpoint. */
  readonly note: string;
  /** The partial rightmost tiles of the tree at this size (cut to it), with their nodes. */
  readonly edge: ReadonlyMap<string, TileNodes>;
}

export interface CheckpointCache {
  /** The view loaded less than `maxAgeMs` ago, or undefined (stale, or no checkpoint yet: never cached). */
  fresh(): CheckpointView | undefined;
  /** The latest view, reloaded when stale. */
  latest(): Promise<CheckpointView | null>;
  /** Reloads now; concurrent callers share one reload. */
  reload(): Promise<CheckpointView | null>;
  /** Forgets the view: a newer checkpoint was announced. */
  invalidate(): void;
}

/** The view of the latest checkpoint as stored: its note and its edge tiles, cut to its size. */
export async function loadCheckpointView(db: Kysely<Database>): Promise<CheckpointView | null> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint) return null;
  const size = Number(checkpoint.tree_size);
  const coordinates = TileEdge.coordinates(size);
  // A stored edge tile may already be wider (the sequencer moved on): its first hashes are the same.
  const stored = await readTiles(db, coordinates);
  const edge = new Map<string, TileNodes>();
  for (const [level, index] of coordinates) {
    const key = tileKey(level, index);
    const width = hashesAtLevel(size, level) % TILE_WIDTH;
    const hashes = stored.get(key);
    if (!hashes || hashes.length < width * HASH_BYTES) throw new Error(`log tile ${key} is missing or short`);
    edge.set(key, tileNodes(hashes.slice(0, width * HASH_BYTES)));
  }
  return { size, note: checkpoint.note, edge };
}

/** A checkpoint cache over `db`; `now` is injected for tests. */
export function createCheckpointCache(
  db: Kysely<Database>,
  options: { maxAgeMs?: number; now?: () => number } = {},
): CheckpointCache {
  const maxAge = options.maxAgeMs ?? 1000;
  const now = options.now ?? (() => performance.now());
  let view: CheckpointView | null | undefined;
  let loadedAt = -Infinity;
  // Bumped by invalidate(): a reload that started before it may not store what it read.
  let generation = 0;
  let inflight: { generation: number; promise: Promise<CheckpointView | null> } | null = null;

  function reload(): Promise<CheckpointView | null> {
    if (inflight && inflight.generation === generation) return inflight.promise;
    const started = generation;
    const startedAt = now();
    const promise = loadCheckpointView(db).then((loaded) => {
      if (started === generation) {
        // Never step back to a smaller tree than one already shown.
        if (!(view && loaded && loaded.size < view.size)) view = loaded;
        loadedAt = startedAt;
      }
      return started === generation ? (view ?? null) : loaded;
    });
    const flight = { generation: started, promise };
    inflight = flight;
    const settle = () => {
      if (inflight === flight) inflight = null;
    };
    promise.then(settle, settle);
    return promise;
  }

  return {
    fresh: () => (view && now() - loadedAt < maxAge ? view : undefined),
    latest() {
      const current = this.fresh();
      return current ? Promise.resolve(current) : reload();
    },
    reload,
    invalidate() {
      generation++;
      loadedAt = -Infinity;
    },
  };
}
