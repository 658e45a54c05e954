import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Refusing an application (issue 18) is a lifecycle change like any other: it is an event in the
// hash chain, of the new kind `refused`. A refused application never had a validity period, so the
// rule "only a pending certification lacks one" learns the second status. Like `created`, it stays private (the change log, the
// transparency log and the read API leave both out); no stored row changes, since pending
// certifications were never logged publicly and only the public reads learn to hide them.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in ('created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked', 'refused'));
    alter table certification drop constraint certification_check;
    alter table certification add constraint certification_check
      check (status in ('pending', 'refused') or (valid_from is not null and valid_until is not null));`,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table certification_event drop constraint certification_event_kind_check;
    alter table certification_event add constraint certification_event_kind_check
      check (kind in ('created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked'));
    alter table certification drop constraint certification_check;
    alter table certification add constraint certification_check
      check (status = 'pending' or (valid_from is not null and valid_until is not null));`,
  );
}
