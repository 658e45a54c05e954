import type { Route } from './route.ts';
import { getOrganisationHandler, listOrganisationsHandler } from '../handlers/public-organisations.ts';
import { getCertificationHandler, listCertificationsHandler } from '../handlers/public-certifications.ts';
import { getSchemeHandler, listSchemesHandler } from '../handlers/public-schemes.ts';
import { listChangesHandler } from '../handlers/public-changes.ts';
import { openApiHandler } from '../handlers/public-openapi.ts';
import { registryCsvHandler, registryJsonHandler } from '../handlers/open-data.ts';

/** The keyless public read API under /api/v1 (organisations, certifications, schemes, changes). */
export const publicRoutes: Route[] = [
  { method: 'GET', path: '/api/v1/openapi.json', group: 'api', handler: openApiHandler },
  { method: 'GET', path: '/api/v1/organisations', group: 'api', handler: listOrganisationsHandler },
  {
    method: 'GET',
    path: '/api/v1/organisations/:slug',
    group: 'api',
    handler: getOrganisationHandler,
  },
  { method: 'GET', path: '/api/v1/certifications', group: 'api', handler: listCertificationsHandler },
  {
    method: 'GET',
    path: '/api/v1/certifications/:publicId',
    group: 'api',
    handler: getCertificationHandler,
  },
  { method: 'GET', path: '/api/v1/schemes', group: 'api', handler: listSchemesHandler },
  { method: 'GET', path: '/api/v1/schemes/:slug', group: 'api', handler: getSchemeHandler },
  { method: 'GET', path: '/api/v1/changes', group: 'api', handler: listChangesHandler },
  { method: 'GET', path: '/open-data/registry.json', group: 'open-data', handler: registryJsonHandler },
  { method: 'GET', path: '/open-data/registry.csv', group: 'open-data', handler: registryCsvHandler },
];
