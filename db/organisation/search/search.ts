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
/** The compact name in a cursor: letters and digits, as long as a b-tree entry (2,704 bytes) allows. */
const COMPACT_NAME = boundedText(2704);

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
 * The parts of a fuzzy name query for keurmerk_name_search_page()
 * (migrations 2026-11-23T0300 and 2026-12-04T0900): pg_trgm similarity and word similarity on the
 * compact name (substrings too for short queries), or a prefix full-text query on the words of
 * names and city.
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
  /** The relevance order's second key: the compact name of a name match, '' for a word-only match. */
  sort_key: string;
  certifications: CertificationSummaryRow[] | string | null;
}

/** What keurmerk_name_search_page() answers. */
interface NamePage {
  rows: Row[];
  /**
   * Set when the page's read budget ran out before it was full: the position (in the page's
   * order) the next page starts after. The page holds fewer rows than asked, and a next cursor.
   */
  resume: { score: string; key: string; id: number } | null;
}

/**
 * Searches organisations: an exact identifier (national id, phone, domain) when the query is one,
 * otherwise fuzzy names (pg_trgm + full-text), with filters and keyset (cursor) pagination.
 * One statement for the page of results and their certifications.
 *
 * Relevance order (migration 2026-12-04T0900): names that look like the query by score, best
 * first, then compact name, then id; organisations only the words of the query match (a city, a
 * legal form) come after them with score 0, by id. Sorted by name: legal name, id. A broad query
 * may end a page early (fewer hits, still a next cursor): each page reads a bounded amount.
 */
export async function searchOrganisations(
  db: Kysely<Database>,
  p: SearchParams,
  now: Date,
): Promise<SearchResult> {
  const identified: RawBuilder<unknown>[] = [];
  let name: NameQuery | null = null;
  let matchedBy: MatchKind | null = null;
  if (p.q) {
    const identifier = await matchIdentifier(db, p.q);
    if (identifier) {
      matchedBy = identifier.kind;
      identified.push(sql`o.id = any(${identifier.organisationIds}::int[])`);
    } else {
      name = nameQuery(p.q);
      if (!name) return { hits: [], matchedBy: 'name', nextCursor: null };
      matchedBy = 'name';
    }
  }
  const byScore = p.sort === 'relevance' && name !== null;
  // key: the compact name in relevance order, the legal name in name order.
  let cursor: { score: string; key: string; id: number } | null = null;
  if (p.cursor && byScore) {
    const [score, key, id] = decodeCursor(p.cursor, [decimalText, COMPACT_NAME, int4Id]);
    cursor = { score, key, id };
  } else if (p.cursor) {
    const [key, id] = decodeCursor(p.cursor, [LEGAL_NAME, int4Id]);
    cursor = { score: '0', key, id };
  }
  let rows: Row[];
  let resume: NamePage['resume'] = null;
  if (name) {
    // A name, with or without filters: one call with kept plans that reads a bounded amount
    // however many organisations match (migration 2026-12-04T0900).
    const { rows: page } = await sql<{ page: NamePage | string }>`select keurmerk_name_search_page(${name.qc},
      ${name.words}::text[], ${name.substrings}, ${byScore}, ${cursor?.score ?? null}::numeric,
      ${cursor?.key ?? null}::text, ${cursor?.id ?? null}::int, ${p.limit + 1},
      ${p.country}::text, ${p.sector}::text, ${p.outsourced}::boolean, ${p.scheme}::text, ${p.status}::text,
      ${now}::timestamptz) as page`.execute(db);
    const namePage = parseJson(page[0]!.page);
    rows = namePage.rows;
    resume = namePage.resume;
  } else {
    const after = cursor ? sql`(t.legal_name, t.id) > (${cursor.key}, ${cursor.id})` : sql`true`;
    const whereSql = sql.join([PUBLIC_ORGANISATION, ...filterConditions(p, now), ...identified], sql` and `);
    // The page, then the certifications of its organisations only, in the same statement.
    ({ rows } = await sql<Row>`
      select t.*, ${certificationsJson(sql`t.id`)} as certifications
      from (
        select t.* from (
          select o.id, o.slug, o.legal_name, o.trade_names, o.country, o.registry_id, o.city, o.sector,
            o.is_outsourced_contact_centre, 0::numeric as score, '' as sort_key
          from organisation o where ${whereSql}
        ) t
        where ${after} order by t.legal_name, t.id limit ${p.limit + 1}
      ) t
      order by t.legal_name, t.id`.execute(db));
  }
  const page = rows.slice(0, p.limit);
  const last = page.at(-1);
  // Both paths read public organisations only; their certifications still include applications,
  // which summariesFromJson drops. An organisation left without one would be dropped here.
  const hits = page.filter((r) => summariesFromJson(r.certifications, now).length > 0);
  const nextCursor = resume
    ? encodeCursor(byScore ? [resume.score, resume.key, resume.id] : [resume.key, resume.id])
    : rows.length > p.limit && last
      ? encodeCursor(byScore ? [String(last.score), last.sort_key, last.id] : [last.legal_name, last.id])
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
