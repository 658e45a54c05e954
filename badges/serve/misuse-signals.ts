import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { isSameOrSubdomain } from '../../db/values/hostname.ts';
import { recordSignals, type SignalBatchRow, type SignalLimits } from '../../db/reports/misuse-signals.ts';

export interface MisuseRecorder {
  /** Notes a badge request; records it when the Referer host is not one of the organisation's. */
  observe(
    organisationId: number,
    certificationId: number | null,
    domains: readonly string[],
    referer: string | null,
    /** When the badge was shown; now unless it comes from an edge's log. */
    at?: Date,
  ): void;
  flush(): Promise<void>;
  close(): Promise<void>;
  /** New hosts not recorded (buffer full, or a limit of `SignalLimits` reached), for /metrics. */
  readonly stats: { readonly dropped: number };
}

/**
 * The one thing the recorder needs from a logger. Declared here rather than imported from
 * api/app/log.ts, which sits a layer above badges/; api's Logger satisfies it as it is.
 */
export interface WarningLog {
  warn(msg: string, fields?: Record<string, unknown>): void;
}

// Bounded: a flood of distinct fake hosts cannot grow memory without limit between flushes.
const MAX_BUFFERED = 10_000;
// New hosts one flush may add, over all organisations: the daily cap per organisation alone would
// still let a script spread over many organisations write thousands of rows at once.
const MAX_NEW_PER_FLUSH = 500;

/** The host a Referer names, or null when there is none worth recording. */
export function refererHost(referer: string | null): string | null {
  if (!referer) return null;
  try {
    const url = new URL(referer);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.hostname.toLowerCase().replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

/**
 * Counts badge sightings on foreign hosts in memory and writes them in batches, so the badge
 * response never waits for the database.
 */
export function createMisuseRecorder(options: {
  db: Kysely<Database>;
  log: WarningLog;
  /** Our own host: the registry's pages show badges too. */
  ownHost: string;
  /** New hosts per organisation per day (MISUSE_HOSTS_PER_DAY). */
  newHostsPerDay: number;
  flushEveryMs?: number;
}): MisuseRecorder {
  const limits: SignalLimits = {
    newHostsPerDay: options.newHostsPerDay,
    newHostsPerFlush: MAX_NEW_PER_FLUSH,
  };
  const stats = { dropped: 0 };
  let buffer = new Map<string, SignalBatchRow>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (buffer.size === 0) return;
      const rows = [...buffer.values()];
      buffer = new Map();
      try {
        stats.dropped += (await recordSignals(options.db, rows, limits, new Date())).dropped;
      } catch (error) {
        options.log.warn('misuse signals not recorded', { error, rows: rows.length });
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), options.flushEveryMs ?? 5_000);
  timer.unref();
  return {
    observe(organisationId, certificationId, domains, referer, at) {
      const host = refererHost(referer);
      if (!host || host === options.ownHost) return;
      if (domains.some((domain) => isSameOrSubdomain(host, domain))) return;
      const key = `${organisationId}|${host}`;
      const now = at ?? new Date();
      const row = buffer.get(key);
      if (row) {
        row.hits++;
        if (now > row.lastSeen) row.lastSeen = now;
        if (now < row.firstSeen) row.firstSeen = now;
      } else if (buffer.size < MAX_BUFFERED) {
        buffer.set(key, { organisationId, certificationId, host, hits: 1, firstSeen: now, lastSeen: now });
      } else {
        stats.dropped++;
      }
    },
    stats,
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
