import type { Handler } from '../routes/route.ts';
import type { Deps } from '../app/deps.ts';
import { cacheControl } from '../http/cache-policy.ts';
import { BytesResponse } from '../http/bytes-response.ts';
import { KeurmerkError, NotFoundError } from '../../db/errors.ts';
import { PUBLIC_ID_PATTERN } from '../../db/vocabulary.ts';
import { problemFromError } from '../http/problem.ts';
import { findCertificationView } from '../../db/certification/verify-lookup.ts';
import { extractCredential } from '../../badges/verify/input.ts';
import { registryContext } from '../../badges/verify/registry.ts';
import { withTransparency } from '../../badges/verify/transparency.ts';
import { registryOnlyReport, verifyExtracted, type VerifyReport } from '../../badges/verify/service.ts';
import { verifyReportJson } from '../../badges/verify/report.ts';
import { readVerifyInput, type OwnBadgeRef } from './verify-input.ts';
import { requestContext } from '../http/request-context.ts';
import { discardBody } from '../http/body.ts';
import { rateLimitedError } from '../http/rate-limit.ts';

function verdictResponse(body: unknown, deps: Deps): Response {
  // Written by the server in one go (no body stream): the verify API is a hot path.
  return new BytesResponse(Buffer.from(JSON.stringify(body)), {
    status: 200,
    headers: {
      'content-type': 'application/json',
      // Verdicts are live: a revocation must show on the next request, from any cache.
      'cache-control': cacheControl('verify', deps.config.badgeMaxAgeSeconds),
      'access-control-allow-origin': '*',
      'x-content-type-options': 'nosniff',
    },
  });
}

/** Our own badge, read from the badge service in-process: no HTTP request is made at all. */
async function verifyOwnBadge(badge: OwnBadgeRef, deps: Deps): Promise<VerifyReport> {
  const now = deps.now();
  const entry = await deps.badges.get(badge.publicId, badge.variant, now);
  if (!entry.hasCredential) {
    const view = await findCertificationView(deps.database.db, badge.publicId, now);
    return registryOnlyReport(view, now, 'url');
  }
  const report = await verifyExtracted(
    extractCredential(badge.variant.format, entry.body),
    registryContext(deps),
  );
  return { ...report, source: 'url' };
}

/** `POST /api/v1/verify`: a token, an SVG or PNG badge, or one of our badge URLs → a verdict. */
export const verifyHandler: Handler = async (request, deps) => {
  const admission = deps.verifyLimit.admit(requestContext(request).clientAddress);
  if (!admission.ok) {
    // Drained (bounded) so the connection stays usable; nothing of it is parsed.
    await discardBody(request);
    throw rateLimitedError(admission);
  }
  let input: Awaited<ReturnType<typeof readVerifyInput>>;
  try {
    input = await readVerifyInput(request, deps.config.publicUrl, (source, bytes) =>
      deps.extractor.extract(source, bytes),
    );
  } catch (error) {
    if (!(error instanceof KeurmerkError) || error.status !== 413) throw error;
    // readBody drained what it could; a body past its discard bound is not, so do not reuse the connection.
    const { response } = problemFromError(error);
    response.headers.set('connection', 'close');
    return response;
  }
  const verified =
    input.kind === 'url'
      ? await verifyOwnBadge(input.badge, deps)
      : await verifyExtracted(input.extracted, registryContext(deps));
  const report = await withTransparency(verified, deps.database.db, deps.config.publicUrl);
  return verdictResponse(verifyReportJson(report, deps.config.publicUrl), deps);
};

/** `GET /api/v1/verify/{publicId}`: the live state of a certification, as a verdict. */
export const verifyCertificationHandler: Handler = async (_request, deps, params) => {
  const id = params['publicId'] ?? '';
  const view = PUBLIC_ID_PATTERN.test(id)
    ? await findCertificationView(deps.database.db, id, deps.now())
    : undefined;
  if (!view) throw new NotFoundError('certification', id.slice(0, 40));
  const {
    source: _source,
    credential: _credential,
    ...json
  } = verifyReportJson(
    await withTransparency(registryOnlyReport(view, deps.now()), deps.database.db, deps.config.publicUrl),
    deps.config.publicUrl,
  );
  return verdictResponse(json, deps);
};

/** CORS preflight: browsers send one before POSTing an SVG, a PNG or JSON from another origin. */
export const verifyPreflightHandler: Handler = async () =>
  new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '86400',
    },
  });
