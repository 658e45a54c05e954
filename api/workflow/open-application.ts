import type { Kysely } from 'kysely';
import type { Deps } from '../app/deps.ts';
import type { Database } from '../../db/schema/database.ts';
import { createCertification } from '../../db/certification/transitions.ts';
import { openCertificationOf } from '../../db/certification/one-open.ts';
import { FIRST_STAGE } from '../../db/workflow/stages.ts';

/**
 * Opens an application of an organisation for a scheme, unless it already holds a certification
 * of that scheme that is not revoked or refused: a `pending` certification on the scheme's current
 * version and an `application` case in its first stage. Runs in the caller's transaction.
 */
export async function openApplication(
  trx: Kysely<Database>,
  deps: Deps,
  request: { organisationId: number; schemeId: number; actor: string; now: Date },
): Promise<{ publicId: string; caseId: number } | null> {
  if (await openCertificationOf(trx, request.organisationId, request.schemeId)) return null;
  const cert = await createCertification(trx, {
    organisationId: request.organisationId,
    schemeId: request.schemeId,
    // The level is decided with the grant; until then the application claims only a declaration.
    assuranceLevel: 'self_declared',
    actor: request.actor,
    reason: 'application',
    now: request.now,
    hooks: deps.lifecycleHooks,
  });
  const created = await trx
    .insertInto('certification_case')
    .values({
      certification_id: cert.id,
      kind: 'application',
      stage: FIRST_STAGE.application,
      scheme_version_id: cert.scheme_version_id,
      opened_by: request.actor,
      opened_at: request.now,
      updated_at: request.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { publicId: cert.public_id, caseId: created.id };
}
