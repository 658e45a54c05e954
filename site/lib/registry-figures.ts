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
 * How long the registry's counts (home page, scheme pages) are reused. Counting a million
 * organisations, their certifications and each scheme's active ones takes tens to hundreds of
 * milliseconds on every visit, for figures nobody reads to the unit; lists (recent changes, a
 * scheme's certified organisations) are read fresh each time.
 */
export const COUNTS_TTL_MS = 30_000;

type Counts = Pick<HomeFigures, 'schemes' | 'counts'>;
const cache = new WeakMap<Kysely<Database>, { until: number; counts: Promise<Counts> }>();

/** The schemes with their active counts and the registry's totals, at most COUNTS_TTL_MS old. */
export function registryFigures(db: Kysely<Database>, now: Date): Promise<Counts> {
  const cached = cache.get(db);
  if (cached && cached.until > performance.now()) return cached.counts;
  const fresh = Promise.all([schemeSummaries(db, now), registryCounts(db)]).then(([schemes, c]) => ({
    schemes,
    counts: c,
  }));
  cache.set(db, { until: performance.now() + COUNTS_TTL_MS, counts: fresh });
  // Per database (primary, each replica); a failed read is not kept: the next visit tries again.
  fresh.catch(() => {
    if (cache.get(db)?.counts === fresh) cache.delete(db);
  });
  return fresh;
}

/** What the home page shows; `db` is the request's public reader. */
export async function loadHomeFigures(db: Kysely<Database>, now: Date): Promise<HomeFigures> {
  const [c, changes] = await Promise.all([registryFigures(db, now), recentChanges(db, 8)]);
  return { ...c, changes };
}
