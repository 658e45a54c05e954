import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { CertificationEvent, NewCertificationEvent } from '../schema/certification-event.table.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** Arbitrary but fixed: every writer of the chain takes this advisory lock, so links never fork. */
const CHAIN_LOCK = 7_355_608;

export type EventContent = Pick<
  CertificationEvent,
  'certification_id' | 'kind' | 'from_status' | 'to_status' | 'actor' | 'reason' | 'occurred_at' | 'prev_hash'
>;

/** SHA-256 over a fixed-order serialisation of the event's content, including the previous hash. */
export function hashEvent(event: EventContent): string {
  const canonical = JSON.stringify([
    event.certification_id,
    event.kind,
    event.from_status,
    event.to_status,
    event.actor,
    event.reason,
    event.occurred_at.toISOString(),
    event.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Serialises chain writers and returns the hash the next event must link to. Call inside a transaction. */
export async function lockChainHead(trx: Transaction<Database>): Promise<string> {
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
  const head = await trx
    .selectFrom('certification_event')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return head?.hash ?? GENESIS_HASH;
}

export type EventInput = Omit<EventContent, 'prev_hash'>;

/** Links events onto `prevHash` in order, returning the rows to insert and the new head. */
export function linkEvents(
  prevHash: string,
  events: readonly EventInput[],
): { rows: NewCertificationEvent[]; head: string } {
  const rows: NewCertificationEvent[] = [];
  let head = prevHash;
  for (const event of events) {
    // Millisecond precision: what JavaScript dates hold is exactly what the chain hashes.
    const occurred = new Date(Math.floor(event.occurred_at.getTime()));
    const content: EventContent = { ...event, occurred_at: occurred, prev_hash: head };
    const hash = hashEvent(content);
    rows.push({ ...content, hash });
    head = hash;
  }
  return { rows, head };
}

/** Appends one event to the chain. Must run inside the transaction that changes the certification. */
export async function appendEvent(
  trx: Transaction<Database>,
  event: EventInput,
): Promise<CertificationEvent> {
  const prev = await lockChainHead(trx);
  const { rows } = linkEvents(prev, [event]);
  return trx.insertInto('certification_event').values(rows[0]!).returningAll().executeTakeFirstOrThrow();
}

export type ChainVerdict =
  | { ok: true; events: number; head: string }
  | { ok: false; events: number; brokenAt: number; reason: 'hash_mismatch' | 'link_mismatch' };

/** A row of a hash chain: its id, the hash of the row before it, and its own hash. */
interface ChainRow {
  id: number | string;
  prev_hash: string;
  hash: string;
}

export type ChainWalk =
  | { ok: true; rows: number; head: string }
  | { ok: false; rows: number; brokenAt: number; reason: 'hash_mismatch' | 'link_mismatch' };

/**
 * Walks a hash chain in id order, a page at a time, and names the first row whose link or hash
 * does not hold. The certification events and the audit log are both such chains.
 */
export async function walkHashChain<R extends ChainRow>(
  page: (afterId: number, limit: number) => Promise<R[]>,
  hash: (row: R) => string,
  pageSize: number,
): Promise<ChainWalk> {
  let expectedPrev = GENESIS_HASH;
  let lastId = 0;
  let rows = 0;
  for (;;) {
    const batch = await page(lastId, pageSize);
    for (const row of batch) {
      const id = Number(row.id);
      if (row.prev_hash !== expectedPrev) return { ok: false, rows, brokenAt: id, reason: 'link_mismatch' };
      if (hash(row) !== row.hash) return { ok: false, rows, brokenAt: id, reason: 'hash_mismatch' };
      expectedPrev = row.hash;
      lastId = id;
      rows++;
    }
    if (batch.length < pageSize) return { ok: true, rows, head: expectedPrev };
  }
}

/** Walks the whole chain in id order and names the first row whose hash or link does not hold. */
export async function verifyChain(db: Kysely<Database>, pageSize = 5_000): Promise<ChainVerdict> {
  const walk = await walkHashChain<CertificationEvent>(
    (afterId, limit) =>
      db
        .selectFrom('certification_event')
        .selectAll()
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .execute(),
    hashEvent,
    pageSize,
  );
  return walk.ok
    ? { ok: true, events: walk.rows, head: walk.head }
    : { ok: false, events: walk.rows, brokenAt: walk.brokenAt, reason: walk.reason };
}
