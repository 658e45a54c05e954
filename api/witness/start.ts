// Wires witnessing into a server process: this instance as a witness of the policy's logs (its
// key, the add-checkpoint context) and, where it sequences, the background asking of its own
// witnesses, with their gauges on /metrics.
import type { Config } from '../app/config.ts';
import type { Logger } from '../app/log.ts';
import type { Metrics } from '../app/metrics.ts';
import type { DatabaseHandle } from '../../db/platform/connection.ts';
import { formatCosignerVkey } from '../../db/log/witness/cosignature.ts';
import { loadWitnessKey } from '../../db/log/witness/witness-key.ts';
import type { WitnessContext } from '../../db/log/witness/witness.ts';
import { startWitnessing, witnessingGauges, type Witnessing } from './witnessing.ts';

export interface WitnessParts {
  witness: { context: WitnessContext; vkey: string } | null;
  witnessing: Witnessing | null;
}

/** The cosigner name of a registry: its host followed by `/log/witness` (a schema-less URL). */
export function witnessName(publicUrl: string): string {
  return `${new URL(publicUrl).host}/log/witness`;
}

export async function startWitnessParts(options: {
  database: DatabaseHandle;
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** Whether this process signs checkpoints (only then does it ask witnesses). */
  sequencing: boolean;
}): Promise<WitnessParts> {
  const { config, log } = options;
  const policy = config.witness.policy;
  if (!policy) return { witness: null, witnessing: null };
  const cosigner = await loadWitnessKey({
    name: witnessName(config.publicUrl),
    keyFile: config.witness.keyFile,
    dataDir: config.dataDir,
  });
  const vkey = formatCosignerVkey(cosigner);
  const witness =
    policy.logs.length > 0 ? { context: { policy, cosigner, now: () => new Date() }, vkey } : null;
  if (witness) log.info('witnessing logs', { logs: policy.logs.map((l) => l.origin), vkey });
  const asks = policy.witnesses.some((w) => w.url !== null);
  const witnessing =
    options.sequencing && asks
      ? await startWitnessing({
          db: options.database.db,
          policy,
          ownWitnessKey: cosigner.publicKey,
          timeoutMs: config.witness.timeoutMs,
          log: log.child({ component: 'witnessing' }),
        })
      : null;
  if (witnessing) options.metrics.addGauges(() => witnessingGauges(witnessing));
  return { witness, witnessing };
}
