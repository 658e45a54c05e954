import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';
import {
  CANDIDATE_NAMES,
  NAME_MATCHES_FUNCTION,
  NAME_PAGE_FUNCTION,
  NAME_SETTINGS,
  PREFIX_TSQUERY,
} from './2026-11-23T0300-search-speed.ts';

// A broad name search read every organisation it matched (issue 22). keurmerk_name_page() ranked
// all matches before cutting a page, and keurmerk_name_matches() handed every match to a filtered
// search: "klantenservice", "rotterdam" or "stichting" (35,000 organisations each) took 0.15-0.4 s
// at a million organisations on an idle machine (0.8-1.2 s under load), a filtered one more,
// for anyone, as often as they liked. A page now reads a bounded amount, whatever the query.
//
// The order is redefined so that it can be walked instead of sorted:
//  1. Names that look like the query (the trigram and substring matches of the name dictionary,
//     as before) by score, best first; within one score by compact name; within one name by id.
//     The dictionary is small next to the organisations (one row per distinct name), so it is
//     scored whole; organisations are then read name by name until the page is full.
//  2. Organisations that only the words match (prefix full-text on name and city: "liege", "bv")
//     with score 0, by id: the order they joined the registry. Their similarity to the query was
//     below the name thresholds by definition, so ranking them by it said little; the primary key
//     holds this order, and it has nothing to do with names or places, so matches are spread
//     evenly along it (a walk in name order meets all French names first: no "Rotterdam" for
//     thousands of entries). How they are found depends on how many there are, which only
//     reading tells: a first walk of WALK_FIRST entries along the key fills the page when they
//     are dense (a city); if not, they are gathered through the full-text index and sorted when
//     at most GATHER_CAP (sparse ones); past that, the walk goes on.
// Sorted by name (sort=name), the same three ways along (legal_name, id).
//
// A page reads at most READ_BUDGET index entries (a lookup that finds fewer counts 10), besides
// the at most GATHER_CAP + 1 rows of one gathering. Matches may cluster far down an order
// ("stichting" names sort together, a filter may keep few), so a walk can spend it before the
// page is full: the page then ends early and names where the next one resumes, as a cursor does.
// A request costs a bounded amount whatever it asks; paging on costs the asker, a page at a time.
//
// Measured at 1,000,000 organisations (idle, warm, first page of 21): by relevance every broad
// query 5-11 ms; with filters 3-87 ms; sorted by name 36-82 ms, ending early for words whose
// names sort late. A trap: with plan_cache_mode = force_generic_plan, "limit v_var" made the
// planner guess a tenth of the table and sort all of it (5 s); index reads have constant limits.
//
// Walks test the words of every entry they read: parsing search_words into a tsvector each time
// was most of a walk's cost (7 us an entry), and the full-text index's recheck parsed it again.
// The tsvector is now a stored column (search_tsv) with the GIN index on it; at a million
// organisations adding it rewrites the table once (about a minute).
//
// Filters (country, sector, outsourcing, scheme and effective status) are parameters of the
// function and tested on each organisation the page keeps, so a filtered name search is bounded
// the same way; keurmerk_name_matches(), which gave every match for the caller to filter, sort
// and page, is dropped. An organisation is found only once it is public (a decided
// certification, issue 18), which the filters include.

/**
 * Up to this many matches are gathered and sorted; past it they are walked in page order (p_cap
 * and p_budget: tests set them low to hold the walk and its resumes to the gathering's answers).
 */
const GATHER_CAP = 2000;

/**
 * What one page may read: index entries walked (a lookup that finds fewer counts 10). When it is
 * spent before the page is full, the page ends early and says where the next one resumes.
 */
const READ_BUDGET = 5000;

/** Index entries read per step of a walk, at most. */
const CHUNK = 500;

/** Entries walked before gathering: dense matches (a city, a common word) fill a page sooner. */
const WALK_FIRST = 2000;

/** The tier-1 test on a compact name: exactly CANDIDATE_NAMES's condition on the dictionary. */
const looksLike = (c: string) =>
  `(${c} % p_qc or ${c} %> p_qc or (p_substrings and ${c} like '%' || p_qc || '%'))`;

/**
 * The filters on one organisation (alias X), as db/organisation/search/search.ts applies them to
 * searches without a name: public (a decided certification), then country, sector, outsourcing,
 * and a decided certification of the scheme in the effective status (expired derived from
 * valid_until, as statusCondition() does).
 */
const FILTERS = (x: string) => `((p_country is null or ${x}.country = p_country)
    and (p_sector is null or ${x}.sector = p_sector)
    and (p_outsourced is null or ${x}.is_outsourced_contact_centre = p_outsourced)
    and exists (select 1 from certification fc
      where fc.organisation_id = ${x}.id and fc.status in ('active', 'suspended', 'revoked')
        and (p_scheme is null or fc.scheme_id = (select fs.id from scheme fs where fs.slug = p_scheme))
        and (p_status is null or case p_status
          when 'active' then fc.status = 'active' and fc.valid_until > p_now
          when 'suspended' then fc.status = 'suspended' and fc.valid_until > p_now
          when 'expired' then fc.status in ('active', 'suspended') and fc.valid_until <= p_now
          else fc.status = p_status end)))`;

/** The prefix full-text query on an organisation's stored words (search_tsv, below). */
const WORDS = (tsv: string) => `${tsv} @@ v_tsq`;

/**
 * Gathered matches (v_found_ids, at most p_cap) after the cursor that pass the filters, in page
 * order, until the page is full; score 0.
 */
const keepGathered = (after: string, by: string) => `
          select coalesce(array_agg(t.id order by t.n), '{}') into v_more from (
            select o.id, row_number() over (order by ${by}) as n
            from unnest(v_found_ids) as f(id) join organisation o on o.id = f.id
            where ${after} and ${FILTERS('o')}
            order by ${by}
            limit p_limit - cardinality(v_ids)
          ) t;
          v_ids := v_ids || v_more;
          v_scores := v_scores || array_fill(0::numeric, array[cardinality(v_more)]);`;

/**
 * Reads organisations (alias o) after (v_key, v_id) in page order (AFTER, BY), keeping those that
 * MATCH (alias c) and pass the filters with SCORE, until the page is full, the source runs dry
 * (v_dry) or v_quota entries are read (taken from v_budget too). KEY: the cursor's key of an
 * entry. Steps grow from v_step (twice what the page still needs: most of a name's organisations
 * pass) to CHUNK, so a dense source is not read far past the page.
 */
const scan = (o: { after: string; by: string; key: string; match: string; score: string }) => `
          v_dry := false;
          loop
            exit when v_quota <= 0;
            v_asked := least(${CHUNK}, v_quota, v_step);
            -- The index read has a constant limit: a generic plan guesses a tenth of the table
            -- for a variable one and sorts the table instead of walking the index.
            select coalesce(array_agg(c.id order by c.n), '{}'), coalesce(array_agg(c.k order by c.n), '{}'),
              coalesce(array_agg(coalesce(${o.match} and ${FILTERS('c')}, false) order by c.n), '{}')
            into v_chunk_ids, v_chunk_keys, v_chunk_hits
            from (
              select o.*, ${o.key} as k, row_number() over (order by ${o.by}) as n
              from (
                select ${COLUMNS} from organisation o where ${o.after} order by ${o.by} limit ${CHUNK}
              ) o
            ) c
            where c.n <= v_asked;
            -- A lookup that finds little still costs a statement.
            v_quota := v_quota - greatest(cardinality(v_chunk_ids), 10);
            v_budget := v_budget - greatest(cardinality(v_chunk_ids), 10);
            v_step := least(v_step * 4, ${CHUNK});
            for j in 1 .. cardinality(v_chunk_ids) loop
              v_key := v_chunk_keys[j];
              v_id := v_chunk_ids[j];
              continue when not v_chunk_hits[j];
              v_ids := v_ids || v_id;
              v_scores := v_scores || (${o.score});
              exit when cardinality(v_ids) >= p_limit;
            end loop;
            v_dry := cardinality(v_chunk_ids) < v_asked;
            exit when cardinality(v_ids) >= p_limit or v_dry;
          end loop;`;

/** What a scan reads of each entry: its keys, what a match looks at, and what the filters do. */
const COLUMNS = `o.id, o.legal_name, o.search_compact, o.search_tsv, o.country, o.sector,
                  o.is_outsourced_contact_centre`;

/** Starts a scan of at most QUOTA entries (of what is left of the budget). */
const startScan = (quota: string) => `
          v_quota := least(${quota}, v_budget);
          v_step := greatest(2 * (p_limit - cardinality(v_ids)), 8);`;

/**
 * Matches after the cursor in page order, by the cheaper way for how many there are: a first walk
 * of WALK_FIRST entries finds dense matches at once; when it does not fill the page, up to p_cap
 * matches after it are gathered and sorted (sparse ones); past that, the walk goes on with what
 * is left of the budget, and the page ends early (v_resume) if that runs out.
 */
const wordMatches = (o: {
  after: string;
  by: string;
  key: string;
  match: string;
  gather: string;
  keep: string;
  resumeKey: string;
}) => `
          ${startScan(String(WALK_FIRST))}
          ${scan({ after: o.after, by: o.by, key: o.key, match: o.match, score: '0::numeric' })}
          if cardinality(v_ids) < p_limit and not v_dry then
            -- Counted without the cursor, so that this reads at most p_cap + 1 rows however deep
            -- the page: all of them when they are few, and then the cursor applies.
            select coalesce(array_agg(t.id), '{}') into v_found_ids
            from (select o.id from organisation o where ${o.gather} limit p_cap + 1) t;
            if cardinality(v_found_ids) <= p_cap then
              ${keepGathered(o.keep, o.by)}
            else
              ${startScan('v_budget')}
              ${scan({ after: o.after, by: o.by, key: o.key, match: o.match, score: '0::numeric' })}
              if cardinality(v_ids) < p_limit and not v_dry then
                v_resume := json_build_object('score', '0', 'key', ${o.resumeKey}, 'id', v_id);
              end if;
            end if;
          end if;`;

const PAGE_FUNCTION = `
  create function keurmerk_name_search_page(p_qc text, p_words text[], p_substrings boolean, p_by_score boolean,
    p_after_score numeric, p_after_key text, p_after_id integer, p_limit integer,
    p_country text default null, p_sector text default null, p_outsourced boolean default null,
    p_scheme text default null, p_status text default null, p_now timestamptz default now(),
    p_cap integer default ${GATHER_CAP}, p_budget integer default ${READ_BUDGET})
  returns json
  language plpgsql stable ${NAME_SETTINGS}
      set max_parallel_workers_per_gather = 0
  as $$
  #variable_conflict use_column
  declare
    v_tsq tsquery := ${PREFIX_TSQUERY};
    v_names text[];
    v_name_scores numeric[];
    v_score numeric;
    v_ids integer[] := '{}';
    v_scores numeric[] := '{}';
    v_more integer[];
    v_found_ids integer[];
    v_chunk_ids integer[];
    v_chunk_keys text[];
    v_chunk_hits boolean[];
    v_asked integer;
    v_quota integer;
    v_step integer;
    v_dry boolean;
    v_key text := '';
    v_id integer := 0;
    v_budget integer := p_budget;
    v_resume json;
  begin
    select coalesce(array_agg(n.compact order by n.score desc, n.compact), '{}'),
      coalesce(array_agg(n.score order by n.score desc, n.compact), '{}')
    into v_names, v_name_scores
    from (${CANDIDATE_NAMES}) n;
    if p_by_score then
      -- 1. Names that look like the query, name by name from the cursor on, each by id.
      if p_after_score is null or p_after_score > 0 then
        for i in 1 .. cardinality(v_names) loop
          continue when p_after_score is not null and (v_name_scores[i] > p_after_score
            or (v_name_scores[i] = p_after_score and v_names[i] < p_after_key));
          v_key := v_names[i];
          v_score := v_name_scores[i];
          v_id := case when v_score = p_after_score and v_key = p_after_key then p_after_id else 0 end;
          if v_budget <= 0 then
            v_resume := json_build_object('score', v_score::text, 'key', v_key, 'id', v_id);
            exit;
          end if;
          ${startScan('v_budget')}
          ${scan({ after: 'o.search_compact = v_key and o.id > v_id', by: 'o.id', key: 'v_key', match: 'true', score: 'v_score' })}
          exit when cardinality(v_ids) >= p_limit;
          if not v_dry then
            v_resume := json_build_object('score', v_score::text, 'key', v_key, 'id', v_id);
            exit;
          end if;
        end loop;
        v_key := '';
        v_id := 0;
      else
        v_key := p_after_key;
        v_id := p_after_id;
      end if;
      -- 2. Organisations only the words match, score 0, by id (the order they joined the registry).
      if v_resume is null and cardinality(v_ids) < p_limit and v_tsq is not null then
        ${wordMatches({
          after: 'o.id > v_id',
          by: 'o.id',
          key: `''::text`,
          match: `(${WORDS('c.search_tsv')} and not ${looksLike('c.search_compact')})`,
          gather: WORDS('o.search_tsv'),
          keep: `o.id > v_id and not ${looksLike('o.search_compact')}`,
          resumeKey: `''`,
        })}
      end if;
    else
      -- Sorted by name: every match by (legal_name, id), gathered while few, walked when many.
      if p_after_key is not null then
        v_key := p_after_key;
        v_id := p_after_id;
      end if;
      -- A hashed lookup of the names: they may be thousands, and every entry walked is tested.
      ${wordMatches({
        after: '(o.legal_name, o.id) > (v_key, v_id)',
        by: 'o.legal_name, o.id',
        key: 'o.legal_name',
        match: `(c.search_compact in (select unnest(v_names)) or coalesce(${WORDS('c.search_tsv')}, false))`,
        gather: `o.search_compact = any(v_names) or ${WORDS('o.search_tsv')}`,
        keep: '(o.legal_name, o.id) > (v_key, v_id)',
        resumeKey: 'v_key',
      })}
    end if;
    -- The page's organisations and, in one lookup, their certifications, as one JSON value;
    -- resume: where the next page starts when the read budget ended this one early.
    return json_build_object('resume', v_resume, 'rows', (
      select coalesce(json_agg(json_build_object(
          'id', o.id, 'slug', o.slug, 'legal_name', o.legal_name, 'trade_names', o.trade_names,
          'country', o.country, 'registry_id', o.registry_id, 'city', o.city, 'sector', o.sector,
          'is_outsourced_contact_centre', o.is_outsourced_contact_centre, 'score', p.score::text,
          'sort_key', case when p.score > 0 then o.search_compact else '' end,
          'certifications', coalesce(c.certifications, '[]'::json)) order by p.n), '[]'::json)
      from unnest(v_ids, v_scores) with ordinality as p(id, score, n)
      join organisation o on o.id = p.id
      left join (
        select c.organisation_id, json_agg(json_build_object(
            'public_id', c.public_id, 'status', c.status, 'assurance_level', c.assurance_level,
            'valid_from', c.valid_from, 'valid_until', c.valid_until, 'slug', s.slug, 'name', s.name)
            order by c.id) as certifications
        from certification c join scheme s on s.id = c.scheme_id
        where c.organisation_id = any(v_ids)
        group by c.organisation_id
      ) c on c.organisation_id = p.id));
  end
  $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    create index organisation_search_compact_order on organisation (search_compact, id);
    drop index organisation_search_compact;
    alter table organisation add column search_tsv tsvector
      generated always as (to_tsvector('simple', keurmerk_search_words(legal_name, trade_names, city))) stored;
    create index organisation_search_tsv on organisation using gin (search_tsv) with (fastupdate = off);
    drop index organisation_search_fts;
    drop function keurmerk_name_page(text, text[], boolean, boolean, numeric, text, integer, integer);
    drop function keurmerk_name_matches(text, text[], boolean);
  `,
  );
  await sql.raw(PAGE_FUNCTION).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop function keurmerk_name_search_page(text, text[], boolean, boolean, numeric, text, integer, integer,
      text, text, boolean, text, text, timestamptz, integer, integer);
    create index organisation_search_fts on organisation using gin (to_tsvector('simple', search_words))
      with (fastupdate = off);
    alter table organisation drop column search_tsv;
    create index organisation_search_compact on organisation (search_compact);
    drop index organisation_search_compact_order;
  `,
  );
  await sql.raw(NAME_MATCHES_FUNCTION).execute(db);
  await sql.raw(NAME_PAGE_FUNCTION).execute(db);
}
