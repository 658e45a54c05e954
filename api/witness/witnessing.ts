// Asks this registry's witnesses (the policy's `witness` lines with a URL) to cosign each new
// checkpoint, in the background: per witness the size it last cosigned is remembered (from the
// stored cosignatures, corrected by a 409's answer, retried once), failures back off
// exponentially, and every verified cosignature is stored for /log/checkpoint.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { LogCheckpoint } from '../../db/schema/log-checkpoint.table.ts';
import type { Logger } from '../app/log.ts';
import { latestCheckpoint } from '../../db/log/checkpoints.ts';
import { consistencyProof } from '../../db/log/proofs.ts';
import { cosignedSizes, storeCosignature } from '../../db/log/witness/cosignatures.ts';
import { quorumReached, type LogPolicy, type PolicyWitness } from '../../db/log/witness/policy.ts';
import { submitCheckpoint } from './submit.ts';

export interface WitnessProgress {
  readonly name: string;
  /** The largest size this witness is known to have cosigned (0 before any). */
  cosignedSize: number;
  failures: number;
  lastError: string | null;
}

export interface Witnessing {
  /** Per policy witness asked (those with a URL), in policy order. */
  readonly progress: readonly WitnessProgress[];
  /** The latest checkpoint size seen, and whether its cosignatures meet the policy's quorum. */
  readonly latest: { size: number; quorum: boolean } | null;
  /** Checks for a new checkpoint now. */
  kick(): void;
  /** Resolves when no round is running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

interface State extends WitnessProgress {
  readonly witness: PolicyWitness;
  retryAt: number;
  /** `size:root` of the checkpoint this witness cosigned last, to skip it until the next one. */
  done: string | null;
}

const MAX_BACKOFF_MS = 60_000;
const key = (c: LogCheckpoint) => `${c.tree_size}:${Buffer.from(c.root_hash).toString('base64')}`;

export async function startWitnessing(options: {
  db: Kysely<Database>;
  policy: LogPolicy;
  /** This instance's own cosigner public key: it never asks itself. */
  ownWitnessKey: Uint8Array | null;
  timeoutMs: number;
  log: Logger;
  pollMs?: number;
}): Promise<Witnessing> {
  const { db, policy, log } = options;
  const own = options.ownWitnessKey ? Buffer.from(options.ownWitnessKey) : null;
  const sizes = await cosignedSizes(db);
  const states: State[] = policy.witnesses
    .filter((w) => w.url !== null && !(own && own.equals(w.key.publicKey)))
    .map((witness) => ({
      witness,
      name: witness.name,
      cosignedSize: sizes.get(witness.vkey) ?? 0,
      failures: 0,
      lastError: null,
      retryAt: 0,
      done: null,
    }));
  let latest: { size: number; quorum: boolean } | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  async function ask(state: State, checkpoint: LogCheckpoint): Promise<void> {
    let old = state.cosignedSize;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (old > checkpoint.tree_size)
        throw new Error(`the witness holds size ${old}, beyond our log's ${checkpoint.tree_size}`);
      const proof =
        old === 0 || old === checkpoint.tree_size
          ? []
          : await consistencyProof(db, old, checkpoint.tree_size);
      const result = await submitCheckpoint({
        prefix: state.witness.url!,
        key: state.witness.key,
        oldSize: old,
        proof,
        note: checkpoint.note,
        timeoutMs: options.timeoutMs,
      });
      if (result.kind === 'cosigned') {
        await storeCosignature(
          db,
          state.witness.vkey,
          { size: checkpoint.tree_size, root: checkpoint.root_hash },
          result.cosignature,
        );
        state.cosignedSize = checkpoint.tree_size;
        state.done = key(checkpoint);
        return;
      }
      if (result.kind === 'failed') throw new Error(result.detail);
      // 409: the witness holds another size (a restart, another instance asked): once from there.
      old = result.size;
      state.cosignedSize = result.size;
    }
    throw new Error(`the witness still answers 409 (holds size ${old})`);
  }

  async function round(): Promise<void> {
    const checkpoint = await latestCheckpoint(db);
    if (!checkpoint) return;
    const now = Date.now();
    await Promise.all(
      states
        .filter((s) => s.done !== key(checkpoint) && s.retryAt <= now)
        .map(async (state) => {
          try {
            await ask(state, checkpoint);
            if (state.failures > 0)
              log.info('witness cosigns again', { witness: state.name, size: checkpoint.tree_size });
            state.failures = 0;
            state.lastError = null;
          } catch (error) {
            state.failures += 1;
            state.lastError = (error as Error).message;
            state.retryAt = Date.now() + Math.min(MAX_BACKOFF_MS, 500 * 2 ** state.failures);
            log.warn('witness did not cosign the checkpoint', {
              witness: state.name,
              size: checkpoint.tree_size,
              failures: state.failures,
              error: state.lastError,
            });
          }
        }),
    );
    const cosignedBy = new Set(states.filter((s) => s.done === key(checkpoint)).map((s) => s.name));
    const quorum = quorumReached(policy, cosignedBy);
    if (latest ? latest.quorum !== quorum : !quorum)
      log[quorum ? 'info' : 'warn'](
        quorum
          ? 'checkpoints reach the witness quorum again'
          : 'checkpoint served without the witness quorum',
        { size: checkpoint.tree_size, cosignedBy: [...cosignedBy] },
      );
    latest = { size: checkpoint.tree_size, quorum };
  }

  function run(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await round();
        } catch (error) {
          if (!stopped) log.error('witnessing round failed; retrying', { error });
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
  }

  const timer = setInterval(run, options.pollMs ?? 500);
  timer.unref();
  run();
  return {
    progress: states,
    get latest() {
      return latest;
    },
    kick: run,
    async idle() {
      while (running) await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      while (running) await running;
    },
  };
}

/** The /metrics gauges of witnessing: cosigned size per witness, and the quorum of the latest checkpoint. */
export function witnessingGauges(witnessing: Witnessing) {
  return [
    ...witnessing.progress.map((p) => ({
      name: 'keurmerk_log_witness_cosigned_size',
      help: 'The largest checkpoint size each witness has cosigned.',
      type: 'gauge' as const,
      value: p.cosignedSize,
      labels: { witness: p.name },
    })),
    {
      name: 'keurmerk_log_witness_quorum',
      help: 'Whether the latest checkpoint has reached the witness quorum of the policy (1) or not (0).',
      type: 'gauge' as const,
      value: witnessing.latest?.quorum ? 1 : 0,
    },
  ];
}
