import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { AssuranceLevel } from '../vocabulary.ts';
import { KeurmerkError } from '../errors.ts';
import { parseJson } from '../certification/summaries.ts';

/** The assurance levels a scheme version allows (its definition's `assuranceLevels`). */
export async function allowedLevels(
  db: Kysely<Database>,
  schemeVersionId: number,
): Promise<AssuranceLevel[]> {
  const row = await db
    .selectFrom('scheme_version')
    .select('definition')
    .where('id', '=', schemeVersionId)
    .executeTakeFirstOrThrow();
  return parseJson(row.definition).assuranceLevels;
}

/**
 * Refuses a grant or renewal at a level the scheme version does not allow: every grant checks it,
 * the workflow's decision and the admin lifecycle's grant alike.
 */
export async function requireAllowedLevel(
  db: Kysely<Database>,
  schemeVersionId: number,
  level: AssuranceLevel,
): Promise<void> {
  const allowed = await allowedLevels(db, schemeVersionId);
  if (!allowed.includes(level))
    throw new KeurmerkError('assurance_level_not_allowed', undefined, { allowed: allowed.join(', ') });
}
