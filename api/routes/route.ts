import type { Deps } from '../deps.ts';

export type Handler = (request: Request, deps: Deps, params: Record<string, string>) => Promise<Response>;

export interface Route {
  readonly method: string;
  /** Path pattern with `:name` segments, e.g. `/badges/:file`. */
  readonly path: string;
  /** Metrics and logs group requests by this name. */
  readonly group: string;
  readonly handler: Handler;
}
