import type { Route } from './route.ts';
import { edgeLogHandler } from '../handlers/edge-log.ts';

/** The edge cache's door back into the registry: its access log, for misuse signals. */
export const edgeRoutes: Route[] = [
  { method: 'POST', path: '/api/v1/edge/log', group: 'edge', handler: edgeLogHandler },
];
