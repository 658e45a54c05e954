import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { EventKind } from '../schema/certification-event.table.ts';
import { PRIVATE_EVENT_KINDS } from '../vocabulary.ts';

export interface SchemeSummary {
  slug: string;
  name: LocalisedText;
  ownerName: string;
  country: string;
  criteria: number;
  /** Certifications active right now (stored active and not past valid_until). */
  active: number;
}

/** Per scheme: how many certifications are active at `now`. */
export async function schemeSummaries(db: Kysely<Database>, now: Date): Promise<SchemeSummary[]> {
  const rows = await db
    .selectFrom('scheme as s')
    .select((eb) => [
      's.slug',
      's.name',
      's.owner_name',
      's.country',
      eb
        .selectFrom('criterion')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('criterion.scheme_version_id', '=', 's.current_version_id')
        .as('criteria'),
      eb
        .selectFrom('certification as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.scheme_id', '=', 's.id')
        .where('c.status', '=', 'active')
        .where('c.valid_until', '>', now)
        .as('active'),
    ])
    // A scheme with only a draft is not public yet.
    .where('s.current_version_id', 'is not', null)
    .orderBy('s.slug')
    .execute();
  return rows.map((r) => ({
    slug: r.slug,
    name: r.name,
    ownerName: r.owner_name,
    country: r.country,
    criteria: r.criteria ?? 0,
    active: r.active ?? 0,
  }));
}

export interface ChangeEntry {
  id: number;
  kind: EventKind;
  occurredAt: Date;
  organisationName: string;
  organisationSlug: string;
  schemeSlug: string;
  publicId: string;
}

/** The newest status changes, for the home page and the public change log. */
export async function recentChanges(db: Kysely<Database>, limit: number): Promise<ChangeEntry[]> {
  const rows = await db
    .selectFrom('certification_event as e')
    .innerJoin('certification as c', 'c.id', 'e.certification_id')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .select([
      'e.id',
      'e.kind',
      'e.occurred_at',
      'o.legal_name',
      'o.slug',
      's.slug as scheme_slug',
      'c.public_id',
    ])
    .where('e.kind', 'not in', PRIVATE_EVENT_KINDS)
    .orderBy('e.occurred_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    occurredAt: r.occurred_at,
    organisationName: r.legal_name,
    organisationSlug: r.slug,
    schemeSlug: r.scheme_slug,
    publicId: r.public_id,
  }));
}

/** Counts for the home page. */
export async function registryCounts(
  db: Kysely<Database>,
): Promise<{ organisations: number; certifications: number }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('organisation')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('organisations'),
      eb
        .selectFrom('certification')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('certifications'),
    ])
    .executeTakeFirstOrThrow();
  return { organisations: row.organisations ?? 0, certifications: row.certifications ?? 0 };
}
