import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Schemes become versioned data. A scheme_version holds the whole definition (texts, criteria,
// validity, periods, allowed assurance levels) as one JSON document; a draft may change, a
// published version never does (a trigger refuses it, whatever the code does). Criteria rows
// belong to one published version, so an assessment points at the exact wording it was made
// against. The scheme row keeps the current published version's texts for the many readers
// that only need "the scheme as it is now".
//
// Existing installations: every scheme becomes version 1, published when the scheme row was
// made, and every certification, assessment and credential rests on it.

// The French texts KSF gained before this migration (issue 17): an installation seeded earlier
// lacks them, and version 1 is immutable once this migration has run, so they go in first.
const KSF_FRENCH = {
  name: 'Promesses de service KSF',
  description:
    "Les sept promesses de service de la Klantenservice Federatie (fédération néerlandaise du service clientèle), en vigueur depuis le 1er janvier 2021. Les membres déclarent eux-mêmes tenir ces promesses ; il s'agit d'un engagement auto-déclaré, et non d'une norme auditée, sauf si le niveau de garantie indique autre chose.",
  criteria: {
    p1: {
      title: 'Un contact respectueux, attentif et accessible',
      description:
        'Nous traitons nos clients avec respect et attention, rendons le contact facile et sommes facilement joignables.',
    },
    p2: {
      title: 'Les retours pris au sérieux',
      description: 'Nous prenons au sérieux les retours de nos clients et les transformons en améliorations.',
    },
    p3: {
      title: 'Des données clients traitées avec respect',
      description:
        'Nous traitons les données de nos clients avec respect et contrôlons régulièrement nos processus.',
    },
    p4: {
      title: 'Un bon employeur',
      description:
        "Nous traitons nos collaborateurs avec respect, leur offrons de bonnes conditions d'emploi et de travail et investissons dans leur développement.",
    },
    p5: {
      title: 'La responsabilité en cas de sous-traitance',
      description:
        "Nous restons responsables lorsque le service clientèle est sous-traité ; nos fournisseurs n'acceptent que les missions dont ils peuvent tenir les promesses.",
    },
    p6: {
      title: 'Une technologie au service des clients et des collaborateurs',
      description:
        "Nous utilisons la technologie d'une manière conviviale pour les clients et les collaborateurs.",
    },
    p7: {
      title: 'Contribuer à une bonne image du secteur',
      description: 'Nous contribuons à une bonne image du secteur de la relation client.',
    },
  },
} as const;

async function addKsfFrench(db: Kysely<any>): Promise<void> {
  await sql`update scheme set name = name || jsonb_build_object('fr', ${KSF_FRENCH.name}::text),
      description = description || jsonb_build_object('fr', ${KSF_FRENCH.description}::text)
    where slug = 'ksf-service-promises' and not (name ? 'fr')`.execute(db);
  for (const [code, texts] of Object.entries(KSF_FRENCH.criteria)) {
    await sql`update criterion k set title = k.title || jsonb_build_object('fr', ${texts.title}::text),
        description = k.description || jsonb_build_object('fr', ${texts.description}::text)
      from scheme s where s.id = k.scheme_id and s.slug = 'ksf-service-promises' and k.code = ${code}
        and not (k.title ? 'fr')`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await addKsfFrench(db);
  await runStatements(
    db,
    String.raw`
    create table scheme_version (
      id integer generated always as identity primary key,
      scheme_id integer not null references scheme(id) on delete cascade,
      version integer not null check (version between 1 and 10000),
      state text not null check (state in ('draft', 'published')),
      definition jsonb not null,
      change_note jsonb,
      transition_date timestamptz,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_by text,
      published_at timestamptz,
      unique (scheme_id, version),
      check ((state = 'published') = (published_at is not null and published_by is not null))
    );
    create unique index scheme_version_one_draft on scheme_version (scheme_id) where state = 'draft';

    alter table scheme add column current_version_id integer references scheme_version(id);

    alter table criterion add column scheme_version_id integer references scheme_version(id) on delete cascade;
    alter table certification add column scheme_version_id integer references scheme_version(id);
    alter table assessment add column scheme_version_id integer references scheme_version(id);
    alter table credential add column scheme_version_id integer references scheme_version(id);

    insert into scheme_version (scheme_id, version, state, definition, created_by, created_at, updated_at, published_by, published_at)
      select s.id, 1, 'published',
        jsonb_build_object(
          'owner', jsonb_build_object('name', s.owner_name, 'slug', s.owner_slug, 'url', s.owner_url),
          'country', s.country, 'inForceFrom', s.in_force_from, 'validityMonths', s.validity_months,
          'renewalGraceDays', 30, 'objectionPeriodDays', 42,
          'assuranceLevels', jsonb_build_array('self_declared', 'reviewed', 'audited'),
          'name', s.name, 'description', s.description,
          'criteria', coalesce((select jsonb_agg(jsonb_build_object('code', k.code, 'title', k.title,
              'description', k.description) order by k.position) from criterion k where k.scheme_id = s.id), '[]'::jsonb)),
        'migration', s.created_at, s.created_at, 'migration', s.created_at
      from scheme s;

    update scheme s set current_version_id = v.id from scheme_version v where v.scheme_id = s.id;
    update criterion k set scheme_version_id = s.current_version_id from scheme s where s.id = k.scheme_id;
    update certification c set scheme_version_id = s.current_version_id from scheme s where s.id = c.scheme_id;
    update assessment a set scheme_version_id = c.scheme_version_id from certification c where c.id = a.certification_id;
    update credential r set scheme_version_id = c.scheme_version_id from certification c where c.id = r.certification_id;

    alter table criterion alter column scheme_version_id set not null;
    alter table certification alter column scheme_version_id set not null;
    alter table assessment alter column scheme_version_id set not null;
    alter table credential alter column scheme_version_id set not null;

    alter table criterion drop constraint criterion_scheme_id_position_key;
    alter table criterion drop constraint criterion_scheme_id_code_key;
    alter table criterion add constraint criterion_version_position unique (scheme_version_id, position);
    alter table criterion add constraint criterion_version_code unique (scheme_version_id, code);
    create index certification_scheme_version on certification (scheme_version_id);
  `,
  );
  // Defence in depth: a published version and its criteria are history, like the event chain.
  await sql
    .raw(
      `create function keurmerk_scheme_version_frozen() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'scheme_version' then
          if old.state = 'published' then
            raise exception 'scheme version % is published and cannot change', old.id using errcode = 'P0017';
          end if;
        elsif exists (select 1 from scheme_version v where v.id = old.scheme_version_id and v.state = 'published') then
          raise exception 'criteria of a published scheme version cannot change' using errcode = 'P0017';
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end
      $$`,
    )
    .execute(db);
  await runStatements(
    db,
    `
    create trigger scheme_version_frozen before update or delete on scheme_version
      for each row execute function keurmerk_scheme_version_frozen();
    create trigger criterion_frozen before update or delete on criterion
      for each row execute function keurmerk_scheme_version_frozen();
  `,
  );
  // Bulk writers (CSV import, demo seeder) and older callers name no version: a new row then
  // rests on what it is made from — the scheme's current version, the criterion's, the
  // certification's.
  await sql
    .raw(
      `create function keurmerk_default_scheme_version() returns trigger language plpgsql as $$
      begin
        if new.scheme_version_id is null then
          if tg_table_name = 'certification' then
            select s.current_version_id into new.scheme_version_id from scheme s where s.id = new.scheme_id;
          elsif tg_table_name = 'assessment' then
            select k.scheme_version_id into new.scheme_version_id from criterion k where k.id = new.criterion_id;
          else
            select c.scheme_version_id into new.scheme_version_id from certification c where c.id = new.certification_id;
          end if;
        end if;
        return new;
      end
      $$`,
    )
    .execute(db);
  await runStatements(
    db,
    `
    create trigger certification_default_scheme_version before insert on certification
      for each row execute function keurmerk_default_scheme_version();
    create trigger assessment_default_scheme_version before insert on assessment
      for each row execute function keurmerk_default_scheme_version();
    create trigger credential_default_scheme_version before insert on credential
      for each row execute function keurmerk_default_scheme_version();
  `,
  );
  await sql.raw(organisationPage(true)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(organisationPage(false)).execute(db);
  await runStatements(
    db,
    `
    drop trigger credential_default_scheme_version on credential;
    drop trigger assessment_default_scheme_version on assessment;
    drop trigger certification_default_scheme_version on certification;
    drop function keurmerk_default_scheme_version();
    drop trigger criterion_frozen on criterion;
    drop trigger scheme_version_frozen on scheme_version;
    drop function keurmerk_scheme_version_frozen();
    delete from assessment a using criterion k where k.id = a.criterion_id
      and k.scheme_version_id <> (select s.current_version_id from scheme s where s.id = k.scheme_id);
    delete from criterion k using scheme s where s.id = k.scheme_id and k.scheme_version_id <> s.current_version_id;
    drop index certification_scheme_version;
    alter table criterion drop constraint criterion_version_code;
    alter table criterion drop constraint criterion_version_position;
    alter table criterion add constraint criterion_scheme_id_position_key unique (scheme_id, position);
    alter table criterion add constraint criterion_scheme_id_code_key unique (scheme_id, code);
    alter table credential drop column scheme_version_id;
    alter table assessment drop column scheme_version_id;
    alter table certification drop column scheme_version_id;
    alter table criterion drop column scheme_version_id;
    delete from scheme where current_version_id is null;
    alter table scheme drop column current_version_id;
    drop table scheme_version;
  `,
  );
}

/** The organisation page function, its criteria taken from the version each certification rests on. */
function organisationPage(versioned: boolean): string {
  const criteriaFilter = versioned
    ? 'k.scheme_version_id = c.scheme_version_id'
    : 'k.scheme_id = c.scheme_id';
  const versionField = versioned
    ? `'scheme_version', (select v.version from scheme_version v where v.id = c.scheme_version_id),`
    : '';
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
              'valid_from', c.valid_from, 'valid_until', c.valid_until, 'slug', s.slug, 'name', s.name, ${versionField}
              'criteria', coalesce((select json_agg(json_build_object('position', k.position, 'code', k.code,
                  'title', k.title, 'result', a.result) order by k.position)
                from criterion k left join assessment a on a.certification_id = c.id and a.criterion_id = k.id
                where ${criteriaFilter}), '[]'::json),
              'history', coalesce((select json_agg(json_build_object('kind', e.kind, 'occurred_at', e.occurred_at,
                  'reason', e.reason) order by e.occurred_at desc, e.id desc)
                from certification_event e where e.certification_id = c.id), '[]'::json)
            ) order by c.id)
            from certification c join scheme s on s.id = c.scheme_id where c.organisation_id = o.id), '[]'::json))
          from organisation o where o.slug = p_slug);
      end
      $$`;
}
