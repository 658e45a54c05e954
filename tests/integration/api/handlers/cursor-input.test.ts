import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { prepareRegistry } from '../../../helpers/registry-fixture.ts';
import { anyCursor, cursorOf, HOSTILE_CURSORS, REFUSED_EVERYWHERE } from '../../../helpers/cursors.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import { problemFromError } from '../../../../api/http/problem.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';

// Hardening item 10: a well-shaped cursor with a value its query cannot bind was a 500 with a
// PostgreSQL stack trace; it is a 400 problem+json naming the cursor, on every cursor-paged API.
const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';

/** Every cursor-paged API route, with a query that reaches each of its cursor shapes. */
const PAGED = [
  '/api/v1/organisations?',
  '/api/v1/organisations?q=testlid&',
  '/api/v1/organisations?q=testlid&sort=relevance&',
  '/api/v1/organisations?country=NL&',
  '/api/v1/organisations?q=testlid&sort=relevance&country=NL&',
  '/api/v1/certifications?',
  '/api/v1/changes?',
  '/api/v1/changes?kind=expired&',
  '/api/v1/admin/organisations?',
  '/api/v1/admin/organisations?q=testlid&sort=relevance&',
  '/api/v1/admin/certifications?',
  '/api/v1/admin/events?',
  '/api/v1/admin/reports?',
  '/api/v1/admin/audit?',
];

describe.each(DIALECTS)('cursor input on %s', (kind) => {
  let h: TestDatabase;
  let deps: Deps;
  let token = '';

  beforeAll(async () => {
    h = await openTestDatabase(kind);
    deps = await testDeps(h);
    ({ token } = await perform(
      context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'),
      createTokenOp,
      {
        name: 'it-cursor',
        role: 'admin',
      },
    ));
    await prepareRegistry(h.db, deps.lifecycleHooks);
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function get(path: string): Promise<{ status: number; type: string | null; body: any }> {
    // As api/server.ts does: a thrown error becomes its problem (a 500 when unexpected).
    const response = (await dispatch(
      new Request(`${ORIGIN}${path}`, { headers: { authorization: `Bearer ${token}` } }),
      deps,
    ).catch((error: unknown) => problemFromError(error).response))!;
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the failure message.
    }
    return { status: response.status, type: response.headers.get('content-type'), body };
  }

  it.each(PAGED)('%s refuses hostile cursors with a 400 naming the cursor', async (path) => {
    for (const cursor of HOSTILE_CURSORS) {
      const r = await get(`${path}cursor=${cursor}`);
      const what = `${path}cursor=${cursor}: ${JSON.stringify(r.body).slice(0, 200)}`;
      // A hostile cursor that happens to be a legitimate key of this query may page on.
      if (REFUSED_EVERYWHERE.includes(cursor) || r.status !== 200) {
        expect(r.status, what).toBe(400);
        expect(r.type).toBe('application/problem+json');
        expect(r.body.type).toMatch(/validation_failed$/);
        expect(r.body.field).toBe('cursor');
      }
    }
  });

  it.each(['/api/v1/certifications?', '/api/v1/admin/events?', '/api/v1/changes?', '/api/v1/admin/reports?'])(
    '%s refuses an id past int4',
    async (path) => {
      const at = '2026-01-01T00:00:00.000Z';
      for (const key of [[99999999999], [at, 99999999999], [at, 1, 99999999999]])
        expect((await get(`${path}cursor=${cursorOf(key)}`)).status).toBe(400);
    },
  );

  it('still follows the cursors it hands out', async () => {
    const first = await get('/api/v1/organisations?limit=1');
    expect(first.status).toBe(200);
    const second = await get(`/api/v1/organisations?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.data[0].slug).not.toBe(first.body.data[0].slug);
    const changes = await get('/api/v1/changes?limit=1');
    expect((await get(`/api/v1/changes?limit=1&cursor=${changes.body.nextCursor}`)).status).toBe(200);
  });

  it.each(['', '&country=NL', '&sort=relevance', '&sort=relevance&country=NL'])(
    'pages through a name search one hit at a time (%s), score cursors included',
    async (extra) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await get(
          `/api/v1/organisations?q=bedrijf&limit=1${extra}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        seen.push(...r.body.data.map((d: { slug: string }) => d.slug));
        cursor = r.body.nextCursor;
      } while (cursor && seen.length < 10);
      expect(new Set(seen).size).toBe(3);
      expect(seen).toHaveLength(3);
    },
  );

  it('property: any cursor on any paged API route is never a 5xx', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAGED), anyCursor, async (path, cursor) => {
        const r = await get(`${path}cursor=${encodeURIComponent(cursor)}`);
        expect(r.status, `${path}cursor=${cursor}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.type).toBe('application/problem+json');
      }),
      { numRuns: 150 },
    );
  });
});
