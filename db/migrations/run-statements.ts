import { sql, type Kysely } from 'kysely';

/**
 * Runs a block of DDL one statement at a time. PGlite's query() takes one statement per call
 * (extended protocol), so a multi-statement string only works on pg; splitting keeps one path.
 * Statements end with `;` at the end of a line; migration SQL must not put `;` at a line end elsewhere.
 */
export async function runStatements(db: Kysely<any>, text: string): Promise<void> {
  const statements = text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) {
    await sql.raw(statement).execute(db);
  }
}
