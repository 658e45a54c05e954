import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { parseSchemeDefinition } from '../scheme/definition.ts';
import { createScheme, publishDraft } from '../scheme/versions.ts';
import { inTransaction } from '../platform/transaction.ts';

export const SCHEME_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemes');

/**
 * Seeds the schemes of a fresh database (default: KSF and Happy Customer) as version 1, published.
 * A file is named after its scheme's slug; a scheme already in the database is never read from
 * its file again: from then on schemes change in the admin, as new versions.
 */
export async function seedSchemes(db: Kysely<Database>, dir: string = SCHEME_DIR): Promise<string[]> {
  const present = new Set((await db.selectFrom('scheme').select('slug').execute()).map((s) => s.slug));
  const files = (await fs.readdir(dir))
    .filter((f) => f.endsWith('.json') && !present.has(f.slice(0, -'.json'.length)))
    .sort();
  const slugs: string[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
    }
    try {
      const def = parseSchemeDefinition(parsed);
      if (`${def.slug}.json` !== file) throw new Error(`the file must be named ${def.slug}.json`);
      const now = new Date(`${def.inForceFrom}T00:00:00Z`);
      await inTransaction(db, async (trx) => {
        await createScheme(trx, def, 'seed', now);
        await publishDraft(trx, def.slug, 1, { transitionDate: null, actor: 'seed', now });
      });
      slugs.push(def.slug);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  return slugs;
}
