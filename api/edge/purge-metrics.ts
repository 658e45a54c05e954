import type { Gauge } from '../app/metrics.ts';
import type { PurgeStats } from './edge-purger.ts';

/** The purgers' counters as /metrics series, one per edge (`edge` label: kind and host or id). */
export function edgePurgeGauges(stats: readonly PurgeStats[]): ReturnType<Gauge> {
  return stats.flatMap((s) => [
    {
      name: 'keurmerk_edge_purges_total',
      help: 'Purge rounds sent to an edge, by outcome (a failed round is retried with back-off).',
      type: 'counter' as const,
      value: s.ok,
      labels: { edge: s.edge, outcome: 'ok' },
    },
    {
      name: 'keurmerk_edge_purges_total',
      help: 'Purge rounds sent to an edge, by outcome (a failed round is retried with back-off).',
      type: 'counter' as const,
      value: s.failed,
      labels: { edge: s.edge, outcome: 'failed' },
    },
    {
      name: 'keurmerk_edge_purge_pending',
      help: 'Tags or paths waiting to be purged at an edge (non-zero while it fails).',
      type: 'gauge' as const,
      value: s.pending,
      labels: { edge: s.edge },
    },
    {
      name: 'keurmerk_edge_purge_dropped_total',
      help: 'Tags or paths dropped while an edge was away too long (they expire by their edge lifetime).',
      type: 'counter' as const,
      value: s.dropped,
      labels: { edge: s.edge },
    },
  ]);
}
