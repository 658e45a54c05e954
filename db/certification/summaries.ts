import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LocalisedText } from '../schema/common.ts';
import type { AssuranceLevel, StoredStatus } from '../schema/certification.table.ts';
import { effectiveStatus, type Status } from './lifecycle.ts';
import { DECIDED_STATUSES } from '../vocabulary.ts';

export interface CertificationSummary {
  publicId: string;
  schemeSlug: string;
  schemeName: LocalisedText;
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
}

/** One certification as the admin pages list it, on its own or under its organisation. */
export interface AdminCertificationLine {
  publicId: string;
  scheme: string;
  schemeName: LocalisedText;
  status: Status;
  assuranceLevel: AssuranceLevel;
  validFrom: Date | null;
  validUntil: Date | null;
}

const ORDER: Record<Status, number> = {
  active: 0,
  suspended: 1,
  pending: 2,
  expired: 3,
  revoked: 4,
  refused: 5,
};

/** A certification row as selected below, or as the JSON of certificationsJson (dates as text). */
export interface CertificationSummaryRow {
  public_id: string;
  status: StoredStatus;
  assurance_level: AssuranceLevel;
  valid_from: Date | string | null;
  valid_until: Date | string | null;
  slug: string;
  name: LocalisedText | string;
}

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

/** JSON columns arrive parsed from both drivers; a string is parsed in case a driver leaves it as text. */
export function parseJson<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** One row as a summary, with its effective status (expiry is derived from valid_until, never stored). */
export function toSummary(row: CertificationSummaryRow, now: Date): CertificationSummary {
  const validUntil = toDate(row.valid_until);
  return {
    publicId: row.public_id,
    schemeSlug: row.slug,
    schemeName: parseJson(row.name),
    status: effectiveStatus({ status: row.status, valid_until: validUntil }, now),
    assuranceLevel: row.assurance_level,
    validFrom: toDate(row.valid_from),
    validUntil,
  };
}

/** Living certifications first (active, suspended, pending, expired, revoked); stable otherwise. */
export function sortSummaries<T extends { status: Status }>(list: T[]): T[] {
  return list.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

/**
 * SQL for a JSON array (CertificationSummaryRow[], in id order; [] when none) of one organisation's
 * certifications, as a column of a query over organisations: one indexed lookup per row, so a
 * page of results needs no second round trip.
 */
export function certificationsJson(
  organisationId: RawBuilder<unknown>,
): RawBuilder<CertificationSummaryRow[]> {
  return sql<CertificationSummaryRow[]>`(select coalesce(json_agg(json_build_object(
      'public_id', c.public_id, 'status', c.status, 'assurance_level', c.assurance_level,
      'valid_from', c.valid_from, 'valid_until', c.valid_until, 'slug', s.slug, 'name', s.name) order by c.id), '[]'::json)
    from certification c join scheme s on s.id = c.scheme_id
    where c.organisation_id = ${organisationId} and ${decidedCondition()})`;
}

/** True for a stored status the public may see: applications (pending) and refusals are private. */
export function isDecided(status: StoredStatus): boolean {
  return (DECIDED_STATUSES as readonly string[]).includes(status);
}

/** SQL condition on alias `c`: the certification has been decided, so the public may see it. */
export function decidedCondition(): RawBuilder<boolean> {
  return sql<boolean>`c.status in ('active', 'suspended', 'revoked')`;
}

/** Parses the column built by certificationsJson into sorted summaries. */
export function summariesFromJson(
  value: CertificationSummaryRow[] | string | null,
  now: Date,
): CertificationSummary[] {
  // keurmerk_name_search_page (a frozen migration's SQL function) lists applications too: drop them here.
  const rows = (parseJson(value) ?? []).filter((row) => isDecided(row.status));
  return sortSummaries(rows.map((row) => toSummary(row, now)));
}

/** Certifications of the given organisations with their effective status, grouped by organisation. */
export async function certificationSummaries(
  db: Kysely<Database>,
  organisationIds: number[],
  now: Date,
): Promise<Map<number, CertificationSummary[]>> {
  const result = new Map<number, CertificationSummary[]>();
  if (organisationIds.length === 0) return result;
  const rows = await db
    .selectFrom('certification as c')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .select([
      'c.organisation_id',
      'c.public_id',
      'c.status',
      'c.assurance_level',
      'c.valid_from',
      'c.valid_until',
      's.slug',
      's.name',
    ])
    .where('c.organisation_id', 'in', organisationIds)
    .where('c.status', 'in', DECIDED_STATUSES)
    .orderBy('c.id')
    .execute();
  for (const r of rows) {
    const list = result.get(r.organisation_id) ?? [];
    list.push(toSummary(r, now));
    result.set(r.organisation_id, list);
  }
  for (const list of result.values()) sortSummaries(list);
  return result;
}
