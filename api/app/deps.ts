import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { DatabaseHandle } from '../../db/platform/connection.ts';
import type { ChangeHook } from '../../db/certification/transitions.ts';
import type { KeyStore } from '../../badges/credentials/key-store.ts';
import type { BadgeService } from '../../badges/serve/badge-service.ts';
import type { StatusListService } from '../../badges/credentials/status-list-service.ts';
import type { MisuseRecorder } from '../../badges/serve/misuse-signals.ts';
import type { Metrics } from './metrics.ts';
import type { CredentialExtractor } from '../../badges/verify/extract-pool.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import { createReadRouter, type ReadRouter } from '../../db/platform/replicas/router.ts';
import type { TileCache } from '../http/tile-cache.ts';
import type { Sequencer } from '../../db/log/sequencer-loop.ts';
import type { WitnessContext } from '../../db/log/witness/witness.ts';
import type { Witnessing } from '../witness/witnessing.ts';
import type { CheckpointCache } from '../../db/log/checkpoint-cache.ts';
import type { LogProver } from '../../db/log/prover.ts';

/** The transparency log as this process serves and grows it. */
export interface TransparencyLog {
  /** Full tiles and entry bundles already served (immutable), for the fast lane. */
  readonly tiles: TileCache;
  /** This process's sequencer; null with LOG_SEQUENCER=off and in the command-line tools. */
  readonly sequencer: Sequencer | null;
  /** This instance as a witness of the policy's logs; null without LOG_POLICY_FILE. */
  readonly witness?: {
    readonly context: WitnessContext;
    readonly vkey: string;
    /** Per client network: a log sends at most a checkpoint a second; more is someone else. */
    readonly limit: RateLimiter;
  } | null;
  /** Asking the policy's witnesses to cosign our checkpoints; null without witnesses or sequencer. */
  readonly witnessing?: Witnessing | null;
  /** The latest signed checkpoint, in memory (refreshed on NOTIFY log_checkpoint, at most 1 s old). */
  readonly checkpoints: CheckpointCache;
  /** Inclusion proofs from cached tiles (the proof fast lane and the proof handler). */
  readonly prover: LogProver;
}

/**
 * Everything a handler may use, built once by the composition root (bootstrap.ts) and handed to
 * the api/ handlers and, as Astro locals, to the pages. Module-level state is avoided on purpose:
 * the Astro build bundles its own copy of these modules, so shared state must travel in here.
 */
export interface Deps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  /**
   * Where public reads go: a fresh replica or the primary (`api/http/read-floor.ts` picks for a
   * request). Writes, admin reads and the hot paths (badges, keys, status lists, verify) use
   * `database.db`, the primary, so a revocation never meets a lagging copy.
   */
  readonly reads: ReadRouter;
  /** HMAC key of the read-your-writes cookie; null without replicas (no cookie is needed). */
  readonly readFloorKey: string | null;
  readonly log: Logger;
  /** The clock; injected so tests can move it. */
  now(): Date;
  readonly startedAt: Date;
  readonly keys: KeyStore;
  readonly badges: BadgeService;
  readonly statusLists: StatusListService;
  readonly misuse: MisuseRecorder;
  /** Passed to every lifecycle transition: issues and revokes credentials in the same transaction. */
  readonly lifecycleHooks: readonly ChangeHook[];
  readonly metrics: Metrics;
  /** Reads credentials out of uploaded badges in worker threads (bounded, see extract-pool.ts). */
  readonly extractor: CredentialExtractor;
  /** Per-client-network allowance of verify requests (API and the verify page's form). */
  readonly verifyLimit: RateLimiter;
  readonly transparencyLog: TransparencyLog;
  /** Stops background work and closes the database. */
  close(): Promise<void>;
}

/**
 * What every set of deps holds alike: config, database, log, the wall clock started now, and
 * (unless the server passes its replicas) a router that reads everything from the primary.
 */
export function baseDeps(
  config: Config,
  database: DatabaseHandle,
  log: Logger,
  reads: ReadRouter = createReadRouter({ primary: database.db, replicaUrls: [], maxLagMs: 0 }),
  readFloorKey: string | null = null,
): Pick<Deps, 'config' | 'database' | 'log' | 'now' | 'startedAt' | 'reads' | 'readFloorKey'> {
  return { config, database, log, reads, readFloorKey, now: () => new Date(), startedAt: new Date() };
}
