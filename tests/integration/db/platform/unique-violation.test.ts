import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { nextKvk } from '../../../helpers/fixtures.ts';
import { createOrganisation, validateOrganisation } from '../../../../db/organisation/organisations.ts';
import { inTransaction } from '../../../../db/platform/transaction.ts';
import { problemFromError } from '../../../../api/http/problem.ts';

// Checks before an insert cannot see a concurrent transaction's rows: the loser of a race meets
// the unique index instead. That must be a 409 naming the field, as the checks' own errors are,
// never a 500.

const organisation = (registryId: string, name: string) => ({
  legalName: name,
  country: 'NL' as const,
  registryId,
  city: 'Utrecht',
});

describe.each(DIALECTS)('unique violations on %s', (kind) => {
  let h: TestDatabase;
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a duplicate written in a transaction is the 409 conflict naming the field', async () => {
    const org = await createOrganisation(h.db, organisation(nextKvk(), 'Eerste Domein B.V.'));
    const other = await createOrganisation(h.db, organisation(nextKvk(), 'Tweede Domein B.V.'));
    const row = (id: number) => ({ organisation_id: id, hostname: `dubbel-${kind}.example` });
    await h.db.insertInto('organisation_domain').values(row(org.id)).execute();
    await expect(
      inTransaction(h.db, (trx) => trx.insertInto('organisation_domain').values(row(other.id)).execute()),
    ).rejects.toMatchObject({ code: 'conflict', status: 409, details: { field: 'hostname' } });
    // Under a savepoint too (an admin operation's own transaction), which stays usable.
    await h.db.transaction().execute(async (outer) => {
      await expect(
        inTransaction(outer, (trx) => trx.insertInto('organisation_domain').values(row(other.id)).execute()),
      ).rejects.toMatchObject({ code: 'conflict', details: { field: 'hostname' } });
      await sql`select 1`.execute(outer);
    });
  });

  it('a lone insert outside a transaction still answers 409 with the field', async () => {
    const registryId = nextKvk();
    await createOrganisation(h.db, organisation(registryId, 'Losse Invoeger B.V.'));
    const twin = validateOrganisation(organisation(registryId, 'Losse Tweeling B.V.')).row;
    const error = await h.db
      .insertInto('organisation')
      .values(twin)
      .execute()
      .catch((e: unknown) => e);
    const { response, unexpected } = problemFromError(error);
    expect(unexpected).toBe(false);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      type: 'https://keurmerk.dev/problems/conflict',
      title: 'Already exists',
      status: 409,
      field: 'registryId',
    });
  });

  it.runIf(kind === 'postgres')(
    'two organisations racing for one national id: one wins, one gets 409',
    async () => {
      const registryId = nextKvk();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedFirst = new Promise<void>((resolve) => (inserted = resolve));
      // The winner has inserted but not committed: the loser's check cannot see its row.
      const winner = h.db.transaction().execute(async (trx) => {
        const org = await createOrganisation(trx, organisation(registryId, 'Racewinnaar B.V.'));
        inserted();
        await held;
        return org;
      });
      await insertedFirst;
      const loser = createOrganisation(h.db, organisation(registryId, 'Raceverliezer B.V.')).catch(
        (e: unknown) => e,
      );
      // Release the winner once the loser waits on the unique index.
      for (let waiting = 0; waiting === 0;) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'`.execute(h.db);
        waiting = rows[0]?.n ?? 0;
      }
      release();
      await expect(winner).resolves.toMatchObject({ registry_id: registryId });
      expect(await loser).toMatchObject({ code: 'conflict', status: 409, details: { field: 'registryId' } });
    },
  );
});
