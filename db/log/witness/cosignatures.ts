// The cosignatures witnesses returned for this registry's checkpoints: stored per witness key
// and size, counted towards the policy's quorum, and appended to the served checkpoint.
import type { Kysely } from 'kysely';
import type { Database } from '../../schema/database.ts';
import type { LogCheckpoint } from '../../schema/log-checkpoint.table.ts';
import type { VerifiedCosignature } from './cosignature.ts';

/** Records a verified cosignature of the checkpoint (size, root); a repeat is kept once. */
export async function storeCosignature(
  db: Kysely<Database>,
  witnessVkey: string,
  checkpoint: { size: number; root: Uint8Array },
  cosignature: VerifiedCosignature,
): Promise<void> {
  await db
    .insertInto('log_cosignature')
    .values({
      witness_vkey: witnessVkey,
      tree_size: checkpoint.size,
      root_hash: checkpoint.root,
      line: cosignature.line,
      cosigned_at: new Date(cosignature.timestamp * 1000),
    })
    .onConflict((oc) => oc.columns(['witness_vkey', 'tree_size']).doNothing())
    .execute();
}

/** The largest size each witness (by vkey) cosigned, as this registry recorded it. */
export async function cosignedSizes(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('log_cosignature')
    .select(['witness_vkey', (eb) => eb.fn.max('tree_size').as('size')])
    .groupBy('witness_vkey')
    .execute();
  return new Map(rows.map((r) => [r.witness_vkey, Number(r.size)]));
}

/** The stored cosignatures of one checkpoint (matched on size and root), by witness vkey. */
export async function cosignaturesOf(
  db: Kysely<Database>,
  checkpoint: Pick<LogCheckpoint, 'tree_size' | 'root_hash'>,
): Promise<{ witness_vkey: string; line: string }[]> {
  const rows = await db
    .selectFrom('log_cosignature')
    .select(['witness_vkey', 'line', 'root_hash'])
    .where('tree_size', '=', checkpoint.tree_size)
    .orderBy('witness_vkey')
    .execute();
  // A cosignature of another root of this size (a fork) is never served with this checkpoint.
  return rows.filter((r) => Buffer.from(r.root_hash).equals(checkpoint.root_hash));
}

/**
 * The checkpoint note with its stored cosignatures appended as extra signature lines. Size and
 * root are read from the note's own body (C2SP tlog-checkpoint: origin, size, base64 root), so
 * the in-memory checkpoint of the proof cache serves as well as a stored row.
 */
export async function cosignedNote(
  db: Kysely<Database>,
  checkpoint: Pick<LogCheckpoint, 'note'>,
): Promise<string> {
  const [, size, root] = checkpoint.note.split('\n');
  if (!size || !root || !/^\d+$/.test(size)) return checkpoint.note;
  const rows = await cosignaturesOf(db, { tree_size: Number(size), root_hash: Buffer.from(root, 'base64') });
  return checkpoint.note + rows.map((r) => r.line).join('');
}
