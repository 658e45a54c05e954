import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import type { AssuranceLevel } from '../../db/vocabulary.ts';
import { createCertification, grant, type Certification } from '../../db/certification/transitions.ts';

type SchemeSlug = 'ksf-service-promises' | 'happy-customer';

/**
 * A pending, private certification (an application) of the organisation for the scheme, on the
 * scheme's current version, written through the lifecycle's own function.
 */
export async function applicationFor(
  db: Kysely<Database>,
  organisationSlug: string,
  scheme: SchemeSlug,
  options: { now?: Date; level?: AssuranceLevel } = {},
): Promise<Certification> {
  const org = await db
    .selectFrom('organisation')
    .select('id')
    .where('slug', '=', organisationSlug)
    .executeTakeFirstOrThrow();
  const row = await db.selectFrom('scheme').select('id').where('slug', '=', scheme).executeTakeFirstOrThrow();
  return createCertification(db, {
    organisationId: org.id,
    schemeId: row.id,
    assuranceLevel: options.level ?? 'self_declared',
    actor: 'test',
    reason: 'application',
    now: options.now ?? new Date(),
  });
}

/**
 * An active certification of the organisation for the scheme: every criterion of its version
 * assessed `met` (but the one at `notApplicable`, if given) and granted at `at`. Its public id.
 */
export async function grantedFor(
  db: Kysely<Database>,
  organisationSlug: string,
  scheme: SchemeSlug,
  options: { at?: Date; level?: AssuranceLevel; notApplicable?: number } = {},
): Promise<string> {
  const at = options.at ?? new Date();
  const cert = await applicationFor(db, organisationSlug, scheme, {
    now: at,
    ...(options.level ? { level: options.level } : {}),
  });
  await assessAll(db, cert, {
    at,
    ...(options.notApplicable === undefined ? {} : { notApplicable: options.notApplicable }),
  });
  await grant(db, cert.public_id, { actor: 'fixture', reason: 'fixture', now: at });
  return cert.public_id;
}

/**
 * Every criterion of the certification's scheme version assessed `met`, but the one at position
 * `notApplicable` (0-based, in the scheme's order) if given, which is `not_applicable`.
 */
export async function assessAll(
  db: Kysely<Database>,
  cert: Pick<Certification, 'id' | 'scheme_version_id'>,
  options: { at?: Date; notApplicable?: number } = {},
): Promise<void> {
  const criteria = await db
    .selectFrom('criterion')
    .select('id')
    .where('scheme_version_id', '=', cert.scheme_version_id)
    .orderBy('position')
    .execute();
  await db
    .insertInto('assessment')
    .values(
      criteria.map((c, i) => ({
        certification_id: cert.id,
        criterion_id: c.id,
        result: i === options.notApplicable ? ('not_applicable' as const) : ('met' as const),
        assessor: 'fixture',
        assessed_at: options.at ?? new Date(),
      })),
    )
    .execute();
}

/** The criterion codes, in the scheme's order, of a case's or a certification's scheme version. */
export async function criterionCodes(
  db: Kysely<Database>,
  of: { caseId: number } | { publicId: string },
): Promise<string[]> {
  const version =
    'caseId' in of
      ? await db
          .selectFrom('certification_case')
          .select('scheme_version_id')
          .where('id', '=', of.caseId)
          .executeTakeFirstOrThrow()
      : await db
          .selectFrom('certification')
          .select('scheme_version_id')
          .where('public_id', '=', of.publicId)
          .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('criterion')
    .select('code')
    .where('scheme_version_id', '=', version.scheme_version_id)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.code);
}
