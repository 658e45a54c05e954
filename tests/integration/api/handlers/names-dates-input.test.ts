import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import { problemFromError } from '../../../../api/http/problem.ts';
import type { Deps } from '../../../../api/app/deps.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';

// Hardening item 12: an impossible date was accepted as a later one (2027-02-30 as 2 March), and
// a right-to-left override in a name reordered the text around it on our pages.
const dispatch = createDispatcher(routes);
const ORIGIN = 'http://127.0.0.1:4321';
const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];

describe.each(DIALECTS)('names and dates at input on %s', (kind) => {
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
        name: 'it-input',
        role: 'admin',
      },
    ));
  });
  afterAll(async () => {
    await deps?.close();
    await h?.close();
  });

  async function call(method: string, path: string, body: string, type = 'application/json') {
    const response = (await dispatch(
      new Request(`${ORIGIN}/api/v1/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      }),
      deps,
    ).catch((error: unknown) => problemFromError(error).response))!;
    return { status: response.status, body: (await response.json()) as any };
  }
  const json = (method: string, path: string, body: unknown) => call(method, path, JSON.stringify(body));

  it('refuses impossible token expiry dates with a 400 naming expiresAt', async () => {
    for (const expiresAt of [
      '2027-02-30',
      '2027-02-29',
      '2027-13-01',
      '2027-04-31',
      '2027-06-01T24:00:00Z',
      '2027-06-01T12:60Z',
      '2027-06-01T12:00:00+15:00',
    ]) {
      const r = await json('POST', '/tokens', { name: 'dated', role: 'viewer', expiresAt });
      expect(r.status, expiresAt).toBe(400);
      expect(r.body.field, expiresAt).toBe('expiresAt');
    }
  });

  it('accepts real dates and keeps them as written', async () => {
    const r = await json('POST', '/tokens', { name: 'leap', role: 'viewer', expiresAt: '2028-02-29' });
    expect(r.status).toBe(201);
    expect(r.body.expiresAt).toBe('2028-02-29T00:00:00.000Z');
    const t = await json('POST', '/tokens', {
      name: 'zoned',
      role: 'viewer',
      expiresAt: '2028-03-01T01:30:00+02:00',
    });
    expect(t.status).toBe(201);
    expect(t.body.expiresAt).toBe('2028-02-29T23:30:00.000Z');
  });

  it.each(['legalName', 'city', 'tradeNames'])(
    'refuses bidi controls in %s on create, naming the field',
    async (field) => {
      for (const control of BIDI) {
        const evil = `Bank${control}moc.lapyap`;
        const body = {
          country: 'NL',
          registryId: nextKvk(),
          legalName: 'Eerlijk B.V.',
          city: 'Utrecht',
          [field]: field === 'tradeNames' ? ['Goed', evil] : evil,
        };
        const r = await json('POST', '/organisations', body);
        expect(r.status, `${field} ${control.codePointAt(0)!.toString(16)}`).toBe(400);
        expect(r.body.field).toBe(field === 'tradeNames' ? 'tradeNames[1]' : field);
      }
    },
  );

  it('refuses bidi controls on edit, and keeps a right-to-left mark', async () => {
    const created = await json('POST', '/organisations', {
      country: 'NL',
      registryId: nextKvk(),
      legalName: 'שלום B.V.\u200f',
      city: 'Utrecht',
    });
    expect(created.status).toBe(201);
    const slug = created.body.slug;
    const r = await json('PATCH', `/organisations/${slug}`, { city: 'Ams\u202eterdam' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('city');
  });

  it('the CSV import refuses bidi controls and impossible dates naming the column', async () => {
    const head = 'country,registry_id,legal_name,city,trade_names,scheme,status,valid_from';
    const rows = [
      `NL,${nextKvk()},Bank\u202e B.V.,Utrecht,,,,`,
      `NL,${nextKvk()},Goed B.V.,Ut\u2067recht,,,,`,
      `NL,${nextKvk()},Goed B.V.,Utrecht,Een|Twee\u2066,,,`,
      `NL,${nextKvk()},Goed B.V.,Utrecht,,ksf-service-promises,active,2027-02-30`,
    ];
    const r = await call('POST', '/imports', `${head}\n${rows.join('\n')}\n`, 'text/csv');
    expect(r.status).toBe(422);
    const fields = (r.body.errors as Array<{ line: number; field: string }>).map((e) => [e.line, e.field]);
    expect(fields).toEqual([
      [2, 'legal_name'],
      [3, 'city'],
      [4, 'trade_names'],
      [5, 'valid_from'],
    ]);
  });
});
