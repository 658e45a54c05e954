import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import { listChanges, parseChangeFilter } from '../../db/certification/changes.ts';
import { iso, publicJson } from './public-json.ts';

/** GET /api/v1/changes — the public change log, newest first; filters kind and scheme. */
export const listChangesHandler: Handler = async (request, deps) => {
  const filter = parseChangeFilter(new URL(request.url).searchParams);
  const result = await listChanges(publicReader(request, deps), filter, deps.now());
  return publicJson(
    {
      nextCursor: result.nextCursor,
      data: result.changes.map((c) => ({
        id: c.id,
        kind: c.kind,
        occurredAt: iso(c.occurredAt),
        reason: c.reason,
        publicId: c.publicId,
        organisation:
          c.organisationSlug === null ? null : { slug: c.organisationSlug, legalName: c.organisationName },
        scheme: c.schemeSlug,
        schemeVersion: c.schemeVersion,
      })),
    },
    request,
    result.nextCursor,
  );
};
