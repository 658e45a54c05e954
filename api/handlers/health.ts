import { sql } from 'kysely';
import type { Deps } from '../app/deps.ts';
import { migrationState } from '../../db/platform/migrate.ts';
import { cacheControl } from '../http/cache-policy.ts';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': cacheControl('no-store') },
  });

/** The process is up. Says nothing about the database, on purpose: restarts should not cascade. */
export async function healthz(_request: Request, deps: Deps): Promise<Response> {
  return json(200, {
    status: 'ok',
    uptimeSeconds: Math.round((Date.now() - deps.startedAt.getTime()) / 1000),
  });
}

/** Ready to serve: database reachable and migrations current. */
export async function readyz(_request: Request, deps: Deps): Promise<Response> {
  try {
    await sql`select 1`.execute(deps.database.db);
    const state = await migrationState(deps.database.db);
    if (state.pending.length > 0 || state.unknown.length > 0) {
      return json(503, {
        status: 'not_ready',
        database: deps.database.kind,
        pendingMigrations: state.pending,
        unknownMigrations: state.unknown,
      });
    }
    // Ready while the primary is: a replica down or behind only sends its reads to the primary.
    return json(200, {
      status: 'ready',
      database: deps.database.kind,
      migrations: state.applied.length,
      ...(deps.reads.replicated ? { replicas: deps.reads.states() } : {}),
    });
  } catch (error) {
    deps.log.warn('readiness check failed', { error });
    return json(503, { status: 'not_ready', database: deps.database.kind, reason: 'database unreachable' });
  }
}
