import { certificationPaths, certificationSchemas } from './certifications.ts';
import { changePaths, changeSchemas } from './changes.ts';
import { channelPaths, channelSchemas } from './channels.ts';
import { sharedSchemas } from './components.ts';
import { edgePaths, edgeSchemas } from './edge.ts';
import { openDataPaths } from './open-data.ts';
import { organisationPaths, organisationSchemas } from './organisations.ts';
import { schemePaths, schemeSchemas } from './schemes.ts';
import { verifyPaths, verifySchemas } from './verify.ts';
import { logPaths, logSchemas } from './log.ts';

/** The OpenAPI 3.1 description of the keyless public read API and the open-data downloads. */
export function publicOpenApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keurmerk registry — public API',
      version: '1.0.0',
      description:
        'Keyless, read-only access to the certification registry. Data licence: CC BY 4.0. CORS is open. ' +
        'Lists are cursor-paged: follow `nextCursor` (also given as a `Link: rel="next"` header). ' +
        '`expired` is derived from `validUntil` at the time of the request. Errors are RFC 9457 problem+json.',
      license: { name: 'CC BY 4.0 (data)', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    servers: [{ url: serverUrl }],
    paths: {
      ...organisationPaths,
      ...certificationPaths,
      ...schemePaths,
      ...changePaths,
      ...verifyPaths,
      ...channelPaths,
      ...openDataPaths,
      ...edgePaths,
      ...logPaths,
    } as Record<string, Record<string, unknown>>,
    components: {
      schemas: {
        ...verifySchemas,
        ...channelSchemas,
        ...sharedSchemas,
        ...organisationSchemas,
        ...certificationSchemas,
        ...schemeSchemas,
        ...changeSchemas,
        ...edgeSchemas,
        ...logSchemas,
      },
    },
  };
}
