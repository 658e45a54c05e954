// `log verify`, the tree half: recomputes every leaf hash, tile and checkpoint root from the
// stored entries alone, in one pass, and checks each checkpoint's signature with the key that
// made it. Any stored entry, hash, tile or checkpoint that differs is named.
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { leafHash, treeRoot, EMPTY_ROOT } from './merkle.ts';
import { openNote } from './note.ts';
import { hashesEqual } from './proof-verify.ts';
import { logVerifiers } from './log-key.ts';
import { readTiles, sequencedSize } from './tile-store.ts';
import { TileEdge, subtreeReader, tileKey, type HashTile } from './tiles.ts';

export interface TreeVerdict {
  readonly ok: boolean;
  readonly entries: number;
  readonly tiles: number;
  readonly checkpoints: number;
  /** What differs, first ones first (at most 50). */
  readonly problems: string[];
}

const CHUNK = 8192;
const MAX_PROBLEMS = 50;

/** Walks the whole log; `onProgress(entriesDone, total)` after each chunk. */
export async function verifyLogTree(
  db: Kysely<Database>,
  onProgress?: (done: number, total: number) => void,
): Promise<TreeVerdict> {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(text);
  };
  const size = await sequencedSize(db);
  const checkpoints = await db.selectFrom('log_checkpoint').selectAll().orderBy('tree_size').execute();
  const keys = new Map((await logVerifiers(db)).map((k) => [k.rowId, k]));
  let tilesChecked = 0;
  let pendingFull: HashTile[] = [];

  const compareTiles = async (tiles: HashTile[]) => {
    const stored = await readTiles(
      db,
      tiles.map((t) => [t.level, t.index] as const),
    );
    for (const t of tiles) {
      tilesChecked++;
      const got = stored.get(tileKey(t.level, t.index));
      if (!got) problem(`tile ${t.level}/${t.index}: missing`);
      else if (!hashesEqual(got, t.hashes))
        problem(`tile ${t.level}/${t.index}: stored hashes differ from the entries`);
    }
  };

  const checkCheckpoint = (row: (typeof checkpoints)[number], root: Uint8Array) => {
    const where = `checkpoint ${row.tree_size}`;
    if (!hashesEqual(row.root_hash, root)) problem(`${where}: stored root differs from the entries`);
    const key = keys.get(row.key_id);
    if (!key) return problem(`${where}: signed by unknown key ${row.key_id}`);
    const opened = openNote(row.note, [key]);
    if (!opened.ok) return problem(`${where}: ${opened.reason}`);
    const body = parseCheckpoint(opened.text);
    if (!body || body.size !== row.tree_size || !hashesEqual(body.root, root) || body.origin !== key.name)
      problem(`${where}: the signed note does not state this size and root`);
  };

  const edge = new TileEdge(0, [], (tile) => pendingFull.push(tile));
  let next = 0;
  while (next < checkpoints.length && checkpoints[next]!.tree_size === 0)
    checkCheckpoint(checkpoints[next++]!, EMPTY_ROOT);
  for (let start = 0; start < size; start += CHUNK) {
    const rows = await db
      .selectFrom('log_entry')
      .select(['index', 'entry', 'leaf_hash'])
      .where('index', '>=', start)
      .where('index', '<', start + CHUNK)
      .orderBy('index')
      .execute();
    for (const row of rows) {
      if (row.index !== edge.size) {
        problem(`entries: index ${edge.size} is missing (next stored is ${row.index})`);
        return { ok: false, entries: edge.size, tiles: tilesChecked, checkpoints: next, problems };
      }
      const hash = leafHash(row.entry);
      if (!hashesEqual(hash, row.leaf_hash))
        problem(`entry ${row.index}: stored leaf hash differs from the entry`);
      edge.append(hash);
      while (next < checkpoints.length && checkpoints[next]!.tree_size === edge.size)
        checkCheckpoint(checkpoints[next++]!, treeRoot(edge.size, subtreeReader(edge.edgeTiles())));
    }
    if (rows.length < Math.min(CHUNK, size - start)) {
      problem(`entries: index ${edge.size} is missing`);
      break;
    }
    edge.takeChanged();
    await compareTiles(pendingFull);
    pendingFull = [];
    onProgress?.(edge.size, size);
  }
  const edgeTiles = [...edge.edgeTiles()].map(([key, hashes]) => {
    const [level, index] = key.split('/').map(Number) as [number, number];
    return { level, index, hashes };
  });
  await compareTiles(edgeTiles);
  for (const row of checkpoints.slice(next))
    problem(`checkpoint ${row.tree_size}: covers entries that are not in the log`);
  return {
    ok: problems.length === 0,
    entries: edge.size,
    tiles: tilesChecked,
    checkpoints: checkpoints.length,
    problems,
  };
}
