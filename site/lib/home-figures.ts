import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import {
  recentChanges,
  registryCounts,
  schemeSummaries,
  type ChangeEntry,
  type SchemeSummary,
} from '../../db/certification/registry-stats.ts';

export interface HomeFigures {
  schemes: SchemeSummary[];
  changes: ChangeEntry[];
  counts: { organisations: number; certifications: number };
}

/**
 * How long the home page's counts are reused. Counting a million organisations and their
 * certifications takes tens of milliseconds on every visit, for figures nobody reads to the unit;
 * the recent changes are read fresh each time (an index scan of eight rows).
 */
export const HOME_COUNTS_TTL_MS = 30_000;

type Counts = Pick<HomeFigures, 'schemes' | 'counts'>;
const cache = new WeakMap<Kysely<Database>, { until: number; counts: Promise<Counts> }>();

function counts(db: Kysely<Database>, now: Date): Promise<Counts> {
  const cached = cache.get(db);
  if (cached && cached.until > performance.now()) return cached.counts;
  const fresh = Promise.all([schemeSummaries(db, now), registryCounts(db)]).then(([schemes, c]) => ({
    schemes,
    counts: c,
  }));
  cache.set(db, { until: performance.now() + HOME_COUNTS_TTL_MS, counts: fresh });
  // A failed read is not kept: the next visit tries again.
  fresh.catch(() => {
    if (cache.get(db)?.counts === fresh) cache.delete(db);
  });
  return fresh;
}

/** What the home page shows; `db` is the request's public reader. */
export async function loadHomeFigures(db: Kysely<Database>, now: Date): Promise<HomeFigures> {
  const [c, changes] = await Promise.all([counts(db, now), recentChanges(db, 8)]);
  return { ...c, changes };
}
