import type { Deps } from '../app/deps.ts';
import { problemResponse } from '../http/problem.ts';
import { requestUrl } from '../http/node-request.ts';
import type { Route } from './route.ts';
import { routes } from './index.ts';

export type { Handler, Route } from './route.ts';
export { routes };

/** Every path prefix served by api/ handlers instead of Astro. */
export const HOT_PREFIXES = [
  '/badges/',
  '/.well-known/',
  '/keys/',
  '/status/',
  '/api/',
  '/open-data/',
  '/log/',
  '/healthz',
  '/metrics',
  '/readyz',
];

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      // `*name` as the last segment takes the rest of the path, slashes included (log tiles).
      if (segment.startsWith('*')) {
        names.push(segment.slice(1));
        return '(.+)';
      }
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export function isHotPath(pathname: string): boolean {
  return HOT_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix));
}

/** Builds the dispatcher for a route table: a Response for our paths, null for everything else. */
export function createDispatcher(table: readonly Route[]) {
  const compiled = table.map(compile);
  return async function dispatch(request: Request, deps: Deps): Promise<Response | null> {
    const { pathname } = requestUrl(request);
    if (!isHotPath(pathname)) return null;
    let allowed: string[] = [];
    for (const { route, pattern, names } of compiled) {
      const match = pattern.exec(pathname);
      if (!match) continue;
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      // Deny by default: an admin route that does not declare its permission never runs.
      if (route.path.startsWith('/api/v1/admin/') && !route.permission)
        return problemResponse('forbidden', 'This admin route declares no permission.');
      const params: Record<string, string> = {};
      try {
        names.forEach((name, i) => {
          params[name] = decodeURIComponent(match[i + 1]!);
        });
      } catch {
        return problemResponse('bad_path', 'The path is not valid percent-encoding.');
      }
      return route.handler(request, deps, params);
    }
    if (allowed.length > 0) {
      allowed = [...new Set(allowed)];
      return problemResponse(
        'method_not_allowed',
        `Use ${allowed.join(' or ')}.`,
        {},
        {
          allow: allowed.join(', '),
        },
      );
    }
    return problemResponse('not_found', `Nothing at ${pathname}.`);
  };
}

export const dispatch = createDispatcher(routes);

/** The first segment of a path, `badges` for `/badges/x.svg`: an index, so grouping tries few patterns. */
function firstSegment(pathname: string): string {
  const second = pathname.indexOf('/', 1);
  return pathname.slice(1, second === -1 ? undefined : second);
}

/**
 * The metrics and log group of every request, from the route table: a path a route matches (by
 * path, whatever the method) takes that route's `group`, so a new route cannot be counted under
 * another group. Paths no route serves are Astro's: admin pages, build assets, public pages; an
 * unmatched path under an api/ prefix is `api-other`.
 */
export function createGrouper(table: readonly Route[]): (pathname: string) => string {
  const bySegment = new Map<string, Compiled[]>();
  for (const compiled of table.map(compile)) {
    const segment = firstSegment(compiled.route.path);
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), compiled]);
  }
  return (pathname) => {
    const first = firstSegment(pathname);
    for (const { route, pattern } of bySegment.get(first) ?? [])
      if (pattern.test(pathname)) return route.group;
    if (first === 'admin') return 'admin';
    if (first === '_astro') return 'assets';
    return isHotPath(pathname) ? 'api-other' : 'pages';
  };
}

/** The group of a request path for metrics and logs; see `createGrouper`. */
export const groupOf = createGrouper(routes);
