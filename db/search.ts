import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from './schema/database.ts';
import type { Country } from './schema/organisation.table.ts';
import type { Status } from './lifecycle.ts';
import type { SearchParams } from './search-params.ts';
import { matchIdentifier, type MatchKind } from './search-identifiers.ts';
import { compact, prefixTsQuery } from './search-text.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { certificationSummaries, type CertificationSummary } from './certification-summaries.ts';

export interface SearchHit {
  id: number;
  slug: string;
  legalName: string;
  tradeNames: string[];
  country: Country;
  registryId: string;
  city: string;
  sector: string | null;
  outsourced: boolean;
  certifications: CertificationSummary[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** How the query matched: an exact identifier, or fuzzy on names; null without a query. */
  matchedBy: MatchKind | null;
  nextCursor: string | null;
}

/** SQL condition for an effective status; `expired` is derived from valid_until, never stored. */
export function statusCondition(status: Status, now: Date): RawBuilder<boolean> {
  switch (status) {
    case 'active':
    case 'suspended':
      return sql<boolean>`(c.status = ${status} and c.valid_until > ${now})`;
    case 'expired':
      return sql<boolean>`(c.status in ('active', 'suspended') and c.valid_until <= ${now})`;
    default:
      return sql<boolean>`c.status = ${status}`;
  }
}

function filterConditions(p: SearchParams, now: Date): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (p.country) where.push(sql`o.country = ${p.country}`);
  if (p.sector) where.push(sql`o.sector = ${p.sector}`);
  if (p.outsourced !== null) where.push(sql`o.is_outsourced_contact_centre = ${p.outsourced}`);
  if (p.scheme || p.status) {
    const scheme = p.scheme ? sql`and s.slug = ${p.scheme}` : sql``;
    const status = p.status ? sql`and ${statusCondition(p.status, now)}` : sql``;
    where.push(sql`exists (select 1 from certification c join scheme s on s.id = c.scheme_id
      where c.organisation_id = o.id ${scheme} ${status})`);
  }
  return where;
}

/** Fuzzy name condition and score: pg_trgm on the compact name plus prefix full-text on the words. */
function nameMatch(q: string): { where: RawBuilder<unknown>; score: RawBuilder<unknown> } | null {
  const qc = compact(q);
  const tsq = prefixTsQuery(q);
  if (!qc) return null;
  // Substrings only for short queries: a long one is covered by similarity, and LIKE costs a GIN scan.
  const like = qc.length >= 3 && qc.length <= 8 ? sql`or o.search_compact like ${`%${qc}%`}` : sql``;
  const fts = tsq ? sql`or to_tsvector('simple', o.search_words) @@ to_tsquery('simple', ${tsq})` : sql``;
  return {
    where: sql`(o.search_compact % ${qc} ${like} ${fts})`,
    score: sql`round((greatest(similarity(o.search_compact, ${qc}), word_similarity(${qc}, o.search_compact))
      + case when o.search_compact like ${`${qc}%`} then 0.3 else 0 end
      + case when o.search_compact = ${qc} then 1 else 0 end)::numeric, 4)`,
  };
}

const SIMILARITY = '0.5';

interface Row {
  id: number;
  slug: string;
  legal_name: string;
  trade_names: string[];
  country: Country;
  registry_id: string;
  city: string;
  sector: string | null;
  is_outsourced_contact_centre: boolean;
  score: string | number;
}

/**
 * Searches organisations: an exact identifier (national id, phone, domain) when the query is one,
 * otherwise fuzzy names (pg_trgm + full-text), with filters and keyset (cursor) pagination.
 */
export async function searchOrganisations(
  db: Kysely<Database>,
  p: SearchParams,
  now: Date,
): Promise<SearchResult> {
  const where = filterConditions(p, now);
  let score: RawBuilder<unknown> = sql`0::numeric`;
  let matchedBy: MatchKind | null = null;
  if (p.q) {
    const identifier = await matchIdentifier(db, p.q);
    if (identifier) {
      matchedBy = identifier.kind;
      where.push(sql`o.id = any(${identifier.organisationIds}::int[])`);
    } else {
      const name = nameMatch(p.q);
      if (!name) return { hits: [], matchedBy: 'name', nextCursor: null };
      matchedBy = 'name';
      where.push(name.where);
      if (p.sort === 'relevance') score = name.score;
    }
  }
  const byScore = p.sort === 'relevance' && matchedBy === 'name';
  let after: RawBuilder<unknown> = sql`true`;
  if (p.cursor && byScore) {
    const [s, n, i] = decodeCursor(p.cursor, ['string', 'string', 'number'] as const);
    after = sql`(t.score < ${s}::numeric or (t.score = ${s}::numeric and (t.legal_name, t.id) > (${n}, ${i})))`;
  } else if (p.cursor) {
    const [n, i] = decodeCursor(p.cursor, ['string', 'number'] as const);
    after = sql`(t.legal_name, t.id) > (${n}, ${i})`;
  }
  const whereSql = where.length > 0 ? sql.join(where, sql` and `) : sql`true`;
  const run = async (trx: Kysely<Database>) => {
    // A stricter similarity threshold than pg_trgm's 0.3 keeps the GIN candidates few at 100k names.
    if (matchedBy === 'name')
      await sql`select set_config('pg_trgm.similarity_threshold', ${SIMILARITY}, true)`.execute(trx);
    return sql<Row>`
    select * from (
      select o.id, o.slug, o.legal_name, o.trade_names, o.country, o.registry_id, o.city, o.sector,
             o.is_outsourced_contact_centre, ${score} as score
      from organisation o where ${whereSql}
    ) t
    where ${after}
    order by ${byScore ? sql`t.score desc,` : sql``} t.legal_name, t.id
    limit ${p.limit + 1}`.execute(trx);
  };
  const { rows } = matchedBy === 'name' ? await db.transaction().execute(run) : await run(db);
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > p.limit && last
      ? encodeCursor(byScore ? [String(last.score), last.legal_name, last.id] : [last.legal_name, last.id])
      : null;
  const certs = await certificationSummaries(
    db,
    page.map((r) => r.id),
    now,
  );
  return {
    matchedBy,
    nextCursor,
    hits: page.map((r) => ({
      id: r.id,
      slug: r.slug,
      legalName: r.legal_name,
      tradeNames: r.trade_names,
      country: r.country,
      registryId: r.registry_id,
      city: r.city,
      sector: r.sector,
      outsourced: r.is_outsourced_contact_centre,
      certifications: certs.get(r.id) ?? [],
    })),
  };
}

/** The distinct sectors, for the filter list: a skip scan over the sector index (cheap at 100k rows). */
export async function listSectors(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ sector: string }>`
    with recursive s(sector) as (
      (select sector from organisation where sector is not null order by sector limit 1)
      union all
      select (select o.sector from organisation o where o.sector > s.sector order by o.sector limit 1)
      from s where s.sector is not null
    )
    select sector from s where sector is not null`.execute(db);
  return rows.map((r) => r.sector);
}
