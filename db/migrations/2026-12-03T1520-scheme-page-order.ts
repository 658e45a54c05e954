import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// A scheme page lists its first certified organisations by name. Walking organisations in name
// order until 50 hold an active certification of the scheme costs as many organisations as sort
// before the 50th certified one: 20,000 (0.9 s) for the Dutch scheme at a million organisations,
// where the Belgian names sort first. With the organisation's name copied onto its certifications
// (kept by triggers, so no writer has to remember it), one partial index gives the scheme's active
// certifications in name order, and the page reads 50 entries of it.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    alter table certification add column organisation_name text;
    update certification c set organisation_name = o.legal_name from organisation o where o.id = c.organisation_id;
    alter table certification alter column organisation_name set not null;
  `,
  );
  await sql
    .raw(
      `create function keurmerk_certification_organisation_name() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'certification' then
          select o.legal_name into new.organisation_name from organisation o where o.id = new.organisation_id;
          return new;
        end if;
        update certification set organisation_name = new.legal_name
          where organisation_id = new.id and organisation_name is distinct from new.legal_name;
        return null;
      end
      $$`,
    )
    .execute(db);
  await runStatements(
    db,
    `
    create trigger certification_organisation_name before insert or update of organisation_id on certification
      for each row execute function keurmerk_certification_organisation_name();
    create trigger organisation_name_to_certifications after update of legal_name on organisation
      for each row execute function keurmerk_certification_organisation_name();
    create index certification_scheme_name on certification (scheme_id, organisation_name, organisation_id)
      where status = 'active';
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop index certification_scheme_name;
    drop trigger organisation_name_to_certifications on organisation;
    drop trigger certification_organisation_name on certification;
    drop function keurmerk_certification_organisation_name();
    alter table certification drop column organisation_name;
  `,
  );
}
