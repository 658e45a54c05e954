import type { Route } from './route.ts';
import { verifyCertificationHandler, verifyHandler, verifyPreflightHandler } from '../handlers/verify.ts';
import { channelLookupHandler } from '../handlers/channel-lookup.ts';

/** Verification: badges and tokens, the live state of a certification, official contact channels. */
export const verifyRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/verify', group: 'verify', handler: verifyHandler },
  { method: 'OPTIONS', path: '/api/v1/verify', group: 'verify', handler: verifyPreflightHandler },
  { method: 'GET', path: '/api/v1/verify/:publicId', group: 'verify', handler: verifyCertificationHandler },
  { method: 'GET', path: '/api/v1/channels/lookup', group: 'api', handler: channelLookupHandler },
];
