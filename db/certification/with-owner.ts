import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/**
 * Certifications joined to their organisation (`o`) and scheme (`s`), for `select`: the join every
 * list, badge, credential and verify lookup starts from. Works inside a transaction too.
 */
export function certificationsWithOwner(db: Kysely<Database>) {
  return db
    .selectFrom('certification as c')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id');
}
