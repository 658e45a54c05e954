import type { Deps } from '../../api/app/deps.ts';
import { findSchemeBySlug } from '../../db/scheme/schemes.ts';
import { schemeSummaries } from '../../db/certification/registry-stats.ts';
import { certifiedOrganisations } from '../../db/certification/public-list.ts';

/** The scheme, its criteria, how many are certified and the first certified organisations. */
export async function loadSchemePage(deps: Deps, slug: string) {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return undefined;
  const db = deps.database.db;
  const now = deps.now();
  const scheme = await findSchemeBySlug(db, slug);
  if (!scheme) return undefined;
  const [summaries, certified] = await Promise.all([
    schemeSummaries(db, now),
    certifiedOrganisations(db, slug, now, 50),
  ]);
  return { scheme, active: summaries.find((s) => s.slug === slug)?.active ?? 0, certified };
}

/** One published version of a scheme, for its own page (the `id` of a credential's achievement). */
export async function loadSchemeVersionPage(deps: Deps, slug: string, version: string) {
  if (!/^[a-z0-9-]{1,60}$/.test(slug) || !/^[1-9]\d{0,4}$/.test(version)) return undefined;
  const scheme = await findSchemeBySlug(deps.database.db, slug);
  const shown = scheme?.versions.find((v) => v.version === Number(version));
  return scheme && shown ? { scheme, shown } : undefined;
}
