import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import { findSchemeBySlug } from '../../db/scheme/schemes.ts';
import { schemeSummaries } from '../../db/certification/registry-stats.ts';
import { NotFoundError } from '../../db/errors.ts';
import { publicJson } from './public-json.ts';

/** GET /api/v1/schemes — every scheme with its number of active certifications. */
export const listSchemesHandler: Handler = async (request, deps) => {
  const schemes = await schemeSummaries(publicReader(request, deps), deps.now());
  return publicJson({ data: schemes }, request);
};

/** GET /api/v1/schemes/:slug — the scheme's current version with its criteria, and every published version. */
export const getSchemeHandler: Handler = async (request, deps, params) => {
  const slug = params['slug'] ?? '';
  const scheme = /^[a-z0-9-]{1,60}$/.test(slug)
    ? await findSchemeBySlug(publicReader(request, deps), slug)
    : undefined;
  if (!scheme) throw new NotFoundError('scheme', slug.slice(0, 60));
  return publicJson(
    {
      slug: scheme.slug,
      name: scheme.name,
      description: scheme.description,
      owner: { name: scheme.owner_name, url: scheme.owner_url },
      country: scheme.country,
      inForceFrom: scheme.in_force_from,
      validityMonths: scheme.validity_months,
      version: scheme.version.version,
      publishedAt: scheme.version.publishedAt.toISOString(),
      renewalGraceDays: scheme.version.definition.renewalGraceDays,
      objectionPeriodDays: scheme.version.definition.objectionPeriodDays,
      assuranceLevels: scheme.version.definition.assuranceLevels,
      criteria: scheme.criteria.map((c) => ({
        code: c.code,
        position: c.position,
        title: c.title,
        description: c.description,
      })),
      // Every published version, newest first, with what changed and its whole definition.
      versions: scheme.versions
        .map((v) => ({
          version: v.version,
          publishedAt: v.publishedAt.toISOString(),
          transitionDate: v.transitionDate?.toISOString() ?? null,
          changeNote: v.changeNote,
          changes: v.changes,
          definition: v.definition,
        }))
        .reverse(),
    },
    request,
  );
};
