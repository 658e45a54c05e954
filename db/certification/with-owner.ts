import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';

/**
 * Certifications joined to their organisation (`o`), scheme (`s`), the scheme version they rest
 * on (`sv`) and the scheme's current version (`cv`), for `select`: the join every list, badge,
 * credential and verify lookup starts from. Works inside a transaction too.
 */
export function certificationsWithOwner(db: Kysely<Database>) {
  return db
    .selectFrom('certification as c')
    .innerJoin('organisation as o', 'o.id', 'c.organisation_id')
    .innerJoin('scheme as s', 's.id', 'c.scheme_id')
    .innerJoin('scheme_version as sv', 'sv.id', 'c.scheme_version_id')
    .innerJoin('scheme_version as cv', 'cv.id', 's.current_version_id');
}

/** The columns `schemeBasis` reads, for a `select` on `certificationsWithOwner`. */
export const BASIS_COLUMNS = [
  'sv.version as basis_version',
  'cv.version as current_version',
  'cv.transition_date as transition_date',
] as const;
