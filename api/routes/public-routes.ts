import type { Route } from './route.ts';

/** The keyless public read API under /api/v1 (organisations, certifications, schemes, changes). */
export const publicRoutes: Route[] = [];
