import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { CERTIFICATION_ENTRY_PREFIX } from './entry-facts.ts';
import { eventFacts } from './certification-entries.ts';
import { PRIVATE_EVENT_KINDS } from '../vocabulary.ts';

/** Where an entry sits: its index once sequenced, or its queue id while it waits. */
export type EntryPosition = { index: number } | { pending: string };

/**
 * The facts of an event entry that the event table alone decides. Organisation slug, assurance
 * level and validity describe the certification as it stood and may have changed since (a
 * merge, a renewal), so they are not compared.
 */
const CHAIN_FIELDS = ['type', 'at', 'public_id', 'scheme', 'status', 'reason_sha256'] as const;

export type ChainDisagreement =
  | { kind: 'entry_unreadable'; position: EntryPosition }
  | { kind: 'event_missing'; eventId: number; position: EntryPosition | null }
  | { kind: 'entry_without_event'; position: EntryPosition; facts: Record<string, unknown> }
  | {
      kind: 'facts_differ';
      eventId: number;
      position: EntryPosition;
      field: string;
      entry: unknown;
      event: unknown;
    }
  | { kind: 'expiry_duplicated'; position: EntryPosition; publicId: string; validUntil: unknown };

export type ChainAgreement =
  | { ok: true; entries: number; events: number; expiries: number }
  | { ok: false; entries: number; events: number; first: ChainDisagreement };

const PAGE = 2_000;

/** Every entry of the log in order: the numbered ones, then those waiting for the sequencer. */
async function* logEntries(
  db: Kysely<Database>,
): AsyncGenerator<{ position: EntryPosition; entry: Uint8Array }> {
  let index = -1;
  for (;;) {
    const rows = await db
      .selectFrom('log_entry')
      .select(['index', 'entry'])
      .where('index', '>', index)
      .orderBy('index')
      .limit(PAGE)
      .execute();
    for (const r of rows) yield { position: { index: Number(r.index) }, entry: r.entry };
    if (rows.length < PAGE) break;
    index = Number(rows.at(-1)!.index);
  }
  let id = '0';
  for (;;) {
    const rows = await sql<{ id: string; entry: Uint8Array }>`
      select id::text as id, entry from log_pending where id > ${id}::bigint order by id limit ${PAGE}`.execute(
      db,
    );
    for (const r of rows.rows) yield { position: { pending: r.id }, entry: r.entry };
    if (rows.rows.length < PAGE) break;
    id = rows.rows.at(-1)!.id;
  }
}

/** The facts each public event's entry must state, in chain order. */
async function* chainFacts(
  db: Kysely<Database>,
): AsyncGenerator<{ eventId: number; facts: Record<string, unknown> }> {
  let after = 0;
  for (;;) {
    const ids = await db
      .selectFrom('certification_event')
      .select('id')
      .where('id', '>', after)
      .where('kind', 'not in', PRIVATE_EVENT_KINDS)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (ids.length === 0) return;
    for (const e of await eventFacts(
      db,
      ids.map((r) => r.id),
    ))
      yield e;
    if (ids.length < PAGE) return;
    after = ids.at(-1)!.id;
  }
}

function parse(entry: Uint8Array): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(entry));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Proves that the log and the hash-chained event table tell the same story: every public event
 * has exactly one entry, in chain order, with the facts the event decides; no certification
 * entry exists without its event; each validity period's expiry is logged at most once. Entries
 * of other kinds (keys, scheme versions) are left to their own checks. Stops at the first
 * disagreement and names it.
 */
export async function verifyLogAgainstChain(db: Kysely<Database>): Promise<ChainAgreement> {
  const events = chainFacts(db);
  let next = await events.next();
  let entries = 0;
  let matched = 0;
  const expiries = new Set<string>();
  const fail = (first: ChainDisagreement): ChainAgreement => ({ ok: false, entries, events: matched, first });
  for await (const { position, entry } of logEntries(db)) {
    entries++;
    const facts = parse(entry);
    if (!facts) return fail({ kind: 'entry_unreadable', position });
    const type = facts['type'];
    if (typeof type !== 'string' || !type.startsWith(CERTIFICATION_ENTRY_PREFIX)) continue;
    if (type === 'certification_expired') {
      const key = `${String(facts['public_id'])}|${String(facts['valid_until'])}`;
      if (expiries.has(key))
        return fail({
          kind: 'expiry_duplicated',
          position,
          publicId: String(facts['public_id']),
          validUntil: facts['valid_until'],
        });
      expiries.add(key);
      continue;
    }
    if (next.done) return fail({ kind: 'entry_without_event', position, facts });
    const expected = next.value;
    const differing = CHAIN_FIELDS.find((field) => facts[field] !== expected.facts[field]);
    if (differing !== undefined) {
      // If the entry is the following event's, this event's own entry is the one missing.
      const following = await events.next();
      const skipped = !following.done && CHAIN_FIELDS.every((f) => facts[f] === following.value.facts[f]);
      return fail(
        skipped
          ? { kind: 'event_missing', eventId: expected.eventId, position }
          : {
              kind: 'facts_differ',
              eventId: expected.eventId,
              position,
              field: differing,
              entry: facts[differing],
              event: expected.facts[differing],
            },
      );
    }
    matched++;
    next = await events.next();
  }
  if (!next.done) return fail({ kind: 'event_missing', eventId: next.value.eventId, position: null });
  return { ok: true, entries, events: matched, expiries: expiries.size };
}

/** One line naming a disagreement, for people. */
export function describeDisagreement(d: ChainDisagreement): string {
  const at = (p: EntryPosition | null) =>
    p === null ? 'after the last entry' : 'index' in p ? `entry ${p.index}` : `queued entry ${p.pending}`;
  switch (d.kind) {
    case 'entry_unreadable':
      return `${at(d.position)} is not a JSON object`;
    case 'event_missing':
      return `event ${d.eventId} has no entry in the log (expected at ${at(d.position)})`;
    case 'entry_without_event':
      return `${at(d.position)} (${String(d.facts['type'])} of ${String(d.facts['public_id'])}) matches no event`;
    case 'facts_differ':
      return `${at(d.position)} differs from event ${d.eventId} in ${d.field}: ${JSON.stringify(d.entry)} in the log, ${JSON.stringify(d.event)} in the event table`;
    case 'expiry_duplicated':
      return `${at(d.position)} logs the expiry of ${d.publicId} (valid until ${String(d.validUntil)}) a second time`;
  }
}
