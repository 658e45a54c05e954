import type { Route } from './route.ts';
import { badgeHandler } from '../handlers/badge.ts';
import { jwksHandler, keyHandler, statusListHandler } from '../handlers/keys.ts';

/** Badges, keys and status lists: the hot paths. */
export const badgeRoutes: Route[] = [
  { method: 'GET', path: '/badges/:file', group: 'badges', handler: badgeHandler },
  { method: 'GET', path: '/.well-known/jwks.json', group: 'keys', handler: jwksHandler },
  { method: 'GET', path: '/keys/:thumbprint', group: 'keys', handler: keyHandler },
  { method: 'GET', path: '/status/:list', group: 'status', handler: statusListHandler },
];
