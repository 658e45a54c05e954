// Following the log from the last verified checkpoint to the latest one: the RFC 9162
// consistency proof computed from the tiles (never taken from the registry's proof endpoint),
// then every new entry fetched from the entry bundles, hashed and appended to a compact range
// whose root must equal the signed root. Any entry changed behind the log's back breaks that
// equality, and the tiles then say which one.
import { consistencyRanges, leafHash, rangeHash, subtreesOf, TILE_WIDTH } from '../../db/log/merkle.ts';
import { hashesEqual, verifyConsistency } from '../../db/log/proof-verify.ts';
import { hashOf } from '../../db/log/tiles.ts';
import { CompactRange } from './compact-range.ts';
import { Disagreement } from './disagreement.ts';
import type { SignedCheckpoint } from './checkpoint-check.ts';
import type { RegistryClient } from './registry-client.ts';
import { fetchBundle, fetchHashTile, fetchSubtrees } from './tile-source.ts';
import { readEntry, type Standing } from './standing.ts';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
/** Entry bundles fetched at once: enough to hide round trips, few enough to stay polite. */
const CONCURRENCY = 8;

export interface Previous {
  readonly note: string;
  readonly size: number;
  readonly root: Uint8Array;
}

export interface FollowOptions {
  /** Called with each certification entry, in log order. */
  onStanding(publicId: string, standing: Standing): void;
  onProgress?(done: number, total: number): void;
}

/** Checks that `latest` extends `previous` and returns the compact range of [0, previous.size). */
async function extend(
  client: RegistryClient,
  previous: Previous | null,
  latest: SignedCheckpoint,
): Promise<CompactRange> {
  const m = previous?.size ?? 0;
  const n = latest.checkpoint.size;
  const evidence = { saved: previous?.note, latest: latest.note };
  if (previous === null || m === 0) return new CompactRange(0, []);
  if (n < m)
    throw new Disagreement(
      'rollback',
      `The registry's checkpoint has size ${n}, smaller than the size ${m} it signed before.`,
      evidence,
    );
  if (n === m && !hashesEqual(previous.root, latest.checkpoint.root))
    throw new Disagreement(
      'split_view',
      `Split view: the registry signed two different roots for size ${n} (saved ${b64(previous.root)}, now ${b64(latest.checkpoint.root)}).`,
      evidence,
    );
  const ranges = n === m ? [] : consistencyRanges(m, n);
  const prefix = subtreesOf(0, m);
  const reader = await fetchSubtrees(client, n, [...ranges.flatMap(([s, e]) => subtreesOf(s, e)), ...prefix]);
  const proof = ranges.map((range) => rangeHash(range, reader));
  if (n > m && !verifyConsistency(m, n, previous.root, latest.checkpoint.root, proof))
    throw new Disagreement(
      'split_view',
      `Split view: the checkpoint of size ${n} is not consistent with the checkpoint of size ${m} saved earlier (RFC 9162 consistency proof from the tiles fails).`,
      evidence,
    );
  const range = new CompactRange(
    m,
    prefix.map(([h, i]) => reader(h, i).slice()),
  );
  if (!hashesEqual(range.root(), previous.root))
    throw new Disagreement(
      'split_view',
      `Split view: the log's tiles do not lead to the saved root of size ${m}.`,
      evidence,
    );
  return range;
}

/** Bundles [first, last], fetched CONCURRENCY at a time and handed over in order. */
async function* bundles(client: RegistryClient, size: number, first: number, last: number) {
  const inFlight: Array<Promise<Uint8Array[]>> = [];
  let next = first;
  const fill = () => {
    while (next <= last && inFlight.length < CONCURRENCY) inFlight.push(fetchBundle(client, size, next++));
  };
  fill();
  for (let b = first; b <= last; b++) {
    const entries = await inFlight.shift()!;
    fill();
    yield [b, entries] as const;
  }
}

/** Names the first new entry whose leaf hash differs from the log's level-0 tiles. */
async function findTampered(
  client: RegistryClient,
  latest: SignedCheckpoint,
  m: number,
): Promise<Disagreement> {
  const n = latest.checkpoint.size;
  for (let b = Math.floor(m / TILE_WIDTH); b * TILE_WIDTH < n; b++) {
    const [entries, tile] = await Promise.all([fetchBundle(client, n, b), fetchHashTile(client, n, 0, b)]);
    for (let i = 0; i < entries.length; i++) {
      const index = b * TILE_WIDTH + i;
      if (index < m) continue;
      const ours = leafHash(entries[i]!);
      if (!hashesEqual(ours, hashOf(tile, i)))
        return new Disagreement(
          'tampered_entry',
          `Entry ${index} does not fit the tree: its leaf hash is ${b64(ours)}, the signed tree holds ${b64(hashOf(tile, i))}.`,
          { index, entry: Buffer.from(entries[i]!).toString('utf8').slice(0, 2000), checkpoint: latest.note },
        );
    }
  }
  return new Disagreement(
    'tree_mismatch',
    `The entries ${m}–${n - 1} and the earlier tree do not produce the signed root of size ${n}.`,
    { checkpoint: latest.note },
  );
}

/** Follows the log to `latest`; returns how many new entries were read. */
export async function follow(
  client: RegistryClient,
  previous: Previous | null,
  latest: SignedCheckpoint,
  options: FollowOptions,
): Promise<number> {
  const range = await extend(client, previous, latest);
  const m = range.size;
  const n = latest.checkpoint.size;
  let malformed: Disagreement | null = null;
  if (n > m) {
    for await (const [b, entries] of bundles(
      client,
      n,
      Math.floor(m / TILE_WIDTH),
      Math.floor((n - 1) / TILE_WIDTH),
    )) {
      for (let i = 0; i < entries.length; i++) {
        const index = b * TILE_WIDTH + i;
        if (index < m) continue;
        range.append(leafHash(entries[i]!));
        const reading = readEntry(entries[i]!, index);
        if (reading.kind === 'certification') options.onStanding(reading.publicId, reading.standing);
        else if (reading.kind === 'malformed' && !malformed)
          malformed = new Disagreement('malformed_entry', `Entry ${index} ${reading.reason}.`, { index });
      }
      options.onProgress?.(Math.min(n, (b + 1) * TILE_WIDTH) - m, n - m);
    }
  }
  if (!hashesEqual(range.root(), latest.checkpoint.root)) throw await findTampered(client, latest, m);
  if (malformed) throw malformed;
  return n - m;
}
