import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Search support for the public site. Typed Kysely<any>: it must keep working when the schema moves on.
//
// keurmerk_fold() lower-cases and strips the accents of Latin letters (no unaccent extension needed,
// so it works the same on PostgreSQL 15 and PGlite); it is IMMUTABLE, so generated columns may use it.
// Two generated columns on organisation feed the indexes:
//   search_compact: letters and digits only ("Klantenservice B.V." -> "klantenservicebv"), for pg_trgm
//   search_words:   folded words of names and city, for full-text search with the 'simple' config
// misuse_report.client_key holds a keyed hash of the reporter's network (never the address) so
// consumer reports can be rate-limited across instances.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create function keurmerk_fold(t text) returns text language sql immutable parallel safe
      as $$ select translate(lower(t), 'àáâäãåāçčèéêëēėęìíîïīñòóôöõøōùúûüūýÿžšœæ', 'aaaaaaacceeeeeeeiiiiinooooooouuuuuyyzsoa') $$;

    create function keurmerk_search_words(legal_name text, trade_names text[], city text) returns text
      language sql immutable parallel safe
      as $$ select keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ') || ' ' || city) $$;

    create function keurmerk_search_compact(legal_name text, trade_names text[]) returns text
      language sql immutable parallel safe
      as $$ select regexp_replace(keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ')), '[^a-z0-9]+', '', 'g') $$;

    alter table organisation
      add column search_words text generated always as (keurmerk_search_words(legal_name, trade_names, city)) stored;

    alter table organisation
      add column search_compact text generated always as (keurmerk_search_compact(legal_name, trade_names)) stored;

    create index organisation_search_trgm on organisation using gin (search_compact gin_trgm_ops);
    create index organisation_search_fts on organisation using gin (to_tsvector('simple', search_words));
    create index organisation_registry_id on organisation (registry_id);
    create index organisation_name_order on organisation (legal_name, id);
    create index organisation_sector on organisation (sector);
    create index contact_channel_value on contact_channel (value);
    create index certification_expiry on certification (valid_until) where status in ('active', 'suspended');
    create index certification_event_public on certification_event (occurred_at desc, id desc) where kind <> 'created';

    alter table misuse_report add column client_key text;
    create index misuse_report_client on misuse_report (client_key, created_at) where client_key is not null;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop index misuse_report_client;
    alter table misuse_report drop column client_key;
    drop index certification_event_public;
    drop index certification_expiry;
    drop index contact_channel_value;
    drop index organisation_sector;
    drop index organisation_name_order;
    drop index organisation_registry_id;
    drop index organisation_search_fts;
    drop index organisation_search_trgm;
    alter table organisation drop column search_compact;
    alter table organisation drop column search_words;
    drop function keurmerk_search_compact(text, text[]);
    drop function keurmerk_search_words(text, text[], text);
    drop function keurmerk_fold(text);
  `,
  );
}
