import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { createOrganisation } from '../../../../db/organisation/organisations.ts';
import { createCertification, grant, revoke, suspend } from '../../../../db/certification/transitions.ts';
import { searchOrganisations, listSectors } from '../../../../db/organisation/search/search.ts';
import { parseSearchParams } from '../../../../db/organisation/search/params.ts';
import { belgianCheckDigits } from '../../../../db/values/national-id.ts';
import { KeurmerkError } from '../../../../db/errors.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const search = async (db: TestDatabase, query: string) =>
  searchOrganisations(db.db, parseSearchParams(new URLSearchParams(query)), NOW);

describe.each(DIALECTS)('organisation search on %s', (kind) => {
  let db: TestDatabase;
  const kbo = `0${'4031234'.padStart(7, '0')}`;
  const kboFull = kbo + belgianCheckDigits(kbo);
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const ksf = await db.db
      .selectFrom('scheme')
      .select('id')
      .where('slug', '=', 'ksf-service-promises')
      .executeTakeFirstOrThrow();
    const hc = await db.db
      .selectFrom('scheme')
      .select('id')
      .where('slug', '=', 'happy-customer')
      .executeTakeFirstOrThrow();
    const org = await createOrganisation(db.db, {
      legalName: 'Klantenservice B.V.',
      tradeNames: ['Servicepunt Noord'],
      country: 'NL',
      registryId: '12345678',
      city: 'Groningen',
      website: 'https://www.klantenservice-bv.nl',
      sector: 'Energie',
      channels: [{ kind: 'phone', value: '+31201000005' }],
    });
    const cert = await createCertification(db.db, {
      organisationId: org.id,
      schemeId: ksf.id,
      assuranceLevel: 'self_declared',
      actor: 't',
      reason: 'apply',
      now: new Date('2026-01-01'),
    });
    await grant(db.db, cert.public_id, { actor: 't', reason: 'ok', now: new Date('2026-01-02') });
    const be = await createOrganisation(db.db, {
      legalName: 'Société Générale de Café SA',
      country: 'BE',
      registryId: kboFull,
      city: 'Liège',
      website: 'cafe.be',
      sector: 'Horeca',
      isOutsourcedContactCentre: true,
      channels: [{ kind: 'phone', value: '+3221000005' }],
    });
    const c2 = await createCertification(db.db, {
      organisationId: be.id,
      schemeId: hc.id,
      assuranceLevel: 'audited',
      actor: 't',
      reason: 'apply',
      now: new Date('2025-01-01'),
    });
    await grant(db.db, c2.public_id, { actor: 't', reason: 'ok', now: new Date('2025-01-02') });
    await suspend(db.db, c2.public_id, { actor: 't', reason: 'complaints', now: new Date('2025-03-01') });
    for (let i = 0; i < 25; i++) {
      const shop = await createOrganisation(db.db, {
        legalName: `Webwinkel Nummer ${String(i).padStart(2, '0')} B.V.`,
        country: 'NL',
        registryId: String(30000000 + i),
        city: 'Utrecht',
      });
      // An organisation is public from its first decision (issue 18): each shop holds one, a
      // revoked certification (so the status filters below still find only the two above).
      const c = await createCertification(db.db, {
        organisationId: shop.id,
        schemeId: ksf.id,
        assuranceLevel: 'self_declared',
        actor: 't',
        reason: 'apply',
        now: new Date('2026-01-01'),
      });
      await grant(db.db, c.public_id, { actor: 't', reason: 'ok', now: new Date('2026-01-02') });
      await revoke(db.db, c.public_id, { actor: 't', reason: 'closed', now: new Date('2026-01-03') });
    }
    // Only an application: not public, so never found.
    const applicant = await createOrganisation(db.db, {
      legalName: 'Webwinkel Aanvrager B.V.',
      country: 'NL',
      registryId: '39999999',
      city: 'Utrecht',
    });
    await createCertification(db.db, {
      organisationId: applicant.id,
      schemeId: ksf.id,
      assuranceLevel: 'self_declared',
      actor: 't',
      reason: 'apply',
      now: new Date('2026-01-01'),
    });
  });
  afterAll(() => db?.close());

  it('finds a misspelt name: "klanten servis bv" finds "Klantenservice B.V."', async () => {
    const result = await search(db, 'q=klanten+servis+bv');
    expect(result.matchedBy).toBe('name');
    expect(result.hits[0]?.legalName).toBe('Klantenservice B.V.');
  });

  it('finds by trade name, accents folded, and by city', async () => {
    expect((await search(db, 'q=servicepunt')).hits[0]?.legalName).toBe('Klantenservice B.V.');
    expect((await search(db, 'q=societe+generale+cafe')).hits[0]?.legalName).toBe(
      'Société Générale de Café SA',
    );
    expect((await search(db, 'q=liege')).hits.map((h) => h.city)).toContain('Liège');
  });

  it('finds by KvK and KBO numbers in any common spelling', async () => {
    for (const q of ['12345678', 'KvK 1234 5678', '12.34.56.78']) {
      const r = await search(db, `q=${encodeURIComponent(q)}`);
      expect(r.matchedBy, q).toBe('registry_id');
      expect(r.hits.map((h) => h.legalName)).toEqual(['Klantenservice B.V.']);
    }
    const dotted = `${kboFull.slice(0, 4)}.${kboFull.slice(4, 7)}.${kboFull.slice(7)}`;
    for (const q of [kboFull, dotted, `BE ${kboFull}`, kboFull.slice(1)]) {
      const r = await search(db, `q=${encodeURIComponent(q)}`);
      expect(
        r.hits.map((h) => h.registryId),
        q,
      ).toEqual([kboFull]);
    }
  });

  it('finds by domain, URL and e-mail address', async () => {
    for (const q of [
      'klantenservice-bv.nl',
      'https://www.klantenservice-bv.nl/contact',
      'WWW.Klantenservice-BV.nl',
    ]) {
      const r = await search(db, `q=${encodeURIComponent(q)}`);
      expect(r.matchedBy, q).toBe('domain');
      expect(r.hits.map((h) => h.legalName)).toEqual(['Klantenservice B.V.']);
    }
  });

  it('finds by phone number in national and international spelling', async () => {
    for (const q of ['020 100 0005', '+31 20 1000005', '0031201000005']) {
      const r = await search(db, `q=${encodeURIComponent(q)}`);
      expect(r.matchedBy, q).toBe('phone');
      expect(r.hits.map((h) => h.legalName)).toEqual(['Klantenservice B.V.']);
    }
    expect((await search(db, 'q=02+100+00+05')).hits.map((h) => h.country)).toEqual(['BE']);
  });

  it('filters on scheme, effective status, country, sector and outsourcing', async () => {
    expect((await search(db, 'status=active')).hits.map((h) => h.legalName)).toEqual(['Klantenservice B.V.']);
    // Suspended on 2025-03-01 with validity until 2026-01-02: at NOW it is expired, not suspended.
    expect((await search(db, 'status=suspended')).hits).toEqual([]);
    expect((await search(db, 'status=expired')).hits.map((h) => h.country)).toEqual(['BE']);
    expect((await search(db, 'scheme=happy-customer')).hits.map((h) => h.country)).toEqual(['BE']);
    expect((await search(db, 'country=BE')).hits).toHaveLength(1);
    expect((await search(db, 'sector=Energie')).hits).toHaveLength(1);
    expect((await search(db, 'outsourced=true')).hits.map((h) => h.country)).toEqual(['BE']);
    const hit = (await search(db, 'q=12345678')).hits[0]!;
    expect(hit.certifications).toMatchObject([
      { schemeSlug: 'ksf-service-promises', status: 'active', assuranceLevel: 'self_declared' },
    ]);
    expect(await listSectors(db.db)).toEqual(['Energie', 'Horeca']);
  });

  it('filters a name search exactly as it filters the registry', async () => {
    type Hit = Awaited<ReturnType<typeof search>>['hits'][number];
    const filters: Array<[string, (hit: Hit) => boolean]> = [
      ['status=active', (h) => h.certifications.some((c) => c.status === 'active')],
      ['status=expired', (h) => h.certifications.some((c) => c.status === 'expired')],
      ['status=revoked', (h) => h.certifications.some((c) => c.status === 'revoked')],
      ['status=suspended', (h) => h.certifications.some((c) => c.status === 'suspended')],
      ['scheme=happy-customer', (h) => h.certifications.some((c) => c.schemeSlug === 'happy-customer')],
      [
        'scheme=ksf-service-promises&status=revoked',
        (h) =>
          h.certifications.some((c) => c.schemeSlug === 'ksf-service-promises' && c.status === 'revoked'),
      ],
      ['country=BE', (h) => h.country === 'BE'],
      ['country=NL', (h) => h.country === 'NL'],
      ['sector=Energie', (h) => h.sector === 'Energie'],
      ['outsourced=true', (h) => h.outsourced],
      ['outsourced=false', (h) => !h.outsourced],
    ];
    let kept = 0;
    for (const q of [
      'b',
      'webwinkel',
      'klantenservice',
      'cafe',
      'groningen',
      'liege',
      'utrecht',
      'nummer+07',
    ]) {
      for (const sort of ['', '&sort=name']) {
        const all = (await search(db, `q=${q}${sort}&limit=100`)).hits;
        expect(all.length, q).toBeGreaterThan(0);
        for (const [filter, passes] of filters) {
          const filtered = (await search(db, `q=${q}${sort}&${filter}&limit=100`)).hits;
          expect(
            filtered.map((h) => h.slug),
            `${q}${sort} ${filter}`,
          ).toEqual(all.filter(passes).map((h) => h.slug));
          kept += filtered.length;
        }
      }
    }
    expect(kept).toBeGreaterThan(0);
  });

  it('pages with cursors without gaps or repeats, by name and by relevance', async () => {
    for (const base of ['q=webwinkel&limit=7', 'limit=7', 'q=webwinkel&sort=name&limit=7']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const r: Awaited<ReturnType<typeof search>> = await search(
          db,
          `${base}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...r.hits.map((h) => h.slug));
        cursor = r.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(new Set(seen).size, base).toBe(seen.length);
      expect(
        seen.some((slug) => slug.includes('aanvrager')),
        base,
      ).toBe(false);
      expect(seen.length, base).toBe(base.startsWith('limit') ? 27 : 25);
    }
  });

  it('rejects bad input with a ValidationError, never a database error', async () => {
    for (const q of [
      'status=gone',
      'country=DE',
      'limit=0',
      'limit=1000',
      `q=${'x'.repeat(201)}`,
      'cursor=%24%24',
      'cursor=bm9wZQ',
    ]) {
      await expect(search(db, q), q).rejects.toBeInstanceOf(KeurmerkError);
    }
    expect((await search(db, 'q=%25%25%27%3B--')).hits).toEqual([]);
  });
});
