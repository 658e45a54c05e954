import { publicReader } from '../http/read-floor.ts';
import type { Handler } from '../routes/route.ts';
import { registryBatches } from '../../db/organisation/open-data.ts';
import { csvChunks, jsonChunks, streamFrom } from './open-data-stream.ts';
import { cacheControl } from '../http/cache-policy.ts';

const HEADERS = {
  'access-control-allow-origin': '*',
  'cache-control': cacheControl('open-data'),
  'x-content-type-options': 'nosniff',
  link: '<https://creativecommons.org/licenses/by/4.0/>; rel="license"',
};

/** GET /open-data/registry.json — the whole registry, streamed (CC BY 4.0). */
export const registryJsonHandler: Handler = async (request, deps) => {
  const now = deps.now();
  const body = streamFrom(jsonChunks(registryBatches(publicReader(request, deps), now), now));
  return new Response(body, {
    headers: {
      ...HEADERS,
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': 'inline; filename="keurmerk-registry.json"',
    },
  });
};

/** GET /open-data/registry.csv — one row per certification, streamed (CC BY 4.0). */
export const registryCsvHandler: Handler = async (request, deps) => {
  const body = streamFrom(csvChunks(registryBatches(publicReader(request, deps), deps.now())));
  return new Response(body, {
    headers: {
      ...HEADERS,
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': 'attachment; filename="keurmerk-registry.csv"',
    },
  });
};
