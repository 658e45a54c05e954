import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Search and organisation-page speed at 100,000 organisations (issue 5, "Speed"). Typed
// Kysely<any> like every migration.
//
// 1. GIN pending lists. A GIN index with fastupdate (the default) queues new entries in an unsorted
//    pending list that only VACUUM merges; PGlite never runs autovacuum, so after a bulk load every
//    full-text search read the whole list sequentially. fastupdate is off and the list merged here.
// 2. Name dictionary. Fuzzy name matching only depends on the compact name, and many organisations
//    share one: the trigram index now covers the distinct compact names (organisation_search_name),
//    and matches come back to organisations through a b-tree on search_compact. It replaces
//    organisation_search_trgm, whose posting lists held every organisation (and its 4 MB pending
//    list) and cost 10-40 ms per search at 100,000 organisations.
// 3. Word dictionary. A prefix query ("bv:*") makes GIN gather every word with that prefix before it
//    can intersect; completing each prefix to the words that exist (organisation_search_word, a
//    b-tree range) lets the full-text index look up exact words, and skips it when some word has no
//    completion at all.
//    Both dictionaries are append-only sets filled by statement triggers on organisation: a name or
//    word that no organisation uses any more costs a row, and finds no organisation.
// 4. Functions with kept plans. plpgsql keeps its plans for the session; parsing and planning the
//    name search and the organisation page cost PGlite (and its file system layer, which is asked for
//    the size of every table and index a plan touches) more than running them. db/organisation/search/search.ts and
//    db/organisation/page.ts call keurmerk_name_page() (a search without filters, the common case),
//    keurmerk_name_matches() (every match, for the caller to filter and page) and
//    keurmerk_organisation_page(). Their plans are generic (plan_cache_mode): left to choose, the
//    plan cache re-plans a statement whose generic cost looks high on every call, which is the cost
//    this avoids. jit is off in them: without statistics (PGlite never analyses) the planner's
//    guesses multiply to costs at which PostgreSQL would JIT-compile a query of a millisecond for
//    half a second.

// A name query q (p_qc: compact, letters and digits; p_words: its folded words) matches
//  - names whose trigram similarity to q is at least 0.5, or whose word similarity (q against the
//    closest stretch of the name) is at least 0.6: "klantenservisbv" finds
//    "klantenservicebvservicepuntnoord" (0.375 and 0.75);
//  - names containing q, when p_substrings (the caller asks for short queries);
//  - names and city whose words start with each word of q (prefix full-text search).
// Relevance ranks a compact name, so it is computed once per name (keurmerk_name_score). The
// functions fix the thresholds, whatever the session has, and turn off sequential scans, which the
// planner picks for a small dictionary and which then compute similarity for every name. The SQL
// below is shared by the functions as text (nested function calls, with their settings, cost more).

export const NAME_SETTINGS = `
      set search_path from current
      set pg_trgm.similarity_threshold = 0.5
      set pg_trgm.word_similarity_threshold = 0.6
      set enable_seqscan = off
      set plan_cache_mode = force_generic_plan
      set jit = off`;

/** The candidate names with their scores (columns compact, score). */
export const CANDIDATE_NAMES = `
  select d.compact, keurmerk_name_score(d.compact, p_qc) as score from (
    select d.compact from organisation_search_name d where d.compact % p_qc or d.compact %> p_qc
    union
    select d.compact from organisation_search_name d where p_substrings and d.compact like '%' || p_qc || '%'
  ) d`;

/**
 * The prefix full-text query: each word completed to the words that exist, as ('a' | 'b'), or left
 * as a prefix 'w':* when it has more than 32 completions; NULL (matches nothing) when some word has
 * none.
 */
export const PREFIX_TSQUERY = `(
  select case when count(c.alts) = count(*) then string_agg(c.alts, ' & ' order by c.i)::tsquery end
  from (
    select q.i, case
        when count(x.word) > 32 then '''' || q.w || ''':*'
        when count(x.word) > 0 then '(' || string_agg('''' || replace(replace(x.word, chr(92), chr(92) || chr(92)),
          chr(39), chr(39) || chr(39)) || '''', ' | ') || ')'
      end as alts
    from unnest(p_words) with ordinality as q(w, i)
    left join lateral (
      select d.word from organisation_search_word d
      where d.word >= (q.w collate "C") and d.word < ((q.w || chr(1114111)) collate "C")
      order by d.word limit 33
    ) x on true
    group by q.i, q.w
  ) c)`;

/** Every organisation a name query matches, with its score; v_tsq is PREFIX_TSQUERY. */
const ALL_MATCHES = `
  with hits as materialized (
    select o.id, o.slug, o.legal_name, o.trade_names, o.country, o.registry_id, o.city, o.sector,
      o.is_outsourced_contact_centre, o.search_compact
    from organisation o
    where o.search_compact = any(array(select n.compact from (${CANDIDATE_NAMES}) n))
      or to_tsvector('simple', o.search_words) @@ v_tsq
  ), scores as materialized (
    select d.c, keurmerk_name_score(d.c, p_qc) as score from (select distinct h.search_compact as c from hits h) d
  )
  select h.id, h.slug, h.legal_name, h.trade_names, h.country, h.registry_id, h.city, h.sector,
    h.is_outsourced_contact_centre, s.score
  from hits h join scores s on s.c = h.search_compact`;

export const NAME_COLUMNS = `id integer, slug text, legal_name text, trade_names text[], country text,
        registry_id text, city text, sector text, is_outsourced_contact_centre boolean, score numeric`;

/** Every match, for callers that filter, order and page themselves (searches with filters). */
export const NAME_MATCHES_FUNCTION = `
  create function keurmerk_name_matches(p_qc text, p_words text[], p_substrings boolean)
  returns table (${NAME_COLUMNS})
  language plpgsql stable rows 200 ${NAME_SETTINGS}
  as $$
  #variable_conflict use_column
  declare
    v_tsq tsquery := ${PREFIX_TSQUERY};
  begin
    return query ${ALL_MATCHES};
  end
  $$`;

/**
 * A page (p_limit rows after the keyset cursor) of a name query without filters, the common case,
 * in the order of db/organisation/search/search.ts: score, name, id (or name, id when not p_by_score), with the
 * certifications in the shape of certificationsJson() in db/certification/summaries.ts. When only
 * trigram names can match (some word of the query completes to nothing, as with a typo), names are
 * taken a score at a time, best first, until the page is full: a misspelt common name reads a
 * page of organisations instead of every one that bears it.
 */
export const NAME_PAGE_FUNCTION = `
  create function keurmerk_name_page(p_qc text, p_words text[], p_substrings boolean, p_by_score boolean,
    p_after_score numeric, p_after_name text, p_after_id integer, p_limit integer)
  returns json
  language plpgsql stable ${NAME_SETTINGS}
  as $$
  #variable_conflict use_column
  declare
    v_tsq tsquery := ${PREFIX_TSQUERY};
    v_group record;
    v_ids integer[] := '{}';
    v_scores numeric[] := '{}';
    v_more integer[];
  begin
    if not p_by_score or v_tsq is not null then
      select coalesce(array_agg(t.id order by t.score desc, t.legal_name, t.id), '{}'),
        coalesce(array_agg(t.score order by t.score desc, t.legal_name, t.id), '{}')
      into v_ids, v_scores
      from (
        select t.id, t.legal_name, t.score from (
          select m.id, m.legal_name, case when p_by_score then m.score else 0 end as score
          from (${ALL_MATCHES}) m
        ) t
        where p_after_name is null
          or (t.score < p_after_score or (t.score = p_after_score and (t.legal_name, t.id) > (p_after_name, p_after_id)))
        order by t.score desc, t.legal_name, t.id
        limit p_limit
      ) t;
    else
      for v_group in
        select n.score, array_agg(n.compact) as compacts from (${CANDIDATE_NAMES}) n
        where p_after_name is null or n.score <= p_after_score
        group by n.score
        order by n.score desc
      loop
        select coalesce(array_agg(t.id order by t.legal_name, t.id), '{}') into v_more
        from (
          select t.id, t.legal_name from (
            -- offset 0 keeps this a lookup by name: merged with the order and limit below, the
            -- planner (guessing without statistics) walks every organisation in name order instead.
            select o.id, o.legal_name from organisation o where o.search_compact = any(v_group.compacts) offset 0
          ) t
          where p_after_name is null or v_group.score < p_after_score
            or (t.legal_name, t.id) > (p_after_name, p_after_id)
          order by t.legal_name, t.id
          limit p_limit - cardinality(v_ids)
        ) t;
        v_ids := v_ids || v_more;
        v_scores := v_scores || array_fill(v_group.score, array[cardinality(v_more)]);
        exit when cardinality(v_ids) >= p_limit;
      end loop;
    end if;
    -- The page's organisations and, in one lookup, their certifications, as one JSON array: one
    -- value for the client to decode rather than a dozen fields in each of twenty rows.
    return (
      select coalesce(json_agg(json_build_object(
          'id', o.id, 'slug', o.slug, 'legal_name', o.legal_name, 'trade_names', o.trade_names,
          'country', o.country, 'registry_id', o.registry_id, 'city', o.city, 'sector', o.sector,
          'is_outsourced_contact_centre', o.is_outsourced_contact_centre, 'score', p.score::text,
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
      ) c on c.organisation_id = p.id);
  end
  $$`;

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    alter index organisation_search_fts set (fastupdate = off);
    select gin_clean_pending_list('organisation_search_fts'::regclass);
    drop index organisation_search_trgm;
    create index organisation_search_compact on organisation (search_compact);

    -- Unique through a partial index that lookups by similarity never imply, so the planner cannot
    -- turn a full scan of it into a "bitmap scan" that computes similarity for every name.
    create table organisation_search_name (compact text not null);
    create unique index organisation_search_name_key on organisation_search_name (compact) where compact <> '';
    insert into organisation_search_name (compact)
      select distinct search_compact from organisation where search_compact <> '';
    create index organisation_search_name_trgm on organisation_search_name
      using gin (compact gin_trgm_ops) with (fastupdate = off);

    create table organisation_search_word (word text collate "C" primary key);
    insert into organisation_search_word (word)
      select distinct w.lexeme from organisation o, unnest(to_tsvector('simple', o.search_words)) as w;
  `,
  );
  // plpgsql bodies have semicolons at line ends, which runStatements splits on: one statement each.
  await sql
    .raw(
      `create function keurmerk_search_dictionaries() returns trigger language plpgsql
      set search_path from current
      as $$
      begin
        insert into organisation_search_name (compact)
          select distinct n.search_compact from new_rows n where n.search_compact <> '' order by 1
          on conflict (compact) where compact <> '' do nothing;
        insert into organisation_search_word (word)
          select distinct w.lexeme from new_rows n, unnest(to_tsvector('simple', n.search_words)) as w order by 1
          on conflict do nothing;
        return null;
      end
      $$`,
    )
    .execute(db);
  await runStatements(
    db,
    `
    create trigger organisation_search_dictionaries_insert after insert on organisation
      referencing new table as new_rows for each statement execute function keurmerk_search_dictionaries();
    create trigger organisation_search_dictionaries_update after update on organisation
      referencing new table as new_rows for each statement execute function keurmerk_search_dictionaries();
  `,
  );
  // keurmerk_name_score ranks a compact name for a query; an SQL expression function, inlined.
  await runStatements(
    db,
    `
    create function keurmerk_name_score(c text, q text) returns numeric language sql immutable parallel safe
      as $$ select round((greatest(similarity(c, q), word_similarity(q, c))
        + case when c like q || '%' then 0.3 else 0 end + case when c = q then 1 else 0 end)::numeric, 4) $$;
  `,
  );
  await sql.raw(NAME_MATCHES_FUNCTION).execute(db);
  await sql.raw(NAME_PAGE_FUNCTION).execute(db);
  // The public organisation page's data as one JSON value: the organisation by slug, its domains,
  // channels, and certifications with criteria results and history, each an indexed lookup.
  await sql
    .raw(
      `create function keurmerk_organisation_page(p_slug text) returns json language plpgsql stable
      set search_path from current
      set plan_cache_mode = force_generic_plan
      set jit = off
      as $$
      begin
        return (select json_build_object(
          'id', o.id, 'slug', o.slug, 'legal_name', o.legal_name, 'trade_names', o.trade_names,
          'country', o.country, 'registry_id', o.registry_id, 'city', o.city, 'website', o.website,
          'sector', o.sector, 'is_outsourced_contact_centre', o.is_outsourced_contact_centre,
          'domains', coalesce((select json_agg(d.hostname order by d.hostname)
            from organisation_domain d where d.organisation_id = o.id), '[]'::json),
          'channels', coalesce((select json_agg(json_build_object('kind', ch.kind, 'value', ch.value,
              'label', ch.label) order by ch.kind, ch.value)
            from contact_channel ch where ch.organisation_id = o.id), '[]'::json),
          'certifications', coalesce((select json_agg(json_build_object(
              'public_id', c.public_id, 'status', c.status, 'assurance_level', c.assurance_level,
              'valid_from', c.valid_from, 'valid_until', c.valid_until, 'slug', s.slug, 'name', s.name,
              'criteria', coalesce((select json_agg(json_build_object('position', k.position, 'code', k.code,
                  'title', k.title, 'result', a.result) order by k.position)
                from criterion k left join assessment a on a.certification_id = c.id and a.criterion_id = k.id
                where k.scheme_id = c.scheme_id), '[]'::json),
              'history', coalesce((select json_agg(json_build_object('kind', e.kind, 'occurred_at', e.occurred_at,
                  'reason', e.reason) order by e.occurred_at desc, e.id desc)
                from certification_event e where e.certification_id = c.id), '[]'::json)
            ) order by c.id)
            from certification c join scheme s on s.id = c.scheme_id where c.organisation_id = o.id), '[]'::json))
          from organisation o where o.slug = p_slug);
      end
      $$`,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop function keurmerk_organisation_page(text);
    drop function keurmerk_name_page(text, text[], boolean, boolean, numeric, text, integer, integer);
    drop function keurmerk_name_matches(text, text[], boolean);
    drop function keurmerk_name_score(text, text);
    drop trigger organisation_search_dictionaries_update on organisation;
    drop trigger organisation_search_dictionaries_insert on organisation;
    drop function keurmerk_search_dictionaries();
    drop table organisation_search_word;
    drop table organisation_search_name;
    drop index organisation_search_compact;
    create index organisation_search_trgm on organisation using gin (search_compact gin_trgm_ops);
    alter index organisation_search_fts reset (fastupdate);
  `,
  );
}
