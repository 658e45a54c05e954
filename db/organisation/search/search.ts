import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../schema/database.ts';
import type { Country } from '../../schema/organisation.table.ts';
import type { Status } from '../../certification/lifecycle.ts';
import type { SearchParams } from './params.ts';
import { matchIdentifier, type MatchKind } from './identifiers.ts';
import { compact, queryWords } from './text.ts';
import { boundedText, decimalText, decodeCursor, encodeCursor, int4Id } from '../../values/cursor.ts';
import {
  certificationsJson,
  decidedCondition,
  parseJson,
  summariesFromJson,
  type CertificationSummary,
  type CertificationSummaryRow,
} from '../../certification/summaries.ts';

/** The legal name in a cursor: the column holds 300 code points, up to 600 UTF-16 units. */
const LEGAL_NAME = boundedText(600);

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

/**
 * An organisation is public from its first decision: one with only an application (or a refused
 * one) is not found (issue 18).
 */
const PUBLIC_ORGANISATION = sql`exists (select 1 from certification c
  where c.organisation_id = o.id and ${decidedCondition()})`;

function filterConditions(p: SearchParams, now: Date): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (p.country) where.push(sql`o.country = ${p.country}`);
  if (p.sector) where.push(sql`o.sector = ${p.sector}`);
  if (p.outsourced !== null) where.push(sql`o.is_outsourced_contact_centre = ${p.outsourced}`);
  if (p.scheme || p.status) {
    const scheme = p.scheme ? sql`and s.slug = ${p.scheme}` : sql``;
    const status = p.status ? sql`and ${statusCondition(p.status, now)}` : sql``;
    where.push(sql`exists (select 1 from certification c join scheme s on s.id = c.scheme_id
      where c.organisation_id = o.id and ${decidedCondition()} ${scheme} ${status})`);
  }
  return where;
}

interface NameQuery {
  qc: string;
  words: string[];
  substrings: boolean;
}

/**
 * The parts of a fuzzy name query for keurmerk_name_matches() / keurmerk_name_page() (migration
 * 2026-11-23T0300): pg_trgm similarity and word similarity on the compact name (substrings too for
 * short queries), or a prefix full-text query on the words of names and city.
 */
function nameQuery(q: string): NameQuery | null {
  const qc = compact(q);
  const words = queryWords(q);
  if (!qc || words.length === 0) return null;
  // Substrings only for short queries: a long one is covered by similarity.
  return { qc, words, substrings: qc.length >= 3 && qc.length <= 8 };
}

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
  certifications: CertificationSummaryRow[] | string | null;
}

/**
 * Searches organisations: an exact identifier (national id, phone, domain) when the query is one,
 * otherwise fuzzy names (pg_trgm + full-text), with filters and keyset (cursor) pagination.
 * One statement for the page of results and their certifications.
 */
export async function searchOrganisations(
  db: Kysely<Database>,
  p: SearchParams,
  now: Date,
): Promise<SearchResult> {
  const where = filterConditions(p, now);
  let name: NameQuery | null = null;
  let matchedBy: MatchKind | null = null;
  if (p.q) {
    const identifier = await matchIdentifier(db, p.q);
    if (identifier) {
      matchedBy = identifier.kind;
      where.push(sql`o.id = any(${identifier.organisationIds}::int[])`);
    } else {
      name = nameQuery(p.q);
      if (!name) return { hits: [], matchedBy: 'name', nextCursor: null };
      matchedBy = 'name';
    }
  }
  const byScore = p.sort === 'relevance' && name !== null;
  let cursor: { score: string; name: string; id: number } | null = null;
  if (p.cursor && byScore) {
    const [score, n, id] = decodeCursor(p.cursor, [decimalText, LEGAL_NAME, int4Id]);
    cursor = { score, name: n, id };
  } else if (p.cursor) {
    const [n, id] = decodeCursor(p.cursor, [LEGAL_NAME, int4Id]);
    cursor = { score: '0', name: n, id };
  }
  let rows: Row[];
  if (name && where.length === 0) {
    // Most searches: a name without filters, answered by one call with a kept plan.
    const { rows: page } = await sql<{ page: Row[] | string }>`select keurmerk_name_page(${name.qc},
      ${name.words}::text[], ${name.substrings}, ${byScore}, ${cursor?.score ?? null}::numeric,
      ${cursor?.name ?? null}::text, ${cursor?.id ?? null}::int, ${p.limit + 1}) as page`.execute(db);
    rows = parseJson(page[0]!.page);
  } else {
    const after = !cursor
      ? sql`true`
      : byScore
        ? sql`(t.score < ${cursor.score}::numeric or (t.score = ${cursor.score}::numeric
            and (t.legal_name, t.id) > (${cursor.name}, ${cursor.id})))`
        : sql`(t.legal_name, t.id) > (${cursor.name}, ${cursor.id})`;
    const order = byScore ? sql`t.score desc, t.legal_name, t.id` : sql`t.legal_name, t.id`;
    const source = name
      ? sql`keurmerk_name_matches(${name.qc}, ${name.words}::text[], ${name.substrings}) o`
      : sql`organisation o`;
    const whereSql = sql.join([PUBLIC_ORGANISATION, ...where], sql` and `);
    // The page, then the certifications of its organisations only, in the same statement.
    ({ rows } = await sql<Row>`
      select t.*, ${certificationsJson(sql`t.id`)} as certifications
      from (
        select t.* from (
          select o.id, o.slug, o.legal_name, o.trade_names, o.country, o.registry_id, o.city, o.sector,
            o.is_outsourced_contact_centre, ${byScore ? sql`o.score` : sql`0::numeric`} as score
          from ${source} where ${whereSql}
        ) t
        where ${after} order by ${order} limit ${p.limit + 1}
      ) t
      order by ${order}`.execute(db));
  }
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  // The fast path's SQL function (a frozen migration) does not know applications are private: an
  // organisation left without a public certification is dropped here. The cursor still follows
  // the rows read, so paging goes on; a page may hold fewer hits than asked.
  const hits = page.filter((r) => summariesFromJson(r.certifications, now).length > 0);
  const nextCursor =
    rows.length > p.limit && last
      ? encodeCursor(byScore ? [String(last.score), last.legal_name, last.id] : [last.legal_name, last.id])
      : null;
  return {
    matchedBy,
    nextCursor,
    hits: hits.map((r) => ({
      id: r.id,
      slug: r.slug,
      legalName: r.legal_name,
      tradeNames: r.trade_names,
      country: r.country,
      registryId: r.registry_id,
      city: r.city,
      sector: r.sector,
      outsourced: r.is_outsourced_contact_centre,
      certifications: summariesFromJson(r.certifications, now),
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
