import type { Route } from './route.ts';
import { healthz, readyz } from '../handlers/health.ts';
import { metricsHandler } from '../handlers/metrics.ts';

export const healthRoutes: Route[] = [
  { method: 'GET', path: '/healthz', group: 'health', handler: healthz },
  { method: 'GET', path: '/readyz', group: 'health', handler: readyz },
  { method: 'GET', path: '/metrics', group: 'metrics', handler: metricsHandler },
];
