import { createHash } from 'node:crypto';
import type { Deps } from '../app/deps.ts';
import { readBody } from '../http/body.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { problemResponse } from '../http/problem.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { MAX_ADD_CHECKPOINT_BYTES, parseAddCheckpoint } from '../../db/log/witness/request.ts';
import { addCheckpoint, witnessedCheckpoint } from '../../db/log/witness/witness.ts';

const text = (body: string, status = 200, type = 'text/plain; charset=utf-8') =>
  new Response(body, {
    status,
    headers: {
      'content-type': type,
      'cache-control': cacheControl('no-store'),
      'x-content-type-options': 'nosniff',
    },
  });

/**
 * `POST /log/witness/add-checkpoint` (C2SP tlog-witness). Anonymous by design: the log's
 * signature on the checkpoint is the only authentication, and it is checked before any proof or
 * database work. It writes this witness's state, never this registry's own log.
 */
export async function addCheckpointHandler(request: Request, deps: Deps): Promise<Response> {
  const witness = deps.transparencyLog.witness;
  const body = await readBody(request, MAX_ADD_CHECKPOINT_BYTES);
  if (!witness)
    return problemResponse('witness_unknown_log', 'This registry witnesses no logs (no LOG_POLICY_FILE).');
  try {
    const cosigned = await addCheckpoint(deps.database.db, witness.context, parseAddCheckpoint(body));
    return text(cosigned.lines);
  } catch (error) {
    if (!(error instanceof KeurmerkError)) throw error;
    if (error.code === 'witness_size_conflict')
      return text(`${String(error.details['size'])}\n`, 409, 'text/x.tlog.size');
    // Possible evidence of a misbehaving log: kept in our log, never cosigned.
    if (error.code === 'witness_inconsistent')
      deps.log.warn('witness refused an inconsistent checkpoint', { detail: error.message });
    throw error;
  }
}

/** `GET /log/witness/key`: this witness's cosigner vkey (cosignature/v1, type 0x04). */
export async function witnessKeyHandler(_request: Request, deps: Deps): Promise<Response> {
  const witness = deps.transparencyLog.witness;
  if (!witness)
    return problemResponse('witness_unknown_log', 'This registry witnesses no logs (no LOG_POLICY_FILE).');
  return text(`${witness.vkey}\n`);
}

/** `GET /log/witness/<sha256(origin) hex>/checkpoint`: the latest checkpoint cosigned for that log. */
export async function witnessedCheckpointHandler(
  _request: Request,
  deps: Deps,
  params: Record<string, string>,
): Promise<Response> {
  const witness = deps.transparencyLog.witness;
  const hash = params['origin'] ?? '';
  const log = witness?.context.policy.logs.find(
    (l) => createHash('sha256').update(l.origin).digest('hex') === hash,
  );
  const note = log ? await witnessedCheckpoint(deps.database.db, log.origin) : null;
  if (!note)
    return problemResponse('witness_unknown_log', 'This witness has cosigned no checkpoint of that log.');
  return text(note);
}
