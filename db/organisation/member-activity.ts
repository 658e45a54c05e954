import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AuditLogRow } from '../schema/audit-log.table.ts';

/**
 * What members did in an organisation, newest first, from the hash-chained audit log: records
 * with a member as actor whose target is the organisation's slug or whose detail names it (some
 * member actions target a colleague's address and name the organisation in their detail).
 */
export function memberActivity(
  db: Kysely<Database>,
  slug: string,
  limit = 50,
): Promise<Array<Pick<AuditLogRow, 'id' | 'occurred_at' | 'actor' | 'action' | 'outcome' | 'target'>>> {
  return db
    .selectFrom('audit_log')
    .select(['id', 'occurred_at', 'actor', 'action', 'outcome', 'target'])
    .where('actor_kind', '=', 'member')
    .where((eb) => eb.or([eb('target', '=', slug), eb(sql<string>`detail->>'organisation'`, '=', slug)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
