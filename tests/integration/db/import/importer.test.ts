import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { parseCsv } from '../../../../db/import/csv-parser.ts';
import { importRegistry, type ImportOptions } from '../../../../db/import/importer.ts';
import { verifyChain } from '../../../../db/certification/event-chain.ts';
import { createDispatcher, routes } from '../../../../api/routes/router.ts';
import { perform } from '../../../../api/admin/perform.ts';
import { createTokenOp } from '../../../../api/handlers/admin-tokens.ts';
import { IMPORT_HEADER, importRow } from '../../../bench/import-csv.ts';
import { context, testDeps, ownedTokenPrincipal } from '../../../helpers/admin-integration.ts';

const options = (extra: Partial<ImportOptions> = {}): ImportOptions => ({
  dryRun: false,
  actor: 'cli:test',
  reason: 'CSV import of members.csv',
  now: new Date('2026-11-23T12:00:00Z'),
  batchSize: 7,
  ...extra,
});

function csv(rows: string[]): string {
  return [IMPORT_HEADER, ...rows].join('\r\n') + '\r\n';
}

describe.each(DIALECTS)('CSV import on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function counts() {
    const { rows } = await sql<
      Record<'organisations' | 'domains' | 'channels' | 'certifications' | 'events' | 'assessments', number>
    >`
      select (select count(*)::int from organisation) as organisations, (select count(*)::int from organisation_domain) as domains,
             (select count(*)::int from contact_channel) as channels, (select count(*)::int from certification) as certifications,
             (select count(*)::int from certification_event) as events, (select count(*)::int from assessment) as assessments`.execute(
      h.db,
    );
    return rows[0]!;
  }
  const run = (text: string, extra: Partial<ImportOptions> = {}) =>
    importRegistry(h.db, parseCsv([text]), options(extra));

  it('imports nothing from a file with a bad row and names the row; the fixed file imports all; again changes nothing', async () => {
    const good = Array.from({ length: 25 }, (_, i) => importRow(i, 11));
    const bad = [...good];
    bad[17] = bad[17]!.replace(/^NL,\d+,/, 'NL,1234567,');
    const before = await counts();
    const failed = await run(csv(bad));
    expect(failed.errorCount).toBe(1);
    expect(failed.errors[0]).toMatchObject({ line: 19, field: 'registry_id' }); // header is line 1
    expect(failed).toMatchObject({ organisationsCreated: 0, certificationsCreated: 0 });
    expect(await counts()).toEqual(before);

    const imported = await run(csv(good));
    expect(imported).toMatchObject({
      rows: 25,
      organisationsCreated: 25,
      certificationsCreated: 17,
      unchanged: 0,
      errorCount: 0,
    });
    const after = await counts();
    expect(after.organisations - before.organisations).toBe(25);
    expect(after.domains - before.domains).toBe(50); // website host + shop domain
    expect(after.channels - before.channels).toBe(50);

    const again = await run(csv(good));
    expect(again).toMatchObject({
      rows: 25,
      organisationsCreated: 0,
      certificationsCreated: 0,
      unchanged: 25,
    });
    expect(await counts()).toEqual(after);
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
  });

  it('writes active certifications with assessments and a hash-chained history', async () => {
    await run(csv([importRow(1, 12)]));
    const cert = await h.db
      .selectFrom('certification as c')
      .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
      .select(['c.id', 'c.status', 'c.valid_from', 'c.valid_until', 'c.version'])
      .where('o.legal_name', '=', 'Klantenservice 1 "Import" B.V.')
      .orderBy('c.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(cert).toMatchObject({
      status: 'active',
      version: 2,
      valid_from: new Date('2026-11-23T12:00:00Z'),
    });
    expect(cert.valid_until).toEqual(new Date('2027-11-23T12:00:00Z'));
    const events = await h.db
      .selectFrom('certification_event')
      .selectAll()
      .where('certification_id', '=', cert.id)
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.kind, e.actor, e.reason])).toEqual([
      ['created', 'cli:test', 'CSV import of members.csv'],
      ['granted', 'cli:test', 'CSV import of members.csv'],
    ]);
    const results = await h.db
      .selectFrom('assessment')
      .select('result')
      .where('certification_id', '=', cert.id)
      .execute();
    expect(results).toHaveLength(7);
    expect(await verifyChain(h.db)).toMatchObject({ ok: true });
  });

  it('checks everything in a dry run and writes nothing', async () => {
    const before = await counts();
    const dry = await run(csv(Array.from({ length: 10 }, (_, i) => importRow(i, 13))), { dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, organisationsCreated: 10, errorCount: 0 });
    expect(await counts()).toEqual(before);
  });

  it('names duplicates within the file and clashes with the registry by line', async () => {
    await run(csv([importRow(0, 14)]));
    const rows = [
      importRow(1, 14),
      importRow(2, 14),
      importRow(1, 14),
      importRow(0, 15).replace(/shop\.import-15-0\.nl/, 'shop.import-14-0.nl'),
    ];
    const result = await run(csv(rows));
    expect(result.errors).toEqual([
      { line: 4, field: 'registry_id', message: expect.stringContaining('also on line 2') },
      {
        line: 5,
        field: 'domains',
        message: 'shop.import-14-0.nl belongs to an organisation already in the registry',
      },
    ]);
  });

  it('names header problems and syntax errors', async () => {
    const header = await run('country,registry_id,naam,city\nNL,12345678,x,y\n');
    expect(header.errors.map((e) => [e.line, e.field])).toEqual([
      [1, 'naam'],
      [1, 'legal_name'],
    ]);
    const syntax = await run(`${IMPORT_HEADER}\n${importRow(0, 16)}\nNL,"unclosed\n`);
    expect(syntax.errors).toEqual([{ line: 3, field: null, message: 'a quoted field is not closed' }]);
    expect((await run('')).errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('empty') });
  });

  it('imports through the admin API as text/csv, with a dry run and problem+json for row errors', async () => {
    const deps = await testDeps(h);
    const admin = await perform(
      context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'),
      createTokenOp,
      {
        name: 'importer',
        role: 'admin',
      },
    );
    const assessor = await perform(
      context(deps, await ownedTokenPrincipal(h.db, 'admin'), 'cli'),
      createTokenOp,
      {
        name: 'assessor',
        role: 'assessor',
      },
    );
    const dispatch = createDispatcher(routes);
    const post = async (token: string, body: string, query = '') => {
      const response = (await dispatch(
        new Request(`http://127.0.0.1/api/v1/admin/imports${query}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
          body,
        }),
        deps,
      ))!;
      return { status: response.status, body: (await response.json()) as any };
    };
    const rows = Array.from({ length: 5 }, (_, i) => importRow(i, 17));
    expect((await post(assessor.token, csv(rows))).status).toBe(403);
    const dry = await post(admin.token, csv(rows), '?dryRun=true');
    expect(dry).toMatchObject({ status: 200, body: { dryRun: true, organisationsCreated: 5 } });
    const bad = await post(admin.token, csv([...rows, 'NL,1,x']));
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      type: 'https://keurmerk.dev/problems/import_failed',
      errorCount: 1,
      errors: [{ line: 7 }],
    });
    const ok = await post(admin.token, csv(rows));
    expect(ok).toMatchObject({ status: 200, body: { organisationsCreated: 5, dryRun: false } });
    const audit = await h.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'registry.import')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.outcome)).toEqual(['denied', 'success', 'failed', 'success']);
    await deps.close();
  });
});
