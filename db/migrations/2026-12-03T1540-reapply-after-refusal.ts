import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// A refusal is final for that application, and the organisation may apply again later (issue 18):
// a refused certification no longer holds the one open certification an organisation may have of
// a scheme, so a new application can be opened beside it.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop index certification_one_open;
    create unique index certification_one_open on certification (organisation_id, scheme_id)
      where status not in ('revoked', 'refused');
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop index certification_one_open;
    create unique index certification_one_open on certification (organisation_id, scheme_id) where status <> 'revoked';
  `,
  );
}
