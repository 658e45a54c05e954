import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import type { Database } from '../../../../db/schema/database.ts';
import { createOrganisation } from '../../../../db/organisation/organisations.ts';
import { createCertification, grant } from '../../../../db/certification/transitions.ts';
import { searchOrganisations } from '../../../../db/organisation/search/search.ts';
import { parseSearchParams } from '../../../../db/organisation/search/params.ts';
import { organisationPage } from '../../../../db/organisation/page.ts';
import { grantedFor } from '../../../helpers/certification-fixture.ts';

// Behaviour behind the search speed work (migration 2026-11-23T0300): the plans use the indexes
// they were built for, the dictionaries follow the organisations, and the fast path for searches
// without filters answers exactly what the general path does. Speed itself is measured by
// tests/bench/search.ts, not here.

const NOW = new Date('2026-06-01T12:00:00Z');
const search = (db: Kysely<Database>, query: string) =>
  searchOrganisations(db, parseSearchParams(new URLSearchParams(query)), NOW);

/** The plan of a statement run with the settings keurmerk_name_matches() runs with. */
async function planWithNameSettings(db: Kysely<Database>, statement: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('pg_trgm.similarity_threshold', '0.5', true),
      set_config('pg_trgm.word_similarity_threshold', '0.6', true),
      set_config('enable_seqscan', 'off', true)`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${sql.raw(statement)}`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

describe.each(DIALECTS)('search speed structures on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    const ksf = await h.db
      .selectFrom('scheme')
      .select('id')
      .where('slug', '=', 'ksf-service-promises')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 36; i++) {
      const org = await createOrganisation(h.db, {
        legalName: `Quokkadienst ${String(i).padStart(2, '0')} B.V.`,
        tradeNames: [`Quokka${String(i).padStart(2, '0')}`],
        country: 'NL',
        registryId: String(40000000 + i),
        city: i % 2 === 0 ? 'Zwolle' : 'Deventer',
      });
      // Every organisation is decided (granted): one with only an application would be private.
      const cert = await createCertification(h.db, {
        organisationId: org.id,
        schemeId: ksf.id,
        assuranceLevel: 'self_declared',
        actor: 't',
        reason: 'apply',
        now: new Date('2026-01-01'),
      });
      await grant(h.db, cert.public_id, { actor: 't', reason: 'ok', now: new Date('2026-01-02') });
    }
  });
  afterAll(() => h?.close());

  it('looks names up in the trigram index of the name dictionary, never by scanning it', async () => {
    const plan = await planWithNameSettings(
      h.db,
      `select compact from organisation_search_name where compact % 'quokadienst' or compact %> 'quokadienst'`,
    );
    expect(plan).toContain('organisation_search_name_trgm');
    expect(plan).not.toMatch(/Seq Scan|organisation_search_name_key/);
  });

  it('joins names back to organisations through the b-tree on search_compact', async () => {
    const plan = await planWithNameSettings(
      h.db,
      `select id from organisation where search_compact = any(array['quokkadienst00bvquokka00'])`,
    );
    expect(plan).toContain('organisation_search_compact');
  });

  it('completes prefixes from the word dictionary by a b-tree range', async () => {
    const plan = await planWithNameSettings(
      h.db,
      `select word from organisation_search_word where word >= ('quok' collate "C") and word < (('quok' || chr(1114111)) collate "C")`,
    );
    expect(plan).toContain('organisation_search_word_pkey');
  });

  it('keeps no GIN pending list on the full-text index', async () => {
    const { rows } = await sql<{ options: string[] | null }>`
      select reloptions as options from pg_class where relname = 'organisation_search_tsv'`.execute(h.db);
    expect(rows[0]?.options).toContain('fastupdate=off');
  });

  it('fills the dictionaries from inserted and renamed organisations', async () => {
    const names = await sql<{ compact: string }>`
      select compact from organisation_search_name where compact like 'quokkadienst%'`.execute(h.db);
    expect(names.rows).toHaveLength(36);
    const words = await sql<{ word: string }>`
      select word from organisation_search_word where word in ('quokkadienst', 'zwolle', 'deventer')`.execute(
      h.db,
    );
    expect(words.rows.map((r) => r.word).sort()).toEqual(['deventer', 'quokkadienst', 'zwolle']);
    await sql`update organisation set legal_name = 'Wombatwinkel Achttien B.V.' where registry_id = '40000018'`.execute(
      h.db,
    );
    const renamed = await search(h.db, 'q=wombatwinkel+achtien');
    expect(renamed.hits.map((hit) => hit.registryId)).toEqual(['40000018']);
  });

  it('finds every organisation under a prefix with more completions than are spelt out', async () => {
    // "quokka" completes to 37 words (quokka00..quokka35 and quokkadienst): more than the 32 that
    // are spelt out, so the full-text index gets the prefix itself; each odd one is in Deventer.
    const found = new Set<string>();
    let cursor: string | null = null;
    do {
      const r: Awaited<ReturnType<typeof search>> = await search(
        h.db,
        `q=quokka+deventer&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const hit of r.hits) found.add(hit.registryId);
      cursor = r.nextCursor;
    } while (cursor);
    const odd = Array.from({ length: 18 }, (_, i) => String(40000001 + 2 * i));
    expect(odd.filter((id) => !found.has(id))).toEqual([]);
  });

  it('answers a name search with a filter that excludes nothing exactly as without it', async () => {
    for (const query of [
      'q=quokkadienst',
      'q=quokkadienst&sort=name',
      'q=quokka+zwolle',
      'q=quokadienst+13+bv',
      'q=zwolle',
      'q=b',
      'q=b&sort=name',
    ]) {
      const pages = async (extra: string) => {
        const out: unknown[] = [];
        let cursor: string | null = null;
        do {
          const r: Awaited<ReturnType<typeof search>> = await search(
            h.db,
            `${query}&limit=4${extra}${cursor ? `&cursor=${cursor}` : ''}`,
          );
          out.push({ hits: r.hits, matchedBy: r.matchedBy, nextCursor: r.nextCursor });
          cursor = r.nextCursor;
        } while (cursor);
        return out;
      };
      // country=NL excludes nothing here (every organisation is Dutch): the filter must not change a page.
      expect(await pages(''), query).toEqual(await pages('&country=NL'));
    }
  });

  it('puts names that look like the query first, then organisations only its words match', async () => {
    const org = await createOrganisation(h.db, {
      legalName: 'Zwolle Klantcontact B.V.',
      country: 'NL',
      registryId: '40000099',
      city: 'Deventer',
    });
    await grantedFor(h.db, org.slug, 'ksf-service-promises', { at: new Date('2026-01-02') });
    // "zwolle": a name that starts with it, then the organisations in Zwolle, which only the words
    // of the query match, in the order they joined: the even Quokkadiensten (one renamed since).
    const r = await search(h.db, 'q=zwolle&limit=50');
    expect(r.hits.map((hit) => hit.registryId)).toEqual([
      '40000099',
      ...Array.from({ length: 18 }, (_, i) => String(40000000 + 2 * i)),
    ]);
  });

  it('walks an index in page order past the cap, resumes where its budget ends, and answers what gathering answers', async () => {
    type Row = { id: number; score: string; sort_key: string; legal_name: string };
    type Page = { rows: Row[]; resume: { score: string; key: string; id: number } | null };
    // Pages through keurmerk_name_search_page() itself, with the cursor the application builds.
    const walk = async (
      qc: string,
      words: string[],
      byScore: boolean,
      cap: number,
      budget: number,
      scheme: string | null = null,
    ) => {
      const ids: number[] = [];
      let after: { score: string; key: string; id: number } | null = null;
      let resumes = 0;
      for (let pages = 0; pages < 400; pages++) {
        const { rows } = await sql<{ page: Page | string }>`select keurmerk_name_search_page(${qc},
          ${words}::text[], ${qc.length >= 3 && qc.length <= 8}, ${byScore}, ${after?.score ?? null}::numeric,
          ${after?.key ?? null}::text, ${after?.id ?? null}::int, 5, p_scheme => ${scheme}::text, p_cap => ${cap}, p_budget => ${budget}) as page`.execute(
          h.db,
        );
        const raw = rows[0]!.page;
        const page: Page = typeof raw === 'string' ? JSON.parse(raw) : raw;
        ids.push(...page.rows.map((row) => row.id));
        const last = page.rows.at(-1);
        if (page.resume) {
          resumes++;
          after = page.resume;
        } else if (page.rows.length === 5 && last) {
          after = { score: last.score, key: byScore ? last.sort_key : last.legal_name, id: last.id };
        } else return { ids, resumes };
      }
      throw new Error('more than 400 pages');
    };
    for (const [qc, words] of [
      ['zwolle', ['zwolle']],
      ['b', ['b']],
      ['quokka', ['quokka']],
      ['quokkadienst13', ['quokkadienst', '13']],
      ['quokadienst', ['quokadienst']],
    ] as Array<[string, string[]]>) {
      for (const byScore of [true, false]) {
        const label = `${qc}, by score ${byScore}`;
        const gathered = await walk(qc, words, byScore, 5000, 5000);
        expect(gathered.ids.length, label).toBeGreaterThan(0);
        expect(gathered.resumes, label).toBe(0);
        expect(new Set(gathered.ids).size, label).toBe(gathered.ids.length);
        expect((await walk(qc, words, byScore, 2, 5000)).ids, `${label}, walked`).toEqual(gathered.ids);
        const short = await walk(qc, words, byScore, 2, 3);
        expect(short.ids, `${label}, walked 3 entries a page`).toEqual(gathered.ids);
        expect(short.resumes, label).toBeGreaterThan(0);
        // Every organisation here holds a KSF certification, none a Happy Customer one.
        const ksf = await walk(qc, words, byScore, 2, 3, 'ksf-service-promises');
        expect(ksf.ids, `${label}, KSF`).toEqual(gathered.ids);
        for (const [cap, budget] of [
          [5000, 5000],
          [2, 5000],
          [2, 3],
        ] as const)
          expect((await walk(qc, words, byScore, cap, budget, 'happy-customer')).ids, label).toEqual([]);
      }
    }
  });

  it('gives the organisation page from one function call, with certifications, criteria and history', async () => {
    const page = await organisationPage(h.db, 'quokkadienst-03-b-v-40000003', NOW);
    expect(page?.organisation.legal_name).toBe('Quokkadienst 03 B.V.');
    expect(page?.certifications).toHaveLength(1);
    const cert = page!.certifications[0]!;
    expect(cert.status).toBe('active');
    expect(cert.validFrom).toBeInstanceOf(Date);
    expect(cert.criteria.length).toBeGreaterThan(0);
    // The application's opening ('created') is private: the public history starts at the grant.
    expect(cert.history.map((e) => e.kind)).toEqual(['granted']);
    expect(cert.history[0]!.occurredAt).toEqual(new Date('2026-01-02'));
  });
});

describe.each(DIALECTS)('a broad search on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
    // 5,100 organisations in Veendam that are not public (no decision yet), then one that is: more
    // word matches than are gathered, and more entries before the public one than a page may read.
    await sql`insert into organisation (slug, legal_name, country, registry_id, city)
      select 'aanvrager-' || i, 'Aanvrager ' || i || ' B.V.', 'NL', (50000000 + i)::text, 'Veendam'
      from generate_series(1, 5100) as i`.execute(h.db);
    const org = await createOrganisation(h.db, {
      legalName: 'Noordelijke Klantcontacten B.V.',
      country: 'NL',
      registryId: '59999999',
      city: 'Veendam',
    });
    await grantedFor(h.db, org.slug, 'ksf-service-promises', { at: new Date('2026-01-02') });
  });
  afterAll(() => h?.close());

  it('walks a long way in growing steps without overflowing them', async () => {
    // A huge page and budget and a filter that keeps nobody: the walk goes through all 5,101
    // organisations in steps that start at twice the page and stop growing at the chunk size.
    const { rows } = await sql<{ page: { rows: unknown[]; resume: unknown } | string }>`
      select keurmerk_name_search_page('veendam', array['veendam']::text[], true, true, null, null, null, 100000,
        p_scheme => 'happy-customer', p_cap => 2, p_budget => 100000) as page`.execute(h.db);
    const raw = rows[0]!.page;
    const page = typeof raw === 'string' ? JSON.parse(raw) : raw;
    expect(page).toEqual({ rows: [], resume: null });
  });

  it('ends a page early with a next cursor when its read budget runs out, and finds the match further on', async () => {
    for (const sort of ['', '&sort=name']) {
      const first = await search(h.db, `q=veendam${sort}`);
      expect(first.hits, sort).toEqual([]);
      expect(first.nextCursor, sort).not.toBeNull();
      const found: string[] = [];
      let cursor = first.nextCursor;
      for (let pages = 0; cursor && pages < 10; pages++) {
        const r: Awaited<ReturnType<typeof search>> = await search(h.db, `q=veendam${sort}&cursor=${cursor}`);
        found.push(...r.hits.map((hit) => hit.registryId));
        cursor = r.nextCursor;
      }
      expect(found, sort).toEqual(['59999999']);
      expect(cursor, sort).toBeNull();
    }
  });
});
