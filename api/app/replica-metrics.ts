import type { ReadRouter } from '../../db/platform/replicas/router.ts';
import type { Gauge } from './metrics.ts';

const HEALTHS = ['up', 'lagging', 'down', 'not_standby', 'unknown'] as const;

/** Replica health, lag and where reads went, as Prometheus series (none without replicas). */
export function replicaGauges(reads: ReadRouter): ReturnType<Gauge> {
  if (!reads.replicated) return [];
  const states = reads.states();
  // Each family's lines together, as the text format wants them.
  return [
    ...states.flatMap((r) =>
      HEALTHS.map((health) => ({
        name: 'keurmerk_replica_health',
        help: 'Replica health as last checked: 1 for its current state (only up serves reads).',
        type: 'gauge' as const,
        value: r.health === health ? 1 : 0,
        labels: { replica: r.name, health },
      })),
    ),
    ...states.map((r) => ({
      name: 'keurmerk_replica_lag_seconds',
      help: 'Age of the oldest primary WAL position the replica has not replayed (-1: unknown).',
      type: 'gauge' as const,
      value: r.lagSeconds ?? -1,
      labels: { replica: r.name },
    })),
    ...[...states.map((r) => [r.name, r.reads] as const), ['primary', reads.primaryReads] as const].map(
      ([target, value]) => ({
        name: 'keurmerk_db_reads_total',
        help: 'Public reads routed, by database.',
        type: 'counter' as const,
        value,
        labels: { target },
      }),
    ),
  ];
}
