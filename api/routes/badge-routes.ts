import type { Route } from './route.ts';

/** Badges, keys and status lists: the hot paths. */
export const badgeRoutes: Route[] = [];
