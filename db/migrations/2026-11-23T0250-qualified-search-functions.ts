import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

// pg_restore runs with an empty search_path, so the unqualified keurmerk_fold() inside these
// functions was not found while the generated columns were rebuilt, and restoring a backup
// failed. Same bodies, schema-qualified; the results (and so the stored columns) do not change.

export async function up(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create or replace function keurmerk_search_words(legal_name text, trade_names text[], city text) returns text
      language sql immutable parallel safe
      as $$ select public.keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ') || ' ' || city) $$;
    create or replace function keurmerk_search_compact(legal_name text, trade_names text[]) returns text
      language sql immutable parallel safe
      as $$ select regexp_replace(public.keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ')), '[^a-z0-9]+', '', 'g') $$;
  `,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await runStatements(
    db,
    String.raw`
    create or replace function keurmerk_search_words(legal_name text, trade_names text[], city text) returns text
      language sql immutable parallel safe
      as $$ select keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ') || ' ' || city) $$;
    create or replace function keurmerk_search_compact(legal_name text, trade_names text[]) returns text
      language sql immutable parallel safe
      as $$ select regexp_replace(keurmerk_fold(legal_name || ' ' || array_to_string(trade_names, ' ')), '[^a-z0-9]+', '', 'g') $$;
  `,
  );
}
