import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Issue 18: public pages show per criterion what its result rests on — the member's declaration,
// the association's desk review or an independent audit — so `assessment` records it. Until now a
// result rested on whatever its certification's assurance level said, so existing rows take that
// level. Writers that name no basis (the CSV import, the demo seeder, older callers) get the same
// default from a trigger, which fires only for such rows.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `alter table assessment add column basis text;
    update assessment a set basis = c.assurance_level from certification c where c.id = a.certification_id;
    alter table assessment alter column basis set not null;
    alter table assessment add constraint assessment_basis_check
      check (basis in ('self_declared', 'reviewed', 'audited'));`,
  );
  await sql
    .raw(
      `create function keurmerk_default_assessment_basis() returns trigger language plpgsql as $$
      begin
        select c.assurance_level into new.basis from certification c where c.id = new.certification_id;
        return new;
      end
      $$`,
    )
    .execute(db);
  await runStatements(
    db,
    `create trigger assessment_default_basis before insert on assessment
      for each row when (new.basis is null) execute function keurmerk_default_assessment_basis();`,
  );
  await sql.raw(organisationPage(true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(organisationPage(false)).execute(db);
  await runStatements(
    db,
    `drop trigger assessment_default_basis on assessment;
    drop function keurmerk_default_assessment_basis();
    alter table assessment drop column basis;`,
  );
}

/**
 * The organisation page function (as migration 2026-12-03T1100 left it), each criterion with the
 * basis of its result when `withBasis`.
 */
function organisationPage(withBasis: boolean): string {
  const basisField = withBasis ? `, 'basis', a.basis` : '';
  return `create or replace function keurmerk_organisation_page(p_slug text) returns json language plpgsql stable
      set search_path from current
      set plan_cache_mode = force_generic_plan
      set jit = off
      as $$
      begin
        return (select json_build_object(
          'id', o.id, 'slug', o.slug, 'legal_name', o.legal_name, 'trade_names', o.trade_names,
          'country', o.country, 'registry_id', o.registry_id, 'city', o.city, 'website', o.website,
          'sector', o.sector, 'is_outsourced_contact_centre', o.is_outsourced_contact_centre,
          'domains', coalesce((select json_agg(d.hostname order by d.hostname)
            from organisation_domain d where d.organisation_id = o.id), '[]'::json),
          'channels', coalesce((select json_agg(json_build_object('kind', ch.kind, 'value', ch.value,
              'label', ch.label) order by ch.kind, ch.value)
            from contact_channel ch where ch.organisation_id = o.id), '[]'::json),
          'certifications', coalesce((select json_agg(json_build_object(
              'public_id', c.public_id, 'status', c.status, 'assurance_level', c.assurance_level,
              'valid_from', c.valid_from, 'valid_until', c.valid_until, 'slug', s.slug, 'name', s.name,
              'scheme_version', (select v.version from scheme_version v where v.id = c.scheme_version_id),
              'criteria', coalesce((select json_agg(json_build_object('position', k.position, 'code', k.code,
                  'title', k.title, 'result', a.result${basisField}) order by k.position)
                from criterion k left join assessment a on a.certification_id = c.id and a.criterion_id = k.id
                where k.scheme_version_id = c.scheme_version_id), '[]'::json),
              'history', coalesce((select json_agg(json_build_object('kind', e.kind, 'occurred_at', e.occurred_at,
                  'reason', e.reason) order by e.occurred_at desc, e.id desc)
                from certification_event e where e.certification_id = c.id), '[]'::json)
            ) order by c.id)
            from certification c join scheme s on s.id = c.scheme_id where c.organisation_id = o.id), '[]'::json))
          from organisation o where o.slug = p_slug);
      end
      $$`;
}
