import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { Deps } from '../../api/app/deps.ts';
import { findSchemeBySlug } from '../../db/scheme/schemes.ts';
import { registryFigures } from './registry-figures.ts';
import { certifiedOrganisations } from '../../db/certification/public-list.ts';

/**
 * The scheme, its criteria, how many are certified and the first certified organisations.
 * `db`: the public reader of the request (a replica or the primary, `publicReader`).
 */
export async function loadSchemePage(deps: Deps, slug: string, db: Kysely<Database>) {
  if (!/^[a-z0-9-]{1,60}$/.test(slug)) return undefined;
  const now = deps.now();
  const scheme = await findSchemeBySlug(db, slug);
  if (!scheme) return undefined;
  const [summaries, certified] = await Promise.all([
    registryFigures(db, now).then((f) => f.schemes),
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
