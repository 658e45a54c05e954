import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import {
  PRIVATE_EVENT_KINDS,
  type AssuranceLevel,
  type ChangeKind,
  type EventKind,
  type StoredStatus,
} from '../vocabulary.ts';
import { appendLogEntries } from './append-many.ts';
import { certificationFacts, type CertificationFactsInput } from './entry-facts.ts';

/** Applications and their refusals are private: every other event kind is on the public change log, and in the log. */
export function isPublicEvent(
  kind: EventKind,
): kind is Exclude<EventKind, (typeof PRIVATE_EVENT_KINDS)[number]> {
  return !(PRIVATE_EVENT_KINDS as readonly string[]).includes(kind);
}

interface EventFactsRow {
  id: number;
  kind: EventKind;
  to_status: StoredStatus;
  reason: string;
  occurred_at: Date;
  public_id: string;
  slug: string;
  scheme_slug: string;
  assurance_level: AssuranceLevel;
  valid_from: Date | null;
  valid_until: Date | null;
  /** False when a later grant or renewal started another validity period (see entry-facts.ts). */
  standing_known: boolean;
}

/**
 * The facts of the public events among `eventIds`, in event (chain) order, as the certification
 * stands now. Called in the change's own transaction, "now" is right after the change; for a
 * history written in bulk, events before the current validity period carry no standing.
 */
export async function eventFacts(
  db: Kysely<Database>,
  eventIds: readonly number[],
): Promise<Array<{ eventId: number; publicId: string; facts: Record<string, unknown> }>> {
  if (eventIds.length === 0) return [];
  const { rows } = await sql<EventFactsRow>`
    select e.id, e.kind, e.to_status, e.reason, e.occurred_at, c.public_id, o.slug, s.slug as scheme_slug,
           c.assurance_level, c.valid_from, c.valid_until,
           not exists (select 1 from certification_event l
                       where l.certification_id = e.certification_id and l.id > e.id
                         and l.kind in ('granted', 'renewed')) as standing_known
    from certification_event e
    join certification c on c.id = e.certification_id
    join organisation o on o.id = c.organisation_id
    join scheme s on s.id = c.scheme_id
    where e.id = any(${eventIds as number[]}::int[]) and e.kind <> all(${PRIVATE_EVENT_KINDS as unknown as string[]}::text[])
    order by e.id`.execute(db);
  return rows.map((r) => ({
    eventId: Number(r.id),
    publicId: r.public_id,
    facts: certificationFacts(factsInputOf(r)),
  }));
}

function factsInputOf(r: EventFactsRow): CertificationFactsInput {
  return {
    kind: r.kind as ChangeKind,
    at: new Date(r.occurred_at),
    publicId: r.public_id,
    organisationSlug: r.slug,
    schemeSlug: r.scheme_slug,
    status: r.to_status,
    reason: r.reason,
    standing: r.standing_known
      ? {
          assuranceLevel: r.assurance_level,
          validFrom: r.valid_from && new Date(r.valid_from),
          validUntil: r.valid_until && new Date(r.valid_until),
        }
      : null,
  };
}

/**
 * Appends one log entry per public event among `eventIds`, in chain order. Pass the transaction
 * that wrote the events (and everything else the change did, such as the assurance level), so
 * the entries commit exactly when the change does.
 */
export async function appendEventEntries(db: Kysely<Database>, eventIds: readonly number[]): Promise<number> {
  const entries = await eventFacts(db, eventIds);
  await appendLogEntries(
    db,
    entries.map((e) => ({ facts: e.facts, subject: e.publicId })),
  );
  return entries.length;
}
