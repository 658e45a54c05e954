import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// How full each status list is, kept beside the credentials. Issuing a credential counted the
// highest list's credentials each time (up to 65,536 rows): 17 ms with 5,000 credentials and
// growing, the slowest step when a million certifications get their first credentials after a
// bulk load. The issuer now bumps this row in its own transaction (which also orders concurrent
// issuers on one list); the backfill counts what exists.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    create table status_list_fill (
      list integer primary key check (list > 0),
      used integer not null check (used >= 0)
    );
    insert into status_list_fill (list, used)
      select status_list, count(*)::int from credential group by status_list;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(db, `drop table status_list_fill;`);
}
