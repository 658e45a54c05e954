import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { proveEntry } from './proofs.ts';
import { latestCheckpoint } from './checkpoints.ts';
import { verifyTlogProof } from './tlog-proof.ts';
import { logVerifiers } from './log-key.ts';
import { logOrigin } from './checkpoint.ts';
import { KeurmerkError } from '../errors.ts';
import type { LogProver } from './prover.ts';
import { PRIVATE_EVENT_KINDS } from '../vocabulary.ts';

/** Where a certification's latest change stands in the transparency log. */
export type Inclusion =
  /** No public change yet (an application): nothing to find. */
  | { state: 'none' }
  /** Written with the change, not yet numbered or not yet under a signed checkpoint. */
  | { state: 'pending'; index: number | null }
  /** Entry `index` is in the signed checkpoint of `size`, and its proof verified against it. */
  | { state: 'included'; index: number; size: number; proof: string; entry: string }
  /** The registry holds a public change of it but no entry, or a proof that does not verify. */
  | { state: 'missing' | 'proof_failed'; index: number | null; reason: string };

/**
 * The certification's latest entry in the log, proved: the inclusion proof is built from the
 * stored tiles and checked against the signed checkpoint with the log's own keys before it is
 * reported, so a broken tree is reported as such and never as "included".
 */
export async function certificationInclusion(
  db: Kysely<Database>,
  publicId: string,
  publicUrl: string,
  /** The server's in-memory prover: the same proof without reading the checkpoint and tiles. */
  prover?: LogProver,
): Promise<Inclusion> {
  const waiting = await db
    .selectFrom('log_pending')
    .select('id')
    .where('subject', '=', publicId)
    .limit(1)
    .executeTakeFirst();
  if (waiting) return { state: 'pending', index: null };
  const latest = await db
    .selectFrom('log_entry')
    .select(['index', 'entry'])
    .where('subject', '=', publicId)
    .orderBy('index', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) {
    const events = await db
      .selectFrom('certification_event as e')
      .innerJoin('certification as c', 'c.id', 'e.certification_id')
      .select('e.id')
      .where('c.public_id', '=', publicId)
      .where('e.kind', 'not in', PRIVATE_EVENT_KINDS)
      .limit(1)
      .executeTakeFirst();
    return events
      ? { state: 'missing', index: null, reason: 'The registry holds public changes of it but no log entry.' }
      : { state: 'none' };
  }
  const index = Number(latest.index);
  let proof: Awaited<ReturnType<typeof proveEntry>>;
  if (prover) {
    try {
      proof = await prover.prove(index);
    } catch (error) {
      // Numbered but not yet under a signed checkpoint (the prover rereads it before saying so).
      if (
        error instanceof KeurmerkError &&
        (error.code === 'log_entry_not_found' || error.code === 'log_not_ready')
      )
        return { state: 'pending', index };
      throw error;
    }
  } else {
    const checkpoint = await latestCheckpoint(db);
    if (!checkpoint || index >= checkpoint.tree_size) return { state: 'pending', index };
    proof = await proveEntry(db, index);
  }
  const check = verifyTlogProof(proof.text, latest.entry, {
    origin: logOrigin(publicUrl),
    keys: await logVerifiers(db),
  });
  return check.ok
    ? {
        state: 'included',
        index,
        size: check.size,
        proof: proof.text,
        entry: Buffer.from(latest.entry).toString('utf8'),
      }
    : { state: 'proof_failed', index, reason: check.reason };
}
