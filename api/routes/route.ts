import type { Deps } from '../app/deps.ts';
import type { Permission } from '../admin/policy.ts';

export type Handler = (request: Request, deps: Deps, params: Record<string, string>) => Promise<Response>;

export interface Route {
  readonly method: string;
  /** Path pattern with `:name` segments, e.g. `/badges/:file`, and an optional last `*rest` taking the remainder. */
  readonly path: string;
  /** Metrics and logs group requests by this name; the only source of it (router.ts `groupOf`). */
  readonly group: string;
  readonly handler: Handler;
  /**
   * Admin routes only: the permission their guard enforces (api/auth/api-guard.ts). Declared here
   * so the route table can be listed and tested; a route under /api/v1/admin without it is refused.
   */
  readonly permission?: Permission;
  /** Admin routes only: the operation's name, as recorded in the audit log and the OpenAPI document. */
  readonly operation?: string;
  /** Admin routes only: the status of a successful answer when it is not 200 (the OpenAPI document says it). */
  readonly successStatus?: number;
}
