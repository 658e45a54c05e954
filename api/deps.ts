import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import type { DatabaseHandle } from '../db/connection.ts';

/**
 * Everything a handler may use, built once by the composition root (server.ts) and handed to the
 * api/ handlers and, as Astro locals, to the pages. Module-level state is avoided on purpose: the
 * Astro build bundles its own copy of these modules, so shared state must travel in here.
 */
export interface Deps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly log: Logger;
  /** The clock; injected so tests can move it. */
  now(): Date;
  readonly startedAt: Date;
}
