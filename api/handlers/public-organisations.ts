import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import { searchOrganisations } from '../../db/organisation/search/search.ts';
import { parseSearchParams } from '../../db/organisation/search/params.ts';
import { organisationPage } from '../../db/organisation/page.ts';
import { NotFoundError } from '../../db/errors.ts';
import { certificationFields, organisationFields } from '../../db/organisation/public-fields.ts';
import { iso, publicJson } from './public-json.ts';

/** GET /api/v1/organisations — the site's search as JSON: q, filters, sort, cursor, limit. */
export const listOrganisationsHandler: Handler = async (request, deps) => {
  const params = parseSearchParams(new URL(request.url).searchParams, 50);
  const result = await searchOrganisations(publicReader(request, deps), params, deps.now());
  return publicJson(
    {
      matchedBy: result.matchedBy,
      nextCursor: result.nextCursor,
      data: result.hits.map((h) => ({
        slug: h.slug,
        legalName: h.legalName,
        tradeNames: h.tradeNames,
        country: h.country,
        registryId: h.registryId,
        city: h.city,
        sector: h.sector,
        outsourcedContactCentre: h.outsourced,
        certifications: h.certifications.map(certificationFields),
      })),
    },
    request,
    result.nextCursor,
  );
};

/** GET /api/v1/organisations/:slug — identity, domains, channels, certifications with results and history. */
export const getOrganisationHandler: Handler = async (request, deps, params) => {
  const slug = params['slug'] ?? '';
  const page = /^[a-z0-9-]{1,200}$/.test(slug)
    ? await organisationPage(publicReader(request, deps), slug, deps.now())
    : undefined;
  if (!page) throw new NotFoundError('organisation', slug.slice(0, 200));
  return publicJson(
    {
      ...organisationFields(page.organisation),
      domains: page.domains,
      contactChannels: page.channels,
      certifications: page.certifications.map((c) => ({
        ...certificationFields(c),
        criteria: c.criteria.map((k) => ({
          code: k.code,
          position: k.position,
          result: k.result,
          basis: k.basis,
        })),
        history: c.history.map((e) => ({ kind: e.kind, occurredAt: iso(e.occurredAt), reason: e.reason })),
      })),
    },
    request,
  );
};
