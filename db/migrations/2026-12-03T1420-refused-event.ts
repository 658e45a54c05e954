import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Refusing an application (issue 18) is a lifecycle change like any other: it is an event in the
// hash chain, of the new kind `refused`. Like `created`, it stays private (the change log, the
// transparency log and the read API leave both out); no stored row changes, since pending
// certifications were never logged publicly and only the public reads learn to hide them.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in ('created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked', 'refused'));`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in ('created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked'));`,
  );
}
