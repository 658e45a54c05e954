// This instance as a C2SP tlog-witness: add-checkpoint verifies a log's checkpoint against the
// policy's keys, then its consistency with the latest checkpoint cosigned for that origin, and
// cosigns. The stored size only moves under a per-origin lock in the request's transaction.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../schema/database.ts';
import { KeurmerkError } from '../../errors.ts';
import { inTransaction } from '../../platform/transaction.ts';
import { parseCheckpoint, type Checkpoint } from '../checkpoint.ts';
import { EMPTY_ROOT } from '../merkle.ts';
import { openNote } from '../note.ts';
import { hashesEqual, verifyConsistency } from '../proof-verify.ts';
import { signCosignature, type Cosigner } from './cosignature.ts';
import { logKeysFor, type LogPolicy } from './policy.ts';
import type { AddCheckpointRequest } from './request.ts';

const WITNESS_LOCK = 7_355_640;

export interface WitnessContext {
  /** The logs this instance witnesses are the policy's `log` lines. */
  readonly policy: LogPolicy;
  readonly cosigner: Cosigner;
  readonly now: () => Date;
}

/** A checkpoint this witness cosigned: the signature line(s) to answer with. */
export interface Cosigned {
  readonly checkpoint: Checkpoint;
  readonly lines: string;
}

const SIGNATURE_FAILURES = new Set(['no signature of a known key']);

/**
 * Checks the checkpoint's signature before anything else (so an unsigned request costs one
 * Ed25519 check and no database work), then the sizes and the consistency proof against the
 * stored state, under a lock; on success records the new state and returns the cosignature.
 * Throws `witness_unknown_log` (404), `witness_bad_signature` (403), `witness_bad_request`
 * (400), `witness_size_conflict` (409, details.size = the size held) or `witness_inconsistent` (422).
 */
export async function addCheckpoint(
  db: Kysely<Database>,
  context: WitnessContext,
  request: AddCheckpointRequest,
): Promise<Cosigned> {
  const origin = request.note.slice(0, Math.max(0, request.note.indexOf('\n')));
  const keys = logKeysFor(context.policy, origin);
  if (keys.length === 0)
    throw new KeurmerkError('witness_unknown_log', `This witness does not witness "${origin}".`);
  const opened = openNote(request.note, keys);
  if (!opened.ok) {
    const signature = SIGNATURE_FAILURES.has(opened.reason) || opened.reason.startsWith('signature of ');
    throw new KeurmerkError(
      signature ? 'witness_bad_signature' : 'witness_bad_request',
      `Checkpoint refused: ${opened.reason}.`,
    );
  }
  const checkpoint = parseCheckpoint(opened.text);
  if (!checkpoint) throw new KeurmerkError('witness_bad_request', 'The signed note is not a checkpoint.');
  const { size, root } = checkpoint;
  if (request.oldSize > size)
    throw new KeurmerkError(
      'witness_bad_request',
      `The old size ${request.oldSize} exceeds the checkpoint size ${size}.`,
    );
  if (size === 0 && !hashesEqual(root, EMPTY_ROOT))
    throw new KeurmerkError('witness_inconsistent', 'A checkpoint of size 0 must have the empty tree root.');
  if (request.oldSize === 0 && request.proof.length > 0)
    throw new KeurmerkError('witness_inconsistent', 'From size 0 the consistency proof must be empty.');
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${WITNESS_LOCK}, hashtext(${origin}))`.execute(trx);
    const held = await trx
      .selectFrom('witness_state')
      .select(['tree_size', 'root_hash'])
      .where('origin', '=', origin)
      .executeTakeFirst();
    const heldSize = held?.tree_size ?? 0;
    if (request.oldSize !== heldSize)
      throw new KeurmerkError(
        'witness_size_conflict',
        `This witness last cosigned size ${heldSize} of "${origin}".`,
        { size: heldSize },
      );
    if (heldSize > 0 && !verifyConsistency(heldSize, size, held!.root_hash, root, request.proof))
      throw new KeurmerkError(
        'witness_inconsistent',
        heldSize === size
          ? `Size ${size} was cosigned with a different root.`
          : `The consistency proof from size ${heldSize} to ${size} does not verify.`,
      );
    const lines = signCosignature(opened.text, context.cosigner, Math.floor(context.now().getTime() / 1000));
    const row = { tree_size: size, root_hash: root, note: request.note + lines, updated_at: context.now() };
    await trx
      .insertInto('witness_state')
      .values({ origin, ...row })
      .onConflict((oc) => oc.column('origin').doUpdateSet(row))
      .execute();
    return { checkpoint, lines };
  });
}

/** The latest checkpoint this witness cosigned for `origin`, with its cosignature, if any. */
export async function witnessedCheckpoint(db: Kysely<Database>, origin: string): Promise<string | null> {
  const row = await db
    .selectFrom('witness_state')
    .select('note')
    .where('origin', '=', origin)
    .executeTakeFirst();
  return row?.note ?? null;
}
