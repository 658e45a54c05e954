import { sql, type Kysely } from 'kysely';

// Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) in a legal name, trade
// name or city reordered the text around them on our pages. Input refuses them now
// (db/values/bidi-controls.ts); this strips those stored before. The character class is written
// out here, not imported: a migration keeps doing what it did when it was written.
// Credentials already issued keep the name they were signed with; a new one is issued on renewal.

const CONTROLS = String.raw`[\u202a-\u202e\u2066-\u2069]`;

/** The text without controls, the double spaces they may leave collapsed, trimmed. */
const strip = (column: string) =>
  sql.raw(`btrim(regexp_replace(regexp_replace(${column}, '${CONTROLS}', '', 'g'), ' {2,}', ' ', 'g'))`);

export async function up(db: Kysely<any>): Promise<void> {
  // A name made of nothing but controls would become empty, which the column refuses: it becomes
  // its national id in brackets, for staff to rename, rather than failing the upgrade.
  await sql`
    update organisation set
      legal_name = coalesce(nullif(${strip('legal_name')}, ''), '(' || registry_id || ')'),
      city = ${strip('city')},
      trade_names = array(
        select t from (select ${strip('n')} as t, o from unnest(trade_names) with ordinality as u(n, o)) s
        where t <> '' order by o
      )
    where legal_name ~ ${CONTROLS} or city ~ ${CONTROLS}
      or array_to_string(trade_names, ' ') ~ ${CONTROLS}`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: the stripped characters are gone, and the older code reads clean names fine.
}
