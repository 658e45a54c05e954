import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import {
  findPublicCertification,
  listCertifications,
  parseCertificationFilter,
  type PublicCertification,
} from '../../db/certification/public-list.ts';
import { NotFoundError } from '../../db/errors.ts';
import { PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';
import { iso, publicJson } from './public-json.ts';

const toJson = (c: PublicCertification) => ({
  ...c,
  validFrom: iso(c.validFrom),
  validUntil: iso(c.validUntil),
});

/** GET /api/v1/certifications — filters scheme and (effective) status; cursor-paged. */
export const listCertificationsHandler: Handler = async (request, deps) => {
  const filter = parseCertificationFilter(new URL(request.url).searchParams);
  const result = await listCertifications(publicReader(request, deps), filter, deps.now());
  return publicJson(
    { nextCursor: result.nextCursor, data: result.certifications.map(toJson) },
    request,
    result.nextCursor,
  );
};

/** GET /api/v1/certifications/:publicId */
export const getCertificationHandler: Handler = async (request, deps, params) => {
  const id = params['publicId'] ?? '';
  const cert = PUBLIC_ID_PATTERN.test(id)
    ? await findPublicCertification(publicReader(request, deps), id, deps.now())
    : undefined;
  if (!cert) throw new NotFoundError('certification', id.slice(0, 40));
  return publicJson(toJson(cert), request);
};
