import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// Migrations are typed Kysely<any>: they must keep working when today's schema types have moved on.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create extension if not exists pg_trgm;

    create table scheme (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      owner_name text not null,
      owner_url text not null,
      owner_slug text not null check (owner_slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
      country text not null check (country ~ '^[A-Z]{2}$'),
      name jsonb not null check (name ? 'nl' and name ? 'en'),
      description jsonb not null check (description ? 'nl' and description ? 'en'),
      validity_months integer not null check (validity_months between 1 and 120),
      in_force_from text not null check (in_force_from ~ '^\d{4}-\d{2}-\d{2}$'),
      created_at timestamptz not null default now()
    );

    create table criterion (
      id integer generated always as identity primary key,
      scheme_id integer not null references scheme(id) on delete cascade,
      position integer not null check (position > 0),
      code text not null,
      title jsonb not null check (title ? 'nl' and title ? 'en'),
      description jsonb not null check (description ? 'nl' and description ? 'en'),
      unique (scheme_id, position),
      unique (scheme_id, code)
    );

    create table organisation (
      id integer generated always as identity primary key,
      slug text not null unique,
      legal_name text not null check (length(legal_name) between 1 and 300),
      trade_names text[] not null default '{}',
      country text not null check (country in ('NL', 'BE')),
      registry_id text not null,
      city text not null,
      website text,
      sector text,
      is_outsourced_contact_centre boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (country, registry_id),
      check ((country = 'NL' and registry_id ~ '^\d{8}$') or (country = 'BE' and registry_id ~ '^[01]\d{9}$'))
    );

    create table organisation_domain (
      id integer generated always as identity primary key,
      organisation_id integer not null references organisation(id) on delete cascade,
      hostname text not null unique check (hostname = lower(hostname) and hostname !~ '[/:@ ]'),
      created_at timestamptz not null default now()
    );
    create index organisation_domain_org on organisation_domain (organisation_id);

    create table contact_channel (
      id integer generated always as identity primary key,
      organisation_id integer not null references organisation(id) on delete cascade,
      kind text not null check (kind in ('phone', 'email_domain', 'whatsapp', 'chat_url')),
      value text not null,
      label text,
      created_at timestamptz not null default now(),
      unique (kind, value)
    );
    create index contact_channel_org on contact_channel (organisation_id);

    create table certification (
      id integer generated always as identity primary key,
      public_id text not null unique check (public_id ~ '^[a-z0-9]{8,32}$'),
      organisation_id integer not null references organisation(id),
      scheme_id integer not null references scheme(id),
      status text not null check (status in ('pending', 'active', 'suspended', 'revoked')),
      assurance_level text not null check (assurance_level in ('self_declared', 'reviewed', 'audited')),
      valid_from timestamptz,
      valid_until timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (status = 'pending' or (valid_from is not null and valid_until is not null)),
      check (valid_until is null or valid_until > valid_from)
    );
    -- One living certification per organisation and scheme; a revoked one may be followed by a new application.
    create unique index certification_one_open on certification (organisation_id, scheme_id) where status <> 'revoked';
    create index certification_org on certification (organisation_id);
    create index certification_scheme_status on certification (scheme_id, status);

    create table credential (
      id text primary key check (id like 'urn:uuid:%'),
      certification_id integer not null references certification(id),
      jwt text not null,
      kid text not null,
      status_list integer not null check (status_list > 0),
      status_index integer not null check (status_index >= 0 and status_index < 131072),
      valid_from timestamptz not null,
      valid_until timestamptz not null,
      issued_at timestamptz not null default now(),
      superseded_at timestamptz,
      revoked_at timestamptz,
      unique (status_list, status_index)
    );
    create index credential_certification on credential (certification_id);

    create table assessment (
      id integer generated always as identity primary key,
      certification_id integer not null references certification(id),
      criterion_id integer not null references criterion(id),
      result text not null check (result in ('met', 'not_met', 'not_applicable')),
      note text,
      assessor text not null,
      assessed_at timestamptz not null,
      unique (certification_id, criterion_id)
    );

    create table certification_event (
      id integer generated always as identity primary key,
      certification_id integer not null references certification(id),
      kind text not null check (kind in ('created', 'granted', 'renewed', 'suspended', 'reinstated', 'revoked')),
      from_status text,
      to_status text not null,
      actor text not null,
      reason text not null check (length(reason) > 0),
      occurred_at timestamptz not null,
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
    );
    create index certification_event_cert on certification_event (certification_id, id);
    create index certification_event_time on certification_event (occurred_at desc, id desc);

    create table signing_key (
      kid text primary key,
      thumbprint text not null unique,
      alg text not null check (alg in ('RS256', 'ES256')),
      public_jwk jsonb not null,
      private_key_ref text not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );

    create table misuse_report (
      id integer generated always as identity primary key,
      organisation_id integer references organisation(id),
      certification_id integer references certification(id),
      source text not null check (source in ('badge_referer', 'consumer')),
      kind text not null check (kind in ('foreign_domain', 'broken_promise')),
      host text,
      url text,
      message text,
      contact_email text,
      hits integer not null default 1,
      first_seen timestamptz not null,
      last_seen timestamptz not null,
      state text not null default 'open' check (state in ('open', 'handled', 'dismissed')),
      handled_by text,
      created_at timestamptz not null default now()
    );
    -- Referer signals aggregate per organisation and host.
    create unique index misuse_signal_org_host on misuse_report (organisation_id, host) where source = 'badge_referer';

    create table staff_user (
      id integer generated always as identity primary key,
      email text not null unique check (email = lower(email)),
      display_name text not null,
      role text not null check (role in ('admin', 'assessor', 'viewer')),
      password_hash text not null,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      created_at timestamptz not null default now()
    );

    create table session (
      token_hash text primary key,
      staff_user_id integer not null references staff_user(id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz
    );

    create table api_token (
      id integer generated always as identity primary key,
      name text not null,
      role text not null check (role in ('admin', 'assessor', 'viewer')),
      token_hash text not null unique,
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    `
    drop table api_token, session, staff_user, misuse_report, signing_key, certification_event,
      assessment, credential, certification, contact_channel, organisation_domain, organisation,
      criterion, scheme;
  `,
  );
}
