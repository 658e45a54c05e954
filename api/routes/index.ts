import type { Route } from './route.ts';
import { healthRoutes } from './health-routes.ts';
import { badgeRoutes } from './badge-routes.ts';
import { publicRoutes } from './public-routes.ts';
import { verifyRoutes } from './verify-routes.ts';
import { adminRoutes } from './admin-routes.ts';
import { edgeRoutes } from './edge-routes.ts';
import { logRoutes } from './log-routes.ts';

/** Every api/ route; one list per area so each area owns its file. */
export const routes: Route[] = [
  ...healthRoutes,
  ...badgeRoutes,
  ...publicRoutes,
  ...verifyRoutes,
  ...edgeRoutes,
  ...logRoutes,
  ...adminRoutes,
];
