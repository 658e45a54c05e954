import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { seededServer, type SeededServer } from '../../helpers/browser.ts';
import { routes } from '../../../api/routes/router.ts';
import { servedOpenApiValidator, type OpenApiValidator } from '../../helpers/openapi-validator.ts';

// The real built server on 120 demo organisations: pages, public API, open data, Atom, reports.

let site: SeededServer;
let base: string;
let openApi: OpenApiValidator;
beforeAll(async () => {
  site = await seededServer(120);
  base = site.server.url;
  openApi = await servedOpenApiValidator(base);
});
afterAll(() => site?.stop());

/** Fetches a path; every API and open-data answer is held to the served OpenAPI document. */
const get = async (path: string, init?: RequestInit) => {
  const response = await fetch(`${base}${path}`, init);
  if (/^\/(api|open-data)\//.test(path)) await openApi.check(init?.method ?? 'GET', path, response);
  return response;
};
const json = async <T>(path: string): Promise<T> => (await (await get(path)).json()) as T;

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const sep: string = path.includes('?') ? '&' : '?';
    const page: Page<T> = await json<Page<T>>(`${path}${cursor ? `${sep}cursor=${cursor}` : ''}`);
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

describe('public API', () => {
  it('pages through every organisation and certification without repeats', async () => {
    // Applications are private: of the 120 demo organisations, one with nothing but an application
    // is not listed, and no pending certification is.
    const orgs = await all<{ slug: string }>('/api/v1/organisations?limit=50');
    expect(orgs.length).toBeGreaterThan(60);
    expect(orgs.length).toBeLessThanOrEqual(120);
    expect(new Set(orgs.map((o) => o.slug)).size).toBe(orgs.length);
    const certs = await all<{ publicId: string; status: string }>('/api/v1/certifications?limit=40');
    expect(certs.length).toBeGreaterThanOrEqual(orgs.length);
    expect(new Set(certs.map((c) => c.publicId)).size).toBe(certs.length);
    expect(certs.filter((c) => c.status === 'pending' || c.status === 'refused')).toEqual([]);
  });

  it('answers with open CORS, a Link header and problem+json for bad input', async () => {
    const list = await get('/api/v1/organisations?limit=5');
    expect(list.headers.get('access-control-allow-origin')).toBe('*');
    expect(list.headers.get('link')).toMatch(/rel="next"/);
    for (const path of [
      '/api/v1/organisations?status=nonsense',
      '/api/v1/organisations?limit=100000',
      `/api/v1/organisations?q=${'a'.repeat(500)}`,
      '/api/v1/organisations?cursor=!!!',
      '/api/v1/certifications?cursor=eyJ4IjoxfQ',
      '/api/v1/changes?kind=exploded',
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect((await get('/api/v1/organisations/does-not-exist')).status).toBe(404);
    expect((await get('/api/v1/schemes/%3Cscript%3E')).status).toBe(404);
  });

  it('serves schemes, one organisation and the change log', async () => {
    const schemes = await json<{ data: Array<{ slug: string; active: number }> }>('/api/v1/schemes');
    expect(schemes.data.map((s) => s.slug).sort()).toEqual(['happy-customer', 'ksf-service-promises']);
    const ksf = await json<{ criteria: unknown[] }>('/api/v1/schemes/ksf-service-promises');
    expect(ksf.criteria).toHaveLength(7);
    const [first] = (await json<Page<{ slug: string }>>('/api/v1/organisations?limit=1')).data;
    const org = await json<{ certifications: Array<{ history: unknown[]; criteria: unknown[] }> }>(
      `/api/v1/organisations/${first!.slug}`,
    );
    expect(org.certifications[0]!.history.length).toBeGreaterThan(0);
    const changes = await all<{ kind: string; occurredAt: string }>('/api/v1/changes?limit=100');
    const times = changes.map((c) => Date.parse(c.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(changes.some((c) => c.kind === 'expired')).toBe(true);
    const revoked = await all<{ kind: string }>('/api/v1/changes?kind=revoked');
    expect(revoked.length).toBeGreaterThan(0);
    expect(revoked.every((c) => c.kind === 'revoked')).toBe(true);
  });

  it('publishes an OpenAPI 3.1 document that names every public API route', async () => {
    const doc = await json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      '/api/v1/openapi.json',
    );
    expect(doc.openapi).toBe('3.1.0');
    // Every route of the router under /api/ or /open-data/ (the admin API included: it is
    // generated from the same table), except CORS preflights.
    const documented = routes.filter(
      (r) => (r.path.startsWith('/api/') || r.path.startsWith('/open-data/')) && r.method !== 'OPTIONS',
    );
    expect(documented.length).toBeGreaterThan(45);
    for (const route of documented) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
  });

  it('answers every public API route as its OpenAPI document says, errors included', async () => {
    // `get` validates each answer; this walk makes sure every public route is asked at least once.
    const [org] = (await json<Page<{ slug: string }>>('/api/v1/organisations?limit=1&status=active')).data;
    const [cert] = (await json<Page<{ publicId: string }>>('/api/v1/certifications?limit=1')).data;
    const fill = (pattern: string) =>
      pattern
        .replace('/organisations/:slug', `/organisations/${org!.slug}`)
        .replace('/schemes/:slug', '/schemes/ksf-service-promises')
        .replace(':publicId', cert!.publicId);
    const walked = routes.filter(
      (r) => (r.path.startsWith('/api/v1/') || r.path.startsWith('/open-data/')) && r.method === 'GET',
    );
    for (const route of walked.filter((r) => !r.path.startsWith('/api/v1/admin/'))) {
      const response = await get(fill(route.path));
      expect(response.status, route.path).toBeLessThan(500);
      await response.arrayBuffer();
    }
    for (const path of [
      '/api/v1/verify/zzzzzzzz',
      '/api/v1/verify/NOT-AN-ID',
      '/api/v1/certifications/zzzzzzzz',
      '/api/v1/channels/lookup?phone=%2B31201000005',
      '/api/v1/channels/lookup?email=info@example.nl',
      '/api/v1/channels/lookup?phone=1&url=x',
      '/api/v1/schemes?limit=nonsense',
    ])
      await (await get(path)).arrayBuffer();
    for (const [type, body] of [
      ['application/json', '{}'],
      ['application/json', '{"token":"not.a.jwt"}'],
      ['text/plain', 'not-a-jwt'],
      ['application/xml', '<x/>'],
    ] as const) {
      const response = await get('/api/v1/verify', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(response.status, `${type} ${body}`).toBeLessThan(500);
      await response.arrayBuffer();
    }
  });
});

describe('open data', () => {
  it('JSON and CSV parse and match the API counts', async () => {
    const apiOrgs = await all<{ slug: string }>('/api/v1/organisations?limit=100');
    const apiCerts = await all<{ publicId: string; status: string }>('/api/v1/certifications?limit=200');
    const jsonResponse = await get('/open-data/registry.json');
    expect(jsonResponse.headers.get('content-type')).toContain('application/json');
    const registry = (await jsonResponse.json()) as {
      licence: { name: string };
      organisations: Array<{ slug: string; certifications: Array<{ publicId: string; status: string }> }>;
    };
    expect(registry.licence.name).toBe('CC BY 4.0');
    expect(registry.organisations.map((o) => o.slug).sort()).toEqual(apiOrgs.map((o) => o.slug).sort());
    const jsonCerts = registry.organisations.flatMap((o) => o.certifications);
    expect(jsonCerts).toHaveLength(apiCerts.length);
    // Each names the version of its scheme's criteria it rests on (the seeded schemes have one).
    expect(new Set(jsonCerts.map((c) => (c as { schemeVersion?: unknown }).schemeVersion))).toEqual(
      new Set([1]),
    );
    const csv = await (await get('/open-data/registry.csv')).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^organisation_slug,legal_name,/);
    expect(lines[0]).toContain(',scheme,scheme_version,status,');
    expect(lines).toHaveLength(1 + apiCerts.length);
    const statusColumn = lines[0]!.split(',').indexOf('status');
    const active = lines.slice(1).filter((l) => l.split(',')[statusColumn] === 'active').length;
    expect(active).toBe(apiCerts.filter((c) => c.status === 'active').length);
  });
});

describe('Atom feed', () => {
  it('validates as XML with the Atom namespace and links each entry to its organisation', async () => {
    for (const [path, lang] of [
      ['/changes.atom', 'nl'],
      ['/fr/changes.atom', 'fr'],
    ] as const) {
      const response = await get(path);
      expect(response.headers.get('content-type')).toContain('application/atom+xml');
      const text = await response.text();
      expect(XMLValidator.validate(text)).toBe(true);
      const feed = new XMLParser({ ignoreAttributes: false }).parse(text).feed;
      expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      expect(feed['@_xml:lang']).toBe(lang);
      const entries = feed.entry as Array<{ id: string; link: { '@_href': string }; updated: string }>;
      expect(entries.length).toBeGreaterThan(10);
      for (const entry of entries) {
        expect(entry.id).toMatch(/^tag:/);
        // A certification change links its organisation; a published scheme version its scheme.
        expect(entry.link['@_href']).toMatch(
          lang === 'fr'
            ? /\/fr\/(organisations|schemes)\/[a-z0-9-]+$/
            : /\/(organisations|schemes)\/[a-z0-9-]+$/,
        );
      }
      const slug = new URL(entries[0]!.link['@_href']).pathname;
      expect((await get(slug)).status).toBe(200);
    }
  });
});

describe('pages', () => {
  it('render in three languages with lang, hreflang and a strict CSP without inline scripts', async () => {
    for (const prefix of ['', '/en', '/fr']) {
      for (const path of [
        '/',
        '/search?q=energie',
        '/schemes',
        '/schemes/happy-customer',
        '/changes',
        '/data',
        '/accessibility',
        '/transparency',
      ]) {
        const response = await get(`${prefix}${path}`);
        expect(response.status, `${prefix}${path}`).toBe(200);
        const html = await response.text();
        expect(html).toContain(`<html lang="${prefix ? prefix.slice(1) : 'nl'}"`);
        expect(html).toContain('hreflang="fr"');
        expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
        expect(html).not.toMatch(/\sstyle="/);
        const csp = response.headers.get('content-security-policy')!;
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
      }
    }
  });

  it('leave no English interface text on the French site', async () => {
    const { common } = await import('../../../site/i18n/strings/common.ts');
    const { search } = await import('../../../site/i18n/strings/search.ts');
    const { organisation } = await import('../../../site/i18n/strings/organisation.ts');
    const { report } = await import('../../../site/i18n/strings/report.ts');
    const { pages } = await import('../../../site/i18n/strings/pages.ts');
    const english = Object.values({ ...common, ...search, ...organisation, ...report, ...pages })
      .filter((s) => s.en !== s.fr && s.en.includes(' ') && !s.en.includes('{'))
      .map((s) => s.en);
    const [first] = (await json<Page<{ slug: string }>>('/api/v1/organisations?limit=1&status=active')).data;
    for (const path of [
      '/fr/',
      '/fr/search?q=energie',
      `/fr/organisations/${first!.slug}`,
      '/fr/schemes/happy-customer',
      '/fr/changes',
      '/fr/data',
      '/fr/accessibility',
      '/fr/transparency',
    ]) {
      const html = await (await get(path)).text();
      const text = html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
      for (const phrase of english) expect(text, `${path}: "${phrase}"`).not.toContain(phrase);
    }
  });

  it('serve a favicon (SVG and ICO) with a long cache, linked from every layout', async () => {
    const ico = await get('/favicon.ico');
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon|png)$/);
    expect(ico.headers.get('cache-control')).toBe('public, max-age=604800');
    const bytes = Buffer.from(await ico.arrayBuffer());
    // An ICO directory (reserved 0, type 1) holding one PNG image.
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    expect(bytes.subarray(22, 26).toString('latin1')).toBe('\x89PNG');
    const svg = await get('/favicon.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    for (const path of ['/', '/fr/changes', '/admin/sign-in']) {
      const html = await (await get(path)).text();
      expect(html, path).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml"');
    }
  });

  it('show statuses, assurance levels, sectors and reasons in the language of the page', async () => {
    // Words the registry once showed in English on Dutch and French pages.
    const english = [
      /\breviewed\b/i,
      /healthcare/i,
      /All criteria assessed/,
      /Application received/,
      /Self-declared/,
    ];
    const orgs = await all<{ slug: string; sector: string | null }>('/api/v1/organisations?limit=100');
    type Detail = { certifications: Array<{ publicId: string; status: string; assuranceLevel: string }> };
    const details = await Promise.all(
      orgs.map(async (o) => ({ ...o, ...(await json<Detail>(`/api/v1/organisations/${o.slug}`)) })),
    );
    const picked = [
      details.find((o) => o.sector === 'healthcare' && o.certifications.length > 0),
      details.find((o) =>
        o.certifications.some((c) => c.assuranceLevel === 'reviewed' && c.status === 'active'),
      ),
      details.find((o) => o.certifications.some((c) => c.assuranceLevel === 'self_declared')),
    ];
    for (const org of picked) {
      expect(org).toBeDefined();
      for (const prefix of ['', '/fr']) {
        const paths = [
          `${prefix}/organisations/${org!.slug}`,
          ...org!.certifications.map((c) => `${prefix}/verify/${c.publicId}`),
        ];
        for (const path of paths) {
          const html = await (await get(path)).text();
          const text = html
            .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, ' ')
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ');
          for (const word of english) expect(text, `${path}: ${word}`).not.toMatch(word);
        }
      }
    }
  });

  it('answer absurd or unknown input with a friendly page, never a 500', async () => {
    expect((await get(`/search?q=${'%F0%9F%92%A5'.repeat(300)}`)).status).toBe(400);
    expect((await get('/search?status=%00')).status).toBe(400);
    expect((await get('/search?cursor=bad*cursor')).status).toBe(400);
    expect((await get('/search?q=%27%3B%20drop%20table%20organisation%3B--')).status).toBe(200);
    expect((await get('/organisations/%3Cscript%3E')).status).toBe(404);
    expect((await get('/de/search')).status).toBe(404);
    // Text is escaped, and a quote cannot break out of an attribute.
    const escaped = await (await get('/search?q=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E')).text();
    expect(escaped).not.toContain('"><script>');
    expect(escaped).toContain('&quot;&gt;&lt;script&gt;');
  });
});

describe('report form', () => {
  const post = (slug: string, fields: Record<string, string>, ip: string) =>
    get(`/organisations/${slug}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip },
      body: new URLSearchParams(fields).toString(),
    });

  it('stores valid reports, refuses bad ones, ignores the honeypot and rate-limits per client', async () => {
    const [first] = (await json<Page<{ slug: string }>>('/api/v1/organisations?limit=1')).data;
    const slug = first!.slug;
    const noUrl = await post(slug, { kind: 'foreign_domain', url: '' }, '');
    expect(noUrl.status).toBe(400);
    expect(await noUrl.text()).toContain('role="alert"');
    expect((await post(slug, { kind: 'broken_promise', message: '' }, '')).status).toBe(400);
    expect(
      (await post(slug, { kind: 'broken_promise', message: 'x', email: 'not-an-address' }, '')).status,
    ).toBe(400);
    expect((await post(slug, { kind: 'hack', message: 'x' }, '')).status).toBe(400);
    // A bot filling the hidden field is told "thanks" and nothing is stored (the limit is not used up).
    for (let i = 0; i < 6; i++)
      expect(
        (await post(slug, { kind: 'broken_promise', message: 'spam', homepage: 'http://spam' }, '')).status,
      ).toBe(303);
    for (let i = 0; i < 5; i++) {
      const ok = await post(slug, { kind: 'foreign_domain', url: `https://fake-${i}.example/` }, '');
      expect(ok.status).toBe(303);
      expect(ok.headers.get('location')).toBe(`/organisations/${slug}?reported=1#report`);
    }
    const limited = await post(slug, { kind: 'broken_promise', message: 'again' }, '');
    expect(limited.status).toBe(429);
    expect((await post(slug, { kind: 'broken_promise', message: 'x'.repeat(20_000) }, '')).status).toBe(413);
    const cross = await get(`/organisations/${slug}`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'kind=broken_promise&message=x',
    });
    expect(cross.status).toBe(403);
  });
});

describe('error pages', () => {
  it("answers a page crash with the site's own 500 page, not the catch-all 404", async () => {
    // Astro renders /500 for any page that throws; the [...lang] catch-all must not take it.
    const response = await get('/500');
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('Er ging iets mis');
    expect(html).not.toContain('Niet gevonden');
  });

  it('answers a client error thrown by a page with its own status and the catalogue message in the page language', async () => {
    const response = await get('/admin/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: '{"email":"x"}',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // The catalogue's Dutch message (the page has no /en or /fr prefix), not the English detail.
    const html = await response.text();
    expect(html).toContain('Dit soort inhoud wordt hier niet aangenomen.');
    expect(html).not.toContain('application/x-www-form-urlencoded');
  });
});
