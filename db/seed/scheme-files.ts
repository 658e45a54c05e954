import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { parseSchemeDefinition, upsertScheme } from '../scheme/schemes.ts';

export const SCHEME_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schemes');

/** Loads every scheme definition in a directory (default: the seeded KSF and Happy Customer schemes). */
export async function seedSchemes(db: Kysely<Database>, dir: string = SCHEME_DIR): Promise<string[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const slugs: string[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await fs.readFile(path.join(dir, file), 'utf8'));
    } catch (error) {
      throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
    }
    try {
      const scheme = await upsertScheme(db, parseSchemeDefinition(parsed));
      slugs.push(scheme.slug);
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  return slugs;
}
