import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/**
 * A secret every instance on this database shares, made by whichever instance needs it first:
 * the insert does nothing when another got there first, and everyone then reads the one stored.
 * It lives in the database, so backups carry it and a restored registry keeps computing the same
 * keys.
 */
export async function registrySecret(db: Kysely<Database>, name: string): Promise<string> {
  const read = () =>
    db.selectFrom('registry_secret').select('value').where('name', '=', name).executeTakeFirst();
  const found = await read();
  if (found) return found.value;
  await db
    .insertInto('registry_secret')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await read())!.value;
}
