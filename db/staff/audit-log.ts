import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { ActorKind, AuditLogRow, AuditOutcome } from '../schema/audit-log.table.ts';
import { GENESIS_HASH, walkHashChain } from '../certification/event-chain.ts';
import { decodeCursor, encodeCursor, int8Id } from '../values/cursor.ts';
import { storableText } from '../values/storable-text.ts';
import { inTransaction } from '../platform/transaction.ts';

// Distinct from the certification-event chain's lock: audit writes never wait for a lifecycle change.
const AUDIT_LOCK = 7_355_610;

export interface AuditEntry {
  occurredAt: Date;
  actor: string;
  actorKind: ActorKind;
  action: string;
  target?: string | null;
  outcome: AuditOutcome;
  clientAddress?: string | null;
  requestId?: string | null;
  detail?: Record<string, unknown>;
}

/** JSON with object keys sorted at every level: jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

type Hashed = Pick<
  AuditLogRow,
  | 'occurred_at'
  | 'actor'
  | 'actor_kind'
  | 'action'
  | 'target'
  | 'outcome'
  | 'client_address'
  | 'request_id'
  | 'detail'
  | 'prev_hash'
>;

/** SHA-256 over the row's content and the previous row's hash. */
export function hashAuditRow(row: Hashed): string {
  const canonical = canonicalJson([
    row.occurred_at.toISOString(),
    row.actor,
    row.actor_kind,
    row.action,
    row.target,
    row.outcome,
    row.client_address,
    row.request_id,
    row.detail,
    row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

const DETAIL_DEPTH = 8;

/**
 * Detail as the audit log can keep it. Detail and target often carry what a client sent (a
 * refused reason, a host name): text PostgreSQL cannot store is made storable (else the record of
 * a refused request would fail, or be stored unlike what was hashed), and nesting is cut off.
 */
function auditable(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return storableText(value);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (depth >= DETAIL_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => auditable(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [storableText(k), auditable(v, depth + 1)]),
  );
}

/** Appends one entry to the audit chain in its own short transaction. */
export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<AuditLogRow> {
  const content = {
    // Millisecond precision: what the chain hashes is exactly what a JavaScript Date reads back.
    occurred_at: new Date(Math.floor(entry.occurredAt.getTime())),
    actor: storableText(entry.actor.slice(0, 300)) || 'unknown',
    actor_kind: entry.actorKind,
    action: entry.action,
    target: entry.target == null ? null : storableText(entry.target.slice(0, 500)),
    outcome: entry.outcome,
    client_address: entry.clientAddress?.slice(0, 100) ?? null,
    request_id: entry.requestId?.slice(0, 100) ?? null,
    detail: JSON.parse(canonicalJson(auditable(entry.detail ?? {}))) as Record<string, unknown>,
  };
  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
    const head = await trx
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const prev_hash = head?.hash ?? GENESIS_HASH;
    const hash = hashAuditRow({ ...content, prev_hash });
    return trx
      .insertInto('audit_log')
      .values({ ...content, detail: JSON.stringify(content.detail), prev_hash, hash })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

export interface AuditFilter {
  action?: string | null;
  actor?: string | null;
  cursor?: string | null;
  limit: number;
}

/** The audit log, newest first, keyset-paged on id. */
export async function listAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
): Promise<{ rows: AuditLogRow[]; nextCursor: string | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
  if (filter.action) query = query.where('action', 'like', `${filter.action.replace(/[%_\\]/g, '\\$&')}%`);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.cursor) {
    const [lastId] = decodeCursor(filter.cursor, [int8Id]);
    query = query.where('id', '<', lastId);
  }
  const rows = await query.execute();
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  return { rows: page, nextCursor: more ? encodeCursor([Number(page.at(-1)!.id)]) : null };
}

export type AuditChainVerdict =
  | { ok: true; entries: number }
  | { ok: false; entries: number; brokenAt: number; reason: 'hash_mismatch' | 'link_mismatch' };

/** Walks the audit chain in id order and names the first row whose hash or link does not hold. */
export async function verifyAuditChain(db: Kysely<Database>, pageSize = 5_000): Promise<AuditChainVerdict> {
  const walk = await walkHashChain<AuditLogRow>(
    (afterId, limit) =>
      db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    hashAuditRow,
    pageSize,
  );
  return walk.ok
    ? { ok: true, entries: walk.rows }
    : { ok: false, entries: walk.rows, brokenAt: walk.brokenAt, reason: walk.reason };
}
